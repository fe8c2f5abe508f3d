/**
 * The player: a debugging session as a plain value changed by lifted actions (architecture habit 8;
 * the shape of Redux DevTools' instrument.ts). Framework-free: the browser runs it in a Web Worker,
 * Node tests and the CLI run it in-process.
 *
 * Data definition:
 *   PlayerState = { origin, history, cursor, job, speed, exploring, selection, filters, notices,
 *                   found, watch, queries, previous, undo }
 *     origin     what the run is: a scenario and seed (and a knob, if one of its options is set:
 *                docs/variants.md), or a recorded trace (read-only)
 *     cursor     a record count 0 … length: the world shown is modelAt(history, cursor)
 *     job        the foreground long job, advanced by `tick`: play, seek, to-end, find
 *     exploring  background growth of the run (so the timeline covers it), when no job runs
 *     found      the outcome of the last find job, by ticket (the tour waits for it)
 *     lastMove   how the cursor last moved (a step, a step back, play, or a jump) and how many jumps
 *                the session has made: the stage animates the records a step or play crossed and
 *                redraws a jump without motion (stage-section.ts)
 *     watch      a position scanned for in the background without moving the cursor (watch.ts: the
 *                tour learns where its answer is, to judge it when the learner steps onto it)
 *     queries    breakpoints (queries play and the hit moves stop at) and the query bar's question
 *                (breakpoints.ts); they stay across runs
 *     previous   the live session put aside while a recorded trace is open
 *     undo       the session a Reset replaced, until the next load, intervention or file: the
 *                "Undo reset" notice puts it back as it was
 *   PlayerAction = the tagged union below; `reduce(env, state, action)` is the only change.
 * Rules:
 *   - Moving the cursor by hand ends the job and clears the selected record.
 *   - Growth happens only in `tick` (bounded by its `units`) and in a step forward (one record).
 *   - An intervention carries the cursor it was made at: at the frontier it is applied there; in
 *     the past the history branches at that cursor's boundary (re-running from the nearest run
 *     checkpoint, never from the start) and a seek lands just after the input's records.
 *   - A run's step budget is its scenario's maxSteps counted from its last input: `budgetFor`.
 */
import { assertNever } from '../../kernel/values.ts';
import { DEFAULT_MAX_STEPS, makeRun, withInputs, type Input, type Intervention, type RunBudget } from '../../kernel/ground/index.ts';
import { PLAIN_PRINTER, type Printer } from '../views/printer.ts';
import { findScenario, startScenario, type Scenario } from '../../scenarios/index.ts';
import type { ScenarioConfig } from '../../scenarios/types.ts';
import { knobConfig } from '../variants/compare.ts';
import { startWatch, type Watch } from './watch.ts';
import type { Position, ProcessRef, Scan } from '../find.ts';
import type { Recorded } from './recorded.ts';
import type { ProcKey } from '../model.ts';
import { NO_FILTER, type LogFilter } from '../views/log.ts';
import { boundaryAt, branch, recordsBeforeStep, canGrow, DEFAULT_HISTORY_LIMITS, discardsAt, grow, startHistory, type History, type HistoryLimits } from './history.ts';
import { DEFAULT_SPEED, isValidSeed, MAX_SEED } from './constants.ts';
import { endFind, jumped, moveTo, notify, selectNamed, stepBack, stepBy, stepForward, stepOver, jumpTo, toEnd, play, startFind, stopJob } from './moves.ts';
import { tick } from './jobs.ts';
import { carryQueries, isQueryAction, mergeBreakpoints, reduceQueries, startQueries, type QueryAction, type Queries } from './breakpoints.ts';

/**
 * One of a scenario's options set to one of its values (a knob: docs/variants.md), and the
 * configuration it makes (what a trace header records as options.scenario).
 */
export interface KnobSetting {
  readonly flag: string;
  readonly value: string;
}

export interface AppliedKnob extends KnobSetting {
  readonly config: ScenarioConfig;
}

