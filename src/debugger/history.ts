/**
 * Time travel (architecture habit 8): the records of a run, model checkpoints, seeking, and the
 * user's interventions (issue 7) recorded as inputs so that the run stays replayable.
 *
 * Data definition:
 *   RunHistory holds the simulation's frontier (the latest Simulation value), every trace record
 *   so far, the record count at the end of each simulation step, and a checkpoint of the Model
 *   every `checkpointEvery` records. The cursor is a record count: modelAt(n) is the world after
 *   the first n records.
 *   AppliedInput = { input, atRecord, records }   an Input (src/kernel/ground/inputs.ts) applied after
 *                  simulation step `input.atStep`; its records are records[atRecord … atRecord + records)
 *                  and belong to step `input.atStep` (stepEnds, and the trace exporter, count them there)
 *   scheduled inputs: inputs given to the constructor, applied as the run grows, each as soon as the
 *                  simulation has made `atStep` steps (before the next step). A run grown from the
 *                  same start with the same inputs is the same run, record for record.
 * Rules:
 *   - Seeking folds records from the nearest checkpoint at or before n (or from the last seek, when
 *     that is nearer), so stepping back and forth costs O(checkpointEvery) at most, and `recomputed`
 *     counts the records folded, for tests. A run never grows past maxRecords.
 *   - An intervention at the frontier is `applyInput`. One in the past is `branch(cursor, input)`: a
 *     new history from the same start value (simulations are immutable values, so the start can be
 *     grown again) with the inputs applied before the cursor's boundary and then the new input; the
 *     future after that boundary is gone. The boundary of a cursor is the first point at or after it
 *     between two steps or inputs (inputs are applied between steps, never inside one).
 */
import type { TraceRecord } from '../kernel/index.ts';
import type { Input, Intervention } from '../kernel/ground/inputs.ts';
import { applyInput, simStep, type SimStatus, type SimStep, type Simulation } from '../kernel/ground/sim.ts';
import { applyRecord, emptyModel, type Model } from './model.ts';
import { Seeker, type Checkpoint } from './seek.ts';

export interface HistoryOptions {
  readonly checkpointEvery: number;
  readonly maxRecords: number;
}

export const DEFAULT_HISTORY: HistoryOptions = { checkpointEvery: 256, maxRecords: 5_000_000 };

/** An input as applied: where its records are in the run. */
export interface AppliedInput {
  readonly input: Input;
  /** Records before it: its first record is records[atRecord]. */
  readonly atRecord: number;
  /** How many records applying it produced. */
  readonly records: number;
}

/** A point between two steps or inputs: `records` records exist, `steps` steps and `inputs` inputs are done. */
export interface Boundary {
  readonly records: number;
  readonly steps: number;
  readonly inputs: number;
}

export class RunHistory {
  private sim: Simulation;
  private readonly startStep: SimStep;
  private readonly recordList: TraceRecord[] = [];
  private readonly stepEndList: number[] = [];
  private readonly boundaryList: Boundary[] = [];
  private readonly applied: AppliedInput[] = [];
  private readonly pending: Input[];
  private readonly checkpoints: Checkpoint[] = [{ index: 0, model: emptyModel }];
  private frontier: Model = emptyModel;
  private readonly seeker = new Seeker();

  constructor(
    start: SimStep,
    readonly options: HistoryOptions = DEFAULT_HISTORY,
    scheduled: readonly Input[] = [],
  ) {
    this.startStep = start;
    this.sim = start.sim;
    this.pending = [...scheduled].sort((a, b) => a.atStep - b.atStep); // stable: same-step inputs keep their order
    this.append(start.records);
    this.stepEndList.push(this.recordList.length);
    this.mark();
    this.applyDue();
  }

  get records(): readonly TraceRecord[] {
    return this.recordList;
  }
  get length(): number {
    return this.recordList.length;
  }
  /**
   * Record counts at the end of each simulation step (the first entry is the start). An entry equal
   * to the one before it is a call that only changed the status; an input's records are counted in
   * the step it was applied after.
   */
  get stepEnds(): readonly number[] {
    return this.stepEndList;
  }
  /** The inputs applied so far, in the order they were applied (for the trace header). */
  get inputs(): readonly AppliedInput[] {
    return this.applied;
  }
  /** Scheduled inputs not applied yet. */
  get pendingInputs(): readonly Input[] {
    return this.pending;
  }
  /** Every point between two steps or inputs, ascending. */
  get boundaries(): readonly Boundary[] {
    return this.boundaryList;
  }
  get simulation(): Simulation {
    return this.sim;
  }
  /** The simulation the run started from (an immutable value: it can be grown again). */
  get start(): SimStep {
    return this.startStep;
  }
  get status(): SimStatus | 'full' {
    if (this.recordList.length >= this.options.maxRecords && this.sim.status === 'running') return 'full';
    // An input still to come wakes a run that has stopped.
    return this.sim.status !== 'running' && this.nextDue() !== null ? 'running' : this.sim.status;
  }
  get canGrow(): boolean {
    return this.status === 'running';
  }

