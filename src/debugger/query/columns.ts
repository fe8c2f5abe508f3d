/**
 * Growable typed columns: one number per record (or per interval), appended in order, cheap to
 * keep for a million records (the query index's per-record facts, src/debugger/query/record-facts.ts).
 *
 * Data definition:
 *   IntColumn    = Int32Array store + length      positions, process numbers, steps
 *   FloatColumn  = Float64Array store + length    virtual times
 * Rule: push appends (doubling the store when full); a value may be overwritten (set), never removed.
 */

/** A column starts with room for this many values and doubles when full. */
const INITIAL_CAPACITY = 1024;

abstract class Column<A extends Int32Array | Float64Array | Uint8Array> {
  protected store: A;
  length = 0;

  constructor(make: (n: number) => A) {
    this.store = make(INITIAL_CAPACITY);
  }

  protected abstract grow(n: number): A;

  push(x: number): void {
    if (this.length === this.store.length) {
      const bigger = this.grow(this.store.length * 2);
      bigger.set(this.store);
      this.store = bigger;
    }
    this.store[this.length++] = x;
  }

  get(i: number): number {
    return this.store[i]!;
  }

  set(i: number, x: number): void {
    this.store[i] = x;
  }

  last(): number | undefined {
    return this.length === 0 ? undefined : this.store[this.length - 1];
  }

  /** The values as a fresh array (tests). */
  toArray(): number[] {
    return Array.from(this.store.subarray(0, this.length));
  }

  /** Bytes held (the bench's bytes per record). */
  bytes(): number {
    return this.store.byteLength;
  }

  /** The smallest index whose value is ≥ x (values ascending), or length. */
  firstAtLeast(x: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.store[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class IntColumn extends Column<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }

  protected grow(n: number): Int32Array {
    return new Int32Array(n);
  }
}

export class ByteColumn extends Column<Uint8Array> {
  constructor() {
    super((n) => new Uint8Array(n));
  }

  protected grow(n: number): Uint8Array {
    return new Uint8Array(n);
  }
}

export class FloatColumn extends Column<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }

  protected grow(n: number): Float64Array {
    return new Float64Array(n);
  }
}