export type Origin =
  | { readonly kind: 'scenario'; readonly scenario: string; readonly seed: number; readonly knob?: AppliedKnob }
  | { readonly kind: 'recorded'; readonly name: string; readonly scenario: string; readonly seed: number };

export type Job =
  | { readonly kind: 'play'; readonly fast: boolean; readonly owed: number }
  | { readonly kind: 'seek'; readonly target: number }
  | { readonly kind: 'to-end' }
  /** Grows the run until a breakpoint hits after the cursor (`from`: the length it started at; it adds at most `fuel` records). */
  | { readonly kind: 'run-until'; readonly from: number; readonly fuel: number }
  /**
   * `select`: the process to select once the record is found (a tour stop's); `checks`: more scans
   * fed the same records, up to and including the found one (a tour question's claims).
   */
  | {
      readonly kind: 'find'; readonly label: string; readonly ticket: number; readonly scan: Scan;
      readonly select: ProcessRef | null; readonly checks: readonly Scan[];
    };

/**
 * The outcome of a find job: the index of its record (null: not found, or the job was ended), and
 * for each of its checks the index of the record that check found up to there (null: none).
 */
export interface Found {
  readonly ticket: number;
  readonly index: number | null;
  readonly checks?: readonly (number | null)[];
}

/**
 * How the cursor moved: by hand one record (or a few, the tour's "step forward three records") at
 * a time forward or back, by play, or a jump (a seek, a find, a scrub, a click on a record, a new
 * run) that lands somewhere without crossing what lies between.
 */
export type MoveKind = 'step' | 'step-back' | 'play' | 'jump';

/** The last cursor move, and how many jumps came before it (a face that saw fewer missed one). */
export interface LastMove {
  readonly kind: MoveKind;
  readonly jumps: number;
}

export interface Notice {
  readonly id: number;
  readonly text: string;
}

export interface Selection {
  readonly process: ProcKey | null;
  readonly record: number | null;
}

/** A live session put aside while a recorded trace is open: restored as it was. */
export interface SavedSession {
  readonly recorded: PlayerState['recorded'];
  readonly origin: Origin;
  readonly history: History;
  readonly cursor: number;
  readonly selection: Selection;
  readonly filters: LogFilter;
  readonly exploring: boolean;
}

export interface PlayerState {
  readonly origin: Origin;
  readonly history: History;
  readonly cursor: number;
  readonly lastMove: LastMove;
  readonly job: Job | null;
  readonly speed: number;
  readonly exploring: boolean;
  readonly selection: Selection;
  readonly filters: LogFilter;
  readonly notices: readonly Notice[];
  readonly nextNotice: number;
  /** The outcomes of the last FOUND_KEPT finds, oldest first (several may end between two frames). */
  readonly found: readonly Found[];
  readonly watch: Watch | null;
  readonly queries: Queries;
  readonly previous: SavedSession | null;
  /** What the last Reset replaced (see `undo` above). */
  readonly undo: SavedSession | null;
  /** Numbers the runs this session has shown: a face forgets what it drew for another run. */
  readonly runId: number;
  /** The file's header and end status, while a recorded trace is open. */
  readonly recorded: Omit<Recorded, 'history'> | null;
}

