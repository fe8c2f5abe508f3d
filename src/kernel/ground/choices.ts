/**
 * Choosing what the ground delivers next (issue 17, item 1). The simulated ground is deterministic
 * (decision D8: a round if the VM has work, else the first ready subscription, else the earliest
 * packet or timer); the real os2 ground is not — its sync may pick any ready event, and the
 * network may lose, copy or hold back a datagram. This file lists, at any point of a run, what the
 * ground could do next, and performs any one of them as the next simulation step.
 *
 * Data definition:
 *   ChoiceId     = a stable name of one candidate, the same in every replay of the run:
 *                  'round' | 'event:<pid>:<endpoint>' | 'packet:<seq>' | 'drop:<seq>' | 'duplicate:<seq>'
 *                  | 'delay:<seq>'   (seq: the packet's sequence number in the network, never reused)
 *   GroundChoice = round                  the VM's queued work: one scheduler round
 *                | event(pid, endpoint)   a ready ground subscription fires (tcp-read-line, udp-recv, …)
 *                | timer(pid, endpoint)   a timer fires (the clock moves to its deadline if it is later)
 *                | deliver(seq)           a packet in flight arrives (the clock moves to its due time if
 *                                         later); TCP: only the first in flight to an end (ordered)
 *                | client(seq)            a scripted client's wake-up (its next scripted action)
 *                | drop / duplicate / delay(seq)   a fault on a datagram in flight
 * Rules:
 *   - choicesAt(sim) lists the candidates in a fixed order: round, subscriptions in subscription
 *     order, packets by (due, seq), then the faults. defaultChoice(sim) is the one simStep performs.
 *   - chooseStep(sim, id) performs the candidate as one simulation step (steps + 1); its records
 *     start with that event. Virtual time never goes back. An id that is not a candidate is recorded
 *     as a `choice-unavailable` world note and the step is the default one.
 *   - Choosing defaultChoice(sim) gives the same step as simStep(sim) (a property test checks it).
 */
import { choiceId, type ChoiceId, type EndpointName, type Pid, type RecordId } from '../ids.ts';
import { struct } from '../term.ts';
import type { EventSource } from '../vm.ts';
import { stepGround } from './ground.ts';
import { schedule, type Network, type Packet, type PacketBody } from './network.ts';
import { earliestTimer, fire, firstReady, next, recordNotes, simStep, type SimStep, type Simulation } from './sim.ts';
import { ready } from './sync.ts';
import { arrivePacket, nextDue, reorderDelayMs, type Note, type World } from './world.ts';

export { choiceId, type ChoiceId };

export type PacketKind = Packet['kind'];

export type GroundChoice =
  | { readonly kind: 'round'; readonly id: ChoiceId }
  | { readonly kind: 'event'; readonly id: ChoiceId; readonly pid: Pid; readonly endpoint: EndpointName; readonly evt: string }
  | { readonly kind: 'timer'; readonly id: ChoiceId; readonly pid: Pid; readonly endpoint: EndpointName; readonly at: number }
  | { readonly kind: 'deliver'; readonly id: ChoiceId; readonly seq: number; readonly packet: PacketKind; readonly from: string; readonly to: string; readonly at: number }
  | { readonly kind: 'client'; readonly id: ChoiceId; readonly seq: number; readonly client: string; readonly at: number }
  | { readonly kind: 'drop' | 'duplicate' | 'delay'; readonly id: ChoiceId; readonly seq: number; readonly from: string; readonly to: string };

export type FaultKind = 'drop' | 'duplicate' | 'delay';

const ROUND = choiceId('round');
const eventId = (src: EventSource): ChoiceId => choiceId(`event:${src.pid}:${src.name}`);
const packetId = (seq: number): ChoiceId => choiceId(`packet:${seq}`);
const faultId = (kind: FaultKind, seq: number): ChoiceId => choiceId(`${kind}:${seq}`);

/** The hosts a packet goes from and to. */
function hosts(w: World, p: Packet): { from: string; to: string } {
  switch (p.kind) {
    case 'syn':
      return { from: w.net.ends.get(p.from)?.host ?? '?', to: p.toHost };
    case 'syn-ack':
    case 'data':
    case 'fin':
    case 'rst': {
      const end = w.net.ends.get(p.to);
      return { from: end?.remoteHost ?? '?', to: end?.host ?? '?' };
    }
    case 'datagram':
      return { from: p.datagram.fromHost, to: p.toHost };
    case 'wake':
      return { from: p.client, to: p.client };
  }
}

/** Packets that may arrive next: every one but a TCP segment behind another to the same end. */
function deliverable(w: World): Packet[] {
  const seen = new Set<number>();
  const out: Packet[] = [];
  for (const p of w.net.inflight) {
    if (p.kind === 'syn-ack' || p.kind === 'data' || p.kind === 'fin' || p.kind === 'rst') {
      if (seen.has(p.to)) continue;
      seen.add(p.to);
    }
    out.push(p);
  }
  return out;
}

function subscriptionChoices(sim: Simulation): GroundChoice[] {
  const out: GroundChoice[] = [];
  for (const src of sim.ground.vm.eventSources.values()) {
    const d = src.evt.args[0];
    if (src.evt.evt === 'timer' && typeof d === 'number') out.push({ kind: 'timer', id: eventId(src), pid: src.pid, endpoint: src.name, at: d });
    else if (ready(sim.world, src.evt) !== null) out.push({ kind: 'event', id: eventId(src), pid: src.pid, endpoint: src.name, evt: src.evt.evt });
  }
  return out;
}

