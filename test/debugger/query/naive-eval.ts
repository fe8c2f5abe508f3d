/**
 * The naive evaluator the index's is fuzzed against: every selection scans every record (or every
 * brute-force interval, naive-intervals.ts), every temporal operator compares every pair of hits.
 * Only the filters' meaning (match.ts, record-fields.ts) is shared with src/debugger/query.
 */
import type { Role, TraceRecord } from '../../../src/kernel/index.ts';
import type { Expr, Query, Select, Unit } from '../../../src/debugger/query/ast.ts';
import { compatible, matchFilters, type Bindings, type ProcRef, type View } from '../../../src/debugger/query/match.ts';
import { recordEndpoint, recordOrientation, recordReason, recordTerm } from '../../../src/debugger/query/record-fields.ts';
import { naiveIntervals, type NaiveIndex, type NaiveInterval } from './naive-intervals.ts';
import type { StepRun } from './runs.ts';

/** A hit as a comparable string: a record's index, or an interval's sort, range and subject. */
export interface NaiveHit {
  readonly key: string;
  readonly pos: number;
  readonly bindings: Bindings;
  readonly proc: string | null;
}

type Deliver = Extract<TraceRecord, { kind: 'deliver' }>;

export class NaiveWorld {
  readonly steps: number[];
  readonly times: number[];
  readonly names = new Map<string, string>();
  readonly byId: Map<number, TraceRecord>;
  readonly intervals: NaiveIndex;

  constructor(readonly run: StepRun) {
    this.steps = run.chunks.flatMap((c) => c.records.map(() => c.step));
    let t = 0;
    this.times = run.records.map((r) => (r.kind === 'ground-event' || r.kind === 'world' ? (t = r.time) : t));
    for (const r of run.records) if (r.kind === 'boot' && r.pid !== null) this.names.set(`${r.vm.join('/')}:${r.pid}`, r.name);
    this.byId = new Map(run.records.map((r) => [r.id as number, r]));
    this.intervals = naiveIntervals(run.records);
  }

  ref(vm: readonly number[], pid: number): ProcRef {
    return { path: [...vm, pid], name: this.names.get(`${vm.join('/')}:${pid}`) ?? null };
  }

  /** "vm:pid" (a key in naive-intervals) as a reference. */
  refOfKey(key: string): ProcRef {
    const [vm, pid] = key.split(':');
    return this.ref(vm === '' ? [] : vm!.split('/').map(Number), Number(pid));
  }

  distance(unit: Unit, a: number, b: number): number {
    const n = this.run.records.length;
    const get = (xs: number[], i: number) => (i >= n ? (xs[n - 1] ?? 0) : xs[i]!);
    return unit === 'records' ? b - a : unit === 'steps' ? get(this.steps, b) - get(this.steps, a) : get(this.times, b) - get(this.times, a);
  }

  /** The peer of a presence/absence, or the sender of a message, by following causes. */
  peer(r: Deliver): ProcRef | null {
    const cause = r.cause === null ? undefined : this.byId.get(r.cause);
    const relay = cause?.kind === 'deliver' && cause.outcome === 'relayed' ? cause : undefined;
    if (r.event.type !== 'message') return r.peer !== null ? this.ref(r.vm, r.peer.pid) : relay !== undefined ? this.peer(relay) : null;
    if (relay !== undefined) return this.peer(relay);
    return cause === undefined || cause.pid === null ? null : this.ref(cause.vm, cause.pid);
  }
}

const KINDS: Readonly<Record<string, (r: TraceRecord) => boolean>> = {
  any: () => true,
  deliver: (r) => r.kind === 'deliver',
  crash: (r) => (r.kind === 'deliver' || r.kind === 'boot' || r.kind === 'continuation') && r.outcome === 'crashed',
  presence: (r) => r.kind === 'deliver' && r.event.type === 'presence',
  absence: (r) => r.kind === 'deliver' && r.event.type === 'absence',
  message: (r) => r.kind === 'deliver' && r.event.type === 'message' && r.event.role.orientation === 'publisher',
  feedback: (r) => r.kind === 'deliver' && r.event.type === 'message' && r.event.role.orientation === 'subscriber',
  send: (r) => r.kind === 'action' && r.action.type === 'send-message',
  action: (r) => r.kind === 'action' && r.action.type !== 'send-message',
  spawn: (r) => r.kind === 'boot',
  'add-role': (r) => r.kind === 'endpoint' && r.change === 'added',
  'delete-role': (r) => r.kind === 'endpoint' && r.change === 'removed',
  replaced: (r) => r.kind === 'endpoint' && r.change === 'replaced',
};

function kindTest(k: string): (r: TraceRecord) => boolean {
  return KINDS[k] ?? ((r) => r.kind === k);
}

function recordHits(w: NaiveWorld, s: Extract<Select, { type: 'records' }>): NaiveHit[] {
  const out: NaiveHit[] = [];
  w.run.records.forEach((r, at) => {
    if (!s.kinds.some((k) => kindTest(k)(r))) return;
    const proc = r.pid === null ? null : w.ref(r.vm, r.pid);
    const v: View = {
      proc, peer: r.kind === 'deliver' ? w.peer(r) : null, endpoint: recordEndpoint(r), term: recordTerm(r), orientation: recordOrientation(r),
      reason: recordReason(r), record: true, from: at, to: at, duration: () => 0,
    };
    const b = matchFilters(s.filters, v);
    if (b !== null) out.push({ key: `record ${at}`, pos: at, bindings: b, proc: proc === null ? null : proc.path.join('/') });
  });
  return out;
}

