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
 * Rule: every long job runs in frames of at most FRAME_BUDGET_MS, so the page never freezes, and
 * Stop ends it where it got to. The run never grows past the scenario's maxSteps.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TraceRecord, VmPath } from '../kernel/index.ts';
import type { SimStatus } from '../kernel/ground/sim.ts';
import { RunHistory } from '../debugger/history.ts';
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

export type RunStatus = SimStatus | 'full';

export type Job =
  | { readonly kind: 'play'; readonly fast: boolean }
  | { readonly kind: 'seek'; readonly target: number }
  | { readonly kind: 'to-end' };

export interface Notice {
  readonly id: number;
  readonly text: string;
}

export interface SessionState {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly history: RunHistory;
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

/** Can the run be grown further (not ended, not at the scenario's step budget)? */
export function canGrow(s: Pick<SessionState, 'history' | 'scenario'>): boolean {
  return s.history.canGrow && s.history.simulation.steps < maxStepsOf(s.scenario);
}

function runStatus(h: RunHistory, scenario: Scenario): RunStatus {
  return h.status === 'running' && h.simulation.steps >= maxStepsOf(scenario) ? 'limit' : h.status;
}

/** Is the cursor at the last record of a run that cannot grow? */
export function atEnd(s: Pick<SessionState, 'history' | 'scenario' | 'cursor' | 'length'>): boolean {
  return s.cursor >= s.length && !canGrow(s);
}

const modelMemo = new WeakMap<RunHistory, { cursor: number; model: Model }>();

/** The world after `cursor` records; memoised per history and cursor, so selectors may call it. */
export function modelAtCursor(s: Pick<SessionState, 'history' | 'cursor'>): Model {
  const hit = modelMemo.get(s.history);
  if (hit !== undefined && hit.cursor === s.cursor) return hit.model;
  const model = s.history.modelAt(s.cursor);
  modelMemo.set(s.history, { cursor: s.cursor, model });
  return model;
}

const previousMemo = new WeakMap<RunHistory, { cursor: number; model: Model | null }>();

/** The world one record earlier (null at the start): what the current record changed is the difference. */
export function modelBeforeCursor(s: Pick<SessionState, 'history' | 'cursor'>): Model | null {
  const hit = previousMemo.get(s.history);
  if (hit !== undefined && hit.cursor === s.cursor) return hit.model;
  const model = s.cursor === 0 ? null : s.history.modelAt(s.cursor - 1);
  previousMemo.set(s.history, { cursor: s.cursor, model });
  return model;
}

const namesMemo = new WeakMap<RunHistory, { length: number; model: Model }>();

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

  const store = createStore<SessionState>()((set, get) => {
    /** Mirrors the history into the state (call after growing it). */
    const mirror = (extra: Partial<SessionState> = {}): void => {
      const s = get();
      set({ length: s.history.length, simStatus: runStatus(s.history, s.scenario), ...extra });
    };

    /** Grows by bounded slices until `target` records exist, the run ends or the deadline passes. */
    const growUntil = (target: number, deadline: number): void => {
      const s = get();
      while (s.history.length < target && canGrow(s) && sched.now() < deadline) {
        const left = maxStepsOf(s.scenario) - s.history.simulation.steps;
        s.history.grow(target, Math.min(SLICE_STEPS, left));
      }
    };

    /** Grows synchronously (bounded by steps, not time) until `target` records exist or the run ends. */
    const growNow = (target: number): void => {
      const s = get();
      while (s.history.length < target && canGrow(s)) {
        const left = maxStepsOf(s.scenario) - s.history.simulation.steps;
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

    const runSeek = (target: number, deadline: number): void => {
      const s = get();
      growUntil(target, deadline);
      if (s.history.length >= target || !canGrow(s)) finishSeek(target);
      else mirror();
    };

    const finishSeek = (target: number): void => {
      const s = get();
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

    function tick(): void {
      frame = null;
      const deadline = sched.now() + FRAME_BUDGET_MS;
      const { job, exploring } = get();
      if (job?.kind === 'play') runPlay(job, deadline);
      else if (job?.kind === 'seek') runSeek(job.target, deadline);
      else if (job?.kind === 'to-end') runToEndJob(deadline);
      else if (exploring && explore) runExplore(deadline);
      schedule();
    }

    const startJob = (job: Job | null): void => {
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
      };
    };

    const moveTo = (cursor: number): void => {
      const s = get();
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
        if (job?.kind === 'seek') mirror({ cursor: Math.min(job.target, history.length), job: null });
        else if (job?.kind === 'to-end') mirror({ cursor: history.length, job: null });
        else mirror({ job: null });
        set({ exploring: false });
        cancelFrame();
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