/** What the ground could do next, in the fixed order of the header comment; [] when the run is over. */
export function choicesAt(sim: Simulation): readonly GroundChoice[] {
  if (sim.status !== 'running') return [];
  const out: GroundChoice[] = sim.ground.vm.runnable.size > 0 ? [{ kind: 'round', id: ROUND }] : [];
  out.push(...subscriptionChoices(sim));
  const packets = deliverable(sim.world);
  for (const p of packets) {
    if (p.kind === 'wake') out.push({ kind: 'client', id: packetId(p.seq), seq: p.seq, client: p.client, at: p.due });
    else out.push({ kind: 'deliver', id: packetId(p.seq), seq: p.seq, packet: p.kind, ...hosts(sim.world, p), at: p.due });
  }
  for (const p of packets) {
    if (p.kind !== 'datagram') continue;
    const faults: FaultKind[] = p.copy ? ['drop', 'delay'] : ['drop', 'duplicate', 'delay'];
    for (const kind of faults) out.push({ kind, id: faultId(kind, p.seq), seq: p.seq, ...hosts(sim.world, p) });
  }
  return out;
}

/** The candidate simStep performs (decision D8), or null when it would do nothing. */
export function defaultChoice(sim: Simulation): ChoiceId | null {
  if (sim.status !== 'running') return null;
  if (sim.ground.vm.runnable.size > 0) return ROUND;
  if (sim.ground.vm.eventSources.size === 0) return null;
  const r = firstReady(sim);
  if (r !== null) return eventId(r.src);
  const due = nextDue(sim.world);
  const timer = earliestTimer(sim.ground);
  if (due !== null && (timer === null || due <= timer)) return packetId(sim.world.net.inflight[0]!.seq);
  if (timer === null) return null;
  const again = firstReady(next(sim, sim.ground, { ...sim.world, now: Math.max(sim.world.now, timer) }, sim.steps));
  return again === null ? null : eventId(again.src);
}

/** Performs candidate `id` as the next simulation step (see the rules above). */
export function chooseStep(sim: Simulation, id: ChoiceId): SimStep {
  const c = choicesAt(sim).find((x) => x.id === id);
  if (c === undefined) {
    const [g, records] = recordNotes(sim.ground, [{ what: 'choice-unavailable', host: sim.world.vmHost, detail: struct('choice', id) }], sim.world.now, null);
    const s = simStep(next(sim, g, sim.world, sim.steps));
    return { sim: s.sim, records: [...records, ...s.records] };
  }
  switch (c.kind) {
    case 'round': {
      const s = stepGround(sim.ground);
      return { sim: next(sim, s.ground, sim.world, sim.steps + 1), records: s.records };
    }
    case 'event':
    case 'timer':
      return fireChosen(sim, c);
    case 'deliver':
    case 'client':
      return deliverChosen(sim, c.seq);
    case 'drop':
    case 'duplicate':
    case 'delay':
      return faultChosen(sim, c.kind, c.seq);
  }
}

function fireChosen(sim: Simulation, c: { readonly pid: Pid; readonly endpoint: EndpointName; readonly kind: 'event' | 'timer' }): SimStep {
  const src = [...sim.ground.vm.eventSources.values()].find((s) => s.pid === c.pid && s.name === c.endpoint)!;
  const d = src.evt.args[0];
  const now = c.kind === 'timer' && typeof d === 'number' ? Math.max(sim.world.now, d) : sim.world.now;
  const at = now === sim.world.now ? sim : next(sim, sim.ground, { ...sim.world, now }, sim.steps);
  return fire(at, src, ready(at.world, src.evt)?.cause ?? src.addedBy);
}

function deliverChosen(sim: Simulation, seq: number): SimStep {
  const { ground, world } = sim;
  const p = world.net.inflight.find((x) => x.seq === seq)!;
  const arrived = arrivePacket(world, seq, ground.nextRecordId as RecordId)!;
  const notes = arrived.notes.length > 0 ? arrived.notes : [{ what: 'tick', host: arrived.world.vmHost, detail: arrived.world.now }];
  const [g, records] = recordNotes(ground, notes, arrived.world.now, p.cause);
  return { sim: next(sim, g, arrived.world, sim.steps + 1), records };
}

/** A fault on a datagram in flight, recorded as the network's random faults are (world.ts sendUdp). */
function faultChosen(sim: Simulation, kind: FaultKind, seq: number): SimStep {
  const w = sim.world;
  const p = w.net.inflight.find((x) => x.seq === seq)!;
  const { from, to } = hosts(w, p);
  const { due: _due, seq: _seq, cause: _cause, ...body } = p;
  const rest = { ...w.net, inflight: w.net.inflight.filter((x) => x !== p) };
  let net: Network;
  let note: Note;
  switch (kind) {
    case 'drop':
      net = rest;
      note = { what: 'fault-udp-loss', host: from, detail: struct('to', to) };
      break;
    case 'duplicate':
      net = schedule(w.net, { ...(body as PacketBody), copy: true } as PacketBody, p.due + 1, p.cause);
      note = { what: 'fault-udp-duplicate', host: from, detail: struct('to', to) };
      break;
    case 'delay':
      net = schedule(rest, body as PacketBody, p.due + reorderDelayMs(w.config), p.cause);
      note = { what: 'fault-udp-reorder', host: from, detail: struct('extra-delay-ms', reorderDelayMs(w.config)) };
      break;
  }
  const [g, records] = recordNotes(sim.ground, [note], w.now, p.cause);
  return { sim: next(sim, g, { ...w, net }, sim.steps + 1), records };
}
