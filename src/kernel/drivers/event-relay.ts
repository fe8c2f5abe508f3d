/**
 * event-relay(id) (spec §5.4): lets processes in a nested VM use ground-event subscriptions.
 *
 * Data definition:
 *   EventRelayState = { id, counts }   counts: for each relayed descriptor (printed with `pretty`),
 *                                      how many local subscribers to [evt, ?] are present
 * Rule: the relay is an observer of subscribers to [?, ?]. On presence of a subscriber whose
 * topic's first element is an event descriptor evt, it adds (once per descriptor) the
 * meta-endpoint "relay <pretty(evt)>": a participant subscriber [evt, ?] in the container, whose
 * messages it re-sends unchanged in its own VM. When the last local subscriber to evt goes away,
 * it deletes that meta-endpoint. Run it inside the nested VM: spawn(eventRelay('vm-name')).
 */
import { _, isEvt, type EvtTerm, type Term } from '../term.ts';
import { atMetaLevel, deleteRole, processOf, sendMessage } from '../api.ts';
import type { Transition } from '../actions.ts';
import type { Role } from '../role.ts';
import { topicPublisher, topicSubscriber } from '../role.ts';
import { pretty } from '../pretty.ts';

export interface EventRelayState {
  readonly id: string;
  readonly counts: ReadonlyMap<string, number>;
}

const EventRelay = processOf<EventRelayState>();

/** The meta-endpoint name for a descriptor: deterministic, one per descriptor. */
export const relayEndpointName = (e: EvtTerm): string => `relay ${pretty(e)}`;

/** The descriptor a presence or absence is about, if its topic is [evt, …]. */
function descriptorOf(peer: Role): EvtTerm | null {
  const t = peer.topic;
  if (peer.orientation !== 'subscriber' || !Array.isArray(t) || t.length !== 2) return null;
  const first = (t as readonly Term[])[0]!;
  return isEvt(first) ? first : null;
}

function onPresence(peer: Role, s: EventRelayState): Transition<EventRelayState> | undefined {
  const e = descriptorOf(peer);
  if (e === null) return;
  const key = pretty(e);
  const n = s.counts.get(key) ?? 0;
  const state = { ...s, counts: new Map(s.counts).set(key, n + 1) };
  if (n > 0) return { state, actions: null };
  const relay = EventRelay.role(relayEndpointName(e), topicSubscriber([e, _]), {
    onMessage: (m, st) => ({ state: st, actions: sendMessage(m) }),
  });
  return { state, actions: atMetaLevel(relay) };
}

function onAbsence(peer: Role, s: EventRelayState): Transition<EventRelayState> | undefined {
  const e = descriptorOf(peer);
  if (e === null) return;
  const key = pretty(e);
  const n = s.counts.get(key) ?? 0;
  if (n === 0) return;
  const counts = new Map(s.counts);
  if (n > 1) return { state: { ...s, counts: counts.set(key, n - 1) }, actions: null };
  counts.delete(key);
  return { state: { ...s, counts }, actions: atMetaLevel(deleteRole(relayEndpointName(e))) };
}

/** The relay's boot, for `spawn(eventRelay(id), { name: 'event-relay' })` inside a nested VM. */
export function eventRelay(id: string): () => Transition<EventRelayState> {
  return () => ({
    state: { id, counts: new Map() },
    actions: EventRelay.role('subscriptions', topicPublisher([_, _], { monitor: true }), {
      onPresence,
      onAbsence: (peer, _reason, s) => onAbsence(peer, s),
    }),
  });
}
