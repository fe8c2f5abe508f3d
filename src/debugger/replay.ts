/**
 * Runs and re-runs (issue 6): the one driver behind `npm run sim` and replay, and the replayer that
 * proves a native trace reaches the same states when it is executed again.
 *
 * Data definition:
 *   RunConfig    = { scenario, seed, routing?, net?, vmHost?, limits?, maxSteps, untilMs, inputs, scenarioOptions? }
 *                  what a trace header records (docs/trace-format.md): enough to run again;
 *                  scenarioOptions (header options.scenario) configure the scenario itself
 *   RunDriver    steps a scenario one simulation step at a time: step 0 is the start (the boot), step
 *                n the n-th simStep; after step n it applies the inputs with atStep = n, whose
 *                records belong to step n
 *   ReplayResult = { ok: true, steps, records, hash, status, warnings }
 *                | { ok: false, reason: 'diverged', step, expected, actual, message, line?, recordId?, field? }
 *                | { ok: false, reason: 'invalid' | 'unsupported', step, expected: null, actual: null, message, line?, field? }
 * Rules:
 *   - Pure (no Node or browser APIs); streaming: the Replayer takes one line at a time and keeps only
 *     the records of the current step, so a trace of any length replays in bounded memory.
 *   - Replay compares, step by step, the hash the file records (version 2), the hash of the file's
 *     own records, and the hash of the records the replay produces; on a difference it names the
 *     first record and field that differ. Version 1 files (no hashes) are compared record by record,
 *     grouped by the replay's steps. Nothing from the file is ever evaluated: terms are data.
 */
import { z } from 'zod';
import type { ClientStep } from '../kernel/ground/clients.ts';
import { applyInput as applySimInput, createSimulation, runSimulation, type SimInput, type Simulation } from '../kernel/ground/sim.ts';
import type { NetConfig } from '../kernel/ground/world.ts';
import type { Limits } from '../kernel/limits.ts';
import type { RoutingKind } from '../kernel/routing/types.ts';
import { isJsonError, termFromJson } from '../kernel/term-json.ts';
import { KERNEL_VERSION, pid, type TraceRecord } from '../kernel/index.ts';
import { ScenarioConfigError, type Scenario, type ScenarioConfig } from '../scenarios/types.ts';
import {
  HASH_SEED, TraceParseError, TraceReader, TraceWriter, linesOf, makeHeader, serializeRecord, stepHash, type TraceHeader,
  type TraceInput, type TraceItem,
} from './trace-json.ts';

// ---- the run driver ------------------------------------------------------------------------------

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
  readonly inputs: readonly TraceInput[];
  /** The scenario's own options (Scenario.options), when the run was configured with some. */
  readonly scenarioOptions?: ScenarioConfig;
}

/** An input the driver cannot apply (yet): replay reports it rather than diverging silently. */
export class UnsupportedInput extends Error {
  constructor(readonly input: TraceInput, readonly index: number) {
    super(`input ${index} (${input.kind} after step ${input.atStep}) cannot be replayed yet: only "inject" inputs are supported`);
    this.name = 'UnsupportedInput';
  }
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
  private readonly inputs: readonly (TraceInput & { readonly index: number })[];
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
    this.inputs = config.inputs.map((i, index) => ({ ...i, index })).sort((a, b) => a.atStep - b.atStep || a.index - b.index);
  }

  get simulation(): Simulation {
    return this.sim;
  }
  /** The last step produced (-1 before the first `next()`). */
  get step(): number {
    return this.stepNo;
  }
  /** Inputs not applied (yet): those after the last step produced. */
  get pendingInputs(): readonly TraceInput[] {
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
      const input = this.inputs[this.inputAt++]!;
      const r = applyInput(this.sim, input, input.index);
      this.sim = r.sim;
      out ??= [...records];
      out.push(...r.records);
    }
    return out ?? records;
  }
}