  private append(records: readonly TraceRecord[]): void {
    for (const r of records) {
      this.recordList.push(r);
      this.frontier = applyRecord(this.frontier, r);
      if (this.recordList.length % this.options.checkpointEvery === 0) {
        this.checkpoints.push({ index: this.recordList.length, model: this.frontier });
      }
    }
  }

  private mark(): void {
    const last = this.boundaryList.at(-1);
    const b: Boundary = { records: this.recordList.length, steps: this.sim.steps, inputs: this.applied.length };
    if (last !== undefined && last.records === b.records && last.steps === b.steps && last.inputs === b.inputs) return;
    this.boundaryList.push(b);
  }

  /** The next scheduled input, if the run has reached its step. */
  private nextDue(): Input | null {
    const next = this.pending[0];
    return next !== undefined && next.atStep <= this.sim.steps ? next : null;
  }

  /** Applies the scheduled inputs whose step has come. */
  private applyDue(): void {
    for (let due = this.nextDue(); due !== null; due = this.nextDue()) {
      this.pending.shift();
      this.applyNow(due);
    }
  }

  private applyNow(input: Intervention): AppliedInput {
    const s = applyInput(this.sim, input);
    const at = this.recordList.length;
    this.sim = s.sim;
    this.append(s.records);
    // The records belong to the step just made: drop status-only entries, extend the last step.
    while (this.stepEndList.length > 1 && this.stepEndList.at(-1) === this.stepEndList.at(-2)) this.stepEndList.pop();
    this.stepEndList[this.stepEndList.length - 1] = this.recordList.length;
    const applied: AppliedInput = { input: { ...input, atStep: this.sim.steps }, atRecord: at, records: s.records.length };
    this.applied.push(applied);
    this.mark();
    return applied;
  }

  /** Applies an intervention at the frontier (after the last step made), and records it. */
  applyInput(input: Intervention): AppliedInput {
    return this.applyNow(input);
  }

  /** Runs at most `maxSteps` simulation steps, stopping early once `targetRecords` exist. */
  grow(targetRecords: number, maxSteps: number): void {
    for (let i = 0; i < maxSteps && this.canGrow && this.recordList.length < targetRecords; i++) {
      if (this.sim.status !== 'running') break; // only an input can wake it, and those are applied below
      const s = simStep(this.sim);
      this.sim = s.sim;
      this.append(s.records);
      this.stepEndList.push(this.recordList.length);
      this.mark();
      this.applyDue();
    }
  }

  /** Runs the simulation to its end (or `maxSteps` more steps: status limit), for headless use. */
  growAll(maxSteps: number): void {
    const limit = this.sim.steps + maxSteps;
    while (this.sim.status === 'running') {
      if (this.sim.steps >= limit) {
        this.sim = { ...this.sim, status: 'limit' };
        return;
      }
      const s = simStep(this.sim);
      this.sim = s.sim;
      this.append(s.records);
      this.stepEndList.push(this.recordList.length);
      this.mark();
      this.applyDue();
    }
  }

  /** The boundary at or after record count `cursor` (the frontier at most). */
  boundaryAt(cursor: number): Boundary {
    const list = this.boundaryList;
    let lo = 0;
    let hi = list.length - 1;
    if (list[hi]!.records < cursor) return list[hi]!;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.records >= cursor) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]!;
  }

  /** Would an intervention at `cursor` discard records (is its boundary before the frontier)? */
  discardsAt(cursor: number): number {
    return this.recordList.length - this.boundaryAt(cursor).records;
  }

  /**
   * A new history that re-runs this one from its start with the inputs applied before the boundary
   * at `cursor`, then `input` at that boundary. It is grown lazily (grow/growAll): its first
   * `boundaryAt(cursor).records` records are this history's, and the next ones are the input's.
   */
  branch(cursor: number, input: Intervention): { history: RunHistory; boundary: Boundary } {
    const b = this.boundaryAt(cursor);
    const kept = this.applied.slice(0, b.inputs).map((a) => a.input);
    const history = new RunHistory(this.startStep, this.options, [...kept, { ...input, atStep: b.steps }]);
    return { history, boundary: b };
  }

  /** The model after the first `index` records. */
  /** Records folded by seeks so far (tests use it to check that seeking is incremental). */
  get recomputed(): number {
    return this.seeker.recomputed;
  }

  /** The model after the first `index` records. */
  modelAt(index: number): Model {
    return this.seeker.modelAt(this.recordList, this.checkpoints, this.frontier, index);
  }

  /** The index of the record with this id (ids are consecutive within a run). */
  indexOfId(id: number): number | null {
    const first = this.recordList[0]?.id ?? 1;
    const i = id - first;
    return i >= 0 && i < this.recordList.length && this.recordList[i]!.id === id ? i : null;
  }
}
