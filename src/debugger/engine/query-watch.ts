/**
 * Query watches (issue 15): a query's value at the cursor and how it changed over the run.
 *
 * Data definition: WatchValueView = { id, text, now, soFar, spark }
 *   now     the hits that cover the cursor's record (cursor − 1): a record hit at it, or an interval
 *           [from, to) with from ≤ cursor − 1 < to (open: to the end) — e.g. how many peers the
 *           listener knows of there
 *   soFar   the hits whose position is before the cursor (records up to the current one)
 *   spark   `now` at WATCH_SPARK_POINTS records spread evenly over the recording (a sparkline)
 * Rule: computed from the memo's hits (query-memo.ts), so a watch costs O(hits · log points) per
 * change of the history and O(hits) per cursor move.
 */
import type { Hit } from '../query/hits.ts';
import type { PlayerState } from './player.ts';

/** Points of a watch's sparkline. */
export const WATCH_SPARK_POINTS = 60;

export interface WatchValueView {
  readonly id: number;
  readonly text: string;
  readonly now: number;
  readonly soFar: number;
  /** `now` at records spark[i].at, spread evenly over the run. */
  readonly spark: readonly { readonly at: number; readonly value: number }[];
}

/** The records hit `h` covers: [from, end) (a record covers itself; an open interval, to `length`). */
function covered(h: Hit, length: number): { from: number; end: number } {
  if (h.kind === 'record') return { from: h.at, end: h.at + 1 };
  return { from: h.from, end: Math.max(h.from + 1, h.to ?? length) };
}

/** The index of the first of `xs` (ascending) at or after `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sparkline: how many hits cover each of the sample records (a difference array over them). */
export function sparkOf(hits: readonly Hit[], length: number, points = WATCH_SPARK_POINTS): WatchValueView['spark'] {
  if (length === 0) return [];
  const n = Math.min(points, length);
  const at = Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * length) / n));
  const diff = new Array<number>(n + 1).fill(0);
  for (const h of hits) {
    const { from, end } = covered(h, length);
    const a = lowerBound(at, from);
    const b = lowerBound(at, end);
    if (a < b) {
      diff[a]!++;
      diff[b]!--;
    }
  }
  let run = 0;
  return at.map((p, i) => {
    run += diff[i]!;
    return { at: p, value: run };
  });
}

/** The watches' values at the cursor; with no peeking (`hideFuture`), no sparkline (it shows the future). */
export function watchValues(s: PlayerState, hideFuture = false): readonly WatchValueView[] {
  const length = s.history.records.length;
  const current = s.cursor - 1;
  return s.queries.watches.map((w) => {
    const { hits } = s.queries.memo.hits(s.history, w.query);
    let now = 0;
    let soFar = 0;
    for (const h of hits) {
      const { from, end } = covered(h, length);
      if (from <= current) soFar++;
      if (from <= current && current < end) now++;
    }
    return { id: w.id, text: w.text, now, soFar, spark: hideFuture ? [] : sparkOf(hits, length) };
  });
}