/** The kernel's form of a recorded input (terms decoded; a connect becomes a scripted client). */
export function simInputOf(input: TraceInput, index = 0): SimInput {
  switch (input.kind) {
    case 'inject': {
      const body = termFromJson(input.body);
      if (isJsonError(body)) throw new Error(`input ${index}: ${body.error}`);
      return { kind: 'inject', body, orientation: input.orientation ?? 'publisher' };
    }
    case 'kill': {
      const reason = termFromJson(input.reason);
      if (isJsonError(reason)) throw new Error(`input ${index}: ${reason.error}`);
      return { kind: 'kill', vm: input.vm.map((p) => pid(p)), pid: pid(input.pid), reason };
    }
    case 'connect': {
      const steps: ClientStep[] = [{ op: 'connect', host: input.to, port: input.port }];
      for (const line of input.send) steps.push({ op: 'send', text: `${line}\n` }, { op: 'expect-line' });
      steps.push({ op: 'close' });
      return { kind: 'connect', client: { name: input.client, host: input.host, steps } };
    }
  }
}

/**
 * Applies one input between steps, exactly as replay will: the UI calls this when the user
 * intervenes after step n (and records `{atStep: n, …}` in the header's inputs). A run that was
 * quiescent or blocked goes on running.
 */
export function applyInput(sim: Simulation, input: TraceInput, index = 0): { sim: Simulation; records: readonly TraceRecord[] } {
  const r = applySimInput(sim, simInputOf(input, index));
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

// ---- the header's options ------------------------------------------------------------------------

const int = z.int();
const optionsSchema = z.looseObject({
  routing: z.enum(['trie', 'naive']).optional(),
  net: z.looseObject({
    latencyMs: z.number().min(0).optional(),
    jitterMs: z.number().min(0).optional(),
    udpLoss: z.number().min(0).max(1).optional(),
    udpDuplicate: z.number().min(0).max(1).optional(),
    udpReorder: z.number().min(0).max(1).optional(),
    partitions: z.array(z.looseObject({ a: z.string(), b: z.string(), fromMs: z.number(), toMs: z.number() })).optional(),
    maxConnBytes: int.min(0).optional(),
    maxInflight: int.min(0).optional(),
  }).optional(),
  vmHost: z.string().optional(),
  limits: z.record(z.string(), z.number()).optional(),
  maxSteps: int.min(0).nullable().optional(),
  untilMs: z.number().min(0).nullable().optional(),
  scenario: z.record(z.string(), z.json()).optional(),
});

/** The default step budget when neither the header nor the scenario gives one (as `npm run sim`). */
export const DEFAULT_REPLAY_MAX_STEPS = 100_000;

/**
 * The run a header describes, checked: the scenario must be known and the options well-formed.
 * Throws TraceParseError naming line 1 and the field.
 */
export function runConfigFromHeader(h: TraceHeader, scenarios: readonly Scenario[], line = 1): { config: RunConfig; scenario: Scenario } {
  const scenario = scenarios.find((s) => s.id === h.scenario);
  if (scenario === undefined) {
    throw new TraceParseError(line, 'scenario', `unknown scenario ${JSON.stringify(h.scenario)} (known: ${scenarios.map((s) => s.id).join(', ')})`);
  }
  const r = optionsSchema.safeParse(h.options);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    throw new TraceParseError(line, `options${path}`, issue.message);
  }
  const o = r.data;
  const scenarioOptions = o.scenario as ScenarioConfig | undefined;
  return {
    scenario: scenarioOptions === undefined ? scenario : configured(scenario, scenarioOptions, line),
    config: {
      scenario: h.scenario,
      seed: h.seed,
      ...(o.routing === undefined ? {} : { routing: o.routing }),
      ...(o.net === undefined ? {} : { net: o.net as Partial<NetConfig> }),
      ...(o.vmHost === undefined ? {} : { vmHost: o.vmHost }),
      ...(o.limits === undefined ? {} : { limits: o.limits as Partial<Limits> }),
      maxSteps: o.maxSteps ?? scenario.maxSteps ?? DEFAULT_REPLAY_MAX_STEPS,
      untilMs: o.untilMs ?? null,
      inputs: h.inputs,
      ...(scenarioOptions === undefined ? {} : { scenarioOptions }),
    },
  };
}

