/**
 * Views (match.ts) of the records and intervals of a PresenceIndex, for the index's evaluator.
 * A QuerySource is the index with a way to read its records (a history's, or a run's kept records).
 */
import type { TraceRecord } from '../../kernel/index.ts';
import type { IntervalSort, Unit } from './ast.ts';
import { OPEN, type IntervalStore } from './intervals.ts';
import type { ProcRef, View } from './match.ts';
import type { PresenceIndex } from './presence-index.ts';
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

export function recordView(src: QuerySource, refs: Refs, at: number): View {
  const r = src.record(at);
  const { index } = src;
  return {
    proc: refs.of(index.procs.get(at)), peer: refs.of(index.froms.get(at)), endpoint: recordEndpoint(r), term: recordTerm(r),
    orientation: recordOrientation(r), reason: recordReason(r), record: true, from: at, to: at, duration: () => 0,
  };
}

function span(index: PresenceIndex, store: IntervalStore, k: number): Pick<View, 'record' | 'from' | 'to' | 'duration'> {
  const from = store.froms.get(k);
  const t = store.tos.get(k);
  const to = t === OPEN ? null : t;
  return { record: false, from, to, duration: (unit) => distance(index, unit, from, to ?? index.length) };
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

export function intervalView(index: PresenceIndex, refs: Refs, sort: IntervalSort, k: number): View {
  const s = span(index, storeOf(index, sort), k);
  const none = { peer: null, endpoint: null, term: undefined, orientation: null, reason: undefined };
  switch (sort) {
    case 'knows': {
      const e = index.endpoints.entries[index.observer.get(k)]!;
      const role = index.knowsRole[k]!;
      const peer = index.endpoints.entries[index.peer.get(k)]!;
      return {
        ...s, proc: refs.of(e.proc), peer: refs.of(peer.proc), endpoint: e.name, term: role.topic, orientation: role.orientation,
        reason: index.knowsReason.get(k),
      };
    }
    case 'alone': {
      const e = index.endpoints.entries[index.aloneOf.get(k)]!;
      return { ...s, ...none, proc: refs.of(e.proc), endpoint: e.name, term: e.role.topic, orientation: e.role.orientation };
    }
    case 'process':
      return { ...s, ...none, proc: refs.of(k), reason: index.processes.reasons.get(k) };
    case 'endpoint': {
      const e = index.endpoints.entries[k]!;
      return {
        ...s, ...none, proc: refs.of(e.proc), endpoint: e.name, term: e.role.topic, orientation: e.role.orientation,
        reason: index.endpoints.reasons.get(k),
      };
    }
  }
}
