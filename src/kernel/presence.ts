/**
 * Presence and absence fan-out (spec §3.1–3.2, §2.4 ordering facts, facts 5–7 of §11).
 *
 * Rule: when endpoint E of process X is added (removed), for every endpoint P of the opposite
 * orientation whose topic unifies with E's — X's own endpoints first, then other processes in
 * ascending pid, endpoints in insertion order — with I the canonical intersection:
 *   if visible(P, E): P's handler gets presence (absence) of role(E.orientation, I, E.interest)
 *   then, if visible(E, P): E's handler gets presence (absence) of role(P.orientation, I, P.interest).
 * One event per matching endpoint pair; nothing is deduplicated by process. Each delivery's record
 * names the other endpoint of the pair (its `peer`).
 */
import type { Reason } from './events.ts';
import { absenceEvent, presenceEvent } from './events.ts';
import type { Pid, RecordId } from './ids.ts';
import type { Endpoint } from './process.ts';
import { coOrientation, visible, type Orientation } from './role.ts';
import type { RouteEntry } from './routing/types.ts';
import { isGround, type Term } from './term.ts';
import { canonicalize, intersectCanonical, matchesGround } from './unify.ts';
import { deliver } from './deliver.ts';
import type { EndpointRef } from './trace.ts';
import type { Ctx, VM } from './vm.ts';

export interface Match {
  readonly entry: RouteEntry;
  readonly intersection: Term;
}

function byProximity(first: Pid | null): (a: RouteEntry, b: RouteEntry) => number {
  return (a, b) => {
    if (a.pid !== b.pid) {
      if (a.pid === first) return -1;
      if (b.pid === first) return 1;
      return a.pid - b.pid;
    }
    return a.seq - b.seq;
  };
}

/** Endpoints of `orientation` whose topics unify with `topic`, in delivery order relative to `actor`. */
export function matchingEndpoints(vm: VM, orientation: Orientation, topic: Term, actor: Pid | null): Match[] {
  const out: Match[] = [];
  for (const entry of vm.routing.candidates(orientation, topic)) {
    const intersection = intersectCanonical(entry.topic, topic);
    if (intersection !== undefined) out.push({ entry, intersection });
  }
  return out.sort((a, b) => byProximity(actor)(a.entry, b.entry));
}

/** Receivers of a message: endpoints of `orientation` matching `body`, in delivery order. */
export function messageReceivers(vm: VM, orientation: Orientation, body: Term, sender: Pid | null): RouteEntry[] {
  const ground = isGround(body);
  const pattern = ground ? body : canonicalize(body);
  const out: RouteEntry[] = [];
  for (const entry of vm.routing.candidates(orientation, pattern)) {
    if (ground ? matchesGround(entry.topic, body) : intersectCanonical(entry.topic, pattern) !== undefined) out.push(entry);
  }
  return out.sort(byProximity(sender));
}

function endpointOf(vm: VM, entry: RouteEntry): Endpoint | undefined {
  return vm.processes.get(entry.pid)?.endpoints.get(entry.name);
}

const refOf = (ep: Endpoint): EndpointRef => ({ pid: ep.pid, endpoint: ep.name });

/** Presence for a newly installed endpoint `ep` (already in the index). */
export function announcePresence(vm: VM, ctx: Ctx, ep: Endpoint, cause: RecordId | null): VM {
  const { orientation, topic, interest } = ep.role;
  for (const m of matchingEndpoints(vm, coOrientation(orientation), topic, ep.pid)) {
    const peer = endpointOf(vm, m.entry);
    if (peer === undefined) continue;
    if (visible(peer.role.interest, interest)) {
      vm = deliver(vm, ctx, peer, presenceEvent({ orientation, topic: m.intersection, interest }), refOf(ep), cause, null);
    }
    if (visible(interest, peer.role.interest)) {
      const seen = { orientation: peer.role.orientation, topic: m.intersection, interest: peer.role.interest };
      const self = vm.processes.get(ep.pid)?.endpoints.get(ep.name) ?? ep;
      vm = deliver(vm, ctx, self, presenceEvent(seen), refOf(peer), cause, null);
    }
  }
  return vm;
}

/**
 * Absence for an endpoint `ep` already removed from the index. The removed endpoint's own handler
 * also hears about each peer (decision D3). Deliveries to `discardPid` run but are discarded.
 */
export function announceAbsence(
  vm: VM,
  ctx: Ctx,
  ep: Endpoint,
  reason: Reason,
  cause: RecordId | null,
  discardPid: Pid | null,
): VM {
  const { orientation, topic, interest } = ep.role;
  for (const m of matchingEndpoints(vm, coOrientation(orientation), topic, ep.pid)) {
    const peer = endpointOf(vm, m.entry);
    if (peer === undefined) continue;
    if (visible(peer.role.interest, interest)) {
      vm = deliver(vm, ctx, peer, absenceEvent({ orientation, topic: m.intersection, interest }, reason), refOf(ep), cause, discardPid);
    }
    if (visible(interest, peer.role.interest)) {
      const seen = { orientation: peer.role.orientation, topic: m.intersection, interest: peer.role.interest };
      vm = deliver(vm, ctx, ep, absenceEvent(seen, reason), refOf(peer), cause, discardPid);
    }
  }
  return vm;
}