/** The scenario configured by a header's options.scenario; a bad configuration names its field. */
function configured(scenario: Scenario, config: ScenarioConfig, line: number): Scenario {
  if (scenario.options === undefined) throw new TraceParseError(line, 'options.scenario', `the scenario ${scenario.id} takes no options`);
  try {
    return scenario.options.configure(config);
  } catch (e) {
    if (e instanceof ScenarioConfigError) throw new TraceParseError(line, `options.scenario${e.field === '' ? '' : `.${e.field}`}`, e.message);
    throw e;
  }
}

// ---- replay --------------------------------------------------------------------------------------

export type ReplayResult =
  | {
      readonly ok: true;
      readonly scenario: string;
      readonly seed: number;
      /** Steps compared (step 0 included). */
      readonly steps: number;
      readonly records: number;
      /** The hash of the last step. */
      readonly hash: string;
      /** The run's status at the end of the file (the replay's own, for a version 1 file). */
      readonly status: string;
      readonly version: number;
      readonly warnings: readonly string[];
    }
  | {
      readonly ok: false;
      readonly reason: 'diverged';
      readonly step: number;
      /** What the file says: its recorded hash of the step (version 1: the hash of its records). */
      readonly expected: string | null;
      /** The hash of the step as the replay produced it. */
      readonly actual: string | null;
      readonly message: string;
      readonly line?: number;
      readonly recordId?: number;
      readonly field?: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'invalid' | 'unsupported';
      readonly step: number | null;
      readonly expected: null;
      readonly actual: null;
      readonly message: string;
      readonly line?: number;
      readonly field?: string | null;
    };

export type ReplayFailure = Extract<ReplayResult, { ok: false }>;

interface FileRecord {
  readonly line: number;
  readonly id: number;
  readonly kind: string;
  readonly raw: unknown;
  readonly text: string;
}

/** The first place where two JSON values differ: a dotted path, or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return { path, a, b };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of [...ka, ...kb.filter((k) => !ka.includes(k))]) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
    if (d !== null) return d;
  }
  if (ka.join('\u0000') !== kb.join('\u0000')) return { path: path === '' ? '(key order)' : `${path} (key order)`, a: ka, b: kb };
  return null;
}

function show(v: unknown): string {
  if (v === undefined) return 'no such field';
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/**
 * Replays a native trace pushed to it line by line (`line`), then `finish()`. Either returns the
 * first failure as soon as it is known (later lines are then ignored) or null to go on.
 */
export class Replayer {
  private readonly reader = new TraceReader();
  private driver: RunDriver | null = null;
  private header: TraceHeader | null = null;
  private failure: ReplayFailure | null = null;
  private buffer: FileRecord[] = [];
  private prev = HASH_SEED;
  private compared = 0;
  private recordCount = 0;
  private endStatus: string | null = null;
  private readonly warnings: string[] = [];
  /** Version 1: the replay step being matched against the file's records. */
  private current: { step: number; lines: string[] } | null = null;

  constructor(private readonly scenarios: readonly Scenario[]) {}

  /** The failure so far, if any. */
  get failed(): ReplayFailure | null {
    return this.failure;
  }

  line(text: string): ReplayFailure | null {
    if (this.failure !== null) return this.failure;
    let item: TraceItem;
    try {
      item = this.reader.line(text);
    } catch (e) {
      return this.fail(invalid(e));
    }
    try {
      switch (item.type) {
        case 'header':
          return this.onHeader(item.header, item.line);
        case 'record':
          this.buffer.push({ line: item.line, id: item.record.id, kind: item.record.kind, raw: item.raw, text: JSON.stringify(item.raw) });
          return this.header!.version === 1 ? this.matchV1() : null;
        case 'step':
          return this.onStep(item.step.step, item.step.hash, item.line);
        case 'end':
          return this.onEnd(item.end.status, item.line);
      }
    } catch (e) {
      if (e instanceof UnsupportedInput) return this.fail({ ok: false, reason: 'unsupported', step: e.input.atStep, expected: null, actual: null, message: e.message });
      throw e;
    }
  }

