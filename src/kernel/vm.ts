/**
 * The VM record (spec §1.5) and the operations every reduction rule shares.
 *
 * Data definition:
 *   VM = { processes, nextPid, routing, runnable, eventSources, rounds }
 *     processes     pid → Process; pids only grow, so insertion order is ascending pid (decision D1)
 *     routing       the endpoint index for presence and delivery
 *     runnable      pids whose queue is non-empty
 *     eventSources  ground subscriptions: participant subscriber endpoints on [evt, …] (spec §4.4)
 *   Ctx = what one kernel step threads through the rules: the trace sink, limits, the VM path and
 *   depth, the current round's bookkeeping, and what runs kernel code (nested.ts). It lives for one
 *   step and is never returned.
 */
import { List, OrderedMap, Set as ISet } from 'immutable';
import type { Action, BootSpec, Preaction, Relay, Resume, RunVm, SpawnAction } from './actions.ts';
import type { EndpointEvent } from './events.ts';
import type { EndpointName, Pid, RecordId, VmPath } from './ids.ts';
import { PRIMORDIAL_PID, pid as mkPid } from './ids.ts';
import type { Limits } from './limits.ts';
import { makeProcess, processWith, type Endpoint, type Process, type QueuedAction } from './process.ts';
import { emptyNaiveIndex } from './routing/naive.ts';
import { emptyTrieIndex } from './routing/trie.ts';
import { entryKey, type RouteEntry, type RoutingIndex, type RoutingKind } from './routing/types.ts';
import { isEvt, isLinear, termKind, type EvtTerm, type Term } from './term.ts';
import type { EndpointRef, TraceSink, Vanished } from './trace.ts';

export interface EventSource {
  readonly pid: Pid;
  readonly name: EndpointName;
  readonly evt: EvtTerm;
  /** The trace record that added the subscription: the cause of an always-ready event. */
  readonly addedBy: RecordId | null;
}

export interface VM {
  readonly processes: OrderedMap<Pid, Process>;
  readonly nextPid: number;
  readonly routing: RoutingIndex;
  readonly runnable: ISet<Pid>;
  readonly eventSources: OrderedMap<string, EventSource>;
  readonly rounds: number;
}

/** Per-round bookkeeping: which pids gained work, what leaves for the container. */
export interface RoundState {
  woken: Pid[];
  readonly external: { action: Preaction; cause: RecordId | null }[];
  readonly touched: Pid[];
  fuel: number;
}

/**
 * What runs the kernel code of actions.ts and starts VM processes: nested.ts, handed down by the
 * ground. The rules reach it through the context, so that they need not import the nested-VM code,
 * which runs the scheduler that calls them.
 */
export interface KernelCodeRunner {
  /** A spawn with `nested` set: `child` of `parent` is a VM process. */
  readonly spawnVm: (vm: VM, ctx: Ctx, parent: Pid, child: Pid, a: SpawnAction, cause: RecordId) => VM;
  /** An event at endpoint `ep` (about `peer`), whose handler is kernel code. */
  readonly handler: (
    vm: VM, ctx: Ctx, ep: Endpoint, code: Relay, event: EndpointEvent, peer: EndpointRef | null, cause: RecordId | null, discard: boolean,
  ) => VM;
  /** Process `self` performs a yield whose continuation is kernel code. */
  readonly yieldK: (vm: VM, ctx: Ctx, self: Pid, code: RunVm, cause: RecordId) => VM;
  /** Process `self` spawned `child` with kernel code as the continuation. */
  readonly spawnK: (vm: VM, ctx: Ctx, self: Pid, code: Resume, child: Pid, cause: RecordId) => VM;
}

export interface Ctx {
  readonly sink: TraceSink;
  readonly limits: Limits;
  readonly path: VmPath;
  readonly depth: number;
  readonly routingKind: RoutingKind;
  readonly round: RoundState;
  readonly kernelCode: KernelCodeRunner;
}

export function emptyIndex(kind: RoutingKind): RoutingIndex {
  return kind === 'trie' ? emptyTrieIndex() : emptyNaiveIndex();
}

/** make-vm: a primordial process (pid -1) whose queue holds spawn(boot), so the boot process is pid 0. */
export function makeVM(boot: BootSpec, routingKind: RoutingKind, bootName = 'boot'): VM {
  const spawnBoot: Action = { type: 'spawn', boot, nested: false, k: null, name: bootName };
  const primordial: Process = {
    ...makeProcess(PRIMORDIAL_PID, 'primordial', false, false),
    queue: List([{ action: spawnBoot, cause: null }]),
  };
  return {
    processes: OrderedMap([[PRIMORDIAL_PID, primordial]]),
    nextPid: 0,
    routing: emptyIndex(routingKind),
    runnable: ISet([PRIMORDIAL_PID]),
    eventSources: OrderedMap(),
    rounds: 0,
  };
}

export const hasWork = (vm: VM): boolean => vm.runnable.size > 0;

/**
 * The VM with a private, editable process table and runnable set (Immutable's asMutable): inside
 * one round or one fan-out each update edits them in place instead of copying a path of nodes.
 * `vm`'s own maps are untouched (copy on first write). Only the round or fan-out that opened it
 * may hold it, and it must be closed (`sealed`) before the VM leaves: no VM with open tables is
 * ever returned from a step or stored (a VM process's state is sealed by its own round).
 */
