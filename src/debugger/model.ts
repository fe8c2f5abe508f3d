/**
 * The debugger's model of the world at one point of a run: a fold over trace records.
 *
 * Data definition:
 *   Model     = { procs, time, applied, last }
 *     procs   every process the trace has mentioned, keyed by "vm/…/pid" (ground processes: "pid"),
 *             in order of appearance; exited ones stay, marked alive = false, so views can show them
 *     time    virtual milliseconds of the latest ground or world record
 *     applied how many records have been folded in
 *   ProcView  = { key, vm, pid, name, parent, isVm, state, endpoints, metaEndpoints, queue, crash,
 *                 alive, exit, bornAt, diedAt }
 * Rule: applyRecord(model, record) is the only way a model changes. The trace is complete — every
 * change of a process's state, endpoints or queue has a record — so folding the records of a run
 * reproduces what the kernel holds (the differential test checks this at every step boundary).
 * Models are immutable (Immutable.js), so keeping one per checkpoint is cheap.
 */
import { List, OrderedMap } from 'immutable';
import type { Action, Pid, Reason, RecordId, Role, TraceRecord, VmPath } from '../kernel/index.ts';

export type ProcKey = string;

export interface EndpointView {
  readonly name: string;
  readonly role: Role;
  readonly meta: boolean;
  readonly addedAt: RecordId;
}

export interface ProcView {
  readonly key: ProcKey;
  readonly vm: VmPath;
  readonly pid: Pid;
  readonly name: string;
  readonly parent: Pid | null;
  readonly isVm: boolean;
  readonly state: unknown;
  readonly endpoints: OrderedMap<string, EndpointView>;
  readonly metaEndpoints: OrderedMap<string, EndpointView>;
  readonly queue: List<Action>;
  readonly crash: Reason | null;
  readonly alive: boolean;
  /** Why it left: its quit reason, or "gc" / "vanished" (with its nested VM). */
  readonly exit: { readonly how: 'quit' | 'gc' | 'vanished'; readonly reason: Reason } | null;
  readonly bornAt: RecordId | null;
  readonly diedAt: RecordId | null;
}

export interface Model {
  readonly procs: OrderedMap<ProcKey, ProcView>;
  readonly time: number;
  readonly applied: number;
  readonly last: RecordId | null;
}

export const emptyModel: Model = { procs: OrderedMap(), time: 0, applied: 0, last: null };

export function procKey(vm: VmPath, pid: Pid | number): ProcKey {
  return vm.length === 0 ? String(pid) : `${vm.join('/')}/${pid}`;
}

function placeholder(vm: VmPath, pid: Pid): ProcView {
  return {
    key: procKey(vm, pid), vm, pid, name: pid === -1 ? 'primordial' : `process ${pid}`, parent: null, isVm: false,
    state: null, endpoints: OrderedMap(), metaEndpoints: OrderedMap(), queue: List(), crash: null, alive: true,
    exit: null, bornAt: null, diedAt: null,
  };
}

function update(m: Model, vm: VmPath, pid: Pid | null, f: (p: ProcView) => ProcView): Model {
  if (pid === null) return m;
  const key = procKey(vm, pid);
  const p = m.procs.get(key) ?? placeholder(vm, pid);
  return { ...m, procs: m.procs.set(key, f(p)) };
}

function bury(m: Model, vm: VmPath, pid: Pid, at: RecordId, exit: ProcView['exit']): Model {
  const key = procKey(vm, pid);
  const p = m.procs.get(key);
  if (p === undefined || !p.alive) return m;
  return { ...m, procs: m.procs.set(key, { ...p, alive: false, queue: List(), diedAt: at, exit }) };
}

export function applyRecord(m: Model, r: TraceRecord): Model {
  m = { ...m, applied: m.applied + 1, last: r.id };
  switch (r.kind) {
    case 'ground-event':
    case 'world':
      return { ...m, time: r.time };
    case 'round':
    case 'no-op':
    case 'limit':
      return m;
    case 'action':
      return update(m, r.vm, r.pid, (p) => ({ ...p, queue: p.queue.shift() }));
    case 'deliver':
    case 'continuation':
      // discarded: a quitting process's results are thrown away; relayed: a VM process handed the
      // event inward, and what changed is in the records inside and the enqueue after them.
      if (r.outcome === 'discarded' || r.outcome === 'relayed') return m;
      if (r.outcome === 'crashed') return update(m, r.vm, r.pid, (p) => ({ ...p, crash: p.crash ?? r.reason }));
      return update(m, r.vm, r.pid, (p) => ({ ...p, state: r.state, queue: p.queue.concat(r.actions) }));
    case 'boot':
      return update(m, r.vm, r.pid, (p) => ({
        ...p, name: r.name, parent: r.parent, isVm: r.nested, state: r.state, bornAt: r.id,
        queue: r.outcome === 'ok' ? List(r.actions) : List(), crash: r.reason,
      }));
    case 'enqueue':
      return update(m, r.vm, r.pid, (p) => ({ ...p, queue: p.queue.concat(r.actions) }));
    case 'endpoint':
      return update(m, r.vm, r.pid, (p) => endpointChange(p, r));
    case 'quit': {
      let next = bury(m, r.vm, r.pid!, r.id, { how: 'quit', reason: r.reason });
      for (const v of r.vanished) next = bury(next, v.vm, v.pid, r.id, { how: 'vanished', reason: r.reason });
      return next;
    }
    case 'gc': {
      let next = m;
      for (const pid of r.pids) next = bury(next, r.vm, pid, r.id, { how: 'gc', reason: false });
      for (const v of r.vanished) next = bury(next, v.vm, v.pid, r.id, { how: 'vanished', reason: false });
      return next;
    }
  }
}

function endpointChange(p: ProcView, r: Extract<TraceRecord, { kind: 'endpoint' }>): ProcView {
  const field = r.meta ? 'metaEndpoints' : 'endpoints';
  const table = p[field];
  if (r.change === 'removed') return { ...p, [field]: table.delete(r.endpoint) };
  const old = table.get(r.endpoint);
  const view: EndpointView = { name: r.endpoint, role: r.role, meta: r.meta, addedAt: old?.addedAt ?? r.id };
  return { ...p, [field]: table.set(r.endpoint, view) };
}

export function applyRecords(m: Model, records: readonly TraceRecord[]): Model {
  for (const r of records) m = applyRecord(m, r);
  return m;
}

/** Live processes of one VM, ascending pid. */
export function liveProcs(m: Model, vm: VmPath): ProcView[] {
  const path = vm.join('/');
  return [...m.procs.values()].filter((p) => p.alive && p.vm.join('/') === path).sort((a, b) => a.pid - b.pid);
}
