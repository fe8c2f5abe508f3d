/**
 * The body of `npm run sim` (src/cli/sim.ts), with its output streams passed in so that tests can
 * run it in-process. Three modes:
 *   run      a scenario headless with the same kernel and simulated ground as the browser: prints the
 *            transcript of every simulated client's traffic and a summary, and optionally streams
 *            the run to --out as the native trace (docs/trace-format.md) or an export (--format)
 *   replay   (--replay FILE) re-executes a native trace from its header and compares every step's
 *            state hash
 *   convert  (--from FILE --format F --out FILE2) exports an existing native trace
 * Returns the exit code. run and convert: 0 done, 1 an internal error, 2 bad arguments or an
 * unreadable/invalid input file. replay: 0 identical, 1 a step differs, 2 unreadable or invalid.
 */
import { SCENARIOS, findScenario } from '../scenarios/index.ts';
import { createExporter, exportTrace } from '../debugger/export/index.ts';
import { RunDriver, makeRunHeader, replayTrace, type RunConfig } from '../debugger/replay/index.ts';
import { TraceParseError, TraceReader, TraceWriter } from '../debugger/trace/index.ts';
import type { TraceRecord } from '../kernel/index.ts';
import { NotUtf8Error, PartFiles, readLines, type LineSource } from './files.ts';
import { DEFAULT_MAX_STEPS, parseSimArgs, usage, type OutputFormat } from './sim-args.ts';
import { RunTally, summaryLines, transcriptLine } from './sim-report.ts';
import { DNS_SCENARIO } from './sim-args.ts';
import { prepareDnsRun } from '../scenarios/dns/cli.ts';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

type Fail = (message: string, code: number) => number;

const errorCode = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? ` (${code})` : '';
};

export function runSim(argv: readonly string[], io: Io): number {
  const fail: Fail = (message, code) => {
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
  try {
    if (parsed.kind === 'replay') return replayFile(parsed.file, parsed.quiet, io, fail);
    if (parsed.kind === 'convert') return convertFile(parsed.from, parsed.format, parsed.out, io, fail);
  } catch (e) {
    return internalError(e, io, fail);
  }
  const args = parsed.args;
  const scenario = findScenario(args.scenario)!;
  const seed = args.seed ?? scenario.seed;
  // dns-proxy: the scenario is built from --world, --query and the seed; its report follows the trace.
  const dns = args.scenario === DNS_SCENARIO ? prepareDnsRun(args, seed) : null;
  if (dns !== null && 'error' in dns) return fail(dns.error, 2);
  const maxSteps = args.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxStepsFrom = args.maxSteps !== undefined ? '--max-steps'
    : scenario.maxSteps !== undefined ? "the scenario's maxSteps" : 'the default';
  const format: OutputFormat = args.format ?? 'native';

  let files: PartFiles | null = null;
  if (args.out !== undefined) {
    try {
      files = new PartFiles(args.out);
    } catch (e) {
      return fail(`cannot write --out file ${JSON.stringify(args.out)}${errorCode(e)}`, 2);
    }
  }

  try {
    const net = args.loss === undefined ? {} : { net: { ...scenario.net, udpLoss: args.loss } };
    const config: RunConfig = { scenario: scenario.id, seed, maxSteps, untilMs: args.untilMs ?? null, inputs: [], ...net };
    const driver = new RunDriver(dns?.scenario ?? scenario, config);
    const world = driver.simulation.world;
    const hostClients = new Map<string, string[]>();
    for (const c of world.clients.values()) hostClients.set(c.spec.host, [...(hostClients.get(c.spec.host) ?? []), c.spec.name]);

    // Where the native lines go: the file itself, or through a reader into an exporter.
    let finishOutput = (): void => {};
    let writer: TraceWriter | null = null;
    if (files !== null) {
      const f = files;
      if (format === 'native') writer = new TraceWriter(makeRunHeader(driver, config), (line) => f.write(line + '\n', 1));
      else {
        const reader = new TraceReader();
        const ex = createExporter(format, (chunk, part) => f.write(chunk, part));
        writer = new TraceWriter(makeRunHeader(driver, config), (line) => ex.push(reader.line(line)));
        finishOutput = () => {
          reader.finish();
          ex.finish();
        };
      }
    }

    const tally = new RunTally();
    const out: string[] = [];
    const flushOut = (): void => {
      if (out.length > 0) io.stdout(out.join('\n') + '\n');
      out.length = 0;
    };
    if (!args.quiet) out.push(`── ${scenario.id}: ${scenario.title} ──`);
    if (!args.quiet && dns !== null) out.push(...dns.header);
    const onRecords = (records: readonly TraceRecord[]): void => {
      for (const r of records) {
        tally.add(r);
        dns?.report.add(r);
        const line = transcriptLine(r, hostClients);
        if (line !== null) {
          tally.clientLines++;
          if (!args.quiet) out.push(line);
        }
      }
      if (out.length >= 256) flushOut();
    };
    for (let s = driver.next(); s !== null; s = driver.next()) {
      writer?.step(s.records);
      onRecords(s.records);
    }
    const sim = driver.simulation;
    writer?.end(sim.status);
    finishOutput();
    files?.close();
    const written = files?.written ?? [];
    files = null;
    if (!args.quiet && tally.clientLines === 0 && dns === null) out.push('(no client traffic)');
    if (!args.quiet && dns !== null) out.push('', ...dns.report.lines());
    if (!args.quiet) out.push('');
    const outText = args.out === undefined ? undefined
      : format === 'native' ? args.out
      : `${args.out} (${format}${written.length > 1 ? `, ${written.length} files: ${written.join(', ')}` : ''})`;
    out.push(...summaryLines({
      scenario: scenario.id, seed, steps: sim.steps, status: sim.status, timeMs: sim.world.now, ground: sim.ground,
      tally, maxSteps, maxStepsFrom, untilMs: args.untilMs, out: outText,
    }));
    flushOut();
    return 0;
  } catch (e) {
    files?.close();
    return internalError(e, io, fail);
  }
}

function internalError(e: unknown, io: Io, fail: Fail): number {
  const code = fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 1);
  if (e instanceof Error && e.stack !== undefined) io.stderr(e.stack + '\n');
  return code;
}

