/**
 * Timeline markers: where in the run spawns, crashes, presence and absence happen, bucketed so
 * the scrubber can draw a strip of any width.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { logKind } from './log.ts';

import type { MarkerKind } from './kinds.ts';

export { MARKER_KINDS, type MarkerKind } from './kinds.ts';

export interface MarkerBucket {
  readonly from: number;
  readonly to: number;
  readonly counts: Readonly<Record<MarkerKind, number>>;
}

export function timelineMarkers(records: readonly TraceRecord[], buckets: number): MarkerBucket[] {
  const n = records.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, buckets)));
  const out: MarkerBucket[] = [];
  for (let from = 0; from < n; from += size) {
    const counts: Record<MarkerKind, number> = { spawn: 0, crash: 0, presence: 0, absence: 0 };
    for (let i = from; i < Math.min(n, from + size); i++) {
      const k = logKind(records[i]!);
      if (k === 'spawn' || k === 'crash' || k === 'presence' || k === 'absence') counts[k]++;
    }
    out.push({ from, to: Math.min(n, from + size), counts });
  }
  return out;
}
