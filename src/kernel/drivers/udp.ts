/**
 * The UDP driver (spec §5.3), as ordinary os2 processes over the virtual UDP descriptors
 * (udp-bind, udp-send, udp-recv, udp-close in ground/descriptors.ts).
 *
 * Data definition:
 *   UdpAddress = udp-remote-address(host, port)      a socket elsewhere on the network
 *              | udp-handle(id)                      a local socket on a port the world picks
 *              | udp-listener(port)                  a local socket on a known port
 *   udp-packet(source, destination, bodyBytes)       one datagram, as a message
 *   handle-mapping(local, ?)                         private marker: a socket manager serves `local`
 *   UdpDriverState  = the local addresses (printed) that have a socket manager
 *   SocketManagerState = { local, socket, port, seq, peers, closing }
 * Protocol: an app receives on `local` by subscribing to udp-packet(?, local, ?) and sends from it
 * with the message udp-packet(local, udp-remote-address(h, p), body). Handle ids are VM-scoped.
 * Rules:
 *   factory  an observer of subscribers and publishers of udp-packet(any-remote, udp-handle(?) |
 *            udp-listener(?), ?); on presence of a ground local address it has not seen, spawns a
 *            socket manager; on absence of that manager's marker, forgets the address.
 *   manager  publishes its marker at once (so the factory forgets it however it ends), binds with
 *            a one-shot [udp-bind(port | false, local), ?]; once bound it publishes
 *            udp-packet(any-remote, local, ?), subscribes to udp-packet(local, any-remote, ?) and
 *            keeps [udp-recv(socket), ?], turning each [host, port, bytes] into the message
 *            udp-packet(udp-remote-address(host, port), local, bytes). Each outbound message goes
 *            out through a one-shot [udp-send(socket, seq, host, port, body), ?]. On absence on
 *            either app-facing endpoint (or when no app is left by the time it is bound), it closes
 *            the socket with a one-shot [udp-close(socket), ?] and quits. A failed bind quits with
 *            udp-bind-failed(local, error). No flow control: a datagram nobody reads is lost.
 */
import { _, isBytes, isGround, isStruct, struct, type Term } from '../term.ts';
import { deleteRole, processOf, quit, role, sendMessage, spawn } from '../api.ts';
import type { Action, Transition } from '../actions.ts';
import type { Role } from '../role.ts';
import { topicPublisher, topicSubscriber } from '../role.ts';
import { pretty } from '../pretty.ts';
import { udpBindEvt, udpCloseEvt, udpRecvEvt, udpSendEvt } from '../ground/descriptors.ts';

export const udpRemoteAddress = (host: Term, port: Term) => struct('udp-remote-address', host, port);
export const udpHandle = (id: Term) => struct('udp-handle', id);
export const udpListener = (port: Term) => struct('udp-listener', port);
/** A local socket on a known port of one more address of the VM's machine (a multi-homed host). */
export const udpHostListener = (host: Term, port: Term) => struct('udp-host-listener', host, port);
export const udpPacket = (source: Term, destination: Term, body: Term) => struct('udp-packet', source, destination, body);
export const handleMapping = (local: Term, socket: Term) => struct('handle-mapping', local, socket);

/** Any remote address: the pattern udp-remote-address(?, ?). */
export const anyRemote = udpRemoteAddress(_, _);

/** Is this term a ground local address (udp-handle(id) or udp-listener(port))? */
export function isUdpLocalAddress(t: Term): boolean {
  return (isStruct(t, 'udp-handle', 1) || isStruct(t, 'udp-listener', 1) || isStruct(t, 'udp-host-listener', 2)) && isGround(t);
}

// ---- the factory -----------------------------------------------------------------------------------

export interface UdpDriverState {
  /** The local addresses (printed with `pretty`) that have a socket manager. */
  readonly active: readonly string[];
}

const UdpDriver = processOf<UdpDriverState>();

function onLocalPresence(peer: Role, s: UdpDriverState): Transition<UdpDriverState> | undefined {
  if (!isStruct(peer.topic, 'udp-packet', 3)) return;
  const local = peer.topic.fields[1]!;
  const key = pretty(local);
  if (!isUdpLocalAddress(local) || s.active.includes(key)) return;
  return { state: { active: [...s.active, key] }, actions: spawn(socketManager(local), { name: `udp-socket ${key}` }) };
}

function factoryEndpoints(kind: 'handle' | 'listener' | 'host-listener'): Action[] {
  const topic = udpPacket(anyRemote, kind === 'host-listener' ? udpHostListener(_, _) : struct(`udp-${kind}`, _), _);
  const h = { onPresence: onLocalPresence };
  return [
    UdpDriver.role(`${kind}-subscribers`, topicPublisher(topic, { monitor: true }), h),
    UdpDriver.role(`${kind}-publishers`, topicSubscriber(topic, { monitor: true }), h),
  ];
}

