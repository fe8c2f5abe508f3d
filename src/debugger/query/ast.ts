/**
 * The query language's syntax tree (docs/queries.md has the grammar and the meaning).
 *
 * Data definition:
 *   Query      = { head, expr }                 head: all hits, the first, the last, their count,
 *                                                or the distinct processes they concern
 *   Expr       = Select | Temporal
 *   Select     = records of some kinds, or intervals of one sort, with filters
 *   Temporal   = left hits kept by how right hits lie around them (before, after, within D of,
 *                not followed by, never … until); variables shared by both sides must agree
 *   Filter     = one condition on a record or an interval (process, peer, endpoint, topic pattern,
 *                sub-term, orientation, reason, duration, still open, record range)
 *   ProcSpec   = a process by name, by pid path ([vm pids…, pid]) or as a variable (?p)
 * Every node keeps the column where its text begins, for errors found after parsing.
 */
import type { Term } from '../../kernel/index.ts';
import type { RecordKind } from './record-kinds.ts';

export const HEADS = ['all', 'first', 'last', 'count', 'processes'] as const;
export type Head = (typeof HEADS)[number];

export type Unit = 'records' | 'steps' | 'ms';

export interface Duration {
  readonly n: number;
  readonly unit: Unit;
}

export type ProcSpec =
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'path'; readonly path: readonly number[] }
  | { readonly type: 'var'; readonly name: string };

export type ReasonSpec = { readonly type: 'crash' } | { readonly type: 'normal' } | { readonly type: 'pattern'; readonly pattern: Term };

export type Filter =
  | { readonly type: 'proc'; readonly proc: ProcSpec }
  | { readonly type: 'peer'; readonly proc: ProcSpec }
  | { readonly type: 'endpoint'; readonly name: string }
  | { readonly type: 'on'; readonly pattern: Term }
  | { readonly type: 'containing'; readonly pattern: Term }
  | { readonly type: 'orientation'; readonly orientation: 'publisher' | 'subscriber' }
  | { readonly type: 'reason'; readonly reason: ReasonSpec }
  | { readonly type: 'longer'; readonly than: Duration }
  | { readonly type: 'shorter'; readonly than: Duration }
  | { readonly type: 'open' }
  | { readonly type: 'between'; readonly from: number; readonly to: number };

/** Kinds a record selection names: a record kind, `deliver` (every delivery), `crash` or `any`. */
export type KindName = RecordKind | 'deliver' | 'crash' | 'any';

export type IntervalSort = 'knows' | 'alone' | 'process' | 'endpoint';

export type Select =
  | { readonly type: 'records'; readonly kinds: readonly KindName[]; readonly filters: readonly Filter[]; readonly column: number }
  | { readonly type: 'intervals'; readonly sort: IntervalSort; readonly filters: readonly Filter[]; readonly column: number };

export type Temporal =
  | { readonly type: 'before' | 'after'; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'within'; readonly left: Expr; readonly right: Expr; readonly d: Duration; readonly dir: 'of' | 'before' | 'after' }
  | { readonly type: 'not-followed'; readonly left: Expr; readonly right: Expr; readonly d: Duration | null }
  | { readonly type: 'never'; readonly left: Expr; readonly right: Expr; readonly until: Expr };

export type Expr = Select | Temporal;

export interface Query {
  readonly head: Head;
  readonly expr: Expr;
}

/** A problem with a query's text: its column (1-based) and a sentence. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly column: number,
    readonly sentence: string,
  ) {
    super(`column ${column}: ${sentence}`);
  }
}
