/**
 * What the debugger UI reads from a run's history, whichever kind it is (issue 6):
 *   RunHistory       a live run: grown on demand from a simulation, open to interventions
 *   ImportedHistory  a native trace opened from a file: read-only, complete, never grows
 *
 * Data definition:
 *   HistoryView     the shared read API: records, length, stepEnds, inputs, status, canGrow,
 *                   modelAt (with checkpoints), indexOfId, and grow/growAll (no-ops when read-only)
 *   SessionHistory  RunHistory | ImportedHistory: what a session holds. `canGrow` is the false
 *                   literal on an imported history, so code that grows or intervenes narrows to
 *                   RunHistory with isLiveHistory (or through the session's canGrow).
 */
import type { TraceRecord } from '../kernel/index.ts';
import type { AppliedInput, RunHistory } from './history.ts';
import type { ImportedHistory } from './imported-history.ts';
import type { Model } from './model.ts';

export interface HistoryView {
  readonly records: readonly TraceRecord[];
  readonly length: number;
  /** Record counts at the end of each simulation step (the first entry is the start). */
  readonly stepEnds: readonly number[];
  /** The inputs (interventions) that drove the run, in the order they were applied. */
  readonly inputs: readonly AppliedInput[];
  readonly status: string;
  readonly canGrow: boolean;
  /** The model after the first `index` records. */
  modelAt(index: number): Model;
  /** The index of the record with this id, or null. */
  indexOfId(id: number): number | null;
  grow(targetRecords: number, maxSteps: number): void;
  growAll(maxSteps: number): void;
}

export type SessionHistory = RunHistory | ImportedHistory;

/** Is this a live run (one that can grow and take interventions)? */
export function isLiveHistory(h: SessionHistory): h is RunHistory {
  return h.status !== 'imported';
}

/** The live run, for code that only a live session reaches (an imported trace has no simulation). */
export function liveHistory(h: SessionHistory): RunHistory {
  if (!isLiveHistory(h)) throw new Error('an imported trace has no simulation: it is read-only');
  return h;
}
