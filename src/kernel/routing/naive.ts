/**
 * The naive reference index, faithful to os2: every endpoint of the requested orientation is a
 * candidate (O(E) per query). Kept as the oracle that the trie index is tested against.
 */
import { OrderedMap } from 'immutable';
import type { Orientation } from '../role.ts';
import type { Term } from '../term.ts';
import { byPidSeq, entryKey, type RouteEntry, type RoutingIndex } from './types.ts';

type Table = OrderedMap<string, RouteEntry>;

class NaiveIndex implements RoutingIndex {
  readonly kind = 'naive' as const;
  /** Every entry is a candidate: each must be checked. */
  readonly exactForGround = false;
  constructor(
    private readonly publishers: Table,
    private readonly subscribers: Table,
  ) {}

  get size(): number {
    return this.publishers.size + this.subscribers.size;
  }

  add(e: RouteEntry): RoutingIndex {
    const key = entryKey(e.pid, e.name);
    return e.orientation === 'publisher'
      ? new NaiveIndex(this.publishers.set(key, e), this.subscribers)
      : new NaiveIndex(this.publishers, this.subscribers.set(key, e));
  }

  remove(e: RouteEntry): RoutingIndex {
    const key = entryKey(e.pid, e.name);
    return e.orientation === 'publisher'
      ? new NaiveIndex(this.publishers.delete(key), this.subscribers)
      : new NaiveIndex(this.publishers, this.subscribers.delete(key));
  }

  candidates(orientation: Orientation, _topic: Term): readonly RouteEntry[] {
    return [...(orientation === 'publisher' ? this.publishers : this.subscribers).values()].sort(byPidSeq);
  }
}

export const emptyNaiveIndex = (): RoutingIndex => new NaiveIndex(OrderedMap(), OrderedMap());
