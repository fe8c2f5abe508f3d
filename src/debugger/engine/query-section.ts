/**
 * The frame's `queries` section: the breakpoints with all their hits over the recording (as spans
 * for the timeline, at most MAX_HIT_SPANS each, saying how many were left off), the query bar's
 * answer (rows for its results table, at most MAX_RESULT_ROWS), the last breakpoint stop, and the
 * process and endpoint names the query bar completes.
 */
import { pretty } from '../../kernel/index.ts';
import type { Head } from '../query/ast.ts';
import type { Hit } from '../query/hits.ts';
import { intervalView, Refs, type QuerySource } from '../query/views.ts';
import type { Printer } from '../views/printer.ts';
import { logKind } from '../views/log.ts';
import type { Stop } from './breakpoints.ts';
import type { PlayerState } from './player.ts';

/** Hits of one breakpoint a frame carries for the timeline. */
export const MAX_HIT_SPANS = 1000;
/** Rows of the query bar's results table a frame carries. */
export const MAX_RESULT_ROWS = 200;
/** Names of each sort (processes, endpoints) offered for completion. */
export const MAX_COMPLETIONS = 300;

/** A hit on the timeline: records from … to (a record's `to` is itself; an open interval's null). */
export interface HitSpanView {
  readonly from: number;
  readonly to: number | null;
}

export interface BreakpointView {
  readonly id: number;
  readonly text: string;
  readonly enabled: boolean;
  /** Hits over the whole recording so far. */
  readonly count: number;
  readonly spans: readonly HitSpanView[];
  readonly leftOff: number;
}

export interface ResultRow {
  /** A record's kind as the event log names it (spawn, presence, quit, …), or the interval's sort. */
  readonly kind: string;
  readonly from: number;
  readonly to: number | null;
  /** The record id of its (first) record. */
  readonly id: number;
  readonly text: string;
}

export type AskedView =
  | { readonly text: string; readonly ok: false; readonly column: number; readonly error: string }
  | {
      readonly text: string; readonly ok: true; readonly head: Head; readonly count: number; readonly rows: readonly ResultRow[];
      readonly leftOff: number; readonly processes: readonly { readonly name: string; readonly path: string; readonly first: number }[];
    };

export interface QueriesView {
  readonly breakpoints: readonly BreakpointView[];
  readonly asked: AskedView | null;
  readonly stopped: Stop | null;
  readonly names: { readonly processes: readonly string[]; readonly endpoints: readonly string[] };
}

const spanOf = (h: Hit): HitSpanView => (h.kind === 'record' ? { from: h.at, to: h.at } : { from: h.from, to: h.to });
const positionOf = (h: Hit): number => (h.kind === 'record' ? h.at : h.from);

function rowOf(src: QuerySource, refs: Refs, print: Printer, h: Hit): ResultRow {
  const at = positionOf(h);
  const id = src.index.ids.get(at);
  if (h.kind === 'record') {
    const r = src.record(h.at);
    return { kind: logKind(r), from: h.at, to: h.at, id, text: print.record(r).replace(/^#\d+(<-\d+)? /, '') };
  }
  const v = intervalView(src.index, refs, h.kind, h.k);
  const who = (p: typeof v.proc) => (p === null ? '?' : `${p.name ?? '?'} [${p.path.join(', ')}]`);
  const parts = [who(v.proc), v.endpoint === null ? '' : `at ${v.endpoint}`, h.kind === 'knows' ? `knows ${who(v.peer)}` : ''];
  const end = h.to === null ? 'open' : `until #${src.index.ids.get(h.to)}`;
  const reason = v.reason === undefined ? '' : ` (reason ${pretty(v.reason)})`;
  return { kind: h.kind, from: h.from, to: h.to, id, text: `${parts.filter(Boolean).join(' ')}, ${end}${reason}` };
}

/** Hits before `limit` only (no peeking: the future is hidden), else all. */
const shown = (hits: readonly Hit[], limit: number | null): readonly Hit[] => (limit === null ? hits : hits.filter((h) => positionOf(h) < limit));

function askedView(s: PlayerState, text: string, print: Printer, limit: number | null): AskedView {
  const a = s.queries.memo.ask(s.history, text);
  if (!a.ok) return { text, ok: false, column: a.column, error: a.error };
  const src = s.queries.memo.source(s.history);
  const refs = new Refs(src.index);
  const hits = shown(a.answer.hits, limit);
  const rows = hits.slice(0, MAX_RESULT_ROWS).map((h) => rowOf(src, refs, print, h));
  const processes = a.answer.processes.filter((p) => limit === null || p.first < limit)
    .map((p) => ({ name: p.name ?? '?', path: p.path.join(', '), first: p.first }));
  const count = a.answer.head === 'count' && limit === null ? a.answer.count : hits.length;
  return { text, ok: true, head: a.answer.head, count, rows, leftOff: Math.max(0, hits.length - rows.length), processes };
}

function namesOf(s: PlayerState): QueriesView['names'] {
  const index = s.queries.memo.source(s.history).index;
  const processes = new Set<string>();
  for (const e of index.processes.entries) if (e.name !== null && processes.size < MAX_COMPLETIONS) processes.add(e.name);
  const endpoints = new Set<string>();
  for (const e of index.endpoints.entries) if (endpoints.size < MAX_COMPLETIONS) endpoints.add(e.name);
  return { processes: [...processes].sort(), endpoints: [...endpoints].sort() };
}

/** The section's key: what it is made of (the records by identity; the cursor only with no peeking). */
export function queriesKey(s: PlayerState, hideFuture: boolean): readonly unknown[] {
  const q = s.queries;
  return [s.history.records, q.breakpoints, q.asked, q.stopped, hideFuture ? s.cursor : null];
}

export function queriesView(s: PlayerState, print: Printer, hideFuture: boolean): QueriesView {
  const q = s.queries;
  const limit = hideFuture ? s.cursor : null;
  const breakpoints = q.breakpoints.map((b): BreakpointView => {
    const hits = shown(q.memo.hits(s.history, b.query).hits, limit);
    const spans = hits.slice(0, MAX_HIT_SPANS).map(spanOf);
    return { id: b.id, text: b.text, enabled: b.enabled, count: hits.length, spans, leftOff: hits.length - spans.length };
  });
  return { breakpoints, asked: q.asked === null ? null : askedView(s, q.asked, print, limit), stopped: q.stopped, names: namesOf(s) };
}
