/**
 * Breakpoints and the query bar in the player (issue 15): a breakpoint is a query; play, step over
 * and the hit moves stop where one of the enabled ones has a hit; "run until" grows the live run
 * until the first hit after the cursor, within a fuel limit.
 *
 * Data definition:
 *   Queries    = { breakpoints, watches, nextId, asked, stopped, memo }
 *     breakpoints  each { id, text, query (parsed), enabled }, in the order added (at most MAX_BREAKPOINTS)
 *     watches      queries whose value at the cursor a face shows (query-watch.ts), at most MAX_QUERY_WATCHES
 *     asked        the query bar's question (its answer is in the frame: query-section.ts), or null
 *     stopped      the breakpoint and cursor the last stop was at (a face says "stopped at …"), or null
 *     memo         the answers' cache (query-memo.ts)
 *   A hit at position p (a record, or the first record of an interval) is shown by cursor p + 1.
 * Rules:
 *   - next-hit / previous-hit move to the nearest hit of any enabled breakpoint after / before the
 *     cursor, over the history recorded so far; none: a notice, the cursor stays.
 *   - run-until is a job: it grows the run until a hit lies after the cursor (and lands there), or
 *     RUN_UNTIL_FUEL_RECORDS records were added without one, or the run is over (a notice each).
 *   - A breakpoint text that does not parse is refused with a notice naming the column.
 */
import { assertNever } from '../../kernel/values.ts';
import { plural } from '../views/plural.ts';
import { QueryError, type Query } from '../query/ast.ts';
import { parseQuery } from '../query/parser.ts';
import { canGrow, grow } from './history.ts';
import { movedTo, moveTo, notify } from './moves.ts';
import type { PlayerState } from './player.ts';
import { firstAfter, lastBefore, QueryMemo } from './query-memo.ts';

/** A session holds at most this many breakpoints. */
export const MAX_BREAKPOINTS = 20;
/** A session holds at most this many query watches. */
export const MAX_QUERY_WATCHES = 8;
/** A breakpoint's query is at most this many characters (a trace header's are checked against it). */
export const MAX_QUERY_CHARS = 2000;
/** "Run until" adds at most this many records to the run looking for a hit. */
export const RUN_UNTIL_FUEL_RECORDS = 200_000;

export interface Breakpoint {
  readonly id: number;
  readonly text: string;
  readonly query: Query;
  readonly enabled: boolean;
}

export interface Stop {
  readonly id: number;
  readonly cursor: number;
}

/** A query watched at the cursor (query-watch.ts). */
export interface QueryWatch {
  readonly id: number;
  readonly text: string;
  readonly query: Query;
}

export interface Queries {
  readonly breakpoints: readonly Breakpoint[];
  readonly watches: readonly QueryWatch[];
  readonly nextId: number;
  readonly asked: string | null;
  readonly stopped: Stop | null;
  readonly memo: QueryMemo;
}

export type QueryAction =
  /** Asks the query bar's question (null: clears it); the answer comes in the frame. */
  | { readonly type: 'ask'; readonly text: string | null }
  /** Adds a breakpoint (or enables the one with the same text). */
  | { readonly type: 'add-breakpoint'; readonly text: string; readonly enabled?: boolean }
  | { readonly type: 'remove-breakpoint'; readonly id: number }
  /** Watches a query's value at the cursor (query-watch.ts); `remove-query-watch` stops. */
  | { readonly type: 'add-query-watch'; readonly text: string }
  | { readonly type: 'remove-query-watch'; readonly id: number }
  | { readonly type: 'toggle-breakpoint'; readonly id: number }
  | { readonly type: 'next-hit' }
  | { readonly type: 'previous-hit' }
  /** `fuel`: records it may add (default RUN_UNTIL_FUEL_RECORDS). */
  | { readonly type: 'run-until'; readonly fuel?: number };

