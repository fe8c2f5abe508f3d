/**
 * An append-only sequence as an immutable value: the records, boundaries and checkpoints of a run.
 *
 * Data definition:
 *   AppendLog<T> = { store, length }   the value is the first `length` items of a shared store
 * Rules:
 *   - A value never changes: `get(i)` for i < length gives the same item forever.
 *   - push on the value that ends the store appends in place (O(1)); on any other value (one cut
 *     short by `take`, or an older one that someone else has pushed past) it first copies its own
 *     items into a fresh store, so the values that share the old store never see the new items.
 *     A run's history grows by pushing on its newest value, so copying happens only when a run
 *     branches; test/debugger/append-log.test.ts checks it against plain array copies.
 */

interface Store<T> {
  readonly items: T[];
}

export class AppendLog<T> implements Iterable<T> {
  private constructor(
    private readonly store: Store<T>,
    readonly length: number,
  ) {}

  static empty<T>(): AppendLog<T> {
    return new AppendLog<T>({ items: [] }, 0);
  }

  static of<T>(items: readonly T[]): AppendLog<T> {
    return new AppendLog<T>({ items: items.slice() }, items.length);
  }

  get(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.store.items[i] : undefined;
  }

  last(): T | undefined {
    return this.get(this.length - 1);
  }

  /** A log with `items` after this one's. */
  push(...items: readonly T[]): AppendLog<T> {
    if (items.length === 0) return this;
    let store = this.store;
    if (store.items.length !== this.length) store = { items: store.items.slice(0, this.length) };
    for (const x of items) store.items.push(x);
    return new AppendLog(store, this.length + items.length);
  }

  /** The first `n` items (sharing the store: reading is free, pushing on it copies). */
  take(n: number): AppendLog<T> {
    const k = Math.max(0, Math.min(this.length, Math.floor(n)));
    return k === this.length ? this : new AppendLog(this.store, k);
  }

  /** Items from..to (exclusive), as a fresh array. */
  slice(from = 0, to = this.length): T[] {
    return this.store.items.slice(Math.max(0, from), Math.min(this.length, to));
  }

  /**
   * The items as an array, without copying when it can: for a synchronous read only (a later push
   * on this log may lengthen the array it returns). Views that scan records take it.
   */
  readNow(): readonly T[] {
    const items = this.store.items;
    return items.length === this.length ? items : items.slice(0, this.length);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.store.items[i]!;
  }

  /** The greatest index whose item is ≤ `key` by `keyOf` (items ascending by key), or -1. */
  lastAtOrBefore(key: number, keyOf: (x: T) => number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keyOf(this.store.items[mid]!) <= key) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The smallest index whose item is ≥ `key` by `keyOf` (items ascending by key), or length. */
  firstAtOrAfter(key: number, keyOf: (x: T) => number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOf(this.store.items[mid]!) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * How many leading items two logs share, by identity, looking no further than `upTo`. Logs of one
 * history share a prefix and differ after it (a branch makes new items), so the answer is found by
 * bisection.
 */
export function commonPrefix<T>(a: AppendLog<T>, b: AppendLog<T>, upTo = Number.POSITIVE_INFINITY): number {
  const max = Math.min(upTo, a.length, b.length);
  const same = (k: number): boolean => k === 0 || a.get(k - 1) === b.get(k - 1);
  if (same(max)) return max;
  let lo = 0;
  let hi = max - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (same(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