/** Opens a trace for reading, or explains why it cannot be (exit code 2). */
function openTrace(file: string, fail: Fail): LineSource | number {
  try {
    return readLines(file);
  } catch (e) {
    return fail(`cannot read ${JSON.stringify(file)}${errorCode(e)}`, 2);
  }
}

function replayFile(file: string, quiet: boolean, io: Io, fail: Fail): number {
  const lines = openTrace(file, fail);
  if (typeof lines === 'number') return lines;
  let result: ReturnType<typeof replayTrace>;
  try {
    result = replayTrace(lines, SCENARIOS);
  } catch (e) {
    if (e instanceof NotUtf8Error) return fail(`${file}: ${e.message}`, 2);
    if (errorCode(e) !== '') return fail(`cannot read ${JSON.stringify(file)}${errorCode(e)}`, 2);
    throw e;
  }
  if (!result.ok) {
    if (result.reason === 'diverged') {
      const hashes = result.expected === null ? '' : ` (hash in the file ${result.expected}, replay ${result.actual ?? 'none'})`;
      return fail(`replay of ${file}: ${result.message}${hashes}`, 1);
    }
    return fail(`${file}: ${result.message}`, 2);
  }
  const lastStep = result.steps - 1;
  const lines2 = [
    ...(quiet ? [] : [`── replay ${file} ──`]),
    `scenario      ${result.scenario} (seed ${result.seed})`,
    `steps         ${result.steps} (0 … ${lastStep}), ${result.version >= 2 ? 'every state hash identical' : 'every record identical (version 1 file: no hashes)'}`,
    `records       ${result.records}`,
    `final hash    ${result.hash}`,
    `status        ${result.status}`,
    ...result.warnings.map((w) => `warning       ${w}`),
  ];
  io.stdout(lines2.join('\n') + '\n');
  return 0;
}

function convertFile(from: string, format: OutputFormat, outPath: string, io: Io, fail: Fail): number {
  const lines = openTrace(from, fail);
  if (typeof lines === 'number') return lines;
  let files: PartFiles;
  try {
    files = new PartFiles(outPath);
  } catch (e) {
    lines.close();
    return fail(`cannot write --out file ${JSON.stringify(outPath)}${errorCode(e)}`, 2);
  }
  try {
    exportTrace(format, lines, (chunk, part) => files.write(chunk, part));
    files.close();
  } catch (e) {
    files.discard();
    if (e instanceof TraceParseError || e instanceof NotUtf8Error) return fail(`${from}: ${e.message}`, 2);
    if (errorCode(e) !== '') return fail(`cannot read ${JSON.stringify(from)}${errorCode(e)}`, 2);
    throw e;
  }
  const n = files.written.length;
  io.stdout(`converted ${from} to ${format}: ${n === 1 ? files.written[0] : `${n} files: ${files.written.join(', ')}`}\n`);
  return 0;
}