  finish(): ReplayResult {
    if (this.failure !== null) return this.failure;
    try {
      this.reader.finish();
    } catch (e) {
      return this.fail(invalid(e));
    }
    const h = this.header!;
    if (h.version === 1) {
      if (this.current !== null || this.buffer.length > 0) {
        const step = this.current?.step ?? this.compared;
        const have = this.buffer.length;
        const want = this.current?.lines.length ?? 0;
        return this.fail({
          ok: false, reason: 'diverged', step, expected: null, actual: null,
          message: `the file ends in the middle of step ${step}: it has ${have} of the step's ${want} records`,
        });
      }
    }
    const pending = this.driver!.pendingInputs;
    if (pending.length > 0) {
      return this.fail({
        ok: false, reason: 'invalid', step: pending[0]!.atStep, expected: null, actual: null,
        message: `input after step ${pending[0]!.atStep} was never applied: the file has no such step`,
      });
    }
    return {
      ok: true, scenario: h.scenario, seed: h.seed, steps: this.compared, records: this.recordCount, hash: this.prev,
      status: this.endStatus ?? this.driver!.simulation.status, version: h.version, warnings: this.warnings,
    };
  }

  private fail(f: ReplayFailure): ReplayFailure {
    this.failure = f;
    return f;
  }

  private onHeader(h: TraceHeader, line: number): ReplayFailure | null {
    this.header = h;
    let run: ReturnType<typeof runConfigFromHeader>;
    try {
      run = runConfigFromHeader(h, this.scenarios, line);
    } catch (e) {
      return this.fail(invalid(e));
    }
    if (h.kernel !== KERNEL_VERSION) {
      this.warnings.push(`the trace was made by kernel ${h.kernel}, this is kernel ${KERNEL_VERSION}: a difference may come from that`);
    }
    this.driver = new RunDriver(run.scenario, run.config);
    return null;
  }

  private onStep(step: number, recorded: string, line: number): ReplayFailure | null {
    const next = this.driver!.next();
    const fileLines = this.buffer.map((r) => r.text);
    const fileHash = stepHash(this.prev, fileLines);
    if (next === null) {
      return this.fail({
        ok: false, reason: 'diverged', step, expected: recorded, actual: null, line,
        message: `step ${step} differs: the file has it, but the replay ended after step ${this.driver!.step} (status ${this.driver!.simulation.status})`,
      });
    }
    const replayLines = next.records.map(serializeRecord);
    const replayHash = stepHash(this.prev, replayLines);
    if (replayHash === recorded && fileHash === recorded) {
      this.accept(fileLines.length, recorded);
      return null;
    }
    const edited = fileHash !== recorded;
    const where = this.describe(step, replayLines);
    const message = edited && replayHash === recorded
      ? `step ${step}: the file's records do not match the step's recorded hash (the file was edited or damaged); ${where}`
      : `step ${step} differs from the replay: ${where}`;
    return this.fail({ ok: false, reason: 'diverged', step, expected: recorded, actual: replayHash, message, ...this.locate(replayLines) });
  }

  private onEnd(status: string, line: number): ReplayFailure | null {
    this.endStatus = status;
    // A file cut short on purpose (a live run exported while running) ends with status running/full.
    if (status === 'running' || status === 'full') return null;
    const more = this.driver!.next();
    const actual = this.driver!.simulation.status;
    if (more !== null || actual !== status) {
      const what = more !== null ? `the replay goes on to step ${more.step}` : `the replay ends with status ${actual}`;
      return this.fail({
        ok: false, reason: 'diverged', step: this.compared, expected: null, actual: null, line, field: 'status',
        message: `the file ends after step ${this.compared - 1} with status ${status}, but ${what}`,
      });
    }
    return null;
  }

