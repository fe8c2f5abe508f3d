/**
 * One debugging session: a scenario run (RunHistory), the cursor into it, the selection, the log
 * filters and the transport (play, speed, long jobs). A factory, never a module singleton, so the
 * app, tests and benchmarks can each own sessions.
 *
 * Data definition:
 *   cursor          a record count, 0 … length: the world shown is history.modelAt(cursor), and the
 *                   "current record" is records[cursor − 1] (none at 0)
 *   length/simStatus mirror the mutable RunHistory, so subscribers re-render when it grows
 *   job             the foreground long job: play (advance at `speed` records per second), seek
 *                   (grow to a target, then jump) or to-end (grow to the end, then jump)
 *   exploring       background growth of the history to the end of the run (so the timeline covers
 *                   the whole run); it yields to any foreground job
 *   job 'find'      grow and scan the records in order until a predicate holds (tour stops)
 *   inputCount      how many interventions (history.inputs) the run has had
 *   history         a live RunHistory, or an ImportedHistory (a trace opened from a file: read-only,
 *                   complete; status 'imported'); see src/debugger/history-api.ts
 *   previous        the live session put aside while an imported trace is open (backToLive)
 * Rules: every long job runs in frames of at most FRAME_BUDGET_MS, so the page never freezes, and
 * Stop ends it where it got to. The run never grows more than the scenario's maxSteps past its
 * last intervention.
 * Interventions (kill, inject, add a client) apply at the cursor's boundary (RunHistory.boundaryAt):
 * at the frontier they are applied to the frontier simulation; in the past they need the caller's
 * confirmation, then the run is re-simulated from the start with the earlier inputs and the new one
 * (RunHistory.branch) — the future after the cursor is discarded — in frames, like a seek, and the
 * cursor lands just after the new input's records.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TraceRecord, VmPath } from '../kernel/index.ts';
import type { Intervention } from '../kernel/ground/inputs.ts';
import type { SimStatus } from '../kernel/ground/sim.ts';
import { RunHistory } from '../debugger/history.ts';
import { isLiveHistory, type SessionHistory } from '../debugger/history-api.ts';
import type { ImportedHistory } from '../debugger/imported-history.ts';
import type { Model, ProcKey } from '../debugger/model.ts';
import { SCENARIOS, findScenario, startScenario, type Scenario } from '../scenarios/index.ts';
import { browserScheduler, type FrameScheduler } from './frame-scheduler.ts';
import { NO_FILTER, type LogFilter } from '../debugger/views/log.ts';

/** Time a frame may spend on simulation work. */
export const FRAME_BUDGET_MS = 8;
/** Simulation steps per grow call (the budget is checked between calls). */
const SLICE_STEPS = 16;
/** The step budget of a scenario without one. */
export const DEFAULT_MAX_STEPS = 100_000;
/** Background exploration stops here; stepping and seeking still grow on demand past it. */
const EXPLORE_MAX_RECORDS = 250_000;
/** How often background exploration publishes its progress. */
const EXPLORE_PUBLISH_MS = 250;
/** Step over never scans further than this many records for the end of a round. */
const STEP_OVER_MAX_RECORDS = 100_000;

export const SPEEDS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];
export const DEFAULT_SPEED = 10;

/** 'imported': a trace opened from a file (read-only, complete). */
export type RunStatus = SimStatus | 'full' | 'imported';

export type Job =
  | { readonly kind: 'play'; readonly fast: boolean }
  /** `afterInput`: land just after the records of history.inputs[afterInput] once it is applied. */
  | { readonly kind: 'seek'; readonly target: number; readonly afterInput?: number }
  | { readonly kind: 'to-end' }
  | { readonly kind: 'find'; readonly label: string };

/** A predicate over the records of a run, called once per record in order (it may keep state). */
export type RecordTest = (record: TraceRecord, index: number) => boolean;

/** What an intervention did: applied at once, needs the user to accept losing the future, or is re-simulating. */
export type InterventionResult =
  | { readonly kind: 'applied' }
  | { readonly kind: 'confirm'; readonly discard: number }
  | { readonly kind: 'branching' }
  /** An imported trace is read-only: nothing was applied (a notice says so). */
  | { readonly kind: 'refused' };

