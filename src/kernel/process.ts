/**
 * Processes (spec §1.5) and crash containment (spec §3.3, decision D4).
 *
 * Data definition:
 *   Process = { pid, name, state, isVm, endpoints, metaEndpoints, spawnKs, queue, nextSeq, nextSpawnK, crash }
 *     endpoints      name → Endpoint, in insertion order (decision D1)
 *     metaEndpoints  endpoints this process holds in its VM's container (via at-meta-level)
 *     spawnKs        continuations of at-meta-level spawns, waiting for the container's pid
 *     queue          FIFO of actions, each with the trace record that queued it
 *     crash          the reason of a crash whose quit is queued (for crash markers), else null
 *   Endpoint = { pid, name, role, handler, seq }; `seq` orders a process's endpoints.
 *   A VM process (isVm) has a whole VM as its state; the kernel code of nested.ts acts for it
 *   (its endpoints' handlers are relays, its continuations run-vm and resume: see actions.ts).
 *
 * Rule (containment): user code that throws, or returns something that is not a transition (or
 * one over a limit), leaves the state as it was and yields a crash reason instead of actions.
 */
import { List, Map as IMap, OrderedMap } from 'immutable';
import type { Action, EndpointHandler, SpawnK } from './actions.ts';
import { Refused } from './boundary.ts';
import { crashReason, errorReason, limitReason, ownReason, type Reason } from './events.ts';
import type { EndpointName, Pid, RecordId } from './ids.ts';
import type { Limits } from './limits.ts';
import type { Role } from './role.ts';
import { ownTransition } from './transition.ts';

export interface Endpoint {
  readonly pid: Pid;
  readonly name: EndpointName;
  readonly role: Role;
  readonly handler: EndpointHandler;
  readonly seq: number;
}

export interface QueuedAction {
  readonly action: Action;
  readonly cause: RecordId | null;
}

export interface Process {
  readonly pid: Pid;
  readonly name: string;
  readonly state: unknown;
  readonly isVm: boolean;
  readonly endpoints: OrderedMap<EndpointName, Endpoint>;
  readonly metaEndpoints: OrderedMap<EndpointName, Endpoint>;
  readonly spawnKs: IMap<number, SpawnK>;
  readonly queue: List<QueuedAction>;
  readonly nextSeq: number;
  readonly nextSpawnK: number;
  readonly crash: Reason | null;
}

export function makeProcess(pid: Pid, name: string, state: unknown, isVm: boolean): Process {
  return {
    pid,
    name,
    state,
    isVm,
    endpoints: OrderedMap(),
    metaEndpoints: OrderedMap(),
    spawnKs: IMap(),
    queue: List(),
    nextSeq: 0,
    nextSpawnK: 0,
    crash: null,
  };
}

/**
 * A copy of a process with some fields changed. Written out field by field: on Node 20, object
 * spread of records that were themselves made by spread is 10–25× slower (bench/repro).
 */
export function processWith(p: Process, c: Partial<Process>): Process {
  return {
    pid: p.pid,
    name: p.name,
    state: 'state' in c ? c.state : p.state,
    isVm: p.isVm,
    endpoints: c.endpoints ?? p.endpoints,
    metaEndpoints: c.metaEndpoints ?? p.metaEndpoints,
    spawnKs: c.spawnKs ?? p.spawnKs,
    queue: c.queue ?? p.queue,
    nextSeq: c.nextSeq ?? p.nextSeq,
    nextSpawnK: c.nextSpawnK ?? p.nextSpawnK,
    crash: 'crash' in c ? (c.crash ?? null) : p.crash,
  };
}

/** processWith(p, { state }), without the change record (once per delivery). */
export function processWithState(p: Process, state: unknown): Process {
  return {
    pid: p.pid,
    name: p.name,
    state,
    isVm: p.isVm,
    endpoints: p.endpoints,
    metaEndpoints: p.metaEndpoints,
    spawnKs: p.spawnKs,
    queue: p.queue,
    nextSeq: p.nextSeq,
    nextSpawnK: p.nextSpawnK,
    crash: p.crash,
  };
}

/** Is the process finished: nothing to do and nothing anyone could wake it with? (spec §2.3 GC) */
export function isIdleAndEmpty(p: Process): boolean {
  return p.endpoints.size === 0 && p.metaEndpoints.size === 0 && p.spawnKs.size === 0 && p.queue.size === 0;
}

export type UserResult =
  | { readonly ok: true; readonly state: unknown; readonly actions: readonly Action[] }
  | { readonly ok: false; readonly reason: Reason };

/**
 * Runs user code under containment: whatever it throws or returns, the kernel gets data back — a
 * kernel-owned transition (transition.ts), or an owned reason of at most maxReasonSize.
 */
export function runUserCode(limits: Limits, code: () => unknown): UserResult {
  let returned: unknown;
  try {
    returned = code();
  } catch (thrown) {
    return { ok: false, reason: ownReason(crashReason(thrown), limits) };
  }
  return ownResult(returned, limits);
}

/**
 * runUserCode for an endpoint handler: the same containment, with no closure made per call
 * (a delivery's hot path).
 */
export function runHandler(limits: Limits, handler: (e: never, s: never) => unknown, event: unknown, state: unknown): UserResult {
  let returned: unknown;
  try {
    returned = handler(event as never, state as never);
  } catch (thrown) {
    return { ok: false, reason: ownReason(crashReason(thrown), limits) };
  }
  return ownResult(returned, limits);
}

function ownResult(returned: unknown, limits: Limits): UserResult {
  try {
    const t = ownTransition(returned, limits);
    return { ok: true, state: t.state, actions: t.actions };
  } catch (e) {
    // A refusal of the boundary, or what a getter or Proxy trap of the returned value threw.
    const reason = !(e instanceof Refused)
      ? crashReason(e)
      : e.limit === null
        ? errorReason('bad-transition', e.problem)
        : limitReason(e.limit, e.problem);
    return { ok: false, reason: ownReason(reason, limits) };
  }
}
