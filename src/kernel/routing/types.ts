/**
 * The routing index interface: which endpoints could intersect a topic or receive a message.
 *
 * Data definition:
 *   RouteEntry = { pid, name, seq, orientation, topic, linear }  (topic canonical; one per endpoint;
 *                linear = no variable of the topic occurs twice: term.ts isLinear)
 *   RoutingIndex is a persistent value: add/remove return a new index and leave the old one intact.
 * Rule: candidates(o, t) returns every entry of orientation o whose topic unifies with t, and may
 * return more; the caller verifies each candidate by unification. Order: ascending (pid, seq), so
 * that delivery order is the sender's entries moved to the front, with no sort per delivery.
 * An index that is `exactForGround` returns, for a ground topic, only entries whose topics match
 * it up to repeated variables: a linear entry it returns needs no unification.
 */
import type { EndpointName, Pid } from '../ids.ts';
import type { Orientation } from '../role.ts';
import type { Term } from '../term.ts';

export interface RouteEntry {
  readonly pid: Pid;
  readonly name: EndpointName;
  readonly seq: number;
  readonly orientation: Orientation;
  readonly topic: Term;
  readonly linear: boolean;
}

export type RoutingKind = 'trie' | 'naive';

export interface RoutingIndex {
  readonly kind: RoutingKind;
  readonly size: number;
  readonly exactForGround: boolean;
  add(entry: RouteEntry): RoutingIndex;
  remove(entry: RouteEntry): RoutingIndex;
  candidates(orientation: Orientation, topic: Term): readonly RouteEntry[];
}

/** Ascending pid, then seq (a process's endpoints in insertion order): the order of candidates. */
export function byPidSeq(a: RouteEntry, b: RouteEntry): number {
  return a.pid !== b.pid ? a.pid - b.pid : a.seq - b.seq;
}

export function entryKey(pid: Pid, name: EndpointName): string {
  return `${pid}\u0000${name}`;
}
