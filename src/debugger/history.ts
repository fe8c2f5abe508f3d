/**
 * Time travel (architecture habit 8): the records of a run, model checkpoints, and seeking.
 *
 * Data definition:
 *   RunHistory holds the simulation's frontier (the latest Simulation value), every trace record
 *   so far, the record count at the end of each simulation step, and a checkpoint of the Model
 *   every `checkpointEvery` records. The cursor is a record count: modelAt(n) is the world after
 *   the first n records.
 * Rule: seeking folds records from the nearest checkpoint at or before n (or from the last seek,
 * when that is nearer), so stepping back and forth costs O(checkpointEvery) at most, and
 * `recomputed` counts the records folded, for tests. A run never grows past maxRecords.
 */
import type { TraceRecord } from '../kernel/index.ts';
import { runSimulation, simStep, type SimStatus, type SimStep, type Simulation } from '../kernel/ground/sim.ts';
import { applyRecord, emptyModel, type Model } from './model.ts';

export interface HistoryOptions {
  readonly checkpointEvery: number;
  readonly maxRecords: number;
}

export const DEFAULT_HISTORY: HistoryOptions = { checkpointEvery: 256, maxRecords: 5_000_000 };

export class RunHistory {
  private sim: Simulation;
  private readonly recordList: TraceRecord[] = [];
  private readonly stepEndList: number[] = [];
  private readonly checkpoints: { index: number; model: Model }[] = [{ index: 0, model: emptyModel }];
  private frontier: Model = emptyModel;
  private lastSeek: { index: number; model: Model } = { index: 0, model: emptyModel };
  /** Records folded by seeks so far (tests use it to check that seeking is incremental). */
  recomputed = 0;

  constructor(start: SimStep, readonly options: HistoryOptions = DEFAULT_HISTORY) {
    this.sim = start.sim;
    this.append(start.records);
    this.stepEndList.push(this.recordList.length);
  }

  get records(): readonly TraceRecord[] {
    return this.recordList;
  }
  get length(): number {
    return this.recordList.length;
  }
  /** Record counts at the end of each simulation step (the first entry is the start). */
  get stepEnds(): readonly number[] {
    return this.stepEndList;
  }
  get simulation(): Simulation {
    return this.sim;
  }
  get status(): SimStatus | 'full' {
    return this.recordList.length >= this.options.maxRecords && this.sim.status === 'running' ? 'full' : this.sim.status;
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

  /** Runs at most `maxSteps` simulation steps, stopping early once `targetRecords` exist. */
  grow(targetRecords: number, maxSteps: number): void {
    for (let i = 0; i < maxSteps && this.canGrow && this.recordList.length < targetRecords; i++) {
      const s = simStep(this.sim);
      this.sim = s.sim;
      this.append(s.records);
      this.stepEndList.push(this.recordList.length);
    }
  }

  /** Runs the simulation to its end (or the limits), for headless use. */
  growAll(maxSteps: number): void {
    this.sim = runSimulation(this.sim, { maxSteps: this.sim.steps + maxSteps }, (rs) => {
      this.append(rs);
      this.stepEndList.push(this.recordList.length);
    });
  }

  /** The model after the first `index` records. */
  modelAt(index: number): Model {
    const n = Math.max(0, Math.min(index, this.recordList.length));
    if (n === this.recordList.length) return this.frontier;
    const cp = this.checkpointAtOrBefore(n);
    const from = this.lastSeek.index <= n && this.lastSeek.index >= cp.index ? this.lastSeek : cp;
    let model = from.model;
    for (let i = from.index; i < n; i++) model = applyRecord(model, this.recordList[i]!);
    this.recomputed += n - from.index;
    this.lastSeek = { index: n, model };
    return model;
  }

  private checkpointAtOrBefore(n: number): { index: number; model: Model } {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid]!.index <= n) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo]!;
  }

  /** The index of the record with this id (ids are consecutive within a run). */
  indexOfId(id: number): number | null {
    const first = this.recordList[0]?.id ?? 1;
    const i = id - first;
    return i >= 0 && i < this.recordList.length && this.recordList[i]!.id === id ? i : null;
  }
}