  /** Version 1: groups the file's records by the replay's steps and compares each step whole. */
  private matchV1(): ReplayFailure | null {
    for (;;) {
      if (this.current === null) {
        const next = this.driver!.next();
        if (next === null) {
          const r = this.buffer[0]!;
          return this.fail({
            ok: false, reason: 'diverged', step: this.driver!.step + 1, expected: null, actual: null, line: r.line, recordId: r.id,
            message: `record #${r.id} (line ${r.line}) is more than the replay produced: it ended after step ${this.driver!.step} (status ${this.driver!.simulation.status})`,
          });
        }
        this.current = { step: next.step, lines: next.records.map(serializeRecord) };
      }
      const want = this.current.lines.length;
      if (this.buffer.length < want) return null;
      const fileLines = this.buffer.slice(0, want).map((r) => r.text);
      const fileHash = stepHash(this.prev, fileLines);
      const replayHash = stepHash(this.prev, this.current.lines);
      if (fileHash !== replayHash) {
        const step = this.current.step;
        return this.fail({
          ok: false, reason: 'diverged', step, expected: fileHash, actual: replayHash,
          message: `step ${step} differs from the replay: ${this.describe(step, this.current.lines)}`, ...this.locate(this.current.lines),
        });
      }
      const rest = this.buffer.slice(want);
      this.buffer = this.buffer.slice(0, want);
      this.accept(want, fileHash);
      this.buffer = rest;
      this.current = null;
      if (this.buffer.length === 0) return null;
    }
  }

  private accept(records: number, hash: string): void {
    this.prev = hash;
    this.compared++;
    this.recordCount += records;
    this.buffer = [];
  }

  private firstMismatch(replayLines: readonly string[]): number {
    const n = Math.max(this.buffer.length, replayLines.length);
    for (let i = 0; i < n; i++) if (this.buffer[i]?.text !== replayLines[i]) return i;
    return -1;
  }

  private locate(replayLines: readonly string[]): { line?: number; recordId?: number; field?: string } {
    const i = this.firstMismatch(replayLines);
    const r = i < 0 ? undefined : this.buffer[i];
    if (r === undefined) return {};
    const d = replayLines[i] === undefined ? null : firstDifference(r.raw, JSON.parse(replayLines[i]!));
    return { line: r.line, recordId: r.id, ...(d === null ? {} : { field: d.path }) };
  }

  /** A sentence naming the first record and field where the file and the replay part. */
  private describe(step: number, replayLines: readonly string[]): string {
    const i = this.firstMismatch(replayLines);
    if (i < 0) return `its records are equal but the hashes are not (a damaged step line?)`;
    const r = this.buffer[i];
    const mine = replayLines[i];
    if (r === undefined) {
      return `the file has ${this.buffer.length} records in step ${step}, the replay ${replayLines.length} (the next one would be ${show(JSON.parse(mine!))})`;
    }
    if (mine === undefined) {
      return `record #${r.id} (line ${r.line}, ${r.kind}) is in the file, but the replay's step ${step} has only ${replayLines.length} records`;
    }
    const d = firstDifference(r.raw, JSON.parse(mine));
    if (d === null) return `record #${r.id} (line ${r.line}, ${r.kind}) differs only in its formatting`;
    return `record #${r.id} (line ${r.line}, ${r.kind}), field ${d.path}: the file has ${show(d.a)}, the replay has ${show(d.b)}`;
  }
}

function invalid(e: unknown): ReplayFailure {
  if (e instanceof TraceParseError) {
    return { ok: false, reason: 'invalid', step: null, expected: null, actual: null, message: e.message, line: e.line, field: e.field };
  }
  throw e;
}

/**
 * Replays a whole native trace: a text, or any iterable of its lines (e.g. read from a file in
 * chunks). Returns at the first difference without reading further.
 */
export function replayTrace(source: string | Iterable<string>, scenarios: readonly Scenario[]): ReplayResult {
  const r = new Replayer(scenarios);
  for (const l of typeof source === 'string' ? linesOf(source) : source) {
    if (r.line(l) !== null) return r.failed!;
  }
  return r.finish();
}

/** The same for lines that arrive asynchronously (a browser File's stream, split into lines). */
export async function replayTraceAsync(lines: AsyncIterable<string>, scenarios: readonly Scenario[]): Promise<ReplayResult> {
  const r = new Replayer(scenarios);
  for await (const l of lines) {
    if (r.line(l) !== null) return r.failed!;
  }
  return r.finish();
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
