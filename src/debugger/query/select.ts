/**
 * A selection over the index: the candidates it need look at (the records of its kinds, from the
 * index's per-kind lists, cut to its record range; the intervals of its processes' endpoints, or
 * those overlapping its range, O(log n + hits + K)), each kept when its filters hold (match.ts).
 */
import type { Filter, KindName, Select } from './ast.ts';
import type { IntColumn } from './columns.ts';
import type { Hit } from './hits.ts';
import { matchFilters, NO_BINDINGS, type Bindings } from './match.ts';
import type { PresenceIndex } from './presence-index.ts';
import { kindNumber, RECORD_KINDS, type RecordKind } from './record-kinds.ts';
import { OPEN, type IntervalStore } from './intervals.ts';
import { IntervalView, RecordView, Refs, storeOf, type QuerySource } from './views.ts';

type RecordSelect = Extract<Select, { type: 'records' }>;
type IntervalSelect = Extract<Select, { type: 'intervals' }>;

const DELIVERIES: readonly RecordKind[] = ['presence', 'absence', 'message', 'feedback'];

/** The record range a selection's `between` filters allow (inclusive), within the history. */
function rangeOf(filters: readonly Filter[], n: number): [number, number] {
  let lo = 0;
  let hi = n - 1;
  for (const f of filters) if (f.type === 'between') [lo, hi] = [Math.max(lo, f.from), Math.min(hi, f.to)];
  return [lo, hi];
}

/** The candidate positions of a record selection, ascending: its kinds' columns, merged, cut to lo..hi. */
function recordCandidates(index: PresenceIndex, kinds: readonly KindName[], lo: number, hi: number): readonly number[] | Range {
  if (kinds.includes('any')) return { lo, hi };
  const cols: IntColumn[] = [];
  const wanted = new Set<RecordKind>();
  for (const k of kinds) {
    if (k === 'crash') cols.push(index.crashes);
    else if (k === 'deliver') for (const r of DELIVERIES) wanted.add(r);
    else if (k !== 'any') wanted.add(k);
  }
  for (const r of RECORD_KINDS) if (wanted.has(r)) cols.push(index.byKind[kindNumber(r)]!);
  return merge(cols, lo, hi);
}

/** Positions lo..hi (inclusive). */
interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** The union of ascending columns, cut to lo..hi, ascending and without repeats. */
function merge(cols: readonly IntColumn[], lo: number, hi: number): number[] {
  const out: number[] = [];
  for (const c of cols) for (let i = c.firstAtLeast(lo); i < c.length && c.get(i) <= hi; i++) out.push(c.get(i));
  if (cols.length < 2) return out;
  out.sort((x, y) => x - y);
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/** The processes a literal process filter names (null: no such filter, every process may do). */
function namedProcesses(index: PresenceIndex, filters: readonly Filter[]): number[] | null {
  const f = filters.find((x) => x.type === 'proc' && x.proc.type !== 'var');
  if (f === undefined || f.type !== 'proc') return null;
  const spec = f.proc;
  const out: number[] = [];
  index.processes.entries.forEach((p, k) => {
    const hit = spec.type === 'name' ? p.name === spec.name : spec.type === 'path' && p.path.length === spec.path.length && p.path.every((x, i) => x === spec.path[i]);
    if (hit) out.push(k);
  });
  return out;
}

/** The candidate intervals of an interval selection, ascending. */
function intervalCandidates(index: PresenceIndex, s: IntervalSelect): readonly number[] | Range {
  const store = storeOf(index, s.sort);
  const procs = s.sort === 'knows' ? namedProcesses(index, s.filters) : null;
  if (procs !== null) {
    return procs.flatMap((p) => (index.endpoints.ofProcess[p] ?? []).flatMap((e) => index.observed[e] ?? [])).sort((a, b) => a - b);
  }
  // Only one range: an interval may overlap two ranges that do not overlap each other.
  const between = s.filters.find((f) => f.type === 'between');
  if (between !== undefined && between.type === 'between') return store.overlapping(between.from, between.to);
  return { lo: 0, hi: store.length - 1 };
}

/** Calls `f` on each candidate, ascending. */
function each(cs: readonly number[] | Range, f: (x: number) => void): void {
  if (Array.isArray(cs)) for (const x of cs as readonly number[]) f(x);
  else for (let x = (cs as Range).lo; x <= (cs as Range).hi; x++) f(x);
}

/**
 * The hits of a record selection among records lo..hi (inclusive; cut to its own range), appended
 * to `out` in order; returns how many candidates it looked at.
 */
export function recordHitsIn(src: QuerySource, s: RecordSelect, lo: number, hi: number, out: Hit[], seed: Bindings = NO_BINDINGS): number {
  const [a, b] = rangeOf(s.filters, src.index.length);
  const cs = recordCandidates(src.index, s.kinds, Math.max(lo, a), Math.min(hi, b));
  const v = new RecordView(src, new Refs(src.index));
  each(cs, (at) => {
    v.at = at;
    const bs = matchFilters(s.filters, v, seed);
    if (bs !== null) out.push({ kind: 'record', at, bindings: bs });
  });
  return Array.isArray(cs) ? cs.length : Math.max(0, (cs as Range).hi - (cs as Range).lo + 1);
}

/** Tests intervals of one sort against a selection, one view moved along them. */
export class IntervalTester {
  private readonly v: IntervalView;
  private readonly store: IntervalStore;
  constructor(
    src: QuerySource,
    private readonly s: IntervalSelect,
    private readonly seed: Bindings = NO_BINDINGS,
  ) {
    this.v = new IntervalView(src.index, new Refs(src.index), s.sort);
    this.store = storeOf(src.index, s.sort);
  }

  /** Interval k as a hit, or null (it does not match, or it is empty: closed where it opened). */
  test(k: number): Hit | null {
    const from = this.store.froms.get(k);
    const t = this.store.tos.get(k);
    if (t === from) return null;
    this.v.k = k;
    const b = matchFilters(this.s.filters, this.v, this.seed);
    return b === null ? null : { kind: this.s.sort, k, from, to: t === OPEN ? null : t, bindings: b };
  }
}

/** Every hit of a selection, in order of position; `seed` are bindings it starts from. */
export function selectHits(src: QuerySource, s: Select, seed: Bindings = NO_BINDINGS): Hit[] {
  const out: Hit[] = [];
  if (s.type === 'records') {
    recordHitsIn(src, s, 0, src.index.length - 1, out, seed);
    return out;
  }
  const tester = new IntervalTester(src, s, seed);
  each(intervalCandidates(src.index, s), (k) => {
    const h = tester.test(k);
    if (h !== null) out.push(h);
  });
  // Intervals are numbered in order of their first record, so `out` is in order of position.
  return out;
}