const QUERY_ACTIONS: ReadonlySet<string> = new Set<QueryAction['type']>([
  'ask', 'add-breakpoint', 'remove-breakpoint', 'add-query-watch', 'remove-query-watch', 'toggle-breakpoint', 'next-hit', 'previous-hit', 'run-until',
]);

export const isQueryAction = (a: { readonly type: string }): a is QueryAction => QUERY_ACTIONS.has(a.type);

export function startQueries(): Queries {
  return { breakpoints: [], watches: [], nextId: 1, asked: null, stopped: null, memo: new QueryMemo() };
}

/** The session's breakpoints and question carried into a new run (a fresh cache: another history). */
export function carryQueries(q: Queries): Queries {
  return { ...q, stopped: null, memo: new QueryMemo() };
}

function addBreakpoint(s: PlayerState, text: string, enabled: boolean): PlayerState {
  const q = s.queries;
  const trimmed = text.trim();
  if (trimmed.length > MAX_QUERY_CHARS) return notify(s, `Breakpoint not added: a query is at most ${MAX_QUERY_CHARS} characters.`);
  const same = q.breakpoints.find((b) => b.text === trimmed);
  if (same !== undefined) return withBreakpoints(s, q.breakpoints.map((b) => (b === same ? { ...b, enabled } : b)));
  if (q.breakpoints.length >= MAX_BREAKPOINTS) return notify(s, `There can be at most ${MAX_BREAKPOINTS} breakpoints: remove one first.`);
  const query = parsed(trimmed);
  if (query instanceof QueryError) return notify(s, `Breakpoint not added: column ${query.column}: ${query.sentence}`);
  const b: Breakpoint = { id: q.nextId, text: trimmed, query, enabled };
  return { ...s, queries: { ...q, breakpoints: [...q.breakpoints, b], nextId: q.nextId + 1 } };
}