export interface Notice {
  readonly id: number;
  readonly text: string;
}

/** A live session put aside while an imported trace is open: restored as it was. */
export type SavedSession = Pick<
  SessionState,
  'scenario' | 'seed' | 'history' | 'cursor' | 'selectedProcess' | 'selectedRecord' | 'filters' | 'exploring' | 'inputCount'
>;

export interface SessionState {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly history: SessionHistory;
  readonly length: number;
  readonly simStatus: RunStatus;
  readonly cursor: number;
  readonly selectedProcess: ProcKey | null;
  readonly selectedRecord: number | null;
  readonly filters: LogFilter;
  readonly speed: number;
  readonly job: Job | null;
  readonly exploring: boolean;
  readonly notices: readonly Notice[];
  readonly inputCount: number;
  /** The live session an imported trace was opened over ("Back to … (live)" returns to it), or null. */
  readonly previous: SavedSession | null;

  stepForward(): void;
  stepBack(): void;
  /** To the next `round` record of the current record's VM, or the first record after that round. */
  stepOver(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Plays as fast as the frame budget allows, to the end. */
  runToEnd(): void;
  setSpeed(recordsPerSecond: number): void;
  toStart(): void;
  toEnd(): void;
  /** Moves the cursor to record count `index`, growing the run in frames if it is not there yet. */
  jumpTo(index: number): void;
  /** Ends the running job (and background exploration) where it got to. */
  stop(): void;
  /**
   * Grows the run (in frames) until `test` holds for a record, then puts the cursor just after it;
   * `done` gets the record's index, or null if the run ended (or the search was stopped) first.
   */
  seekWhere(test: RecordTest, label: string, done?: (index: number | null) => void): void;
  /**
   * Applies a user intervention at the cursor (see the rules above). In the past it returns
   * `confirm` with the number of records it would discard, unless `discardFuture` is true.
   */
  intervene(input: Intervention, discardFuture?: boolean): InterventionResult;
  /**
   * Opens an imported trace as the session (read-only), at `cursor` (default: the trace's own `ui`
   * cursor, else 0). The live session is kept in `previous`; opening another trace keeps it too.
   */
  openTrace(history: ImportedHistory, cursor?: number): void;
  /** Returns to the live session kept in `previous`, as it was. */
  backToLive(): void;
  reset(): void;
  setScenario(id: string): void;
  setSeed(seed: number): void;
  selectProcess(key: ProcKey | null): void;
  /** Marks a record (the event log's and "Why?"'s selection); moving the cursor clears it. */
  selectRecord(index: number | null): void;
  setFilters(patch: Partial<LogFilter>): void;
  notify(text: string): void;
  dismissNotice(id: number): void;
  /** Cancels pending frames (the store stays usable). */
  dispose(): void;
}

export type SessionStore = StoreApi<SessionState>;

export interface SessionOptions {
  readonly scheduler?: FrameScheduler;
  /** Grow the history to the end of the run in the background (default true). */
  readonly explore?: boolean;
  readonly speed?: number;
}

export const MAX_SEED = 0xffff_ffff;

export function isValidSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED;
}

export function maxStepsOf(s: Scenario): number {
  return s.maxSteps ?? DEFAULT_MAX_STEPS;
}

/** The step budget of a run: the scenario's maxSteps, counted from its last intervention. */
export function stepBudget(s: Pick<SessionState, 'history' | 'scenario'>): number {
  return maxStepsOf(s.scenario) + (s.history.inputs.at(-1)?.input.atStep ?? 0);
}

/** Can the run be grown further (not ended, not at the step budget)? */
export function canGrow<S extends Pick<SessionState, 'history' | 'scenario'>>(s: S): s is S & { readonly history: RunHistory } {
  return s.history.canGrow && s.history.simulation.steps < stepBudget(s);
}

function runStatus(history: SessionHistory, scenario: Scenario): RunStatus {
  return history.status === 'running' && history.simulation.steps >= stepBudget({ history, scenario })
    ? 'limit'
    : history.status;
}

/** Is the cursor at the last record of a run that cannot grow? */
export function atEnd(s: Pick<SessionState, 'history' | 'scenario' | 'cursor' | 'length'>): boolean {
  return s.cursor >= s.length && !canGrow(s);
}

