/**
 * Tests' handle on a run's history (src/debugger/engine/history.ts): a mutable box around the
 * immutable History value, with the conveniences tests want (records as an array, grow to the end).
 */
import type { TraceRecord } from '../../src/kernel/index.ts';
import { makeRun, type Input, type RunBudget } from '../../src/kernel/ground/run.ts';
import type { SimStep } from '../../src/kernel/ground/sim.ts';
import {
  DEFAULT_HISTORY_LIMITS, canGrow, grow, indexOfId, modelAt, seekWork, startHistory, stepEnds, type History, type HistoryLimits,
} from '../../src/debugger/engine/history.ts';
import type { Model } from '../../src/debugger/model.ts';

export class TestHistory {
  h: History;

  constructor(start: SimStep, limits: Partial<HistoryLimits> = {}, inputs: readonly Input[] = [], budget: RunBudget = { maxSteps: 1_000_000, untilMs: null }) {
    this.h = startHistory(makeRun(start, inputs, budget), start.records, { ...DEFAULT_HISTORY_LIMITS, ...limits });
  }

  get records(): readonly TraceRecord[] {
    return this.h.records.readNow();
  }
  get length(): number {
    return this.h.records.length;
  }
  get stepEnds(): number[] {
    return stepEnds(this.h);
  }
  get canGrow(): boolean {
    return canGrow(this.h);
  }
  /** Records folded by seeks so far. */
  get recomputed(): number {
    return seekWork(this.h);
  }
  modelAt(index: number): Model {
    return modelAt(this.h, index);
  }
  indexOfId(id: number): number | null {
    return indexOfId(this.h, id);
  }
  grow(targetRecords: number, maxUnits: number): void {
    this.h = grow(this.h, maxUnits, targetRecords);
  }
  /** Grows until the run is over (or `maxUnits` more units). */
  growAll(maxUnits = Number.MAX_SAFE_INTEGER): this {
    this.h = grow(this.h, maxUnits);
    return this;
  }
}
