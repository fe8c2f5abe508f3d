/**
 * A store of intervals over record positions, opened and closed in record order, that answers
 * "which intervals cover record p" and "which overlap records a..b" in O(log n + hits + K).
 *
 * Data definition:
 *   interval k  = [from_k, to_k)   from: the record that opened it; to: the record that closed it, or
 *                 OPEN (-1) while it is open. It covers record p iff from ≤ p < to (or it is open).
 *   froms       ascending (intervals are opened in record order), so "opened in a..b" is a range.
 *   snapshots   every so often, the intervals open at a record: Snapshot = { at, open }. A snapshot
 *               is taken once at least max(SNAPSHOT_EVERY_RECORDS, open count) records have passed
 *               since the last, so snapshots hold O(records) numbers in all.
 * Rule (stabbing at p): the last snapshot at or before p, plus the intervals opened after it up to
 * p, filtered by "covers p". Extra work over the hits: at most the snapshot gap (the intervals opened
 * in it) and those of the snapshot closed in the gap.
 */
import { IntColumn } from './columns.ts';

/** A snapshot is taken at least this many records after the previous one. */
export const SNAPSHOT_EVERY_RECORDS = 256;
/** `to` of an interval still open. */
export const OPEN = -1;

interface Snapshot {
  readonly at: number;
  readonly open: Int32Array;
}

export class IntervalStore {
  readonly froms = new IntColumn();
  readonly tos = new IntColumn();
  private readonly openSet = new Set<number>();
  private readonly snapshots: Snapshot[] = [{ at: 0, open: new Int32Array(0) }];

  get length(): number {
    return this.froms.length;
  }

  /** Opens an interval at record `at`; returns its number. */
  open(at: number): number {
    this.froms.push(at);
    this.tos.push(OPEN);
    this.openSet.add(this.froms.length - 1);
    return this.froms.length - 1;
  }

  close(k: number, at: number): void {
    if (this.tos.get(k) !== OPEN) return;
    this.tos.set(k, at);
    this.openSet.delete(k);
  }

  isOpen(k: number): boolean {
    return this.tos.get(k) === OPEN;
  }

  /** Call once per record, before the record at `at` changes anything: takes a snapshot when due. */
  before(at: number): void {
    const last = this.snapshots[this.snapshots.length - 1]!;
    if (at - last.at >= Math.max(SNAPSHOT_EVERY_RECORDS, this.openSet.size)) {
      this.snapshots.push({ at, open: Int32Array.from(this.openSet) });
    }
  }

  /** The intervals covering record p, ascending. */
  coveringAt(p: number): number[] {
    return this.overlapping(p, p);
  }

  /** The intervals covering any record of a..b (inclusive), ascending. */
  overlapping(a: number, b: number): number[] {
    if (b < a) return [];
    const s = this.snapshotAtOrBefore(a);
    const out: number[] = [];
    for (const k of s.open) if (this.covers(k, a)) out.push(k);
    // Opened at or after the snapshot (so not in it, and numbered after it: the result stays
    // ascending): those before a must still cover a; those in a..b all overlap.
    const end = this.froms.firstAtLeast(b + 1);
    for (let k = this.froms.firstAtLeast(s.at); k < end; k++) {
      if (this.froms.get(k) >= a || this.covers(k, a)) out.push(k);
    }
    return out;
  }

  private covers(k: number, p: number): boolean {
    const to = this.tos.get(k);
    return this.froms.get(k) <= p && (to === OPEN || to > p);
  }

  private snapshotAtOrBefore(p: number): Snapshot {
    let lo = 0;
    let hi = this.snapshots.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.snapshots[mid]!.at <= p) lo = mid;
      else hi = mid - 1;
    }
    return this.snapshots[lo]!;
  }

  /** Bytes held by the columns and snapshots. */
  bytes(): number {
    return this.froms.bytes() + this.tos.bytes() + this.snapshots.reduce((n, s) => n + s.open.byteLength + 32, 0);
  }
}