/** "vm:pid|meta|name@at" → its parts. */
function endpointParts(inc: string): { proc: string; name: string } {
  const [proc, , rest] = inc.split('|');
  return { proc: proc!, name: rest!.slice(0, rest!.lastIndexOf('@')) };
}

function intervalView(w: NaiveWorld, sort: string, iv: NaiveInterval): View {
  const n = w.run.records.length;
  const base = { record: false, from: iv.from, to: iv.to, duration: (u: Unit) => w.distance(u, iv.from, iv.to ?? n) };
  const none = { peer: null, endpoint: null, term: undefined, orientation: null, reason: undefined };
  if (sort === 'process') {
    const proc = w.refOfKey(iv.what.split('@')[0]!);
    const end = iv.to === null ? undefined : w.run.records[iv.to];
    // Its own quit gives a reason; vanishing with its VM (another's quit) gives none.
    const own = end?.kind === 'quit' && end.pid !== null && [...end.vm, end.pid].join('/') === proc.path.join('/');
    return { ...base, ...none, proc, reason: own ? end.reason : undefined };
  }
  if (sort === 'knows') {
    const [obs, peer] = iv.what.split('>') as [string, string];
    const role = w.intervals.roles.get(`${iv.what}@${iv.from}`)!;
    const o = endpointParts(obs);
    return {
      ...base, proc: w.refOfKey(o.proc), peer: w.refOfKey(endpointParts(peer).proc), endpoint: o.name, term: role.topic,
      orientation: role.orientation, reason: iv.to === null ? undefined : reasonAtEnd(w, iv.to, true),
    };
  }
  const e = endpointParts(iv.what);
  const role: Role = w.intervals.roles.get(iv.what)!;
  const reason = sort === 'endpoint' && iv.to !== null ? reasonAtEnd(w, iv.to, false) : undefined;
  return { ...base, ...none, proc: w.refOfKey(e.proc), endpoint: e.name, term: role.topic, orientation: role.orientation, reason };
}

/** The reason the record that ended an interval gives: an absence's or a delete-role's (a vanishing gives none). */
function reasonAtEnd(w: NaiveWorld, at: number, absences: boolean) {
  const r = w.run.records[at]!;
  if (r.kind === 'endpoint' && r.change === 'removed') return r.reason ?? undefined;
  return absences && r.kind === 'deliver' && r.event.type === 'absence' ? r.event.reason : undefined;
}

function intervalHits(w: NaiveWorld, s: Extract<Select, { type: 'intervals' }>): NaiveHit[] {
  const all = { knows: w.intervals.knows, alone: w.intervals.alone, process: w.intervals.processes, endpoint: w.intervals.endpoints }[s.sort];
  const out: NaiveHit[] = [];
  for (const iv of all) {
    if (iv.to === iv.from) continue;
    const v = intervalView(w, s.sort, iv);
    const b = matchFilters(s.filters, v);
    if (b !== null) out.push({ key: `${s.sort} ${iv.from}-${iv.to} ${iv.what}`, pos: iv.from, bindings: b, proc: v.proc!.path.join('/') });
  }
  return out.sort((a, b) => a.pos - b.pos || (a.key < b.key ? -1 : 1));
}

function naiveExpr(w: NaiveWorld, e: Expr): NaiveHit[] {
  if (e.type === 'records') return recordHits(w, e);
  if (e.type === 'intervals') return intervalHits(w, e);
  const left = naiveExpr(w, e.left);
  const right = naiveExpr(w, e.right);
  const agree = (h: NaiveHit) => right.filter((g) => compatible(h.bindings, g.bindings));
  const d = (a: number, b: number, unit: Unit) => (a <= b ? w.distance(unit, a, b) : w.distance(unit, b, a));
  switch (e.type) {
    case 'before': return left.filter((h) => agree(h).some((g) => g.pos > h.pos));
    case 'after': return left.filter((h) => agree(h).some((g) => g.pos < h.pos));
    case 'within': return left.filter((h) => agree(h).some((g) =>
      (e.dir === 'of' || (e.dir === 'before' ? g.pos > h.pos : g.pos < h.pos)) && d(h.pos, g.pos, e.d.unit) <= e.d.n));
    case 'not-followed': return left.filter((h) => !agree(h).some((g) => g.pos > h.pos && (e.d === null || d(h.pos, g.pos, e.d.unit) <= e.d.n)));
    case 'never': {
      const until = naiveExpr(w, e.until);
      return left.filter((h) => {
        const stops = until.filter((c) => compatible(h.bindings, c.bindings) && c.pos > h.pos).map((c) => c.pos);
        const stop = stops.length === 0 ? Infinity : Math.min(...stops);
        return !agree(h).some((g) => g.pos > h.pos && g.pos < stop);
      });
    }
  }
}

export function naiveAnswer(w: NaiveWorld, q: Query): { hits: NaiveHit[]; count: number; processes: string[] } {
  const hits = naiveExpr(w, q.expr);
  const shown = q.head === 'first' ? hits.slice(0, 1) : q.head === 'last' ? hits.slice(-1) : hits;
  const processes = [...new Set(hits.map((h) => h.proc).filter((p) => p !== null))] as string[];
  return { hits: shown, count: hits.length, processes: q.head === 'processes' ? processes : [] };
}
