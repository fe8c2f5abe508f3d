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
 * Bounds: an intersection is computed within UNIFY_STEPS_PER_NODE × maxTermNodes steps and must
 * itself be within the term limits; a pair over them is refused (the endpoint or message that
 * caused it is refused, and its process crashes with the limit: rules/add-role.ts, send-message.ts).
 */
import type { Reason } from './events.ts';
import { absenceEvent, presenceEvent } from './events.ts';
import type { Pid, RecordId } from './ids.ts';
import type { Endpoint } from './process.ts';
import { coOrientation, visible, type Orientation } from './role.ts';
import type { RouteEntry } from './routing/types.ts';
import { isGround, type Term } from './term.ts';
import { measureTerm, Refused } from './boundary.ts';
import { UNIFY_STEPS_PER_NODE, type Limits } from './limits.ts';
import { canonicalize, intersectBounded, matchesGround, unifiableBounded } from './unify.ts';
import { deliver } from './deliver.ts';
import type { EndpointRef } from './trace.ts';
import type { Ctx, VM } from './vm.ts';

export interface Match {
  readonly entry: RouteEntry;
  readonly intersection: Term;
}

/** The matches of a topic, and the first pair whose intersection is over a limit (null: none). */
export interface Matches {
  readonly matches: readonly Match[];
  readonly refused: Refused | null;
}

/**
 * Delivery order from candidates in ascending (pid, seq) (routing/types.ts): `first`'s own entries
 * moved to the front, keeping their order; the others stay in ascending pid. No sort.
 */
export function senderFirst<T>(xs: T[], first: Pid | null, pidOf: (x: T) => Pid): T[] {
  if (first === null) return xs;
  let at = -1;
  for (let i = 0; i < xs.length; i++) {
    if (pidOf(xs[i]!) === first) {
      at = i;
      break;
    }
  }
  // Nothing of `first`, or already in front (it has the lowest pid that matched): as it is.
  if (at <= 0) return xs;
  const own: T[] = [];
  const rest: T[] = [];
  for (const x of xs) (pidOf(x) === first ? own : rest).push(x);
  return own.concat(rest);
}

const entryPid = (e: RouteEntry): Pid => e.pid;
const matchPid = (m: Match): Pid => m.entry.pid;

const unifySteps = (limits: Limits): number => limits.maxTermNodes * UNIFY_STEPS_PER_NODE;

/** The refusal of a pair: over its unification steps (`over` null), or over a term limit. */
function tooLarge(entry: RouteEntry, limits: Limits, over: Refused | null): Refused {
  const what = `the intersection with endpoint "${entry.name}" of process ${entry.pid}`;
  return over === null
    ? new Refused('maxTermNodes', `${what} needs more than ${unifySteps(limits)} steps of unification (${UNIFY_STEPS_PER_NODE} × maxTermNodes)`)
    : new Refused(over.limit, `${what} ${over.problem}`);
}

/**
 * Endpoints of `orientation` whose topics unify with `topic`, in delivery order relative to `actor`,
 * each with the intersection. A pair whose intersection is over a term
 * limit is left out and reported in `refused` (add-role then refuses the endpoint: rules/add-role.ts).
 */
export function matchingEndpoints(vm: VM, orientation: Orientation, topic: Term, actor: Pid | null, limits: Limits): Matches {
  const out: Match[] = [];
  let refused: Refused | null = null;
  for (const entry of vm.routing.candidates(orientation, topic)) {
    const i = intersectBounded(entry.topic, topic, unifySteps(limits));
    if (i === undefined) continue;
    const size = i === 'too-large' ? tooLarge(entry, limits, null) : measureTerm(i, limits);
    if (!(size instanceof Refused)) out.push({ entry, intersection: i as Term });
    else refused ??= i === 'too-large' ? size : tooLarge(entry, limits, size);
  }
  return { matches: senderFirst(out, actor, matchPid), refused };
}

/** Receivers of a message: endpoints of `orientation` matching `body`, in delivery order (or Refused). */
export function messageReceivers(vm: VM, orientation: Orientation, body: Term, sender: Pid | null, limits: Limits): RouteEntry[] | Refused {
  const ground = isGround(body);
  const pattern = ground ? body : canonicalize(body);
  const out: RouteEntry[] = [];
  // A ground body through an exact index: only topics with a repeated variable need unification.
  const exact = ground && vm.routing.exactForGround;
  for (const entry of vm.routing.candidates(orientation, pattern)) {
    if (exact && entry.linear) {
      out.push(entry);
      continue;
    }
    const m = ground ? matchesGround(entry.topic, body) : unifiableBounded(entry.topic, pattern, unifySteps(limits));
    if (m === 'too-large') return tooLarge(entry, limits, null);
    if (m) out.push(entry);
  }
  return senderFirst(out, sender, entryPid);
}

function endpointOf(vm: VM, entry: RouteEntry): Endpoint | undefined {
  return vm.processes.get(entry.pid)?.endpoints.get(entry.name);
}

const refOf = (ep: Endpoint): EndpointRef => ({ pid: ep.pid, endpoint: ep.name });

/**
 * Presence for a newly installed endpoint `ep`, with its matches as computed before it was installed
 * (an endpoint never matches itself: the orientations differ).
 */
export function announcePresence(vm: VM, ctx: Ctx, ep: Endpoint, matches: readonly Match[], cause: RecordId | null): VM {
  const { orientation, interest } = ep.role;
  for (const m of matches) {
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
  // A pair over a term limit never met (add-role refused the later endpoint), so `refused` is null.
  for (const m of matchingEndpoints(vm, coOrientation(orientation), topic, ep.pid, ctx.limits).matches) {
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
