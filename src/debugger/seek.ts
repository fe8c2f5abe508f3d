/**
 * Seeking in a recorded run, shared by live and imported histories.
 *
 * Data definition: Checkpoint = { index, model } — the model after the first `index` records.
 * Rule: modelAt(n) folds from the nearest checkpoint at or before n, or from the last seek when
 * that is nearer, so moving the cursor by one folds one record; `recomputed` counts the records
 * folded (tests use it to check that seeking is incremental).
 */
import type { TraceRecord } from '../kernel/index.ts';
import { applyRecord, emptyModel, type Model } from './model.ts';

export interface Checkpoint {
  readonly index: number;
  readonly model: Model;
}

export class Seeker {
  recomputed = 0;
  private last: Checkpoint = { index: 0, model: emptyModel };

  modelAt(records: readonly TraceRecord[], checkpoints: readonly Checkpoint[], frontier: Model, index: number): Model {
    const n = Math.max(0, Math.min(index, records.length));
    if (n === records.length) return frontier;
    const cp = checkpointAtOrBefore(checkpoints, n);
    const from = this.last.index <= n && this.last.index >= cp.index ? this.last : cp;
    let model = from.model;
    for (let i = from.index; i < n; i++) model = applyRecord(model, records[i]!);
    this.recomputed += n - from.index;
    this.last = { index: n, model };
    return model;
  }

  /** Forget the last seek (after the records it was folded from were replaced). */
  reset(): void {
    this.last = { index: 0, model: emptyModel };
  }
}

function checkpointAtOrBefore(checkpoints: readonly Checkpoint[], n: number): Checkpoint {
  let lo = 0;
  let hi = checkpoints.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (checkpoints[mid]!.index <= n) lo = mid;
    else hi = mid - 1;
  }
  return checkpoints[lo]!;
}
