/**
 * The history of a run (architecture habit 8): every record, the boundaries between the run's
 * units, the inputs as applied, and checkpoints — an immutable value, grown by the run reducer.
 *
 * Data definition:
 *   History = { records, boundaries, applied, checkpoints, runCheckpoints, frontier, run, limits }
 *     records         every trace record so far
 *     boundaries      the points between units (after the start, each step and each input), ascending:
 *                     Boundary = { records, steps, inputs } — counts done at that point
 *     applied         AppliedInput = { input, atRecord, records }: an input and where its records are
 *     checkpoints     the model after `index` records, every `checkpointEvery` records
 *     runCheckpoints  the Run at a boundary, every `runCheckpointEvery` records: a branch re-runs
 *                     from the nearest one instead of from the start
 *     frontier        the model after every record
 *     run             the live run at the frontier; null for a recorded (imported) history
 * Rules:
 *   - grow appends the units `advance` produces; nothing else makes records.
 *   - modelAt(n) folds from the nearest model checkpoint, or from the last seek when nearer, so
 *     moving the cursor by one folds one record (the seek memo is not part of the value: it only
 *     saves work, and is dropped when a branch replaces the records it was folded from).
 *   - branch(cursor, input) keeps the records before the cursor's boundary (the first boundary at
 *     or after it), re-runs from the nearest run checkpoint to that boundary (`recomputed` counts the
 *     units), applies the input there, and forgets the future after it.
 *   - A history never grows past maxRecords (status 'full').
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { advance, isOver, withInputs, type Input, type Intervention, type Run, type RunBudget, type Unit } from '../../kernel/ground/index.ts';
import { applyRecord, emptyModel, type Model } from '../model.ts';
import { AppendLog } from './append-log.ts';

export interface Boundary {
  readonly records: number;
  readonly steps: number;
  readonly inputs: number;
}

export interface AppliedInput {
  readonly input: Input;
  /** Records before it: its first record is records[atRecord]. */
  readonly atRecord: number;
  /** How many records applying it made. */
  readonly records: number;
}

export interface Checkpoint {
  readonly index: number;
  readonly model: Model;
}

interface RunCheckpoint {
  /** Index into boundaries. */
  readonly boundary: number;
  readonly run: Run;
}

