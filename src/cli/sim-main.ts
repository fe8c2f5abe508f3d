/**
 * The body of `npm run sim` (src/cli/sim.ts), with its output streams passed in so that tests can
 * run it in-process. Runs a scenario headless with the same kernel and simulated ground as the
 * browser, prints the transcript of every simulated client's traffic and a summary, and optionally
 * streams the native trace (docs/trace-format.md) to a file as the records come.
 * Returns the exit code: 0 the run finished (whatever its status), 1 an internal error, 2 bad arguments.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { runSimulation } from '../kernel/ground/sim.ts';
import type { TraceRecord } from '../kernel/index.ts';
import { SCENARIOS, findScenario, startScenario } from '../scenarios/index.ts';
import { makeHeader, serializeHeader, serializeRecord } from '../debugger/trace-json.ts';
import { DEFAULT_MAX_STEPS, parseSimArgs, usage } from './sim-args.ts';
import { RunTally, summaryLines, transcriptLine } from './sim-report.ts';

/** Appends lines to a file with few, ordered, synchronous writes. */
class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  line(s: string): void {
    this.buffer.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export function runSim(argv: readonly string[], io: Io): number {
  const fail = (message: string, code: number): number => {
    io.stderr(`sim: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return code;
  };
  const known = SCENARIOS.map((s) => s.id);
  const parsed = parseSimArgs(argv, known);
  if (parsed.kind === 'help') {
    io.stdout(usage(known) + '\n');
    return 0;
  }
  if (parsed.kind === 'error') return fail(parsed.error, 2);
  const args = parsed.args;
  const scenario = findScenario(args.scenario)!;
  const seed = args.seed ?? scenario.seed;
  const maxSteps = args.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxStepsFrom = args.maxSteps !== undefined ? '--max-steps'
    : scenario.maxSteps !== undefined ? "the scenario's maxSteps" : 'the default';

  let writer: LineWriter | null = null;
  if (args.out !== undefined) {
    try {
      writer = new LineWriter(openSync(args.out, 'w'));
    } catch (e) {
      const code = (e as { code?: string }).code;
      return fail(`cannot write --out file ${JSON.stringify(args.out)}${code === undefined ? '' : ` (${code})`}`, 2);
    }
  }

  try {
    const started = startScenario(scenario, { seed, trace: true });
    const world = started.sim.world;
    const hostClients = new Map<string, string[]>();
    for (const c of world.clients.values()) hostClients.set(c.spec.host, [...(hostClients.get(c.spec.host) ?? []), c.spec.name]);

    writer?.line(serializeHeader(makeHeader({
      scenario: scenario.id,
      seed,
      options: {
        routing: started.sim.ground.options.routing,
        net: world.config,
        vmHost: world.vmHost,
        limits: started.sim.ground.options.limits,
        maxSteps,
        untilMs: args.untilMs ?? null,
      },
      inputs: [],
    })));

    const tally = new RunTally();
    const out: string[] = [];
    const flushOut = (): void => {
      if (out.length > 0) io.stdout(out.join('\n') + '\n');
      out.length = 0;
    };
    if (!args.quiet) out.push(`── ${scenario.id}: ${scenario.title} ──`);
    const onRecords = (records: readonly TraceRecord[]): void => {
      for (const r of records) {
        tally.add(r);
        writer?.line(serializeRecord(r));
        const line = transcriptLine(r, hostClients);
        if (line !== null) {
          tally.clientLines++;
          if (!args.quiet) out.push(line);
        }
      }
      if (out.length >= 256) flushOut();
    };
    onRecords(started.records);
    const sim = runSimulation(started.sim, { maxSteps, ...(args.untilMs === undefined ? {} : { untilMs: args.untilMs }) }, onRecords);
    writer?.close();
    writer = null;
    if (!args.quiet && tally.clientLines === 0) out.push('(no client traffic)');
    if (!args.quiet) out.push('');
    out.push(...summaryLines({
      scenario: scenario.id, seed, steps: sim.steps, status: sim.status, timeMs: sim.world.now, ground: sim.ground,
      tally, maxSteps, maxStepsFrom, untilMs: args.untilMs, out: args.out,
    }));
    flushOut();
    return 0;
  } catch (e) {
    writer?.close();
    const code = fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 1);
    if (e instanceof Error && e.stack !== undefined) io.stderr(e.stack + '\n');
    return code;
  }
}

