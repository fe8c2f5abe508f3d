/**
 * The player's cache of query answers: a QueryIndex kept in step with the history it is given, and
 * each query's hits over that history (docs/queries.md, "Breakpoints in the player").
 *
 * Data definition: QueryMemo = { queries (QueryIndex), records (the history's records the cached
 * answers are for), found (per breakpoint query: its hits and the cursors showing them), asked
 * (the query bar's last answer, by text) }.
 * Rule: a memo, like the history's AppendLog sharing its array: what it answers depends only on the
 * history it is asked about, so states that share it stay values. Another history (growth, a
 * branch, another run) drops the cached answers; the index itself is fed incrementally or rebuilt.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import type { Query } from '../query/ast.ts';
import { answer } from '../query/evaluate.ts';
import { positionOf, type Hit } from '../query/hits.ts';
import { QueryIndex, type Asked } from '../query/query-index.ts';
import type { QuerySource } from '../query/views.ts';
import type { AppendLog } from './append-log.ts';
import type { History } from './history.ts';

/** A query's hits over a history, and the distinct cursors that show them (ascending). */
export interface Found {
  readonly hits: readonly Hit[];
  readonly cursors: readonly number[];
}

export class QueryMemo {
  private readonly queries = new QueryIndex();
  private records: AppendLog<TraceRecord> | null = null;
  private found = new Map<Query, Found>();
  private asked = new Map<string, Asked>();

  private fresh(h: History): void {
    if (h.records === this.records) return;
    this.records = h.records;
    this.found = new Map();
    this.asked = new Map();
  }

  source(h: History): QuerySource {
    return this.queries.source(h);
  }

  /** The query bar's answer: the query's head applied, or its error with the column. */
  ask(h: History, text: string): Asked {
    this.fresh(h);
    let a = this.asked.get(text);
    if (a === undefined) {
      a = this.queries.ask(h, text);
      this.asked.set(text, a);
    }
    return a;
  }

  /**
   * Every hit of `q` (whatever its head), and the cursors showing them, ascending: a hit at
   * position p is shown by cursor p + 1.
   */
  hits(h: History, q: Query): Found {
    this.fresh(h);
    let f = this.found.get(q);
    if (f === undefined) {
      const hits = answer(this.queries.source(h), { head: 'all', expr: q.expr }).hits;
      const cursors: number[] = [];
      for (const hit of hits) {
        const at = positionOf(hit) + 1;
        if (cursors.length === 0 || cursors[cursors.length - 1]! !== at) cursors.push(at);
      }
      f = { hits, cursors };
      this.found.set(q, f);
    }
    return f;
  }
}

/** The first of `sorted` (ascending) greater than `x`, or null. */
export function firstAfter(sorted: readonly number[], x: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo < sorted.length ? sorted[lo]! : null;
}

/** The last of `sorted` (ascending) less than `x`, or null. */
export function lastBefore(sorted: readonly number[], x: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1]! : null;
}