export function opened(vm: VM): VM {
  return vmWith(vm, { processes: vm.processes.asMutable(), runnable: vm.runnable.asMutable() });
}

/** Closes what `opened` made editable: from here on the VM is a persistent value again. */
export function sealed(vm: VM): VM {
  return vmWith(vm, { processes: vm.processes.asImmutable(), runnable: vm.runnable.asImmutable() });
}

/** A copy of a VM with some fields changed, written out field by field (see processWith). */
export function vmWith(vm: VM, c: Partial<VM>): VM {
  return {
    processes: c.processes ?? vm.processes,
    nextPid: c.nextPid ?? vm.nextPid,
    routing: c.routing ?? vm.routing,
    runnable: c.runnable ?? vm.runnable,
    eventSources: c.eventSources ?? vm.eventSources,
    rounds: c.rounds ?? vm.rounds,
  };
}

export function putProcess(vm: VM, p: Process): VM {
  const processes = vm.processes.set(p.pid, p);
  // An opened table was edited in place: the VM record is unchanged.
  return processes === vm.processes ? vm : vmWith(vm, { processes });
}

export function allocatePid(vm: VM): [VM, Pid] {
  return [vmWith(vm, { nextPid: vm.nextPid + 1 }), mkPid(vm.nextPid)];
}

/** Appends actions to a process's queue and marks it runnable. The caller checks the queue limit. */
export function enqueue(vm: VM, ctx: Ctx, pid: Pid, actions: readonly Action[], cause: RecordId | null): VM {
  const p = vm.processes.get(pid);
  if (p === undefined || actions.length === 0) return vm;
  const queue = p.queue.concat(actions.map((action): QueuedAction => ({ action, cause })));
  ctx.round.woken.push(pid);
  const processes = vm.processes.set(pid, processWith(p, { queue }));
  const runnable = vm.runnable.add(pid);
  // Opened tables (a round, a fan-out) were edited in place: the VM record is unchanged.
  return processes === vm.processes && runnable === vm.runnable ? vm : vmWith(vm, { processes, runnable });
}

export function routeEntry(ep: Endpoint): RouteEntry {
  const { orientation, topic } = ep.role;
  return { pid: ep.pid, name: ep.name, seq: ep.seq, orientation, topic, linear: isLinear(topic) };
}

/** A ground subscription is a participant subscriber on [evt, anything] (spec §4.4). */
function groundEvent(ep: Endpoint): EvtTerm | null {
  const { role } = ep;
  if (role.orientation !== 'subscriber' || role.interest !== 'participant') return null;
  const t: Term = role.topic;
  if (termKind(t) !== 'list') return null;
  const list = t as readonly Term[];
  return list.length === 2 && isEvt(list[0]!) ? (list[0] as EvtTerm) : null;
}

/** Installs an endpoint in its process, the routing index and the ground-subscription table. */
export function installEndpoint(vm: VM, p: Process, ep: Endpoint, addedBy: RecordId | null): VM {
  const proc = processWith(p, { endpoints: p.endpoints.set(ep.name, ep), nextSeq: Math.max(p.nextSeq, ep.seq + 1) });
  const evtTerm = groundEvent(ep);
  return vmWith(vm, {
    processes: vm.processes.set(p.pid, proc),
    routing: vm.routing.add(routeEntry(ep)),
    eventSources: evtTerm
      ? vm.eventSources.set(entryKey(ep.pid, ep.name), { pid: ep.pid, name: ep.name, evt: evtTerm, addedBy })
      : vm.eventSources,
  });
}

export function uninstallEndpoint(vm: VM, ep: Endpoint): VM {
  const p = vm.processes.get(ep.pid);
  const processes = p ? vm.processes.set(p.pid, processWith(p, { endpoints: p.endpoints.delete(ep.name) })) : vm.processes;
  const key = entryKey(ep.pid, ep.name);
  return vmWith(vm, {
    processes,
    routing: vm.routing.remove(routeEntry(ep)),
    eventSources: vm.eventSources.has(key) ? vm.eventSources.delete(key) : vm.eventSources,
  });
}

/** The VM inside a VM process (its state), or null for any other process. */
export function innerVm(p: Process): VM | null {
  // A process's state is existential (unknown); isVm is what says this one is a VM.
  return p.isVm ? (p.state as VM) : null;
}

/** Every process inside a VM process, recursively (they go when it goes, decision D7). */
export function vanishedWith(p: Process, path: VmPath): Vanished[] {
  const inner = innerVm(p);
  if (inner === null) return [];
  const innerPath = [...path, p.pid];
  const out: Vanished[] = [];
  for (const q of inner.processes.values()) {
    out.push({ vm: innerPath, pid: q.pid, name: q.name });
    out.push(...vanishedWith(q, innerPath));
  }
  return out;
}

export function removeProcess(vm: VM, pid: Pid): VM {
  return vmWith(vm, { processes: vm.processes.delete(pid), runnable: vm.runnable.delete(pid) });
}

/** Replaces just the handler of an endpoint (the anti-glitch re-declaration, decision D5). */
export function replaceHandler(vm: VM, p: Process, ep: Endpoint): VM {
  return putProcess(vm, processWith(p, { endpoints: p.endpoints.set(ep.name, ep) }));
}

