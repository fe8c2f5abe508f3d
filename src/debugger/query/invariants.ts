/**
 * Invariants (issue 17, item 2, first step): a predicate that must hold at every step of a run,
 * written as the query (docs/queries.md) whose hits are its violations. An invariant holds at a
 * cursor when no violation comes before it.
 *
 * Data definition:
 *   Invariant = { name, says, violation }   says: the predicate in words ("no process crashes");
 *                                           violation: a query, each hit one violation
 *   Verdict   = { name, says, holds, first, count }   at a cursor: holds iff no violation is at a
 *               record before it; first: the first violation's record index (anywhere in the run),
 *               count: the violations before the cursor
 * Rule: verdicts are read from the query index, so they are checked at every step at the cost of
 * one query over the whole run.
 */
import { answer } from './evaluate.ts';
import { positionOf } from './hits.ts';
import { parseQuery } from './parser.ts';
import type { QuerySource } from './views.ts';

export interface Invariant {
  readonly name: string;
  readonly says: string;
  readonly violation: string;
}

export interface Verdict {
  readonly name: string;
  readonly says: string;
  readonly holds: boolean;
  readonly first: number | null;
  readonly count: number;
}

/** Invariants every scenario may be checked against. */
export const GENERAL_INVARIANTS: readonly Invariant[] = [
  { name: 'no-crash', says: 'no process crashes', violation: 'crash' },
  { name: 'no-limit', says: 'no limit is exceeded', violation: 'limit' },
  { name: 'no-lost-choice', says: 'every chosen ground event was available', violation: 'world on choice(_)' },
];

/** The record indexes that violate `inv`, ascending. */
export function violations(src: QuerySource, inv: Invariant): number[] {
  return answer(src, parseQuery(inv.violation)).hits.map(positionOf).sort((a, b) => a - b);
}

/** The verdict at `cursor` (a record count: the records before it are judged) given the violations. */
export function verdictAt(inv: Invariant, at: readonly number[], cursor: number): Verdict {
  const count = at.filter((p) => p < cursor).length;
  return { name: inv.name, says: inv.says, holds: count === 0, first: at[0] ?? null, count };
}

/** Each invariant's verdict at `cursor`. */
export function verdicts(src: QuerySource, invariants: readonly Invariant[], cursor: number): Verdict[] {
  return invariants.map((inv) => verdictAt(inv, violations(src, inv), cursor));
}