/** The UDP driver's boot: spawn it with `spawn(udpDriver, { name: 'udp' })`. */
export function udpDriver(): Transition<UdpDriverState> {
  return {
    state: { active: [] },
    actions: [
      factoryEndpoints('handle'),
      factoryEndpoints('listener'),
      factoryEndpoints('host-listener'),
      UdpDriver.role('handle-mappings', topicSubscriber(handleMapping(_, _), { monitor: true }), {
        onAbsence: (peer, _reason, s) => {
          if (!isStruct(peer.topic, 'handle-mapping', 2)) return;
          const key = pretty(peer.topic.fields[0]!);
          return { state: { active: s.active.filter((k) => k !== key) }, actions: null };
        },
      }),
    ],
  };
}

// ---- the socket manager ------------------------------------------------------------------------------

export interface SocketManagerState {
  readonly local: Term;
  readonly socket: number | null;
  readonly port: number | null;
  /** The next udp-send sequence number (it keeps equal sends distinct descriptors). */
  readonly seq: number;
  /** Presences seen on the app-facing endpoints. */
  readonly peers: number;
  readonly closing: boolean;
}

type SM = SocketManagerState;

const SocketManager = processOf<SM>();

function socketManager(local: Term): () => Transition<SM> {
  const hostListener = isStruct(local, 'udp-host-listener', 2);
  const portField = hostListener ? local.fields[1] : isStruct(local, 'udp-listener', 1) ? local.fields[0] : undefined;
  const port = typeof portField === 'number' ? portField : false;
  const host = hostListener && typeof local.fields[0] === 'string' ? local.fields[0] : undefined;
  return () => ({
    state: { local, socket: null, port: null, seq: 0, peers: 0, closing: false },
    actions: [
      // The socket is not known yet: the marker's second field stays a wildcard.
      role('handle-mapping', topicPublisher(handleMapping(local, _))),
      SocketManager.role('bind', topicSubscriber([udpBindEvt(port, local, host), _]), { onMessage: (m, s) => onBound(m, s) }),
    ],
  });
}

function onBound(m: Term, s: SM): Transition<SM> | undefined {
  if (s.socket !== null) return;
  const v = (m as readonly Term[])[1]!;
  if (!isStruct(v, 'bound', 2)) {
    const why = isStruct(v, 'error', 1) ? v.fields[0]! : v;
    return { state: s, actions: [deleteRole('bind'), quit(struct('udp-bind-failed', s.local, why))] };
  }
  const [socket, port] = v.fields as [number, number];
  const bound: SM = { ...s, socket, port };
  return {
    state: bound,
    actions: [
      deleteRole('bind'),
      SocketManager.role('inbound', topicPublisher(udpPacket(anyRemote, s.local, _)), appFacing()),
      SocketManager.role('outbound', topicSubscriber(udpPacket(s.local, anyRemote, _)), { ...appFacing(), onMessage: onOutbound }),
      SocketManager.role('receiver', topicSubscriber([udpRecvEvt(socket), _]), { onMessage: onReceived }),
      // By now the presences of the apps have arrived (add-role computes them at once).
      SocketManager.yieldThen((st) => (st.peers === 0 ? close(st) : undefined)),
    ],
  };
}

function appFacing() {
  return {
    onPresence: (_peer: Role, s: SM): Transition<SM> => ({ state: { ...s, peers: s.peers + 1 }, actions: null }),
    onAbsence: (_peer: Role, _reason: Term, s: SM): Transition<SM> => close(s),
  };
}

function onOutbound(m: Term, s: SM): Transition<SM> | undefined {
  if (s.socket === null || s.closing || !isStruct(m, 'udp-packet', 3)) return;
  const [, dest, body] = m.fields as [Term, Term, Term];
  if (!isStruct(dest, 'udp-remote-address', 2) || !isBytes(body)) return;
  const [host, port] = dest.fields;
  if (typeof host !== 'string' || typeof port !== 'number') return;
  const name = `send-${s.seq}`;
  const send = SocketManager.role(name, topicSubscriber([udpSendEvt(s.socket, s.seq, host, port, body), _]), {
    onMessage: (_m, st) => ({ state: st, actions: deleteRole(name) }),
  });
  return { state: { ...s, seq: s.seq + 1 }, actions: send };
}

function onReceived(m: Term, s: SM): Transition<SM> | undefined {
  const v = (m as readonly Term[])[1]!;
  if (!Array.isArray(v) || v.length !== 3) return;
  const [host, port, body] = v as readonly Term[];
  return { state: s, actions: sendMessage(udpPacket(udpRemoteAddress(host!, port!), s.local, body!)) };
}

/** Stops listening, closes the socket with a one-shot udp-close, then quits (first time only). */
function close(s: SM): Transition<SM> {
  if (s.closing || s.socket === null) return { state: s, actions: null };
  return {
    state: { ...s, closing: true },
    actions: [
      deleteRole('receiver'),
      SocketManager.role('close', topicSubscriber([udpCloseEvt(s.socket), _]), { onMessage: (_m, st) => ({ state: st, actions: quit() }) }),
    ],
  };
}
