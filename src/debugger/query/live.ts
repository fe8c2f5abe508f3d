/**
 * A query's hits kept up to date as the index grows, so that asking again after each step (a
 * breakpoint in a live run: `sim --break`, the player's next hit) costs what the index grew by, not
 * the whole history.
 *
 * Data definition:
 *   LiveQuery  = the expression, one LiveSelect per selection in it, `work` (candidates looked at)
 *   LiveSelect = records: the hits among the records seen so far (a record's facts never change);
 *                intervals: the hits among intervals closed when last seen (final: an interval's
 *                facts change only until it closes), and the intervals still open then (`pending`)
 * Rules:
 *   - update(src) looks at the records folded since the last update, the intervals opened since,
 *     and the pending ones again; nothing else.
 *   - A temporal expression is evaluated again from its selections' hits (O(hits), no record read),
 *     only when they changed.
 *   - A process named after its first record (PresenceIndex.lateNames) restarts every selection.
 * The hits are those of evaluate.ts's `answer` over the same index, in the same order (tested).
 */
import type { Expr, Select } from './ast.ts';
import { evalExpr } from './evaluate.ts';
import { firstAtLeast, type Hit } from './hits.ts';
import type { PresenceIndex } from './presence-index.ts';
import { recordHitsIn, IntervalTester } from './select.ts';
import { storeOf, type QuerySource } from './views.ts';

/** The hits of one selection, kept up to date. */
class LiveSelect {
  private seen = 0;
  private final: Hit[] = [];
  private pending: number[] = [];
  private current: readonly Hit[] = [];
  private openKs = '';
  /** Changes whenever the hits change (a temporal expression over them need not be asked again until then). */
  version = 0;

  constructor(private readonly s: Select) {}

  /** Catches up with the index; returns the candidates it looked at. */
  update(src: QuerySource): number {
    if (this.s.type === 'records') {
      const before = this.final.length;
      const n = recordHitsIn(src, this.s, this.seen, src.index.length - 1, this.final);
      this.seen = src.index.length;
      if (this.final.length !== before) this.version++;
      this.current = this.final;
      return n;
    }
    const store = storeOf(src.index, this.s.sort);
    const tester = new IntervalTester(src, this.s);
    const look = this.pending;
    for (let k = this.seen; k < store.length; k++) look.push(k);
    this.seen = store.length;
    const open: Hit[] = [];
    this.pending = [];
    for (const k of look) {
      const h = tester.test(k);
      if (store.isOpen(k)) {
        this.pending.push(k);
        if (h !== null) open.push(h);
      } else if (h !== null) {
        insertByNumber(this.final, h);
        this.version++;
      }
    }
    // An open interval's facts other than its end and length do not change: its hit is the same while it matches.
    const ks = open.map(numberOf).join(',');
    if (ks !== this.openKs) this.version++;
    this.openKs = ks;
    this.current = open.length === 0 ? this.final : mergeByNumber(this.final, open);
    return look.length;
  }

  hits(): readonly Hit[] {
    return this.current;
  }
}

const numberOf = (h: Hit): number => (h.kind === 'record' ? h.at : h.k);

function insertByNumber(hits: Hit[], h: Hit): void {
  const i = firstAtLeast(hits, numberOf(h), numberOf);
  if (i === hits.length) hits.push(h);
  else hits.splice(i, 0, h);
}

function mergeByNumber(a: readonly Hit[], b: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && numberOf(a[i]!) < numberOf(b[j]!))) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function selectionsOf(e: Expr, out: Select[]): Select[] {
  if (e.type === 'records' || e.type === 'intervals') out.push(e);
  else {
    selectionsOf(e.left, out);
    selectionsOf(e.right, out);
    if (e.type === 'never') selectionsOf(e.until, out);
  }
  return out;
}

export class LiveQuery {
  private live = new Map<Select, LiveSelect>();
  private index: PresenceIndex | null = null;
  private lateNames = 0;
  private hitsNow: readonly Hit[] = [];
  private versions = -1;
  /** Records and intervals looked at, and temporal hits compared, since the start (tests count it). */
  work = 0;
  /** The index length the hits are for (-1: none yet). */
  length = -1;

  constructor(readonly expr: Expr) {
    this.restart();
  }

  private restart(): void {
    this.versions = -1;
    this.live = new Map(selectionsOf(this.expr, []).map((s) => [s, new LiveSelect(s)]));
  }

  /** Brings the hits up to date with `src`'s index (the one last seen, grown, or another: then from the start). */
  update(src: QuerySource): void {
    if (src.index === this.index && src.index.length === this.length) return;
    if (src.index !== this.index || src.index.lateNames !== this.lateNames) {
      this.index = src.index;
      this.lateNames = src.index.lateNames;
      this.restart();
    }
    let versions = 0;
    for (const s of this.live.values()) {
      this.work += s.update(src);
      versions += s.version;
    }
    this.length = src.index.length;
    if (this.expr.type === 'records' || this.expr.type === 'intervals') this.hitsNow = this.live.get(this.expr)!.hits();
    else if (versions !== this.versions) {
      // A temporal expression reads only its selections' hits: asked again when they changed.
      this.hitsNow = evalExpr(src, this.expr, (s) => this.live.get(s)!.hits());
      for (const s of this.live.values()) this.work += s.hits().length;
    }
    this.versions = versions;
  }

  /** Every hit over the index as of the last update, in order of position (valid until the next update). */
  hits(): readonly Hit[] {
    return this.hitsNow;
  }
}
