/**
 * Answers a query over a PresenceIndex and its records: selections through the index (select.ts),
 * temporal operators by grouped bisection (temporal.ts), then the query's head.
 *
 * Data definition:
 *   Answer = { head, hits, processes }   hits in order of position (first/last: at most one);
 *            processes: for `processes`, each distinct process the hits concern (a record's
 *            process; an interval's observer or owner) with its name and first hit
 */
import type { Expr, Head, Query, Select } from './ast.ts';
import { positionOf, type Hit } from './hits.ts';
import { selectHits } from './select.ts';
import { keeper } from './temporal.ts';
import type { PresenceIndex } from './presence-index.ts';
import type { QuerySource } from './views.ts';

export interface ProcessAnswer {
  readonly path: readonly number[];
  readonly name: string | null;
  /** The position of its first hit. */
  readonly first: number;
}

export interface Answer {
  readonly head: Head;
  readonly hits: readonly Hit[];
  readonly count: number;
  readonly processes: readonly ProcessAnswer[];
}

/** A selection's hits, in order of position (selectHits, or a live query's kept hits). */
export type Selector = (s: Select) => readonly Hit[];

/** An expression's hits, in order of position, from its selections' hits. */
export function evalExpr(src: QuerySource, e: Expr, select: Selector = (s) => selectHits(src, s)): readonly Hit[] {
  if (e.type === 'records' || e.type === 'intervals') return select(e);
  const left = evalExpr(src, e.left, select);
  const right = evalExpr(src, e.right, select);
  const until = e.type === 'never' ? evalExpr(src, e.until, select) : null;
  const keep = keeper(src.index, e, right, until);
  return left.filter((h) => keep(positionOf(h), h.bindings));
}

/** The process a hit concerns (-1: none): a record's, an interval's observer or owner. */
export function processOfHit(index: PresenceIndex, h: Hit): number {
  switch (h.kind) {
    case 'record': return index.procs.get(h.at);
    case 'process': return h.k;
    case 'knows': return index.endpoints.entries[index.observer.get(h.k)]!.proc;
    case 'alone': return index.endpoints.entries[index.aloneOf.get(h.k)]!.proc;
    case 'endpoint': return index.endpoints.entries[h.k]!.proc;
  }
}

function distinctProcesses(src: QuerySource, hits: readonly Hit[]): ProcessAnswer[] {
  const seen = new Set<number>();
  const out: ProcessAnswer[] = [];
  for (const h of hits) {
    const p = processOfHit(src.index, h);
    if (p < 0 || seen.has(p)) continue;
    seen.add(p);
    const e = src.index.processes.entries[p]!;
    out.push({ path: e.path, name: e.name, first: positionOf(h) });
  }
  return out;
}

export function answer(src: QuerySource, q: Query): Answer {
  const hits = evalExpr(src, q.expr);
  const shown = q.head === 'first' ? hits.slice(0, 1) : q.head === 'last' ? hits.slice(-1) : hits;
  return { head: q.head, hits: shown, count: hits.length, processes: q.head === 'processes' ? distinctProcesses(src, hits) : [] };
}