function parsed(text: string): Query | QueryError {
  try {
    return parseQuery(text);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
}

function addWatch(s: PlayerState, text: string): PlayerState {
  const q = s.queries;
  const trimmed = text.trim();
  if (q.watches.some((w) => w.text === trimmed)) return s;
  if (q.watches.length >= MAX_QUERY_WATCHES) return notify(s, `There can be at most ${MAX_QUERY_WATCHES} watches: remove one first.`);
  if (trimmed.length > MAX_QUERY_CHARS) return notify(s, `Watch not added: a query is at most ${MAX_QUERY_CHARS} characters.`);
  const query = parsed(trimmed);
  if (query instanceof QueryError) return notify(s, `Watch not added: column ${query.column}: ${query.sentence}`);
  return { ...s, queries: { ...q, watches: [...q.watches, { id: q.nextId, text: trimmed, query }], nextId: q.nextId + 1 } };
}

/** `s` with `list` added (a trace header's or a link's: each checked as one added by hand). */
export function mergeBreakpoints(s: PlayerState, list: readonly { readonly text: string; readonly enabled: boolean }[]): PlayerState {
  return list.reduce((acc, b) => addBreakpoint(acc, b.text, b.enabled), s);
}

function withBreakpoints(s: PlayerState, breakpoints: readonly Breakpoint[]): PlayerState {
  return { ...s, queries: { ...s.queries, breakpoints } };
}

/**
 * The nearest hit of an enabled breakpoint strictly after `from` (forward) or before it (backward),
 * over `s`'s history: its cursor and breakpoint (the first added, when several hit there).
 */
export function nearestHit(s: PlayerState, from: number, direction: 'forward' | 'backward'): Stop | null {
  let best: Stop | null = null;
  for (const b of s.queries.breakpoints) {
    if (!b.enabled) continue;
    const { cursors } = s.queries.memo.hits(s.history, b.query);
    const c = direction === 'forward' ? firstAfter(cursors, from) : lastBefore(cursors, from);
    if (c === null) continue;
    if (best === null || (direction === 'forward' ? c < best.cursor : c > best.cursor)) best = { id: b.id, cursor: c };
  }
  return best;
}

const anyEnabled = (s: PlayerState): boolean => s.queries.breakpoints.some((b) => b.enabled);

/** `s` stopped at `stop` (the cursor moved there as `kind`). */
export function stoppedAt(s: PlayerState, stop: Stop, kind: 'play' | 'step' | 'jump'): PlayerState {
  const moved = movedTo(s, stop.cursor, kind);
  return { ...moved, job: null, queries: { ...moved.queries, stopped: stop } };
}

const NONE_ENABLED = 'No breakpoint is enabled: add one with the query bar.';

function hitMove(s: PlayerState, direction: 'forward' | 'backward'): PlayerState {
  if (!anyEnabled(s)) return notify(s, NONE_ENABLED);
  const stop = nearestHit(s, s.cursor, direction);
  if (stop !== null) return stoppedAt(moveTo(s, s.cursor, 'jump'), stop, 'jump');
  const where = plural(s.history.records.length, 'record');
  return notify(s, direction === 'forward'
    ? `No breakpoint hit after record ${s.cursor} in the ${where} recorded so far${canGrow(s.history) ? ': "Run until" runs further' : ''}.`
    : `No breakpoint hit before record ${s.cursor}.`);
}

function runUntil(s: PlayerState, fuel: number): PlayerState {
  if (!anyEnabled(s)) return notify(s, NONE_ENABLED);
  const stop = nearestHit(s, s.cursor, 'forward');
  if (stop !== null) return stoppedAt(moveTo(s, s.cursor, 'jump'), stop, 'jump');
  if (!canGrow(s.history)) return notify(s, `The run is over: no breakpoint hit after record ${s.cursor}.`);
  const ended = moveTo(s, s.cursor, 'jump');
  return { ...ended, job: { kind: 'run-until', from: s.history.records.length, fuel } };
}

/** One tick of "run until": grows the run by `units`, then stops at a hit, or when fuel or the run runs out. */
export function tickRunUntil(s: PlayerState, from: number, fuel: number, units: number): PlayerState {
  const history = grow(s.history, units, from + fuel);
  const next = { ...s, history };
  const stop = nearestHit(next, s.cursor, 'forward');
  if (stop !== null) return stoppedAt(next, stop, 'jump');
  const length = history.records.length;
  const at = { ...movedTo(next, length, 'jump'), job: null };
  if (length - from >= fuel) {
    return notify(at, `Run until: out of fuel after ${plural(length - from, 'more record')} with no breakpoint hit; stopped at record ${length}.`);
  }
  if (!canGrow(history)) return notify(at, `Run until: the run ended at record ${length} with no breakpoint hit.`);
  return next;
}

export function reduceQueries(s: PlayerState, a: QueryAction): PlayerState {
  const q = s.queries;
  switch (a.type) {
    case 'ask':
      return { ...s, queries: { ...q, asked: a.text === null || a.text.trim() === '' ? null : a.text.trim() } };
    case 'add-breakpoint':
      return addBreakpoint(s, a.text, a.enabled ?? true);
    case 'remove-breakpoint':
      return withBreakpoints(s, q.breakpoints.filter((b) => b.id !== a.id));
    case 'add-query-watch':
      return addWatch(s, a.text);
    case 'remove-query-watch':
      return { ...s, queries: { ...q, watches: q.watches.filter((w) => w.id !== a.id) } };
    case 'toggle-breakpoint':
      return withBreakpoints(s, q.breakpoints.map((b) => (b.id === a.id ? { ...b, enabled: !b.enabled } : b)));
    case 'next-hit':
      return hitMove(s, 'forward');
    case 'previous-hit':
      return hitMove(s, 'backward');
    case 'run-until':
      return runUntil(s, Math.max(1, Math.floor(a.fuel ?? RUN_UNTIL_FUEL_RECORDS)));
    default:
      return assertNever(a, 'query action');
  }
}
