/**
 * What a query finds. Data definition:
 *   Hit = a record (its index `at`) or an interval of a sort (its number `k` in the index, [from, to)),
 *         with the bindings under which it matched. A hit's position is its record, or the record
 *         that opened its interval; hits come in order of position (then number).
 */
import type { IntervalSort } from './ast.ts';
import type { Bindings } from './match.ts';

export type Hit =
  | { readonly kind: 'record'; readonly at: number; readonly bindings: Bindings }
  | { readonly kind: IntervalSort; readonly k: number; readonly from: number; readonly to: number | null; readonly bindings: Bindings };

export const positionOf = (h: Hit): number => (h.kind === 'record' ? h.at : h.from);

/** The first index of `hits` (ascending by `key`) whose key is ≥ x, or hits.length. */
export function firstAtLeast(hits: readonly Hit[], x: number, key: (h: Hit) => number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(hits[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
