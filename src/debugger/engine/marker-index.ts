/**
 * The timeline's markers over a whole run, kept up to date as it grows: one code per record
 * (spawn, crash, presence, absence or none), bucketed on demand for a strip of any width.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { MARKER_KINDS, type MarkerBucket, type MarkerKind } from '../views/markers.ts';
import { logKind } from '../views/log.ts';
import { AppendLog, commonPrefix } from './append-log.ts';

const CODE: Partial<Record<string, number>> = { spawn: 1, crash: 2, presence: 3, absence: 4 };

export class MarkerIndex {
  private records: AppendLog<TraceRecord> = AppendLog.empty();
  private codes = new Uint8Array(1024);
  private n = 0;
  /** Bumped whenever records the codes were made from were replaced (a branch). */
  private generation = 0;
  private last: { n: number; buckets: number; generation: number; limit: number | null; out: MarkerBucket[] } | null = null;

  private update(records: AppendLog<TraceRecord>): void {
    const p = commonPrefix(this.records, records, this.n);
    if (p < this.n) this.generation++;
    this.n = p;
    this.records = records;
    if (records.length > this.codes.length) {
      const bigger = new Uint8Array(Math.max(records.length, this.codes.length * 2));
      bigger.set(this.codes.subarray(0, this.n));
      this.codes = bigger;
    }
    for (let i = this.n; i < records.length; i++) this.codes[i] = CODE[logKind(records.get(i)!)] ?? 0;
    this.n = records.length;
  }

  /**
   * The buckets for a strip of `buckets` (the same array while nothing changed), counting only the
   * records before `limit` (the cursor, when the future is hidden).
   */
  buckets(records: AppendLog<TraceRecord>, buckets: number, limit: number | null = null): readonly MarkerBucket[] {
    this.update(records);
    const l = this.last;
    if (l !== null && l.n === this.n && l.buckets === buckets && l.generation === this.generation && l.limit === limit) return l.out;
    const n = this.n;
    const size = Math.max(1, Math.ceil(n / Math.max(1, buckets)));
    const out: MarkerBucket[] = [];
    for (let from = 0; from < n; from += size) {
      const counts: Record<MarkerKind, number> = { spawn: 0, crash: 0, presence: 0, absence: 0 };
      const to = Math.min(n, from + size);
      const counted = limit === null ? to : Math.min(to, limit);
      for (let i = from; i < counted; i++) {
        const c = this.codes[i]!;
        if (c !== 0) counts[MARKER_KINDS[c - 1]!]++;
      }
      out.push({ from, to, counts });
    }
    this.last = { n, buckets, generation: this.generation, limit, out };
    return out;
  }
}
