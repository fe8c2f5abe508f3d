/**
 * The simulated network (spec §4.5, decision D8): hosts by name, TCP connections as pairs of
 * ends with ordered byte streams, UDP sockets with datagram queues, and packets in flight.
 *
 * Data definition:
 *   Network = { ends, listeners, sockets, inflight, nextId, nextEphemeral, seq }
 *   End     = one end of a TCP connection: its host/port, its peer end, its state, the bytes
 *             received and not yet read, whether the peer closed (EOF after the buffer), and who owns it
 *   Packet  = something in flight, due at a virtual time: syn, syn-ack, data, fin, rst, datagram,
 *             or a client's wake-up; ordered by (due, seq) — the stable tie-break of decision D8
 * Every function returns a new Network; nothing is mutated. Faults (latency jitter, UDP loss,
 * duplication, reordering, partitions) draw from the world's one PRNG (world.ts decides them).
 */
import { List, Map as IMap } from 'immutable';
import type { RecordId } from '../ids.ts';

export type EndState = 'connecting' | 'established' | 'refused' | 'reset';

export interface End {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly peer: number | null;
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly state: EndState;
  readonly inbuf: Uint8Array;
  readonly peerClosed: boolean;
  readonly closed: boolean;
  readonly bytesIn: number;
  /** 'vm' for the os2 VM's host, else the client's name. */
  readonly owner: string;
  /** The trace record of the last arrival at this end (the cause of the read it enables). */
  readonly lastArrival: RecordId | null;
}

export interface Listener {
  readonly host: string;
  readonly port: number;
  readonly pending: List<number>;
  readonly lastArrival: RecordId | null;
}

export interface Datagram {
  readonly fromHost: string;
  readonly fromPort: number;
  readonly data: Uint8Array;
}

export interface UdpSocket {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly owner: string;
  readonly queue: List<Datagram>;
  readonly lastArrival: RecordId | null;
}

export type PacketBody =
  | { readonly kind: 'syn'; readonly from: number; readonly toHost: string; readonly toPort: number }
  | { readonly kind: 'syn-ack'; readonly to: number; readonly serverEnd: number | null }
  | { readonly kind: 'data'; readonly to: number; readonly data: Uint8Array }
  | { readonly kind: 'fin'; readonly to: number }
  | { readonly kind: 'rst'; readonly to: number }
  | {
      readonly kind: 'datagram';
      readonly toHost: string;
      readonly toPort: number;
      readonly datagram: Datagram;
      readonly copy: boolean;
    }
  | { readonly kind: 'wake'; readonly client: string };

export type Packet = PacketBody & { readonly due: number; readonly seq: number; readonly cause: RecordId | null };

export interface Network {
  readonly ends: IMap<number, End>;
  readonly listeners: IMap<string, Listener>;
  readonly sockets: IMap<number, UdpSocket>;
  /** Sorted by (due, seq). Small in practice: what is in flight right now. */
  readonly inflight: readonly Packet[];
  readonly nextId: number;
  readonly nextEphemeral: number;
  readonly seq: number;
}

export const emptyNetwork = (): Network => ({
  ends: IMap(),
  listeners: IMap(),
  sockets: IMap(),
  inflight: [],
  nextId: 1,
  nextEphemeral: 49152,
  seq: 0,
});

export const listenerKey = (host: string, port: number): string => `${host}:${port}`;

export function schedule(net: Network, body: PacketBody, due: number, cause: RecordId | null): Network {
  const packet = { ...body, due, seq: net.seq, cause } as Packet;
  const list = net.inflight;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = list[mid]!;
    if (m.due < due || (m.due === due && m.seq < packet.seq)) lo = mid + 1;
    else hi = mid;
  }
  return { ...net, seq: net.seq + 1, inflight: [...list.slice(0, lo), packet, ...list.slice(lo)] };
}

export function popDue(net: Network): [Network, Packet] | null {
  const first = net.inflight[0];
  return first === undefined ? null : [{ ...net, inflight: net.inflight.slice(1) }, first];
}

export function putEnd(net: Network, e: End): Network {
  return { ...net, ends: net.ends.set(e.id, e) };
}

export function allocate(net: Network): [Network, number] {
  return [{ ...net, nextId: net.nextId + 1 }, net.nextId];
}

export function ephemeralPort(net: Network): [Network, number] {
  return [{ ...net, nextEphemeral: net.nextEphemeral + 1 }, net.nextEphemeral];
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The index just past the first line terminator (\n), or -1. */
export function lineEnd(buf: Uint8Array): number {
  const i = buf.indexOf(10);
  return i < 0 ? -1 : i + 1;
}

/** A line without its terminator (\n or \r\n). */
export function stripNewline(line: Uint8Array): Uint8Array {
  let n = line.length;
  if (n > 0 && line[n - 1] === 10) n--;
  if (n > 0 && line[n - 1] === 13) n--;
  return line.subarray(0, n).slice();
}
