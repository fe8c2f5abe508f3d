/**
 * What every export needs from the stream of records: which records are *events* (the things a
 * timeline or a space-time diagram shows), whom each belongs to, and the event that caused it.
 *
 * Data definition:
 *   event record = deliver (not discarded), boot, continuation, quit   on its process
 *                | ground-event                                        on the ground's "events" lane
 *                | world                                               on its world host
 *   Actor        = { key, lane, vm, pid, name }  the lane an event is drawn on
 *   causeEvent(r) = the nearest event among r's causes (r.cause, its cause, …), read from the trace:
 *                   a delivery's cause is the sender's action, whose cause is the transition that
 *                   queued it; a presence's is the endpoint change, then the add-role action, then
 *                   the transition that performed it
 *   Link          what the arrow from causeEvent(r) to r stands for: message, feedback, presence,
 *                 absence, spawn, kill, ground, continuation, quit, world
 * Rule: streaming. add(record) is called in id order; the index keeps, per record, only its nearest
 * event and its kind/vm/pid (a few numbers), never states.
 */
import type { Pid, RecordId, TraceRecord, VmPath } from '../../kernel/index.ts';
import { procKey } from '../model.ts';
import type { RecordJson } from '../trace/index.ts';

export type Link =
  | 'message' | 'feedback' | 'presence' | 'absence' | 'spawn' | 'kill' | 'quit' | 'ground' | 'continuation' | 'world';

export type LaneKind = 'process' | 'ground' | 'world';

export interface Actor {
  /** Unique per lane: procKey for processes, "ground" for ground events, "world:HOST" for hosts. */
  readonly key: string;
  readonly lane: LaneKind;
  readonly vm: readonly number[];
  readonly pid: number | null;
  /** The world host, for lane "world". */
  readonly host: string | null;
}

interface Brief {
  readonly kind: RecordJson['kind'];
  readonly vm: readonly number[];
  readonly pid: number | null;
  /** The nearest event among this record and its causes, or 0. */
  readonly event: number;
}

export function isEventRecord(r: RecordJson): boolean {
  switch (r.kind) {
    case 'deliver':
      return r.outcome !== 'discarded' && r.pid !== null;
    case 'boot':
    case 'continuation':
    case 'quit':
      return r.pid !== null;
    case 'ground-event':
    case 'world':
      return true;
    default:
      return false;
  }
}

export function actorOf(r: RecordJson): Actor {
  if (r.kind === 'world') return { key: `world:${r.host}`, lane: 'world', vm: [], pid: null, host: r.host };
  if (r.kind === 'ground-event' || r.pid === null) return { key: 'ground', lane: 'ground', vm: [], pid: null, host: null };
  return { key: procKey(r.vm as unknown as VmPath, r.pid), lane: 'process', vm: r.vm, pid: r.pid, host: null };
}

/** What the arrow into event record r stands for. */
export function linkOf(r: RecordJson, cause: { readonly kind: string } | undefined): Link {
  switch (r.kind) {
    case 'deliver':
      if (cause?.kind === 'ground-event') return 'ground';
      if (r.event.type === 'message') return r.event.role.orientation === 'publisher' ? 'message' : 'feedback';
      return r.event.type;
    case 'boot':
      return 'spawn';
    case 'continuation':
      return 'continuation';
    case 'quit':
      return r.killedBy !== null ? 'kill' : 'quit';
    case 'ground-event':
      return 'ground';
    default:
      return 'world';
  }
}

export interface Indexed {
  readonly record: RecordJson;
  readonly isEvent: boolean;
  /** The nearest event among the record's causes (not the record itself), or null. */
  readonly causeEvent: number | null;
}

export class CausalIndex {
  private readonly briefs = new Map<number, Brief>();
  /** Process names from boot records ("primordial" for pid -1), by procKey. */
  readonly names = new Map<string, string>();

  add(r: RecordJson): Indexed {
    const cause = r.cause === null ? undefined : this.briefs.get(r.cause);
    const causeEvent = cause === undefined || cause.event === 0 ? null : cause.event;
    const isEvent = isEventRecord(r);
    this.briefs.set(r.id, { kind: r.kind, vm: r.vm, pid: r.pid, event: isEvent ? r.id : (causeEvent ?? 0) });
    if (r.kind === 'boot' && r.pid !== null) this.names.set(procKey(r.vm as unknown as VmPath, r.pid), r.name);
    return { record: r, isEvent, causeEvent };
  }

  /** A record's kind, VM and pid (for cause lookups). */
  brief(id: number | null): { readonly kind: string; readonly vm: readonly number[]; readonly pid: number | null } | undefined {
    return id === null ? undefined : this.briefs.get(id);
  }

  /** The name of a process: its boot name, "primordial" for pid -1, else "process N". */
  nameOf(vm: readonly number[], pid: number): string {
    return this.names.get(procKey(vm as unknown as VmPath, pid)) ?? (pid === -1 ? 'primordial' : `process ${pid}`);
  }

  /** A lookup for views/sequence.ts's seqEvent: the cause record's kind, vm and pid. */
  readonly byId = (id: number): TraceRecord | undefined => {
    const b = this.briefs.get(id);
    return b === undefined ? undefined : ({ id: id as RecordId, cause: null, vm: b.vm as VmPath, pid: b.pid as Pid | null, kind: b.kind } as unknown as TraceRecord);
  };
}
