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
import { intervalView, recordView, Refs, storeOf, type QuerySource } from './views.ts';

const DELIVERIES: readonly RecordKind[] = ['presence', 'absence', 'message', 'feedback'];

/** The record range a selection's `between` filters allow (inclusive), within the history. */
function rangeOf(filters: readonly Filter[], n: number): [number, number] {
  let lo = 0;
  let hi = n - 1;
  for (const f of filters) if (f.type === 'between') [lo, hi] = [Math.max(lo, f.from), Math.min(hi, f.to)];
  return [lo, hi];
}

/** The candidate positions of a record selection, ascending. */
function recordCandidates(index: PresenceIndex, kinds: readonly KindName[], lo: number, hi: number): Iterable<number> {
  if (kinds.includes('any')) return range(lo, hi);
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

function* range(lo: number, hi: number): Iterable<number> {
  for (let i = lo; i <= hi; i++) yield i;
}

/** The union of ascending columns, cut to lo..hi, ascending and without repeats. */
function* merge(cols: readonly IntColumn[], lo: number, hi: number): Iterable<number> {
  const at = cols.map((c) => c.firstAtLeast(lo));
  let last = -1;
  for (;;) {
    let best = -1;
    for (let i = 0; i < cols.length; i++) {
      if (at[i]! < cols[i]!.length && (best < 0 || cols[i]!.get(at[i]!) < cols[best]!.get(at[best]!))) best = i;
    }
    if (best < 0) return;
    const x = cols[best]!.get(at[best]!++);
    if (x > hi) return;
    if (x !== last) yield x;
    last = x;
  }
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
function intervalCandidates(index: PresenceIndex, s: Extract<Select, { type: 'intervals' }>): readonly number[] | Iterable<number> {
  const store = storeOf(index, s.sort);
  const procs = s.sort === 'knows' ? namedProcesses(index, s.filters) : null;
  if (procs !== null) {
    return procs.flatMap((p) => (index.endpoints.ofProcess[p] ?? []).flatMap((e) => index.observed[e] ?? [])).sort((a, b) => a - b);
  }
  // Only one range: an interval may overlap two ranges that do not overlap each other.
  const between = s.filters.find((f) => f.type === 'between');
  if (between !== undefined && between.type === 'between') return store.overlapping(between.from, between.to);
  return range(0, store.length - 1);
}

/** Every hit of a selection, in order of position; `seed` are bindings it starts from. */
export function selectHits(src: QuerySource, s: Select, seed: Bindings = NO_BINDINGS): Hit[] {
  const { index } = src;
  const refs = new Refs(index);
  const out: Hit[] = [];
  if (s.type === 'records') {
    const [lo, hi] = rangeOf(s.filters, index.length);
    for (const at of recordCandidates(index, s.kinds, lo, hi)) {
      const b = matchFilters(s.filters, recordView(src, refs, at), seed);
      if (b !== null) out.push({ kind: 'record', at, bindings: b });
    }
    return out;
  }
  for (const k of intervalCandidates(index, s)) {
    const v = intervalView(index, refs, s.sort, k);
    if (v.to === v.from) continue;
    const b = matchFilters(s.filters, v, seed);
    if (b !== null) out.push({ kind: s.sort, k, from: v.from, to: v.to, bindings: b });
  }
  // Intervals are numbered in order of their first record, so `out` is in order of position.
  return out;
}
