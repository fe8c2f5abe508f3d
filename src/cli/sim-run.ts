/**
 * The run mode of `npm run sim`: a scenario headless with the same kernel and simulated ground as
 * the browser. It prints the transcript of every simulated client's traffic (or, with --pretty, every
 * trace record), the scenario's own report if it has one (Scenario.report), and a summary; with
 * --out it streams the run as the native trace (docs/trace-format.md) or an export (--format).
 *
 * Everything streams: each step's records go to the trace file, the transcript and the report as
 * the step is made, and are then dropped.
 */
import { findScenario, type Scenario } from '../scenarios/index.ts';
import { ScenarioConfigError } from '../scenarios/types.ts';
import { createExporter } from '../debugger/export/index.ts';
import { RunDriver, makeRunHeader, type RunConfig } from '../debugger/replay/index.ts';
import { STATE_MAX_NODES, TraceReader, TraceWriter, stateToJson, type TraceHeader } from '../debugger/trace/index.ts';
import { DEFAULT_MAX_STEPS, type RunStatus, type Simulation } from '../kernel/ground/index.ts';
import { prettyRecord, type TraceRecord } from '../kernel/index.ts';
import { OutputFiles } from './output.ts';
import type { FileId } from './paths.ts';
import type { OutputFormat, SimArgs } from './sim-args.ts';
import { Printer, type Fail, type Io } from './sim-io.ts';
import { RunTally, summaryLines, transcriptLine } from './sim-report.ts';

/** A run as the runner sees it: the header, then the records of one step per next(). */
interface EngineRun {
  readonly header: TraceHeader;
  /** The next step's records, or null when the run is over. */
  next(): readonly TraceRecord[] | null;
  /** The simulation after the last step made. */
  readonly simulation: Simulation;
  /** How the run stands (final once next() returned null). */
  readonly status: RunStatus;
}

/** The one place that names the run engine: another engine is a change here only. */
function startRun(scenario: Scenario, config: RunConfig): EngineRun {
  const driver = new RunDriver(scenario, config);
  return {
    header: makeRunHeader(driver, config),
    next: () => driver.next()?.records ?? null,
    get simulation() {
      return driver.simulation;
    },
    get status() {
      return driver.status;
    },
  };
}

/**
 * The run's records one by one, made a step at a time as they are asked for; `onStep` sees each
 * step first. It has no return(), so a reader that stops early does not end it: drain() does.
 */
class RecordStream implements IterableIterator<TraceRecord> {
  private batch: readonly TraceRecord[] = [];
  private at = 0;
  private over = false;

  constructor(private readonly run: EngineRun, private readonly onStep: (records: readonly TraceRecord[]) => void) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<TraceRecord> {
    while (this.at >= this.batch.length) {
      const records = this.over ? null : this.run.next();
      if (records === null) {
        this.over = true;
        return { done: true, value: undefined };
      }
      this.onStep(records);
      this.batch = records;
      this.at = 0;
    }
    return { done: false, value: this.batch[this.at++]! };
  }

  drain(): void {
    while (this.next().done !== true);
  }
}

export interface Plan {
  readonly scenario: Scenario;
  readonly config: RunConfig;
  readonly maxStepsFrom: string;
  readonly format: OutputFormat;
}

/** The scenario as configured by its own options, or why it cannot be run. */
function configuredScenario(args: SimArgs, scenarios: readonly Scenario[] | null): Scenario | string {
  const registered = (scenarios === null ? findScenario(args.scenario) : scenarios.find((s) => s.id === args.scenario))!;
  const config = args.scenarioConfig;
  if (config === undefined) return registered;
  // The header must hold the options whole, or a replay would run another scenario.
  if (JSON.stringify(stateToJson(config)) !== JSON.stringify(config)) {
    return `the scenario's options are too large to record in the trace header (at most ${STATE_MAX_NODES} values)`;
  }
  try {
    return registered.options!.configure(config);
  } catch (e) {
    if (e instanceof ScenarioConfigError) return `the scenario's options do not configure it: ${e.field} ${e.message}`;
    throw e;
  }
}