export interface HistoryLimits {
  readonly checkpointEvery: number;
  readonly runCheckpointEvery: number;
  readonly maxRecords: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = Object.freeze({
  checkpointEvery: 256,
  runCheckpointEvery: 4096,
  maxRecords: 5_000_000,
});

/** The last seek, shared by the values of one history that have the same records up to its index. */
class SeekMemo {
  last: Checkpoint = { index: 0, model: emptyModel };
  /** Records folded by seeks (tests check that seeking is incremental). */
  folded = 0;
}

export interface History {
  readonly records: AppendLog<TraceRecord>;
  readonly boundaries: AppendLog<Boundary>;
  readonly applied: AppendLog<AppliedInput>;
  readonly checkpoints: AppendLog<Checkpoint>;
  readonly runCheckpoints: AppendLog<RunCheckpoint>;
  readonly frontier: Model;
  readonly run: Run | null;
  readonly limits: HistoryLimits;
  /** Units re-run by branches so far (tests check that a branch does not re-run from the start). */
  readonly recomputed: number;
  readonly memo: SeekMemo;
}

export type HistoryStatus = Run['status'] | 'full' | 'recorded';

/**
 * A history whose first unit is the start of `run` (the records createSimulation made); with no run,
 * an empty recorded history (recorded.ts fills one from a file).
 */
export function startHistory(run: Run | null, startRecords: readonly TraceRecord[], limits: HistoryLimits = DEFAULT_HISTORY_LIMITS): History {
  const empty: History = {
    records: AppendLog.empty(), boundaries: AppendLog.empty(), applied: AppendLog.empty(),
    checkpoints: AppendLog.of([{ index: 0, model: emptyModel }]), runCheckpoints: AppendLog.empty(),
    frontier: emptyModel, run, limits, recomputed: 0, memo: new SeekMemo(),
  };
  const h = appendRecords(empty, startRecords);
  return {
    ...h,
    boundaries: AppendLog.of([{ records: h.records.length, steps: 0, inputs: 0 }]),
    runCheckpoints: run === null ? AppendLog.empty() : AppendLog.of([{ boundary: 0, run }]),
  };
}

function appendRecords(h: History, records: readonly TraceRecord[]): History {
  let frontier = h.frontier;
  let checkpoints = h.checkpoints;
  let n = h.records.length;
  for (const r of records) {
    frontier = applyRecord(frontier, r);
    n++;
    if (n % h.limits.checkpointEvery === 0) checkpoints = checkpoints.push({ index: n, model: frontier });
  }
  return { ...h, records: h.records.push(...records), frontier, checkpoints };
}

/** The history after one more unit of its run (which is already `run`). */
function appendUnit(h: History, run: Run, unit: Unit): History {
  const before = h.records.length;
  const last = h.boundaries.last()!;
  let next = appendRecords(h, unit.records);
  const inputs = last.inputs + (unit.kind === 'input' ? 1 : 0);
  const boundary: Boundary = { records: next.records.length, steps: run.sim.steps, inputs };
  next = { ...next, run, boundaries: next.boundaries.push(boundary) };
  if (unit.kind === 'input') next = { ...next, applied: next.applied.push({ input: unit.input, atRecord: before, records: unit.records.length }) };
  const every = h.limits.runCheckpointEvery;
  if (Math.floor(next.records.length / every) > Math.floor(before / every)) {
    next = { ...next, runCheckpoints: next.runCheckpoints.push({ boundary: next.boundaries.length - 1, run }) };
  }
  return next;
}

export function historyStatus(h: History): HistoryStatus {
  if (h.run === null) return 'recorded';
  if (isOver(h.run)) return h.run.status;
  return h.records.length >= h.limits.maxRecords ? 'full' : 'running';
}

/** Can the history grow (a live run that is not over and not full)? */
export function canGrow(h: History): boolean {
  return historyStatus(h) === 'running';
}

/**
 * Advances the run by at most `maxUnits` units, stopping early once `targetRecords` records exist
 * (or the run is over, or the history is full).
 */
export function grow(h: History, maxUnits: number, targetRecords = Number.POSITIVE_INFINITY): History {
  for (let i = 0; i < maxUnits && h.records.length < targetRecords && canGrow(h); i++) {
    const a = advance(h.run!);
    h = a.unit === null ? { ...h, run: a.run } : appendUnit(h, a.run, a.unit);
  }
  return h;
}

/** The model after the first `index` records. */
export function modelAt(h: History, index: number): Model {
  const n = Math.max(0, Math.min(Math.floor(index), h.records.length));
  if (n === h.records.length) return h.frontier;
  const cp = h.checkpoints.get(h.checkpoints.lastAtOrBefore(n, (c) => c.index))!;
  const memo = h.memo;
  const from = memo.last.index <= n && memo.last.index >= cp.index ? memo.last : cp;
  let model = from.model;
  for (let i = from.index; i < n; i++) model = applyRecord(model, h.records.get(i)!);
  memo.folded += n - from.index;
  memo.last = { index: n, model };
  return model;
}

/** Records folded by seeks so far. */
export function seekWork(h: History): number {
  return h.memo.folded;
}

/** The index in `boundaries` of the first boundary at or after record count `cursor` (the last one at most). */
export function boundaryIndexAt(h: History, cursor: number): number {
  const i = h.boundaries.firstAtOrAfter(cursor, (b) => b.records);
  return Math.min(i, h.boundaries.length - 1);
}

export function boundaryAt(h: History, cursor: number): Boundary {
  return h.boundaries.get(boundaryIndexAt(h, cursor))!;
}

/** How many records an intervention at `cursor` would discard (0: it is at the frontier). */
export function discardsAt(h: History, cursor: number): number {
  return h.records.length - boundaryAt(h, cursor).records;
}

/** The index of the record with this id (ids are consecutive within a run), or null. */
export function indexOfId(h: History, id: number): number | null {
  const first = h.records.get(0)?.id ?? 1;
  const i = id - first;
  return i >= 0 && i < h.records.length && h.records.get(i)!.id === id ? i : null;
}

/** How many records come before simulation step `step` (the end of step − 1 with its inputs). */
export function recordsBeforeStep(h: History, step: number): number {
  if (step <= 0) return 0;
  const i = h.boundaries.lastAtOrBefore(step - 1, (b) => b.steps);
  return i < 0 ? 0 : h.boundaries.get(i)!.records;
}

/** Every input of the run: those applied, then those still to come. */
export function runInputs(h: History): readonly Input[] {
  return [...h.applied.slice().map((a) => a.input), ...(h.run?.pending ?? [])];
}

/** Record counts at the end of each simulation step (an input's records count in its step). */
export function stepEnds(h: History): number[] {
  const out: number[] = [];
  for (const b of h.boundaries) out[b.steps] = b.records;
  // A step with no boundary of its own (none in a live run) keeps the count before it.
  for (let i = 1; i < out.length; i++) out[i] ??= out[i - 1]!;
  return out;
}

/** The run at the boundary of `cursor`, re-made from the nearest run checkpoint (see branch). */
function replayTo(h: History, cursor: number): { run: Run; bi: number; b: Boundary; ci: number; units: number } {
  if (h.run === null) throw new Error('a recorded history cannot branch: it has no run');
  const bi = boundaryIndexAt(h, cursor);
  const b = h.boundaries.get(bi)!;
  const ci = h.runCheckpoints.lastAtOrBefore(bi, (c) => c.boundary);
  const cp = h.runCheckpoints.get(ci)!;
  const from = h.boundaries.get(cp.boundary)!;
  // Re-run from the checkpoint with exactly the inputs that were applied between it and the boundary.
  const kept = h.applied.slice(from.inputs, b.inputs).map((a) => a.input);
  let run: Run = withInputs({ ...cp.run, pending: [] }, kept, h.run.budget);
  let units = 0;
  for (let at = cp.boundary; at < bi; at++) {
    const a = advance(run);
    if (a.unit === null) throw new Error(`the run did not repeat itself: it ended ${bi - at} units before record ${b.records}`);
    run = a.run;
    units++;
  }
  if (run.sim.steps !== b.steps) throw new Error(`the run did not repeat itself: at record ${b.records} it is at step ${run.sim.steps}, not ${b.steps}`);
  return { run, bi, b, ci, units };
}

/**
 * The run at the boundary of `cursor` (where an intervention there would apply), without its
 * pending inputs; null for a recorded history. Re-runs at most a run checkpoint's worth of units.
 */
export function runAt(h: History, cursor: number): Run | null {
  return h.run === null ? null : { ...replayTo(h, cursor).run, pending: [] };
}

/**
 * The history in which `intervention` is applied at the boundary of `cursor`: the records before
 * that boundary are kept, the run is re-made there from the nearest run checkpoint, and every
 * input after the boundary is forgotten. `budget` becomes the run's budget.
 */
export function branch(h: History, cursor: number, intervention: Intervention, budget: RunBudget): History {
  const { run: at, bi, b, ci, units } = replayTo(h, cursor);
  const run = withInputs({ ...at, pending: [] }, [{ ...intervention, atStep: b.steps }], budget);
  const frontier = modelAt(h, b.records);
  // The new records after the boundary differ from h's: the branch gets its own seek memo.
  const memo = new SeekMemo();
  memo.last = { index: b.records, model: frontier };
  return {
    records: h.records.take(b.records),
    boundaries: h.boundaries.take(bi + 1),
    applied: h.applied.take(b.inputs),
    checkpoints: h.checkpoints.take(h.checkpoints.lastAtOrBefore(b.records, (c) => c.index) + 1),
    runCheckpoints: h.runCheckpoints.take(ci + 1),
    frontier,
    run,
    limits: h.limits,
    recomputed: h.recomputed + units,
    memo,
  };
}