export type PlayerAction =
  /** A fresh run of a scenario at `seed`, with one of its options set (`knob`) or none. */
  | { readonly type: 'load'; readonly scenario: string; readonly seed: number; readonly knob?: KnobSetting }
  /** Scans for `position` in the background, the cursor staying put (null: stop watching). */
  | { readonly type: 'watch'; readonly position: Position | null; readonly ticket: number }
  /** Starts the scenario again, at `seed` (default: the run's own); 'undo-reset' goes back. */
  | { readonly type: 'reset'; readonly seed?: number }
  | { readonly type: 'undo-reset' }
  /** Dismisses the offer to undo the last reset. */
  | { readonly type: 'keep-reset' }
  | { readonly type: 'step' }
  | { readonly type: 'step-back' }
  | { readonly type: 'step-over' }
  /** `by` records forward (or back, when negative): a step of several records, animated as one. */
  | { readonly type: 'step-by'; readonly by: number }
  | { readonly type: 'jump'; readonly to: number }
  /** To just before the first record of simulation step `step` (stepping forward walks through it). */
  | { readonly type: 'jump-to-step'; readonly step: number }
  | { readonly type: 'to-start' }
  | { readonly type: 'to-end' }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'toggle-play' }
  | { readonly type: 'run-to-end' }
  | { readonly type: 'set-speed'; readonly speed: number }
  | { readonly type: 'stop' }
  | {
      readonly type: 'find'; readonly position: Position; readonly label: string; readonly ticket: number;
      readonly select?: ProcessRef; readonly checks?: readonly Position[];
    }
  | { readonly type: 'intervene'; readonly at: number; readonly intervention: Intervention }
  /** Opens a trace read from a file (recorded.ts), at the cursor its header names (else 0). */
  | { readonly type: 'open-recorded'; readonly recorded: Recorded; readonly name: string }
  | { readonly type: 'back-to-live' }
  | { readonly type: 'select-process'; readonly key: ProcKey | null }
  /** Selects the process a name designates at the cursor (the tour's), or nothing if none does. */
  | { readonly type: 'select-named'; readonly ref: ProcessRef }
  | { readonly type: 'select-record'; readonly index: number | null }
  | { readonly type: 'set-filters'; readonly patch: Partial<LogFilter> }
  | { readonly type: 'notify'; readonly text: string }
  | { readonly type: 'dismiss'; readonly id: number }
  /** Advances the job (or background growth) by at most `units` run units; `elapsedMs` paces play. */
  | { readonly type: 'tick'; readonly elapsedMs: number; readonly units: number }
  | QueryAction;

export interface PlayerEnv {
  readonly scenarios: readonly Scenario[];
  readonly limits: HistoryLimits;
  /** Grow the run in the background while no job runs. */
  readonly explore: boolean;
  /** Background growth stops at this many records; stepping and seeking still grow past it. */
  readonly exploreMaxRecords: number;
  /** How the frames print records and terms (the app's decodes payloads: views/printer.ts). */
  readonly printer: Printer;
}

export const DEFAULT_ENV: PlayerEnv = {
  scenarios: [],
  limits: DEFAULT_HISTORY_LIMITS,
  explore: true,
  exploreMaxRecords: 250_000,
  printer: PLAIN_PRINTER,
};

/** The run's step budget: the scenario's maxSteps after the step of its last input. */
export function budgetFor(scenario: Scenario, lastInputStep: number): RunBudget {
  return { maxSteps: (scenario.maxSteps ?? DEFAULT_MAX_STEPS) + lastInputStep, untilMs: null };
}

function scenarioOf(env: PlayerEnv, id: string): Scenario | undefined {
  return env.scenarios.find((s) => s.id === id) ?? findScenario(id);
}

/**
 * A fresh history of `scenario` at `seed`, with `inputs` to come (a shared run's: the budget counts
 * from the last, as it did when they were made one by one).
 */
export function scenarioHistory(env: PlayerEnv, scenario: Scenario, seed: number, inputs: readonly Input[] = []): History {
  const start = startScenario(scenario, { seed });
  const last = inputs.reduce((m, i) => Math.max(m, i.atStep), 0);
  return startHistory(makeRun(start, inputs, budgetFor(scenario, last)), start.records, env.limits);
}

/**
 * A new session on a scenario (the player's first state, and `load`); with `knob`, `scenario` is
 * already configured by it, and the origin says so.
 */
