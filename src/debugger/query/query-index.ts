/**
 * The query index kept in step with a History (the engine's: docs/engine.md), and what a face asks
 * of it: a query's hits over the whole recording, and the next hit from a cursor (a breakpoint).
 *
 * Data definition: QueryIndex = { index, records }   the PresenceIndex of the records it has seen
 * Rules:
 *   - sync(history) feeds what the history grew by, a unit at a time with its step (from the
 *     history's boundaries); when the history's records are no longer an extension of what it saw
 *     (a branch, another run), it indexes the history again from the start.
 *   - Hits are positions: a record's index, an interval's [from, to). A cursor is a record count
 *     (the player's: the current record is cursor − 1), so the cursor showing a hit at p is p + 1.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { AppendLog, commonPrefix } from '../engine/append-log.ts';
import type { History } from '../engine/history.ts';
import { QueryError, type Query } from './ast.ts';
import { answer, type Answer } from './evaluate.ts';
import { firstAtLeast, positionOf, type Hit } from './hits.ts';
import { LiveQuery } from './live.ts';
import { parseQuery } from './parser.ts';
import { printQuery } from './print.ts';
import { PresenceIndex } from './presence-index.ts';
import type { QuerySource } from './views.ts';

/** How many breakpoints' hits are kept up to date at once (nextHit): the least recently asked goes. */
export const MAX_LIVE_QUERIES = 16;

/** A hit for markers and a results table: record indexes; a record's `to` is itself, an open interval's null. */
export interface HitSpan {
  readonly kind: Hit['kind'];
  readonly from: number;
  readonly to: number | null;
}

export type Asked =
  | { readonly ok: false; readonly column: number; readonly error: string }
  | { readonly ok: true; readonly answer: Answer; readonly hits: readonly HitSpan[] };

export class QueryIndex {
  private index = new PresenceIndex();
  private records: AppendLog<TraceRecord> = AppendLog.empty();
  /** The breakpoints' hits, kept up to date (nextHit), least recently asked first. */
  private readonly live = new Map<string, LiveQuery>();
  /** How many times the history was indexed from the start (tests check growth does not). */
  rebuilds = 0;

  /** The index of `h`'s records, brought up to date. */
  sync(h: History): PresenceIndex {
    const seen = this.records.length;
    if (commonPrefix(this.records, h.records, seen) < seen) {
      this.index = new PresenceIndex();
      this.records = AppendLog.empty();
      this.rebuilds++;
    }
    const from = this.records.length;
    const all = h.records.readNow();
    // Each unit's records with its step: the boundaries are the counts after each unit.
    let b = h.boundaries.firstAtOrAfter(from + 1, (x) => x.records);
    let at = from;
    while (at < h.records.length) {
      const boundary = h.boundaries.get(Math.min(b, h.boundaries.length - 1));
      const end = boundary === undefined || boundary.records <= at ? h.records.length : boundary.records;
      this.index.feed(all.slice(at, end), boundary?.steps ?? 0);
      at = end;
      b++;
    }
    this.records = h.records;
    return this.index;
  }

  source(h: History): QuerySource {
    const index = this.sync(h);
    return { index, record: (i) => h.records.get(i)! };
  }

  /** A query's answer over the whole history, or the problem with its text (with its column). */
  ask(h: History, text: string): Asked {
    let q: Query;
    try {
      q = parseQuery(text);
    } catch (e) {
      if (e instanceof QueryError) return { ok: false, column: e.column, error: e.sentence };
      throw e;
    }
    const a = answer(this.source(h), q);
    return { ok: true, answer: a, hits: a.hits.map(spanOf) };
  }

  /**
   * The cursor that shows the next hit of `query` after `cursor` (forward) or before it
   * (backward), or null: play and step stop there. The query's hits are kept (a LiveQuery per
   * expression, the last MAX_LIVE_QUERIES asked): asking again costs what the history grew by.
   */
  nextHit(h: History, query: Query, cursor: number, direction: 'forward' | 'backward'): number | null {
    const src = this.source(h);
    // Keyed by the printed expression: the same breakpoint parsed again is the same query.
    const key = printQuery({ head: 'all', expr: query.expr });
    let live = this.live.get(key);
    if (live === undefined) {
      live = new LiveQuery(query.expr);
      if (this.live.size >= MAX_LIVE_QUERIES) this.live.delete(this.live.keys().next().value!);
    } else this.live.delete(key);
    this.live.set(key, live);
    live.update(src);
    const hits = live.hits();
    // Hits are in order of position; the cursor showing the hit at p is p + 1.
    if (direction === 'forward') {
      const i = firstAtLeast(hits, cursor, positionOf);
      return i < hits.length ? positionOf(hits[i]!) + 1 : null;
    }
    const i = firstAtLeast(hits, cursor - 1, positionOf);
    return i > 0 ? positionOf(hits[i - 1]!) + 1 : null;
  }
}

const spanOf = (h: Hit): HitSpan => (h.kind === 'record' ? { kind: h.kind, from: h.at, to: h.at } : { kind: h.kind, from: h.from, to: h.to });