const modelMemo = new WeakMap<SessionHistory, { cursor: number; model: Model }>();

/** The world after `cursor` records; memoised per history and cursor, so selectors may call it. */
export function modelAtCursor(s: Pick<SessionState, 'history' | 'cursor'>): Model {
  const hit = modelMemo.get(s.history);
  if (hit !== undefined && hit.cursor === s.cursor) return hit.model;
  const model = s.history.modelAt(s.cursor);
  modelMemo.set(s.history, { cursor: s.cursor, model });
  return model;
}

const previousMemo = new WeakMap<SessionHistory, { cursor: number; model: Model | null }>();

/** The world one record earlier (null at the start): what the current record changed is the difference. */
export function modelBeforeCursor(s: Pick<SessionState, 'history' | 'cursor'>): Model | null {
  const hit = previousMemo.get(s.history);
  if (hit !== undefined && hit.cursor === s.cursor) return hit.model;
  const model = s.cursor === 0 ? null : s.history.modelAt(s.cursor - 1);
  previousMemo.set(s.history, { cursor: s.cursor, model });
  return model;
}

const namesMemo = new WeakMap<SessionHistory, { length: number; model: Model }>();

/** A model that knows every process of the run so far (the frontier): for names. */
export function namesModel(s: Pick<SessionState, 'history' | 'length'>): Model {
  // Cached per published length, so the selector is stable even if the history grew since.
  const hit = namesMemo.get(s.history);
  if (hit !== undefined && hit.length === s.length) return hit.model;
  const model = s.history.modelAt(s.history.length);
  namesMemo.set(s.history, { length: s.length, model });
  return model;
}

/** The record the cursor has just applied, or null at the start. */
export function currentRecord(s: Pick<SessionState, 'history' | 'cursor'>): TraceRecord | null {
  return s.cursor === 0 ? null : (s.history.records[s.cursor - 1] ?? null);
}

function within(path: VmPath, vm: VmPath): boolean {
  return path.length >= vm.length && vm.every((p, i) => path[i] === p);
}

function samePath(a: VmPath, b: VmPath): boolean {
  return a.length === b.length && within(a, b);
}

/** Does record `r` end (or begin after) the current round of VM `vm`? */
function endsRoundOf(r: TraceRecord, vm: VmPath): boolean {
  if (r.kind === 'round') return within(r.vm, vm) ? samePath(r.vm, vm) : true;
  if (!within(r.vm, vm)) return true;
  return vm.length === 0 && (r.kind === 'ground-event' || r.kind === 'world');
}

function startHistory(scenario: Scenario, seed: number): RunHistory {
  return new RunHistory(startScenario(scenario, { seed }));
}

