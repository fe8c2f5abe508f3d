/**
 * The frame's `invariants` section (issue 17, item 2): each general invariant's verdict at the
 * cursor (query/invariants.ts), read from a QueryIndex kept in step with the history.
 *
 * Rule: a violation's positions are asked of the index again only when the records changed (the
 * run grew or branched); the verdict at a cursor is then a count of positions before it.
 */
import type { TraceRecord } from '../../kernel/index.ts';
import { GENERAL_INVARIANTS, verdictAt, violations, type Verdict } from '../query/invariants.ts';
import { QueryIndex } from '../query/query-index.ts';
import type { History } from './history.ts';

export class InvariantSection {
  private readonly index = new QueryIndex();
  private seen: { length: number; last: TraceRecord | undefined; positions: number[][] } | null = null;

  /** The violations of each invariant, as sorted record indexes. */
  private positions(h: History): number[][] {
    const last = h.records.get(h.records.length - 1);
    if (this.seen !== null && this.seen.length === h.records.length && this.seen.last === last) return this.seen.positions;
    const src = this.index.source(h);
    const positions = GENERAL_INVARIANTS.map((inv) => violations(src, inv));
    this.seen = { length: h.records.length, last, positions };
    return positions;
  }

  /** The verdicts at `cursor`, and a key that changes when they do. */
  view(h: History, cursor: number): { key: readonly unknown[]; view: readonly Verdict[] } {
    const all = this.positions(h);
    const view = GENERAL_INVARIANTS.map((inv, i): Verdict => verdictAt(inv, all[i]!, cursor));
    return { key: view.flatMap((v) => [v.holds, v.first, v.count]), view };
  }
}
