/**
 * Trace records: every transition the kernel makes, each with the record that caused it
 * (architecture habit 4: one chokepoint, causes recorded, never re-derived).
 *
 * Data definition (every record also has id, cause, vm path and pid):
 *   ground-event  the ground fired an event (or the user injected a message)      cause: what made it ready, or null
 *   world         something happened in the simulated world (a packet arrived, a client sent, a fault acted)
 *   round         a VM began a scheduler pass                                     cause: what ran it
 *   action        a process performed one action from its queue                   cause: the record that queued it
 *   deliver       an endpoint's handler ran on an event: outcome, new state, queued actions; for a
 *                 presence or absence, the peer endpoint (pid, name) whose appearance or departure it
 *                 is (the handler is never told: it is for the debugger); null for a message
 *   boot          a spawned process's boot ran (name, parent)                    cause: the spawn action
 *   continuation  a spawn continuation or a yield continuation ran
 *   endpoint      an endpoint was added, had its handler replaced, or was removed
 *   quit          a process left its VM (reason; who killed it; how many actions were dropped)
 *   gc            processes were collected at the end of a round (with the nested processes that went too)
 *   enqueue       the kernel itself queued actions on a process: the quit after a crash, or what a
 *                 nested VM's round hands to its VM process (handlers' actions are in their records)
 *   no-op         an action had no effect (e.g. killing a pid that does not exist)
 *   limit         a kernel limit was hit
 * Records hold live values (states, actions): exporters render them; the kernel never reads them back.
 */
import type { Action } from './actions.ts';
import type { EndpointEvent, Reason } from './events.ts';
import type { EndpointName, Pid, RecordId, VmPath } from './ids.ts';
import type { Role } from './role.ts';
import type { Term } from './term.ts';

/** An endpoint of the record's VM, by its process and name. */
export interface EndpointRef {
  readonly pid: Pid;
  readonly endpoint: EndpointName;
}

/** A process inside a nested VM that went away with it (decision D7). */
export interface Vanished {
  readonly vm: VmPath;
  readonly pid: Pid;
  readonly name: string;
}

/**
 * What became of user code's run: ok, crashed, or discarded (its process is quitting, D3). For a
 * delivery to a VM process's relay endpoint (kernel code): relayed (the inner delivery follows,
 * caused by it), or discarded (not relayed: a no-op says why).
 */
export type Outcome = 'ok' | 'crashed' | 'discarded' | 'relayed';

interface Base {
  readonly id: RecordId;
  readonly cause: RecordId | null;
  readonly vm: VmPath;
  readonly pid: Pid | null;
}

export type TraceBody =
  | { readonly kind: 'ground-event'; readonly event: Term; readonly source: string; readonly time: number }
  | {
      readonly kind: 'world';
      readonly time: number;
      readonly what: string;
      readonly host: string;
      readonly detail: Term;
    }
  | { readonly kind: 'round'; readonly round: number }
  | { readonly kind: 'action'; readonly action: Action }
  | {
      readonly kind: 'deliver';
      readonly endpoint: EndpointName;
      readonly event: EndpointEvent;
      /** The other endpoint of a presence or absence; null for a message. */
      readonly peer: EndpointRef | null;
      readonly outcome: Outcome;
      readonly state: unknown;
      readonly actions: readonly Action[];
      readonly reason: Reason | null;
    }
  | {
      readonly kind: 'boot';
      readonly name: string;
      readonly parent: Pid | null;
      readonly nested: boolean;
      readonly outcome: Outcome;
      readonly state: unknown;
      readonly actions: readonly Action[];
      readonly reason: Reason | null;
    }
  | {
      readonly kind: 'continuation';
      readonly of: 'spawn' | 'yield';
      readonly outcome: Outcome;
      readonly state: unknown;
      readonly actions: readonly Action[];
      readonly reason: Reason | null;
    }
  | {
      readonly kind: 'endpoint';
      readonly change: 'added' | 'replaced' | 'removed';
      readonly endpoint: EndpointName;
      readonly role: Role;
      readonly meta: boolean;
      readonly reason: Reason | null;
    }
  | {
      readonly kind: 'quit';
      readonly reason: Reason;
      readonly killedBy: Pid | null;
      readonly dropped: number;
      readonly vanished: readonly Vanished[];
    }
  | {
      readonly kind: 'gc';
      readonly pids: readonly Pid[];
      readonly vanished: readonly Vanished[];
    }
  | { readonly kind: 'enqueue'; readonly actions: readonly Action[]; readonly why: 'crash' | 'nested-vm' }
  | { readonly kind: 'no-op'; readonly why: string }
  | { readonly kind: 'limit'; readonly limit: string; readonly sentence: string };

export type TraceRecord = Base & TraceBody;
export type TraceKind = TraceRecord['kind'];

/**
 * Where records go during one kernel step. A fresh sink per step; the ids continue from the
 * previous step so that they are unique and stable across a whole run.
 */
export interface TraceSink {
  nextId: number;
  /** null when trace recording is off: ids still advance so causes stay meaningful. */
  readonly records: TraceRecord[] | null;
}

export function newSink(nextId: number, recording: boolean): TraceSink {
  return { nextId, records: recording ? [] : null };
}

/**
 * A deliver record (the one made for every delivery), built whole in one literal with the fields
 * in TraceRecord order: one fixed shape with no property added afterwards, and no allocation at all
 * when recording is off. Same record, same id as `emit` would give.
 */
export function emitDeliver(
  sink: TraceSink, vm: VmPath, pid: Pid, cause: RecordId | null, endpoint: EndpointName, event: EndpointEvent,
  peer: EndpointRef | null, outcome: Outcome, state: unknown, actions: readonly Action[], reason: Reason | null,
): RecordId {
  const id = sink.nextId++ as RecordId;
  if (sink.records !== null) sink.records.push({ id, cause, vm, pid, kind: 'deliver', endpoint, event, peer, outcome, state, actions, reason });
  return id;
}

/** An action record (one per action performed), built whole like emitDeliver's. */
export function emitAction(sink: TraceSink, vm: VmPath, pid: Pid, cause: RecordId | null, action: Action): RecordId {
  const id = sink.nextId++ as RecordId;
  if (sink.records !== null) sink.records.push({ id, cause, vm, pid, kind: 'action', action });
  return id;
}

/** A round record (one per scheduler pass), built whole. */
export function emitRound(sink: TraceSink, vm: VmPath, cause: RecordId | null, round: number): RecordId {
  const id = sink.nextId++ as RecordId;
  if (sink.records !== null) sink.records.push({ id, cause, vm, pid: null, kind: 'round', round });
  return id;
}

/**
 * The emitter of the other kinds: assigns the id and stores the record. Returns the id for use as
 * a cause. (The hot kinds have their own, above: same record, same id.)
 */
export function emit(sink: TraceSink, vm: VmPath, pid: Pid | null, cause: RecordId | null, body: TraceBody): RecordId {
  const id = sink.nextId++ as RecordId;
  if (sink.records === null) return id;
  // The body is a fresh literal owned by this call: completing it in place avoids an object spread
  // (slow on hot paths in Node 20, see bench/repro).
  const record = body as { -readonly [K in keyof Base]: Base[K] } & TraceBody;
  record.id = id;
  record.cause = cause;
  record.vm = vm;
  record.pid = pid;
  sink.records.push(record as TraceRecord);
  return id;
}