export function initialState(
  env: PlayerEnv, scenario: Scenario, seed = scenario.seed, speed = DEFAULT_SPEED, knob?: AppliedKnob, inputs: readonly Input[] = [],
): PlayerState {
  const history = scenarioHistory(env, scenario, seed, inputs);
  return {
    origin: { kind: 'scenario', scenario: scenario.id, seed, ...(knob === undefined ? {} : { knob }) }, history, cursor: 0, lastMove: { kind: 'jump', jumps: 0 }, job: null, speed,
    exploring: env.explore && canGrow(history), selection: { process: null, record: null }, filters: NO_FILTER,
    notices: [], nextNotice: 1, found: [], watch: null, queries: startQueries(), previous: null, undo: null, runId: 0, recorded: null,
  };
}

/** The scenario `id`, configured by `knob` if one is given, or why it cannot be. */
function scenarioFor(env: PlayerEnv, id: string, knob: KnobSetting | undefined): { scenario: Scenario; knob?: AppliedKnob } | string {
  const base = scenarioOf(env, id);
  if (base === undefined) return `There is no scenario "${id}".`;
  if (knob === undefined) return { scenario: base };
  const config = knobConfig(base, knob.flag, knob.value);
  if (typeof config === 'string') return `Cannot run ${id} with ${knob.flag} ${knob.value}: ${config}.`;
  try {
    return { scenario: base.options!.configure(config), knob: { flag: knob.flag, value: knob.value, config } };
  } catch (e) {
    return `Cannot run ${id} with ${knob.flag} ${knob.value}: ${e instanceof Error ? e.message : String(e)}.`;
  }
}

function load(env: PlayerEnv, s: PlayerState, id: string, seed: number, knob?: KnobSetting): PlayerState {
  const found = scenarioFor(env, id, knob);
  if (typeof found === 'string') return notify(s, found);
  if (!isValidSeed(seed)) return notify(s, `Seed must be a whole number from 0 to ${MAX_SEED}.`);
  const fresh = initialState(env, found.scenario, seed, s.speed, found.knob);
  return { ...fresh, lastMove: jumped(s), notices: s.notices, nextNotice: s.nextNotice, found: endFind(s), runId: s.runId + 1, queries: carryQueries(s.queries) };
}

function intervene(env: PlayerEnv, s: PlayerState, at: number, intervention: Intervention): PlayerState {
  const h = s.history;
  const scenario = s.origin.kind === 'scenario' ? scenarioOf(env, s.origin.scenario) : undefined;
  if (h.run === null || scenario === undefined) {
    return notify(s, 'This is an imported trace: it is read-only. Go back to the live run to intervene.');
  }
  const b = boundaryAt(h, at);
  const budget = budgetFor(scenario, b.steps);
  const past = discardsAt(h, at) > 0;
  const next = past ? branch(h, at, intervention, budget) : { ...h, run: withInputs(h.run, [{ ...intervention, atStep: h.run.sim.steps }], budget) };
  // The input is due at once: one unit applies it, and the cursor lands just after its records.
  const history = grow(next, 1);
  const applied = history.applied.last();
  const cursor = applied === undefined ? history.records.length : applied.atRecord + applied.records;
  const runId = past ? s.runId + 1 : s.runId;
  // The cursor crosses the input's records forward: they are played as a step is.
  const lastMove = cursor === s.cursor ? s.lastMove : { kind: 'step' as const, jumps: s.lastMove.jumps };
  // The run after the cursor changed: a watch scans it again from the start.
  const watch = s.watch === null ? null : startWatch(s.watch.position, s.watch.ticket);
  return { ...s, history, cursor, lastMove, job: null, found: endFind(s), watch, selection: { ...s.selection, record: null }, exploring: env.explore, runId, undo: null };
}

/** The session as it is, to be put back later as it was. */
function saved(s: PlayerState): SavedSession {
  return { recorded: s.recorded, origin: s.origin, history: s.history, cursor: s.cursor, selection: s.selection, filters: s.filters, exploring: s.exploring };
}

/** Reset: the scenario from its start (at `seed`), keeping the session it replaces for "Undo reset". */
function reset(env: PlayerEnv, s: PlayerState, seed: number | undefined): PlayerState {
  if (s.origin.kind !== 'scenario') return moveTo(s, 0, 'jump');
  const next = load(env, s, s.origin.scenario, seed ?? s.origin.seed, s.origin.knob);
  return next.runId === s.runId ? next : { ...next, undo: saved(s) };
}

