/**
 * Views (match.ts) of the records and intervals of a PresenceIndex, for the index's evaluator.
 * A QuerySource is the index with a way to read its records (a history's, or a run's kept records).
 */
import type { Orientation, Role, Term, TraceRecord } from '../../kernel/index.ts';
import type { IntervalSort, Unit } from './ast.ts';
import { OPEN, type IntervalStore } from './intervals.ts';
import type { ProcRef, View } from './match.ts';
import type { PresenceIndex } from './presence-index.ts';
import type { EndpointEntry } from './tables.ts';
import { recordEndpoint, recordOrientation, recordReason, recordTerm } from './record-fields.ts';

export interface QuerySource {
  readonly index: PresenceIndex;
  record(at: number): TraceRecord;
}

/** Process references made once per evaluation (a name is learnt at the process's boot). */
export class Refs {
  private readonly made: (ProcRef | undefined)[] = [];
  constructor(private readonly index: PresenceIndex) {}

  of(p: number): ProcRef | null {
    if (p < 0) return null;
    let r = this.made[p];
    if (r === undefined) {
      const e = this.index.processes.entries[p]!;
      this.made[p] = r = { path: e.path, name: e.name };
    }
    return r;
  }
}

/** The distance from record a to record b (b ≥ a) in a unit; b = length means the end of the history. */
export function distance(index: PresenceIndex, unit: Unit, a: number, b: number): number {
  const end = index.length;
  switch (unit) {
    case 'records': return b - a;
    case 'steps': return (b >= end ? (index.steps.last() ?? 0) : index.steps.get(b)) - index.steps.get(a);
    case 'ms': return (b >= end ? (index.times.last() ?? 0) : index.times.get(b)) - index.times.get(a);
  }
}

/**
 * A record as a View, read lazily from the index's columns and the record itself. One view is moved
 * along a selection's candidates (`at`): no object or closure per candidate, and a field no filter
 * asks for is never read. Filters read it and keep nothing of it.
 */
export class RecordView implements View {
  at = 0;
  readonly record = true;
  constructor(
    private readonly src: QuerySource,
    private readonly refs: Refs,
  ) {}

  get proc(): ProcRef | null { return this.refs.of(this.src.index.procs.get(this.at)); }
  get peer(): ProcRef | null { return this.refs.of(this.src.index.froms.get(this.at)); }
  get endpoint(): string | null { return recordEndpoint(this.src.record(this.at)); }
  get term(): Term | undefined { return recordTerm(this.src.record(this.at)); }
  get orientation(): Orientation | null { return recordOrientation(this.src.record(this.at)); }
  get reason(): Term | undefined { return recordReason(this.src.record(this.at)); }
  get from(): number { return this.at; }
  get to(): number { return this.at; }
  duration(): number { return 0; }
}

/** The store of an interval sort. */
export function storeOf(index: PresenceIndex, sort: IntervalSort): IntervalStore {
  switch (sort) {
    case 'knows': return index.knows;
    case 'alone': return index.alone;
    case 'process': return index.processes.lives;
    case 'endpoint': return index.endpoints.lives;
  }
}

/** An interval of a sort as a View, lazily (as RecordView; `k` is moved along the candidates). */
export class IntervalView implements View {
  k = 0;
  readonly record = false;
  private readonly store: IntervalStore;
  constructor(
    private readonly index: PresenceIndex,
    private readonly refs: Refs,
    readonly sort: IntervalSort,
  ) {
    this.store = storeOf(index, sort);
  }

  /** The endpoint the interval is about: a knows interval's observer, an alone one's, an endpoint's own (-1: a process). */
  private endpointNumber(): number {
    switch (this.sort) {
      case 'knows': return this.index.observer.get(this.k);
      case 'alone': return this.index.aloneOf.get(this.k);
      case 'endpoint': return this.k;
      case 'process': return -1;
    }
  }

  private entry(): EndpointEntry | undefined {
    const e = this.endpointNumber();
    return e < 0 ? undefined : this.index.endpoints.entries[e]!;
  }

  get proc(): ProcRef | null { return this.refs.of(this.sort === 'process' ? this.k : this.entry()!.proc); }
  get peer(): ProcRef | null {
    return this.sort === 'knows' ? this.refs.of(this.index.endpoints.entries[this.index.peer.get(this.k)]!.proc) : null;
  }
  get endpoint(): string | null { return this.entry()?.name ?? null; }
  /** A knows interval's: its presence's role; an alone or endpoint one's: its endpoint's. */
  private role(): Role | undefined { return this.sort === 'knows' ? this.index.knowsRole[this.k]! : this.entry()?.role; }
  get term(): Term | undefined { return this.role()?.topic; }
  get orientation(): Orientation | null { return this.role()?.orientation ?? null; }
  get reason(): Term | undefined {
    switch (this.sort) {
      case 'knows': return this.index.knowsReason.get(this.k);
      case 'alone': return undefined;
      case 'process': return this.index.processes.reasons.get(this.k);
      case 'endpoint': return this.index.endpoints.reasons.get(this.k);
    }
  }
  get from(): number { return this.store.froms.get(this.k); }
  get to(): number | null {
    const t = this.store.tos.get(this.k);
    return t === OPEN ? null : t;
  }
  duration(unit: Unit): number { return distance(this.index, unit, this.from, this.to ?? this.index.length); }
}

/** A fresh view of interval k (a hit's, for its JSON). */
export function intervalView(index: PresenceIndex, refs: Refs, sort: IntervalSort, k: number): View {
  const v = new IntervalView(index, refs, sort);
  v.k = k;
  return v;
}
