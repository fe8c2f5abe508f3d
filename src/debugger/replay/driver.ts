/**
 * The run driver (issue 6): the one driver behind `npm run sim` and replay.
 *
 * Data definition:
 *   RunConfig = { scenario, seed, routing?, net?, vmHost?, limits?, maxSteps, untilMs, inputs, scenarioOptions?, clients? }
 *               what a trace header records (docs/trace-format.md): enough to run again;
 *               scenarioOptions (header options.scenario) configure the scenario itself
 *   RunDriver groups the units of the run reducer (src/kernel/ground/run.ts) into the trace's steps:
 *   step 0 is the start (the boot), step n the n-th simulation step; the inputs applied after step
 *   n (atStep = n) belong to step n.
 * Rule: pure (no Node or browser APIs); a run driven twice from the same config gives the same
 * records, so its trace is byte-identical.
 */
import {
  type Input, advance, inputDue, makeRun, type Run, type RunStatus, createSimulation, type Simulation, type NetConfig,
} from '../../kernel/ground/index.ts';
import type { Limits, RoutingKind, TraceRecord } from '../../kernel/index.ts';
import type { ProgramText, Scenario, ScenarioConfig } from '../../scenarios/types.ts';
import { TraceWriter, makeHeader, type TraceHeader } from '../trace/index.ts';

export interface RunConfig {
  readonly scenario: string;
  readonly seed: number;
  readonly routing?: RoutingKind;
  readonly net?: Partial<NetConfig>;
  readonly vmHost?: string;
  readonly limits?: Partial<Limits>;
  /** Stop before step maxSteps + 1 (status limit). */
  readonly maxSteps: number;
  /** Stop before the first step later than this virtual time (status limit); null: no bound. */
  readonly untilMs: number | null;
  readonly inputs: readonly Input[];
  /** The scenario's own options (Scenario.options), when the run was configured with some. */
  readonly scenarioOptions?: ScenarioConfig;
  /** 'none': without the scenario's scripted clients (a real ground's run: its clients are real). */
  readonly clients?: 'none';
}

/** The start of the run a config describes (the boot's records, and the run with its inputs and budget). */
export function startRun(scenario: Scenario, config: RunConfig): { readonly run: Run; readonly records: readonly TraceRecord[] } {
  const seed = config.seed;
  const s = createSimulation(scenario.bootFor?.(seed) ?? scenario.boot, {
    seed,
    clients: config.clients === 'none' ? [] : scenario.clients?.(seed) ?? [],
    net: config.net ?? scenario.net ?? {},
    trace: true,
    ...(config.vmHost ?? scenario.vmHost) === undefined ? {} : { vmHost: (config.vmHost ?? scenario.vmHost)! },
    ...(config.routing === undefined ? {} : { routing: config.routing }),
    ...(config.limits === undefined ? {} : { limits: config.limits }),
  });
  return { run: makeRun(s, config.inputs, { maxSteps: config.maxSteps, untilMs: config.untilMs }), records: s.records };
}

export interface DriverStep {
  readonly step: number;
  readonly records: readonly TraceRecord[];
}

/**
 * A scenario's run (run.ts: the one reducer) grouped into the trace's steps: step 0 is the start
 * (the boot) and the inputs due at once; step n is the n-th simulation step and the inputs applied
 * after it.
 */
export class RunDriver {
  private run: Run;
  private start: readonly TraceRecord[] | null;
  private stepNo = -1;

  constructor(readonly scenario: Scenario, readonly config: RunConfig) {
    const s = startRun(scenario, config);
    this.run = s.run;
    this.start = s.records;
  }

  get simulation(): Simulation {
    return this.run.sim;
  }
  /** How the run stands: 'running' until it is over (then why: quiescent, blocked, limit). */
  get status(): RunStatus {
    return this.run.status;
  }
  /** The last step produced (-1 before the first `next()`). */
  get step(): number {
    return this.stepNo;
  }
  /** Inputs not applied (yet). */
  get pendingInputs(): readonly Input[] {
    return this.run.pending;
  }

  /** The effective options, as the header records them. */
  headerOptions(): { readonly [k: string]: unknown } {
    const clients = this.config.clients === undefined ? {} : { clients: this.config.clients };
    return { ...simulationOptions(this.run.sim, this.config.maxSteps, this.config.untilMs), ...clients };
  }

  /** The next step's records, or null when the run is over (its status is then final). */
  next(): DriverStep | null {
    let records: TraceRecord[];
    if (this.start !== null) {
      records = [...this.start];
      this.start = null;
      this.stepNo = 0;
    } else {
      const a = advance(this.run);
      this.run = a.run;
      if (a.unit === null) return null;
      records = [...a.unit.records];
      this.stepNo = this.run.sim.steps;
    }
    // The inputs applied after this step belong to it.
    while (inputDue(this.run)) {
      const a = advance(this.run);
      this.run = a.run;
      records.push(...(a.unit?.records ?? []));
    }
    return { step: this.stepNo, records };
  }
}

/** The options a header records for a simulation (its effective routing, network, host, limits). */
export function simulationOptions(sim: Simulation, maxSteps: number, untilMs: number | null): { readonly [k: string]: unknown } {
  return {
    routing: sim.ground.options.routing,
    net: sim.world.config,
    vmHost: sim.world.vmHost,
    limits: sim.ground.options.limits,
    maxSteps,
    untilMs,
  };
}

/** A run recorded as a native trace, line by line: the header, each step, the end line. */
export function recordRun(scenario: Scenario, config: RunConfig, out: (line: string) => void, onStep?: (s: DriverStep) => void): Simulation {
  const driver = new RunDriver(scenario, config);
  const w = new TraceWriter(makeRunHeader(driver, config), out);
  for (let s = driver.next(); s !== null; s = driver.next()) {
    w.step(s.records);
    onStep?.(s);
  }
  w.end(driver.status);
  return driver.simulation;
}

/** The header of a run driven by `driver`: the effective options, the scenario's own options, and the inputs. */
export function makeRunHeader(driver: RunDriver, config: RunConfig): TraceHeader {
  const scenario = config.scenarioOptions === undefined ? {} : { scenario: config.scenarioOptions };
  const program = programOption(driver.scenario);
  return makeHeader({ scenario: config.scenario, seed: config.seed, options: { ...driver.headerOptions(), ...scenario, ...program }, inputs: config.inputs });
}

/** A playground program's text and traps, as the header's `options.program` (docs/trace-format.md). */
export function programOption(s: Scenario | undefined): { program?: ProgramText } {
  return s?.program === undefined ? {} : { program: { source: s.program.source, traps: [...s.program.traps] } };
}