/** Puts back the session the last Reset replaced. */
function undoReset(s: PlayerState): PlayerState {
  const u = s.undo;
  if (u === null) return s;
  return { ...s, ...u, lastMove: jumped(s), job: null, found: endFind(s), watch: null, undo: null, runId: s.runId + 1 };
}

function openRecorded(s: PlayerState, a: Extract<PlayerAction, { type: 'open-recorded' }>): PlayerState {
  const live: SavedSession | null = s.history.run !== null ? saved(s) : s.previous;
  const { history, header, ui, endStatus, unapplied } = a.recorded;
  return mergeBreakpoints({
    ...s, origin: { kind: 'recorded', name: a.name, scenario: header.scenario, seed: header.seed }, history,
    cursor: Math.max(0, Math.min(ui?.cursor ?? 0, history.records.length)), lastMove: jumped(s), recorded: { header, ui, endStatus, unapplied },
    job: null, found: endFind(s), watch: null, exploring: false, selection: { process: null, record: null }, filters: NO_FILTER, previous: live,
    undo: null, runId: s.runId + 1,
  }, ui?.breakpoints ?? []);
}

function backToLive(s: PlayerState): PlayerState {
  const p = s.previous;
  if (p === null) return s;
  return { ...s, ...p, lastMove: jumped(s), job: null, found: endFind(s), watch: null, previous: null, runId: s.runId + 1 };
}

export function reduce(env: PlayerEnv, s: PlayerState, a: PlayerAction): PlayerState {
  if (isQueryAction(a)) return reduceQueries(s, a);
  switch (a.type) {
    case 'load':
      return load(env, s, a.scenario, a.seed, a.knob);
    case 'watch':
      return { ...s, watch: a.position === null ? null : startWatch(a.position, a.ticket) };
    case 'reset':
      return reset(env, s, a.seed);
    case 'undo-reset':
      return undoReset(s);
    case 'keep-reset':
      return { ...s, undo: null };
    case 'step':
      return stepForward(s);
    case 'step-back':
      return stepBack(s);
    case 'step-over':
      return stepOver(s);
    case 'step-by':
      return stepBy(s, a.by);
    case 'jump':
      return jumpTo(env, s, a.to);
    case 'jump-to-step':
      return moveTo(s, recordsBeforeStep(s.history, a.step), 'jump');
    case 'to-start':
      return moveTo(s, 0, 'jump');
    case 'to-end':
      return toEnd(s);
    case 'play':
      return play(s, false);
    case 'pause':
      return s.job?.kind === 'play' ? { ...s, job: null } : s;
    case 'toggle-play':
      return s.job?.kind === 'play' ? { ...s, job: null } : play(s, false);
    case 'run-to-end':
      return play(s, true);
    case 'set-speed':
      return Number.isFinite(a.speed) && a.speed > 0 ? { ...s, speed: a.speed } : s;
    case 'stop':
      return stopJob(s);
    case 'find':
      return startFind({ ...s, found: endFind(s) }, a, a.select ?? null);
    case 'intervene':
      return intervene(env, s, a.at, a.intervention);
    case 'open-recorded':
      return openRecorded(s, a);
    case 'back-to-live':
      return backToLive(s);
    case 'select-process':
      return { ...s, selection: { ...s.selection, process: a.key } };
    case 'select-named':
      return selectNamed(s, a.ref);
    case 'select-record':
      return { ...s, selection: { ...s.selection, record: a.index } };
    case 'set-filters':
      return { ...s, filters: { ...s.filters, ...a.patch } };
    case 'notify':
      return notify(s, a.text);
    case 'dismiss':
      return { ...s, notices: s.notices.filter((n) => n.id !== a.id) };
    case 'tick':
      return tick(env, s, a.elapsedMs, a.units);
    default:
      return assertNever(a, 'player action');
  }
}