export function planRun(args: SimArgs, scenarios: readonly Scenario[] | null): Plan | string {
  const scenario = configuredScenario(args, scenarios);
  if (typeof scenario === 'string') return scenario;
  const maxSteps = args.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxStepsFrom = args.maxSteps !== undefined ? '--max-steps'
    : scenario.maxSteps !== undefined ? "the scenario's maxSteps" : 'the default';
  const config: RunConfig = {
    scenario: scenario.id, seed: args.seed ?? scenario.seed, maxSteps, untilMs: args.untilMs ?? null, inputs: [],
    ...(args.loss === undefined ? {} : { net: { ...scenario.net, udpLoss: args.loss } }),
    ...(args.scenarioConfig === undefined ? {} : { scenarioOptions: args.scenarioConfig }),
  };
  return { scenario, config, maxStepsFrom, format: args.format ?? 'native' };
}

interface TraceOutput {
  step(records: readonly TraceRecord[]): void;
  end(status: string): void;
}

/** Where the native lines go: the file itself, or through a reader into an exporter. */
function traceOutput(files: OutputFiles, format: OutputFormat, header: TraceHeader): TraceOutput {
  if (format === 'native') {
    const w = new TraceWriter(header, (line) => files.write(line + '\n', 1));
    return { step: (rs) => w.step(rs), end: (status) => w.end(status) };
  }
  const reader = new TraceReader();
  const ex = createExporter(format, (chunk, part) => files.write(chunk, part));
  const w = new TraceWriter(header, (line) => ex.push(reader.line(line)));
  return {
    step: (rs) => w.step(rs),
    end: (status) => {
      w.end(status);
      reader.finish();
      ex.finish();
    },
  };
}

/** What each record prints: its pretty form (--pretty), or its transcript line if it is client traffic. */
function recordPrinter(args: SimArgs, sim: Simulation, tally: RunTally, print: Printer): (r: TraceRecord) => void {
  if (args.pretty) return (r) => print.line(prettyRecord(r));
  const hostClients = new Map<string, string[]>();
  for (const c of sim.world.clients.values()) hostClients.set(c.spec.host, [...(hostClients.get(c.spec.host) ?? []), c.spec.name]);
  return (r) => {
    const line = transcriptLine(r, hostClients);
    if (line === null) return;
    tally.clientLines++;
    if (!args.quiet) print.line(line);
  };
}

/**
 * Runs the scenario; `inputs` are the files its options read (--out must be none of them). An
 * output that cannot be written, or a closed stdout, is thrown (a SimError) once the temporary
 * files are removed.
 */
export function runScenario(args: SimArgs, inputs: readonly FileId[], io: Io, fail: Fail, scenarios: readonly Scenario[] | null = null): number {
  const plan = planRun(args, scenarios);
  if (typeof plan === 'string') return fail(plan, 2);
  const out = args.out === undefined ? null : new OutputFiles(args.out, inputs);
  const print = new Printer(io);
  try {
    execute(plan, args, out, print);
    return 0;
  } catch (e) {
    out?.abort();
    print.flushQuietly();
    throw e;
  }
}

function execute(plan: Plan, args: SimArgs, files: OutputFiles | null, print: Printer): void {
  const { scenario, config } = plan;
  const run = startRun(scenario, config);
  const output = files === null ? null : traceOutput(files, plan.format, run.header);
  const tally = new RunTally();
  const onRecord = recordPrinter(args, run.simulation, tally, print);
  const records = new RecordStream(run, (rs) => {
    output?.step(rs);
    for (const r of rs) {
      tally.add(r);
      onRecord(r);
    }
  });
  const show = (line: string): void => {
    if (!args.quiet) print.line(line);
  };
  show(`── ${scenario.id}: ${scenario.title} ──`);
  const net = run.simulation.world.config;
  if (scenario.report !== undefined) for (const line of scenario.report(records, { seed: config.seed, net })) show(line);
  records.drain();
  const sim = run.simulation;
  output?.end(run.status);
  const written = files?.commit() ?? [];
  if (tally.clientLines === 0 && !args.pretty && scenario.report === undefined) show('(no client traffic)');
  show('');
  const outText = args.out === undefined ? undefined
    : plan.format === 'native' ? args.out
    : `${args.out} (${plan.format}${written.length > 1 ? `, ${written.length} files: ${written.join(', ')}` : ''})`;
  for (const line of summaryLines({
    scenario: scenario.id, seed: config.seed, steps: sim.steps, status: run.status, timeMs: sim.world.now, ground: sim.ground,
    tally, maxSteps: config.maxSteps, maxStepsFrom: plan.maxStepsFrom, untilMs: args.untilMs, out: outText,
  })) print.line(line);
  print.flush();
}
