/**
 * The run driver (issue 6): the one driver behind `npm run sim` and replay.
 *
 * Data definition:
 *   RunConfig = { scenario, seed, routing?, net?, vmHost?, limits?, maxSteps, untilMs, inputs, scenarioOptions? }
 *               what a trace header records (docs/trace-format.md): enough to run again;
 *               scenarioOptions (header options.scenario) configure the scenario itself
 *   RunDriver steps a scenario one simulation step at a time: step 0 is the start (the boot), step
 *   n the n-th simStep; after step n it applies the inputs with atStep = n, whose records belong to
 *   step n.
 * Rule: pure (no Node or browser APIs); a run driven twice from the same config gives the same
 * records, so its trace is byte-identical.
 */
import type { Input, Intervention } from '../../kernel/ground/inputs.ts';
import { applyInput as applySimInput, createSimulation, runSimulation, type Simulation } from '../../kernel/ground/sim.ts';
import type { NetConfig } from '../../kernel/ground/world.ts';
import type { Limits } from '../../kernel/limits.ts';
import type { RoutingKind } from '../../kernel/routing/types.ts';
import type { TraceRecord } from '../../kernel/index.ts';
import type { Scenario, ScenarioConfig } from '../../scenarios/types.ts';
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
}

export interface DriverStep {
  readonly step: number;
  readonly records: readonly TraceRecord[];
}

/**
 * Steps a scenario exactly as `runSimulation` would (same limit checks), one step per `next()`, and
 * applies the configured inputs between steps.
 */
export class RunDriver {
  private sim: Simulation;
  private start: readonly TraceRecord[] | null;
  private stepNo = -1;
  private readonly inputs: readonly Input[];
  private inputAt = 0;

  constructor(readonly scenario: Scenario, readonly config: RunConfig) {
    const seed = config.seed;
    const s = createSimulation(scenario.bootFor?.(seed) ?? scenario.boot, {
      seed,
      clients: scenario.clients?.(seed) ?? [],
      net: config.net ?? scenario.net ?? {},
      trace: true,
      ...(config.vmHost ?? scenario.vmHost) === undefined ? {} : { vmHost: (config.vmHost ?? scenario.vmHost)! },
      ...(config.routing === undefined ? {} : { routing: config.routing }),
      ...(config.limits === undefined ? {} : { limits: config.limits }),
    });
    this.sim = s.sim;
    this.start = s.records;
    // A stable sort: inputs after the same step keep their order.
    this.inputs = [...config.inputs].sort((a, b) => a.atStep - b.atStep);
  }

  get simulation(): Simulation {
    return this.sim;
  }
  /** The last step produced (-1 before the first `next()`). */
  get step(): number {
    return this.stepNo;
  }
  /** Inputs not applied (yet): those after the last step produced. */
  get pendingInputs(): readonly Input[] {
    return this.inputs.slice(this.inputAt);
  }

  /** The effective options, as the header records them. */
  headerOptions(): { readonly [k: string]: unknown } {
    return simulationOptions(this.sim, this.config.maxSteps, this.config.untilMs);
  }

  /** The next step's records, or null when the run is over (its status is then final). */
  next(): DriverStep | null {
    let records: readonly TraceRecord[];
    if (this.start !== null) {
      records = this.start;
      this.start = null;
      this.stepNo = 0;
    } else {
      if (this.sim.status !== 'running') return null;
      if (this.sim.steps >= this.config.maxSteps) {
        this.sim = { ...this.sim, status: 'limit' };
        return null;
      }
      // One step through runSimulation itself, so that the untilMs check is the kernel's own.
      const before = this.sim.steps;
      let got: readonly TraceRecord[] = [];
      const limits = { maxSteps: before + 1, ...(this.config.untilMs === null ? {} : { untilMs: this.config.untilMs }) };
      const after = runSimulation(this.sim, limits, (rs) => (got = rs));
      if (after.steps === before) {
        this.sim = after; // quiescent, blocked, or limit (untilMs): final
        return null;
      }
      // It stopped only because of the one-step bound: a step never changes the status itself.
      this.sim = { ...after, status: 'running' };
      records = got;
      this.stepNo = after.steps;
    }
    return { step: this.stepNo, records: this.applyInputs(records) };
  }

  private applyInputs(records: readonly TraceRecord[]): readonly TraceRecord[] {
    let out: TraceRecord[] | null = null;
    while (this.inputAt < this.inputs.length && this.inputs[this.inputAt]!.atStep <= this.stepNo) {
      const r = applyInput(this.sim, this.inputs[this.inputAt++]!);
      this.sim = r.sim;
      out ??= [...records];
      out.push(...r.records);
    }
    return out ?? records;
  }
}

/**
 * Applies one intervention between steps, exactly as replay will: the UI's history does the same
 * when the user intervenes after step n (and records it with `atStep: n`). A run that was quiescent
 * or blocked goes on running.
 */
export function applyInput(sim: Simulation, input: Intervention): { sim: Simulation; records: readonly TraceRecord[] } {
  const r = applySimInput(sim, input);
  return { sim: sim.status === 'limit' ? { ...r.sim, status: 'limit' } : r.sim, records: r.records };
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
  w.end(driver.simulation.status);
  return driver.simulation;
}

/** The header of a run driven by `driver`: the effective options, the scenario's own options, and the inputs. */
export function makeRunHeader(driver: RunDriver, config: RunConfig): TraceHeader {
  const scenario = config.scenarioOptions === undefined ? {} : { scenario: config.scenarioOptions };
  return makeHeader({ scenario: config.scenario, seed: config.seed, options: { ...driver.headerOptions(), ...scenario }, inputs: config.inputs });
}
