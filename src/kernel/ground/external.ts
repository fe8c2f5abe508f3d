/**
 * What a real ground feeds the world (docs/real-ground.md): the real sockets' events and the real
 * clock, as recorded inputs, so that the simulated world replays a real run exactly. Pure: the
 * real ground (src/real) performs the I/O and turns each event into an `external` input; this file
 * applies one to the world as an arrival, as a packet from the simulated network would arrive.
 *
 * Data definition:
 *   ExternalEvent = { at, happened }                  at: real time, ms (the clock moves to it, never back)
 *   happened      = clock                             only the time passed (a timer may now fire)
 *                 | tcp-open(port, host, remotePort)  a real client connected to the VM's port
 *                 | tcp-data(host, remotePort, data)  bytes from that client
 *                 | tcp-eof(host, remotePort)         the client closed (or its socket failed)
 *                 | udp(port, host, remotePort, data) a datagram to the VM's port
 * A real client is a TCP end owned by EXTERNAL_OWNER, at (host, remotePort): what reaches it leaves
 * the simulation as an `external-tcp-*` note, which the real ground performs (world.ts).
 */
import type { RecordId } from '../ids.ts';
import { struct } from '../term.ts';
import { allocate, putEnd, type End } from './network.ts';
import { arriveNow, EXTERNAL_OWNER, type Note, type World, type WorldStep } from './world.ts';

export type ExternalHappening =
  | { readonly type: 'clock' }
  | { readonly type: 'tcp-open'; readonly port: number; readonly host: string; readonly remotePort: number }
  | { readonly type: 'tcp-data'; readonly host: string; readonly remotePort: number; readonly data: Uint8Array }
  | { readonly type: 'tcp-eof'; readonly host: string; readonly remotePort: number }
  | { readonly type: 'udp'; readonly port: number; readonly host: string; readonly remotePort: number; readonly data: Uint8Array };

export type ExternalEvent = ExternalHappening & { readonly at: number };

/** The open end of the real client at (host, port), if any. */
export function externalEnd(w: World, host: string, port: number): End | undefined {
  return w.net.ends.find((e) => e.owner === EXTERNAL_OWNER && e.host === host && e.port === port && !e.closed);
}

const unknown = (w: World, host: string, port: number): WorldStep =>
  ({ world: w, notes: [{ what: 'external-unknown', host, detail: struct('port', port) }] as Note[] });

/** A real client connects: its end, then its SYN arriving at the VM's listener now. */
function open(w: World, port: number, host: string, remotePort: number, id: RecordId): WorldStep {
  const [net, cid] = allocate(w.net);
  const end: End = {
    id: cid, host, port: remotePort, peer: null, remoteHost: w.vmHost, remotePort: port, state: 'connecting',
    inbuf: new Uint8Array(0), peerClosed: false, closed: false, bytesIn: 0, owner: EXTERNAL_OWNER, lastArrival: null,
  };
  const s = arriveNow({ ...w, net: putEnd(net, end) }, { kind: 'syn', from: cid, toHost: w.vmHost, toPort: port }, id);
  // The VM's end exists at once; the client's bytes may arrive before its SYN-ACK does.
  const server = s.world.net.ends.find((e) => e.peer === cid);
  const client = s.world.net.ends.get(cid)!;
  const world = server === undefined ? s.world : { ...s.world, net: putEnd(s.world.net, { ...client, peer: server.id }) };
  return { world, notes: s.notes };
}

/** The note that opens an external input's records (the trace shows what the real world did). */
export function externalNote(w: World, e: ExternalEvent): Note {
  switch (e.type) {
    case 'clock':
      return { what: 'external', host: w.vmHost, detail: struct('clock', e.at) };
    case 'tcp-open':
      return { what: 'external', host: e.host, detail: struct('tcp-open', e.host, e.remotePort, e.port) };
    case 'tcp-data':
      return { what: 'external', host: e.host, detail: struct('tcp-data', e.host, e.remotePort, e.data) };
    case 'tcp-eof':
      return { what: 'external', host: e.host, detail: struct('tcp-eof', e.host, e.remotePort) };
    case 'udp':
      return { what: 'external', host: e.host, detail: struct('udp', e.host, e.remotePort, e.port, e.data) };
  }
}

/** Applies one real event to the world; `id` is the trace id the first note will get. */
export function applyExternal(w: World, e: ExternalEvent, id: RecordId): WorldStep {
  w = e.at > w.now ? { ...w, now: e.at } : w;
  switch (e.type) {
    case 'clock':
      return { world: w, notes: [] };
    case 'tcp-open':
      return open(w, e.port, e.host, e.remotePort, id);
    case 'tcp-data': {
      const c = externalEnd(w, e.host, e.remotePort);
      if (c?.peer == null) return unknown(w, e.host, e.remotePort);
      return arriveNow(w, { kind: 'data', to: c.peer, data: e.data }, id);
    }
    case 'tcp-eof': {
      const c = externalEnd(w, e.host, e.remotePort);
      if (c === undefined) return unknown(w, e.host, e.remotePort);
      const closed = { ...w, net: putEnd(w.net, { ...c, closed: true }) };
      return c.peer === null ? { world: closed, notes: [] } : arriveNow(closed, { kind: 'fin', to: c.peer }, id);
    }
    case 'udp':
      return arriveNow(w, { kind: 'datagram', toHost: w.vmHost, toPort: e.port, copy: false, datagram: { fromHost: e.host, fromPort: e.remotePort, data: e.data } }, id);
  }
}
