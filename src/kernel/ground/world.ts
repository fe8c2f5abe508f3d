/**
 * The simulated world around the ground VM (spec §4.5, decisions D8 and D9): a virtual clock, the
 * network, the scripted client hosts and the one PRNG, as one immutable value.
 *
 * Data definition:
 *   World = { now, rng, net, config, vmHost, clients }
 *   Note  = something the world did, for the trace: { what, host, detail }
 * Rules:
 *   readiness(world, evt)   is the descriptor ready now? (and which arrival made it so)
 *   performEvent(world, evt) the effect of syncing on it, and the value the subscriber receives
 *   processNext(world)       advance the clock to the next packet in flight and deliver it
 */
import { List, Map as IMap } from 'immutable';
import type { RecordId } from '../ids.ts';
import { struct, type Term } from '../term.ts';
import { EOF } from './descriptors.ts';
import { advanceClient, type ClientSpec, type ClientState, initialClient } from './clients.ts';
import {
  allocate, concatBytes, emptyNetwork, ephemeralPort, lineEnd, listenerKey, popDue, putEnd, schedule, stripNewline,
  type End, type Network, type Packet, type PacketBody,
} from './network.ts';
import { nextFloat, nextInt, seedRng, type Rng } from './rng.ts';

export interface Partition {
  readonly a: string;
  readonly b: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface NetConfig {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly udpLoss: number;
  readonly udpDuplicate: number;
  readonly udpReorder: number;
  readonly partitions: readonly Partition[];
  /** Bytes one connection end may receive in a run. */
  readonly maxConnBytes: number;
  /** Packets in flight at once. */
  readonly maxInflight: number;
  /**
   * A real ground's world (external.ts): a datagram to an address no simulated socket has goes out
   * to the real network (an `external-udp` note) instead of being unreachable. Absent: false.
   */
  readonly external?: boolean;
}

export const DEFAULT_NET: NetConfig = Object.freeze({
  latencyMs: 5,
  jitterMs: 0,
  udpLoss: 0,
  udpDuplicate: 0,
  udpReorder: 0,
  partitions: [],
  maxConnBytes: 16 * 1024 * 1024,
  maxInflight: 100_000,
});

export interface Note {
  readonly what: string;
  readonly host: string;
  readonly detail: Term;
}

export interface World {
  readonly now: number;
  readonly rng: Rng;
  readonly net: Network;
  readonly config: NetConfig;
  readonly vmHost: string;
  readonly clients: IMap<string, ClientState>;
}

export interface WorldStep {
  readonly world: World;
  readonly notes: readonly Note[];
}

export function makeWorld(seed: number, config: Partial<NetConfig>, vmHost: string, clients: readonly ClientSpec[]): World {
  return {
    now: 0,
    rng: seedRng(seed),
    net: emptyNetwork(),
    config: { ...DEFAULT_NET, ...config },
    vmHost,
    clients: IMap(clients.map((c) => [c.name, initialClient(c)])),
  };
}

/** Adds a scripted client host now (a user intervention) and starts its script. */
export function addClient(w: World, spec: ClientSpec, cause: RecordId | null): WorldStep {
  if (w.clients.has(spec.name)) return { world: w, notes: [{ what: 'client-error', host: spec.host, detail: struct('client-error', spec.name, 'a client with this name exists') }] };
  const withClient = { ...w, clients: w.clients.set(spec.name, initialClient(spec)) };
  return advanceClient(withClient, spec.name, cause);
}

/** Starts every client script at time 0 (they schedule their own first steps). */
export function startClients(w: World): WorldStep {
  const notes: Note[] = [];
  for (const name of w.clients.keys()) {
    const s = advanceClient(w, name, null);
    w = s.world;
    notes.push(...s.notes);
  }
  return { world: w, notes };
}

// ---- delays and faults ----------------------------------------------------------------------------

function partitionEnd(w: World, a: string, b: string, at: number): number | null {
  for (const p of w.config.partitions) {
    const pair = (p.a === a && p.b === b) || (p.a === b && p.b === a);
    if (pair && at >= p.fromMs && at < p.toMs) return p.toMs;
  }
  return null;
}

/** One-way delay from host a to host b: latency plus seeded jitter. */
export function linkDelay(w: World, _a: string, _b: string): [World, number] {
  if (w.config.jitterMs <= 0) return [w, w.config.latencyMs];
  const [j, rng] = nextInt(w.rng, w.config.jitterMs + 1);
  return [{ ...w, rng }, w.config.latencyMs + j];
}

/** Sends a TCP packet: reliable and ordered; a partition holds it until it heals. */
export function sendTcp(w: World, from: string, to: string, body: PacketBody, cause: RecordId | null): World {
  let delay: number;
  [w, delay] = linkDelay(w, from, to);
  const healed = partitionEnd(w, from, to, w.now);
  const earliest = w.net.inflight.reduce((m, p) => ('to' in p && 'to' in body && p.to === body.to ? Math.max(m, p.due) : m), 0);
  const due = Math.max(w.now + delay, healed === null ? 0 : healed + delay, earliest);
  return { ...w, net: schedule(w.net, body, due, cause) };
}

/** The extra delay of a reordered (held back) datagram: three latencies, at least 3 ms. */
export const reorderDelayMs = (c: NetConfig): number => 3 * Math.max(1, c.latencyMs);

/** Sends a datagram: may be dropped, duplicated or delayed (reordered), each recorded. */
export function sendUdp(w: World, from: string, to: string, body: PacketBody, cause: RecordId | null): WorldStep {
  const notes: Note[] = [];
  if (partitionEnd(w, from, to, w.now) !== null) {
    return { world: w, notes: [{ what: 'fault-partition-drop', host: from, detail: struct('to', to) }] };
  }
  const draw = (p: number): boolean => {
    if (p <= 0) return false;
    const [f, rng] = nextFloat(w.rng);
    w = { ...w, rng };
    return f < p;
  };
  if (draw(w.config.udpLoss)) return { world: w, notes: [{ what: 'fault-udp-loss', host: from, detail: struct('to', to) }] };
  let delay: number;
  [w, delay] = linkDelay(w, from, to);
  if (draw(w.config.udpReorder)) {
    delay += reorderDelayMs(w.config);
    notes.push({ what: 'fault-udp-reorder', host: from, detail: struct('extra-delay-ms', reorderDelayMs(w.config)) });
  }
  w = { ...w, net: schedule(w.net, body, w.now + delay, cause) };
  if (draw(w.config.udpDuplicate) && body.kind === 'datagram') {
    w = { ...w, net: schedule(w.net, { ...body, copy: true }, w.now + delay + 1, cause) };
    notes.push({ what: 'fault-udp-duplicate', host: from, detail: struct('to', to) });
  }
  return { world: w, notes };
}

// ---- TCP operations (on behalf of the VM or a client) ------------------------------------------

export function getEnd(w: World, id: number): End | undefined {
  return w.net.ends.get(id);
}

export function tcpConnect(w: World, host: string, owner: string, toHost: string, toPort: number, cause: RecordId | null): [World, number] {
  const [allocated, id] = allocate(w.net);
  const [net, port] = ephemeralPort(allocated);
  const end: End = {
    id, host, port, peer: null, remoteHost: toHost, remotePort: toPort, state: 'connecting', inbuf: new Uint8Array(0),
    peerClosed: false, closed: false, bytesIn: 0, owner, lastArrival: null,
  };
  w = { ...w, net: putEnd(net, end) };
  return [sendTcp(w, host, toHost, { kind: 'syn', from: id, toHost, toPort }, cause), id];
}

export function tcpWrite(w: World, id: number, data: Uint8Array, cause: RecordId | null): [World, Term] {
  const e = getEnd(w, id);
  if (e === undefined || e.closed || e.state !== 'established' || e.peer === null) return [w, struct('error', 'reset')];
  if (w.net.inflight.length >= w.config.maxInflight) return [w, struct('error', 'maxInflight exceeded')];
  return [sendTcp(w, e.host, e.remoteHost, { kind: 'data', to: e.peer, data }, cause), data.length];
}

export function tcpClose(w: World, id: number, cause: RecordId | null): World {
  const e = getEnd(w, id);
  if (e === undefined || e.closed) return w;
  w = { ...w, net: putEnd(w.net, { ...e, closed: true, inbuf: new Uint8Array(0) }) };
  return e.peer === null || e.state !== 'established' ? w : sendTcp(w, e.host, e.remoteHost, { kind: 'fin', to: e.peer }, cause);
}

/** Takes one line (or, at EOF, the rest) from an end's buffer: the line without newline, or EOF. */
export function takeLine(w: World, id: number): [World, Term] | null {
  const e = getEnd(w, id);
  if (e === undefined) return [w, EOF];
  const n = lineEnd(e.inbuf);
  const atEof = e.peerClosed || e.state === 'reset' || e.state === 'refused';
  if (n < 0 && !atEof) return null;
  if (n < 0 && e.inbuf.length === 0) return [w, EOF];
  const cut = n < 0 ? e.inbuf.length : n;
  const line = stripNewline(e.inbuf.subarray(0, cut));
  return [{ ...w, net: putEnd(w.net, { ...e, inbuf: e.inbuf.slice(cut) }) }, line];
}

/** Takes up to `max` bytes (or EOF) from an end's buffer. */
export function takeBytes(w: World, id: number, max: number): [World, Term] | null {
  const e = getEnd(w, id);
  if (e === undefined) return [w, EOF];
  if (e.inbuf.length === 0) return atEof(e) ? [w, EOF] : null;
  const n = Math.min(max, e.inbuf.length);
  return [{ ...w, net: putEnd(w.net, { ...e, inbuf: e.inbuf.slice(n) }) }, e.inbuf.slice(0, n)];
}

export const atEof = (e: End | undefined): boolean =>
  e === undefined || ((e.peerClosed || e.state === 'reset' || e.state === 'refused') && e.inbuf.length === 0);

// ---- packet arrival ----------------------------------------------------------------------------

/** The time of the next packet in flight, or null. */
export const nextDue = (w: World): number | null => w.net.inflight[0]?.due ?? null;

/**
 * Advances the clock to the next packet in flight and delivers it. `arrivalId` is the trace id
 * the first note will get: ends remember it as the cause of what they make ready.
 */
export function processNext(w: World, arrivalId: RecordId): WorldStep | null {
  const popped = popDue(w.net);
  if (popped === null) return null;
  const [net, p] = popped;
  w = { ...w, net, now: Math.max(w.now, p.due) };
  return arrive(w, p, arrivalId);
}

/**
 * Delivers the packet in flight with sequence number `seq` now, or at its due time if that is later
 * (choices.ts: the ground chose it out of order); null if no such packet is in flight.
 */
export function arrivePacket(w: World, seq: number, arrivalId: RecordId): WorldStep | null {
  const p = w.net.inflight.find((x) => x.seq === seq);
  if (p === undefined) return null;
  w = { ...w, net: { ...w.net, inflight: w.net.inflight.filter((x) => x !== p) }, now: Math.max(w.now, p.due) };
  return arrive(w, p, arrivalId);
}

/** The owner of a TCP end whose host is outside the simulation (a real client: external.ts). */
export const EXTERNAL_OWNER = 'external';

/** A packet arriving now (external.ts: a real client's bytes are such arrivals). */
export const arriveNow = (w: World, body: PacketBody, id: RecordId): WorldStep => arrive(w, { ...body, due: w.now, seq: -1, cause: null } as Packet, id);

function arrive(w: World, p: Packet, id: RecordId): WorldStep {
  switch (p.kind) {
    case 'syn':
      return arriveSyn(w, p, id);
    case 'syn-ack': {
      const e = getEnd(w, p.to);
      if (e === undefined) return { world: w, notes: [] };
      if (e.closed) {
        // Closed while connecting: the server end must not stay half-open.
        if (p.serverEnd !== null) w = sendTcp(w, e.host, e.remoteHost, { kind: 'rst', to: p.serverEnd }, id);
        return { world: w, notes: [{ what: 'tcp-closed-while-connecting', host: e.host, detail: connDetail(e) }] };
      }
      const state = p.serverEnd === null ? 'refused' : 'established';
      w = { ...w, net: putEnd(w.net, { ...e, state, peer: p.serverEnd, lastArrival: id }) };
      const note = { what: state === 'refused' ? 'tcp-refused' : 'tcp-established', host: e.host, detail: connDetail(e) };
      return withClient(w, e.owner, [note], id);
    }
    case 'data':
      return arriveData(w, p.to, p.data, id);
    case 'fin':
    case 'rst': {
      const e = getEnd(w, p.to);
      if (e === undefined) return { world: w, notes: [] };
      const next: End = { ...e, peerClosed: true, lastArrival: id, state: p.kind === 'rst' ? 'reset' : e.state };
      w = { ...w, net: putEnd(w.net, next) };
      const what = (e.owner === EXTERNAL_OWNER ? 'external-' : '') + (p.kind === 'fin' ? 'tcp-eof' : 'tcp-reset');
      return withClient(w, e.owner, [{ what, host: e.host, detail: connDetail(e) }], id);
    }
    case 'datagram':
      return arriveDatagram(w, p, id);
    case 'wake':
      return withClient(w, p.client, [], id);
  }
}

function connDetail(e: End): Term {
  return struct('conn', e.id, e.host, e.port, e.remoteHost, e.remotePort);
}

function withClient(w: World, owner: string, notes: Note[], cause: RecordId): WorldStep {
  if (!w.clients.has(owner)) return { world: w, notes };
  const s = advanceClient(w, owner, cause);
  return { world: s.world, notes: [...notes, ...s.notes] };
}

function arriveSyn(w: World, p: Extract<Packet, { kind: 'syn' }>, id: RecordId): WorldStep {
  const client = getEnd(w, p.from);
  const l = w.net.listeners.get(listenerKey(p.toHost, p.toPort));
  const fromHost = client?.host ?? '?';
  if (l === undefined || client === undefined) {
    w = sendTcp(w, p.toHost, fromHost, { kind: 'syn-ack', to: p.from, serverEnd: null }, id);
    return { world: w, notes: [{ what: 'tcp-syn-refused', host: p.toHost, detail: struct('port', p.toPort) }] };
  }
  const [allocated, sid] = allocate(w.net);
  const server: End = {
    id: sid, host: p.toHost, port: p.toPort, peer: p.from, remoteHost: client.host, remotePort: client.port,
    state: 'established', inbuf: new Uint8Array(0), peerClosed: false, closed: false, bytesIn: 0,
    owner: p.toHost === w.vmHost ? 'vm' : p.toHost, lastArrival: id,
  };
  let net = putEnd(allocated, server);
  net = { ...net, listeners: net.listeners.set(listenerKey(l.host, l.port), { ...l, pending: l.pending.push(sid), lastArrival: id }) };
  w = sendTcp({ ...w, net }, p.toHost, client.host, { kind: 'syn-ack', to: p.from, serverEnd: sid }, id);
  return { world: w, notes: [{ what: 'tcp-syn', host: p.toHost, detail: connDetail(server) }] };
}

function arriveData(w: World, to: number, data: Uint8Array, id: RecordId): WorldStep {
  const e = getEnd(w, to);
  if (e === undefined) return { world: w, notes: [] };
  if (e.closed || e.state === 'reset') {
    const back = e.peer === null ? w : sendTcp(w, e.host, e.remoteHost, { kind: 'rst', to: e.peer }, id);
    return { world: back, notes: [{ what: 'tcp-data-after-close', host: e.host, detail: connDetail(e) }] };
  }
  if (e.bytesIn + data.length > w.config.maxConnBytes) {
    const reset: End = { ...e, state: 'reset', peerClosed: true, lastArrival: id };
    w = { ...w, net: putEnd(w.net, reset) };
    if (e.peer !== null) w = sendTcp(w, e.host, e.remoteHost, { kind: 'rst', to: e.peer }, id);
    const detail = struct('limit', 'maxConnBytes', `connection ${e.id} received more than ${w.config.maxConnBytes} bytes`);
    return withClient(w, e.owner, [{ what: 'tcp-reset', host: e.host, detail }], id);
  }
  // A real client's bytes leave the simulation: the real ground writes them to its socket.
  if (e.owner === EXTERNAL_OWNER) return { world: w, notes: [{ what: 'external-tcp-data', host: e.host, detail: struct('data', e.id, data) }] };
  const next: End = { ...e, inbuf: concatBytes(e.inbuf, data), bytesIn: e.bytesIn + data.length, lastArrival: id };
  w = { ...w, net: putEnd(w.net, next) };
  const what = w.clients.has(e.owner) ? 'client-recv' : 'tcp-data';
  return withClient(w, e.owner, [{ what, host: e.host, detail: struct('data', e.id, data) }], id);
}

function arriveDatagram(w: World, p: Extract<Packet, { kind: 'datagram' }>, id: RecordId): WorldStep {
  const sock = w.net.sockets.find((s) => s.host === p.toHost && s.port === p.toPort);
  const d = p.datagram;
  if (sock === undefined && w.config.external === true) {
    return { world: w, notes: [{ what: 'external-udp', host: p.toHost, detail: struct('datagram', d.fromHost, d.fromPort, p.toHost, p.toPort, d.data) }] };
  }
  if (sock === undefined) {
    return { world: w, notes: [{ what: 'udp-unreachable', host: p.toHost, detail: struct('port', p.toPort) }] };
  }
  const next = { ...sock, queue: sock.queue.push(d), lastArrival: id };
  w = { ...w, net: { ...w.net, sockets: w.net.sockets.set(sock.id, next) } };
  const what = w.clients.has(sock.owner) ? 'client-udp-recv' : 'udp-datagram';
  const note = { what, host: p.toHost, detail: struct('datagram', d.fromHost, d.fromPort, p.toPort, d.data, p.copy) };
  return withClient(w, sock.owner, [note], id);
}

// ---- UDP operations ------------------------------------------------------------------------------

export function udpBind(w: World, host: string, owner: string, port: number | false): [World, Term] {
  let net = w.net;
  let p: number;
  if (port === false) [net, p] = ephemeralPort(net);
  else p = port;
  if (net.sockets.some((s) => s.host === host && s.port === p)) return [w, struct('error', `udp port ${p} in use on ${host}`)];
  const [withId, id] = allocate(net);
  const sockets = withId.sockets.set(id, { id, host, port: p, owner, queue: List(), lastArrival: null });
  return [{ ...w, net: { ...withId, sockets } }, struct('bound', id, p)];
}

export function udpSend(w: World, sockId: number, host: string, port: number, data: Uint8Array, cause: RecordId | null): WorldStep {
  const s = w.net.sockets.get(sockId);
  if (s === undefined) return { world: w, notes: [] };
  const body: PacketBody = {
    kind: 'datagram', toHost: host, toPort: port, copy: false, datagram: { fromHost: s.host, fromPort: s.port, data },
  };
  return sendUdp(w, s.host, host, body, cause);
}

export function udpTake(w: World, sockId: number): [World, Term] | null {
  const s = w.net.sockets.get(sockId);
  const d = s?.queue.first();
  if (s === undefined || d === undefined) return null;
  const net = { ...w.net, sockets: w.net.sockets.set(sockId, { ...s, queue: s.queue.shift() }) };
  return [{ ...w, net }, [d.fromHost, d.fromPort, d.data]];
}