export function createSession(scenarioId: string, seed?: number, options: SessionOptions = {}): SessionStore {
  const sched = options.scheduler ?? browserScheduler;
  const explore = options.explore ?? true;
  const initial = findScenario(scenarioId) ?? SCENARIOS[0]!;
  let frame: number | null = null;
  let noticeId = 0;
  /** Play's time bookkeeping: when the last frame ran and the fraction of a record owed. */
  let lastTick = 0;
  let owed = 0;
  let lastPublished = 0;
  let kickoff = (): void => {};
  /** The running 'find' job's predicate, how far it has scanned, and whom to tell. */
  let find: { test: RecordTest; scanned: number; done: ((index: number | null) => void) | undefined } | null = null;

  const store = createStore<SessionState>()((set, get) => {
    /** Mirrors the history into the state (call after growing it). */
    const mirror = (extra: Partial<SessionState> = {}): void => {
      const s = get();
      set({
        length: s.history.length,
        simStatus: runStatus(s.history, s.scenario),
        inputCount: s.history.inputs.length,
        ...extra,
      });
    };

    /** Grows by bounded slices until `target` records exist, the run ends or the deadline passes. */
    const growUntil = (target: number, deadline: number): void => {
      const s = get();
      while (s.history.length < target && canGrow(s) && sched.now() < deadline) {
        const left = stepBudget(s) - s.history.simulation.steps;
        s.history.grow(target, Math.min(SLICE_STEPS, left));
      }
    };

    /** Grows synchronously (bounded by steps, not time) until `target` records exist or the run ends. */
    const growNow = (target: number): void => {
      const s = get();
      while (s.history.length < target && canGrow(s)) {
        const left = stepBudget(s) - s.history.simulation.steps;
        s.history.grow(target, Math.min(SLICE_STEPS, left));
      }
    };

    const schedule = (): void => {
      if (frame !== null) return;
      const s = get();
      if (s.job === null && !(s.exploring && explore)) return;
      frame = sched.frame(tick);
    };

    const cancelFrame = (): void => {
      if (frame !== null) sched.cancel(frame);
      frame = null;
    };

    /** Ends a 'find' job without a result (another job or a new run replaced it). */
    const abandonFind = (): void => {
      const f = find;
      find = null;
      f?.done?.(null);
    };

    const runPlay = (job: Extract<Job, { kind: 'play' }>, deadline: number): void => {
      const now = sched.now();
      const s = get();
      let want: number;
      if (job.fast) {
        want = Number.MAX_SAFE_INTEGER;
      } else {
        owed += (Math.min(250, Math.max(0, now - lastTick)) * s.speed) / 1000;
        want = Math.floor(owed);
        owed -= want;
      }
      lastTick = now;
      let cursor = s.cursor;
      if (want > 0) {
        const target = Math.min(cursor + want, Number.MAX_SAFE_INTEGER);
        growUntil(target, deadline);
        cursor = Math.min(target, s.history.length);
      }
      const done = cursor >= s.history.length && !canGrow(s);
      mirror({ cursor, job: done ? null : job, ...(cursor === s.cursor ? {} : { selectedRecord: null }) });
    };

    const runSeek = (job: Extract<Job, { kind: 'seek' }>, deadline: number): void => {
      const s = get();
      growUntil(job.target, deadline);
      if (s.history.length >= job.target || !canGrow(s)) finishSeek(job.target, job.afterInput);
      else mirror();
    };

    const finishSeek = (target: number, afterInput?: number): void => {
      const s = get();
      const input = afterInput === undefined ? undefined : s.history.inputs[afterInput];
      if (input !== undefined) {
        mirror({ cursor: input.atRecord + input.records, job: null, selectedRecord: null, inputCount: s.history.inputs.length });
        return;
      }
      const cursor = Math.min(target, s.history.length);
      if (target > s.history.length) {
        addNotice(
          `Step ${target} is past the end of this run (${s.history.length} records); showing the last record.`,
        );
      }
      mirror({ cursor, job: null, selectedRecord: null });
    };

    const runToEndJob = (deadline: number): void => {
      const s = get();
      growUntil(Number.MAX_SAFE_INTEGER, deadline);
      if (canGrow(s)) mirror();
      else mirror({ cursor: s.history.length, job: null, selectedRecord: null });
    };

    const runExplore = (deadline: number): void => {
      const s = get();
      growUntil(EXPLORE_MAX_RECORDS, deadline);
      const more = canGrow(s) && s.history.length < EXPLORE_MAX_RECORDS;
      // Background growth is published a few times a second, not every frame: re-rendering
      // the panels for records nobody is looking at yet would cost more than growing them.
      const now = sched.now();
      if (!more) mirror({ exploring: false });
      else if (now - lastPublished >= EXPLORE_PUBLISH_MS) mirror();
      else return;
      lastPublished = now;
    };

    /** Scans records in order, growing the run, until the find job's predicate holds. */
    const runFind = (deadline: number): void => {
      const s = get();
      const f = find;
      if (f === null) {
        mirror({ job: null });
        return;
      }
      for (;;) {
        const records = s.history.records;
        while (f.scanned < records.length) {
          const i = f.scanned++;
          if (f.test(records[i]!, i)) {
            find = null;
            mirror({ cursor: i + 1, job: null, selectedRecord: null });
            f.done?.(i);
            return;
          }
        }
        if (!canGrow(s)) {
          find = null;
          mirror({ job: null });
          f.done?.(null);
          return;
        }
        if (sched.now() >= deadline) break;
        const left = stepBudget(s) - s.history.simulation.steps;
        s.history.grow(s.history.length + 1, Math.min(SLICE_STEPS, left));
      }
      mirror();
    };

    function tick(): void {
      frame = null;
      const deadline = sched.now() + FRAME_BUDGET_MS;
      const { job, exploring } = get();
      if (job?.kind === 'play') runPlay(job, deadline);
      else if (job?.kind === 'seek') runSeek(job, deadline);
      else if (job?.kind === 'find') runFind(deadline);
      else if (job?.kind === 'to-end') runToEndJob(deadline);
      else if (exploring && explore) runExplore(deadline);
      schedule();
    }

    const startJob = (job: Job | null): void => {
      if (get().job?.kind === 'find' && job?.kind !== 'find') abandonFind();
      set({ job });
      if (job?.kind === 'play') {
        lastTick = sched.now();
        owed = 0;
      }
      schedule();
    };

    const addNotice = (text: string): void => {
      set({ notices: [...get().notices, { id: ++noticeId, text }] });
    };

    const fresh = (scenario: Scenario, seed: number): Partial<SessionState> => {
      cancelFrame();
      abandonFind();
      const history = startHistory(scenario, seed);
      return {
        scenario,
        seed,
        history,
        length: history.length,
        simStatus: runStatus(history, scenario),
        cursor: 0,
        selectedProcess: null,
        selectedRecord: null,
        filters: NO_FILTER,
        job: null,
        exploring: explore && canGrow({ history, scenario }),
        inputCount: 0,
        previous: null,
      };
    };

    const moveTo = (cursor: number): void => {
      const s = get();
      if (s.job?.kind === 'find') abandonFind();
      if (s.job !== null) set({ job: null });
      mirror({ cursor: Math.max(0, Math.min(cursor, s.history.length)), selectedRecord: null });
      schedule();
    };

    kickoff = schedule;
    const startSeed = seed !== undefined && isValidSeed(seed) ? seed : initial.seed;
    const history = startHistory(initial, startSeed);
    return {
      scenario: initial,
      seed: startSeed,
      history,
      length: history.length,
      simStatus: runStatus(history, initial),
      cursor: 0,
      selectedProcess: null,
      selectedRecord: null,
      filters: NO_FILTER,
      speed: options.speed ?? DEFAULT_SPEED,
      job: null,
      exploring: explore && canGrow({ history, scenario: initial }),
      notices: [],
      inputCount: 0,
      previous: null,

      stepForward() {
        const s = get();
        growNow(s.cursor + 1);
        moveTo(s.cursor + 1);
      },
      stepBack() {
        moveTo(get().cursor - 1);
      },
      stepOver() {
        const s = get();
        const cur = currentRecord(s);
        const records = s.history.records;
        const limit = s.cursor + STEP_OVER_MAX_RECORDS;
        for (let j = s.cursor; j < limit; j++) {
          growNow(j + 1);
          const r = records[j];
          if (r === undefined) break;
          if (cur === null ? r.kind === 'round' : endsRoundOf(r, cur.vm)) {
            moveTo(j + 1);
            return;
          }
        }
        moveTo(Math.min(limit, s.history.length));
      },
      play() {
        const s = get();
        if (atEnd(s)) set({ cursor: 0 });
        startJob({ kind: 'play', fast: false });
      },
      pause() {
        if (get().job?.kind === 'play') startJob(null);
      },
      togglePlay() {
        if (get().job?.kind === 'play') get().pause();
        else get().play();
      },
      runToEnd() {
        startJob({ kind: 'play', fast: true });
      },
      setSpeed(speed) {
        if (Number.isFinite(speed) && speed > 0) set({ speed });
      },
      toStart() {
        moveTo(0);
      },
      toEnd() {
        const s = get();
        if (!canGrow(s)) moveTo(s.history.length);
        else startJob({ kind: 'to-end' });
      },
      jumpTo(index) {
        const s = get();
        const target = Math.max(0, Math.floor(index));
        if (target <= s.history.length) moveTo(target);
        else if (!canGrow(s)) finishSeek(target);
        else startJob({ kind: 'seek', target });
      },
      stop() {
        const { job, history } = get();
        if (job?.kind === 'find') abandonFind();
        if (job?.kind === 'seek' && job.afterInput !== undefined && history.inputs[job.afterInput] !== undefined) {
          finishSeek(job.target, job.afterInput);
        } else if (job?.kind === 'seek') mirror({ cursor: Math.min(job.target, history.length), job: null });
        else if (job?.kind === 'to-end') mirror({ cursor: history.length, job: null });
        else mirror({ job: null });
        set({ exploring: false });
        cancelFrame();
      },
      seekWhere(test, label, done) {
        const s = get();
        if (s.job?.kind === 'find') abandonFind();
        find = { test, scanned: 0, done };
        set({ job: { kind: 'find', label } });
        schedule();
      },
      intervene(input, discardFuture = false) {
        const s = get();
        if (!isLiveHistory(s.history)) {
          addNotice('This is an imported trace: it is read-only. Go back to the live run to intervene.');
          return { kind: 'refused' };
        }
        const discard = s.history.discardsAt(s.cursor);
        if (discard > 0 && !discardFuture) return { kind: 'confirm', discard };
        if (s.job !== null) startJob(null);
        if (discard === 0) {
          const applied = s.history.applyInput(input);
          mirror({
            cursor: applied.atRecord + applied.records,
            selectedRecord: null,
            inputCount: s.history.inputs.length,
            exploring: explore && canGrow(s),
          });
          schedule();
          return { kind: 'applied' };
        }
        // In the past: the same start, the inputs before the cursor, then this one; grown in frames.
        const { history, boundary } = s.history.branch(s.cursor, input);
        set({
          history,
          length: history.length,
          simStatus: runStatus(history, s.scenario),
          cursor: Math.min(s.cursor, history.length),
          selectedRecord: null,
          inputCount: boundary.inputs,
          exploring: explore,
        });
        startJob({ kind: 'seek', target: boundary.records + 1, afterInput: boundary.inputs });
        return { kind: 'branching' };
      },
      openTrace(imported, cursor) {
        const s = get();
        cancelFrame();
        abandonFind();
        const scenario = findScenario(imported.header.scenario) ?? s.scenario;
        const live: SavedSession | null = isLiveHistory(s.history)
          ? {
              scenario: s.scenario, seed: s.seed, history: s.history, cursor: s.cursor, selectedProcess: s.selectedProcess,
              selectedRecord: s.selectedRecord, filters: s.filters, exploring: s.exploring, inputCount: s.inputCount,
            }
          : s.previous;
        const at = cursor ?? imported.ui?.cursor ?? 0;
        set({
          scenario,
          seed: imported.header.seed,
          history: imported,
          length: imported.length,
          simStatus: runStatus(imported, scenario),
          cursor: Math.max(0, Math.min(at, imported.length)),
          selectedProcess: null,
          selectedRecord: null,
          filters: NO_FILTER,
          job: null,
          exploring: false,
          inputCount: imported.inputs.length,
          previous: live,
        });
      },
      backToLive() {
        const p = get().previous;
        if (p === null) return;
        cancelFrame();
        abandonFind();
        set({ ...p, length: p.history.length, simStatus: runStatus(p.history, p.scenario), job: null, previous: null });
        schedule();
      },
      reset() {
        const s = get();
        set(fresh(s.scenario, s.seed));
        schedule();
      },
      setScenario(id) {
        const scenario = findScenario(id);
        if (scenario === undefined) {
          addNotice(`There is no scenario "${id}".`);
          return;
        }
        set(fresh(scenario, scenario.seed));
        schedule();
      },
      setSeed(next) {
        if (!isValidSeed(next)) {
          addNotice(`Seed must be a whole number from 0 to ${MAX_SEED}.`);
          return;
        }
        set(fresh(get().scenario, next));
        schedule();
      },
      selectProcess(key) {
        set({ selectedProcess: key });
      },
      selectRecord(index) {
        set({ selectedRecord: index });
      },
      setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
      },
      notify(text) {
        addNotice(text);
      },
      dismissNotice(id) {
        set({ notices: get().notices.filter((n) => n.id !== id) });
      },
      dispose() {
        cancelFrame();
      },
    };
  });
  // Background exploration starts at once.
  kickoff();
  return store;
}
