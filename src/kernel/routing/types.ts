/**
 * The routing index interface: which endpoints could intersect a topic or receive a message.
 *
 * Data definition:
 *   RouteEntry = { pid, name, seq, orientation, topic }  (topic canonical; one per endpoint)
 *   RoutingIndex is a persistent value: add/remove return a new index and leave the old one intact.
 * Rule: candidates(o, t) returns every entry of orientation o whose topic unifies with t, and may
 * return more; the caller verifies each candidate by unification. Order is unspecified.
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
}

export type RoutingKind = 'trie' | 'naive';

export interface RoutingIndex {
  readonly kind: RoutingKind;
  readonly size: number;
  add(entry: RouteEntry): RoutingIndex;
  remove(entry: RouteEntry): RoutingIndex;
  candidates(orientation: Orientation, topic: Term): readonly RouteEntry[];
}

export function entryKey(pid: Pid, name: EndpointName): string {
  return `${pid}\u0000${name}`;
}
