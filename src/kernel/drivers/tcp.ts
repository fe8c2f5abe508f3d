/**
 * The flow-controlled TCP driver of the talk (spec §5.2, ported from os2 through Marketplace), as
 * ordinary os2 processes over the simulated ground's descriptors.
 *
 * Addresses: tcp-address(host, port) is a remote end; tcp-listener(port) a local listening end;
 * tcp-handle(id) a local end of an outbound connection. tcp-channel(src, dst, data) is one direction
 * of a connection; data is bytes, eof(), tcp-credit(n) or tcp-mode("lines" | "bytes").
 *
 * Processes:
 *   tcp-driver (factory)   everything/observer endpoints on tcp-channel shapes; spawns a listener
 *                          manager when a listening app appears (local ground, remote wild) and a
 *                          connection manager when an app wants an outbound connection (remote ground)
 *   listener manager       listens, accepts, spawns a connection manager per accepted connection,
 *                          quits (closing the port) when the listening app goes away
 *   connection manager     state (mode, credit): relays inbound data to the app as credit allows,
 *                          writes outbound data and acknowledges it with credit feedback, closes
 *                          on EOF or when the app's presence goes (closing by absence)
 */
import { _, isBytes, isStruct, struct, type Term } from '../term.ts';
import { pretty } from '../pretty.ts';
import { deleteRole, processOf, quit, role, sendFeedback, sendMessage, spawn } from '../api.ts';
import type { Action, Transition } from '../actions.ts';
import { topicPublisher, topicSubscriber, type Role } from '../role.ts';
import { isGround } from '../term.ts';
import {
  EOF, tcpAcceptEvt, tcpCloseEvt, tcpConnectEvt, tcpEofEvt, tcpEstablishedEvt, tcpListenEvt, tcpReadEvt,
  tcpReadLineEvt, tcpUnlistenEvt, tcpWriteEvt,
} from '../ground/descriptors.ts';

export const tcpAddress = (host: string, port: number) => struct('tcp-address', host, port);
export const tcpListener = (port: number) => struct('tcp-listener', port);
export const tcpHandle = (id: Term) => struct('tcp-handle', id);
export const tcpChannel = (src: Term, dst: Term, data: Term) => struct('tcp-channel', src, dst, data);
export const tcpCredit = (n: number) => struct('tcp-credit', n);
export const tcpMode = (mode: 'lines' | 'bytes') => struct('tcp-mode', mode);
export const isEof = (t: Term | undefined): boolean => t !== undefined && isStruct(t, 'eof', 0);
export { EOF };

const field = (t: Term, i: number): Term | undefined => (isStruct(t) ? t.fields[i] : undefined);

// ---- the factory ------------------------------------------------------------------------------------

interface DriverState {
  readonly active: ReadonlySet<string>;
}

/** Which (local, remote) pair does a presence/absence on a factory endpoint concern? */
function pairOf(peer: Role, localIndex: 0 | 1): [Term, Term] | null {
  const t = peer.topic;
  if (!isStruct(t, 'tcp-channel', 3)) return null;
  const a = t.fields[localIndex]!;
  const b = t.fields[1 - localIndex]!;
  return [a, b];
}

function factoryEndpoint(name: string, r: Role, localIndex: 0 | 1, listener: boolean): Action {
  return role<DriverState>(name, r, {
    onPresence: (peer, s) => {
      const pair = pairOf(peer, localIndex);
      if (pair === null) return;
      const [local, remote] = pair;
      const key = pretty([local, remote]);
      if (s.active.has(key)) return;
      const wanted = listener ? isGround(local) && !isGround(remote) : isGround(remote) && isGround(local);
      if (!wanted) return;
      const active = new Set(s.active).add(key);
      const child = listener
        ? spawn(() => listenerManager(local), { name: `tcp-listener ${pretty(local)}` })
        : spawn(() => connectionManager(local, remote, null), { name: `tcp-connection ${pretty(remote)}` });
      return { state: { active }, actions: child };
    },
    onAbsence: (peer, _reason, s) => {
      const pair = pairOf(peer, localIndex);
      if (pair === null) return;
      const active = new Set(s.active);
      active.delete(pretty(pair));
      return { state: { active }, actions: null };
    },
  });
}

/** The TCP driver's boot: spawn it with `spawn(tcpDriver, { name: 'tcp' })`. */
export function tcpDriver(): Transition<DriverState> {
  const anyAddr = struct('tcp-address', _, _);
  return {
    state: { active: new Set() },
    actions: [
      factoryEndpoint('listener-factory-sub', topicSubscriber(tcpChannel(struct('tcp-listener', _), anyAddr, _), { monitor: 'everything' }), 0, true),
      factoryEndpoint('listener-factory-pub', topicPublisher(tcpChannel(anyAddr, struct('tcp-listener', _), _), { monitor: 'everything' }), 1, true),
      factoryEndpoint('connection-factory-sub', topicSubscriber(tcpChannel(struct('tcp-handle', _), anyAddr, _), { monitor: true }), 0, false),
      factoryEndpoint('connection-factory-pub', topicPublisher(tcpChannel(anyAddr, struct('tcp-handle', _), _), { monitor: true }), 1, false),
    ],
  };
}

// ---- the listener manager ---------------------------------------------------------------------------

function listenerManager(local: Term): Transition<null> {
  const port = field(local, 0) as number;
  const anyAddr = struct('tcp-address', _, _);
  // Only the listening app's wildcard endpoint going away ends the listener, not a connection's.
  const leaveIfListenerGone = (peer: Role, reason: Term, s: null) => {
    const t = peer.topic;
    const first = field(t, 0) ?? null;
    const remote = isStruct(first, 'tcp-listener') ? field(t, 1) : first;
    if (remote === undefined || isGround(remote)) return;
    return { state: s, actions: [spawn(closer(tcpUnlistenEvt(port)), { name: `tcp-unlisten ${port}` }), quit(reason)] };
  };
  return {
    state: null,
    actions: [
      role<null>('listen', topicSubscriber([tcpListenEvt(port), _]), {
        onMessage: (m, s) => {
          const v = (m as readonly Term[])[1];
          if (!isStruct(v ?? null, 'ok')) return { state: s, actions: quit(struct('tcp-listen-failed', v ?? null)) };
          return { state: s, actions: [deleteRole('listen'), acceptor(local, port)] };
        },
      }),
      role<null>('observe-subscribers', topicSubscriber(tcpChannel(local, anyAddr, _), { monitor: 'everything' }), {
        onAbsence: leaveIfListenerGone,
      }),
      role<null>('observe-publishers', topicPublisher(tcpChannel(anyAddr, local, _), { monitor: 'everything' }), {
        onAbsence: leaveIfListenerGone,
      }),
    ],
  };
}

function acceptor(local: Term, port: number): Action {
  return role<null>('accept', topicSubscriber([tcpAcceptEvt(port), _]), {
    onMessage: (m, s) => {
      const v = (m as readonly Term[])[1] as readonly Term[];
      const [conn, host, rport] = v as [number, string, number];
      const remote = tcpAddress(host, rport);
      return { state: s, actions: spawn(() => connectionManager(local, remote, conn), { name: `tcp-connection ${pretty(remote)}` }) };
    },
  });
}

/** A helper process that performs one closing descriptor and quits ("abandon the ports"). */
function closer(descriptor: Term) {
  return (): Transition<null> => ({
    state: null,
    actions: role<null>('close', topicSubscriber([descriptor, _]), { onMessage: (_m, s) => ({ state: s, actions: quit() }) }),
  });
}

// ---- the connection manager -------------------------------------------------------------------------

export interface ConnState {
  readonly conn: number | null;
  readonly mode: 'lines' | 'bytes';
  readonly credit: number;
  /** The descriptor the inbound relay is subscribed to, if any. */
  readonly relay: string | null;
  readonly writeSeq: number;
  readonly closing: boolean;
}

const Conn = processOf<ConnState>();

function connectionManager(local: Term, remote: Term, conn: number | null): Transition<ConnState> {
  const state: ConnState = { conn, mode: 'bytes', credit: 0, relay: null, writeSeq: 0, closing: false };
  if (conn !== null) return { state, actions: connectionEndpoints(local, remote, conn) };
  const host = field(remote, 0) as string;
  const port = field(remote, 1) as number;
  const tag = pretty(local);
  return {
    state,
    actions: Conn.role('connect', topicSubscriber([tcpConnectEvt(host, port, tag), _]), {
      onMessage: (m, s) => {
        const id = (m as readonly Term[])[1] as number;
        return { state: { ...s, conn: id }, actions: [deleteRole('connect'), established(local, remote, id)] };
      },
    }),
  };
}

function established(local: Term, remote: Term, conn: number): Action {
  return Conn.role('established', topicSubscriber([tcpEstablishedEvt(conn), _]), {
    onMessage: (m, s) => {
      const v = (m as readonly Term[])[1] ?? null;
      if (!isStruct(v, 'ok')) return { state: s, actions: [deleteRole('established'), quit(struct('tcp-refused', pretty(remote)))] };
      return { state: s, actions: [deleteRole('established'), connectionEndpoints(local, remote, conn)] };
    },
  });
}

function connectionEndpoints(local: Term, remote: Term, conn: number): Action[] {
  return [
    Conn.role('eof', topicSubscriber([tcpEofEvt(conn), _]), {
      onMessage: (_m, s) => close(s, local, remote, true),
    }),
    Conn.role('outbound', topicSubscriber(tcpChannel(local, remote, _)), {
      onMessage: (m, s) => outbound(s, local, remote, field(m, 2)),
      onAbsence: (_peer, _reason, s) => close(s, local, remote, false),
    }),
    Conn.role('inbound', topicPublisher(tcpChannel(remote, local, _)), {
      onMessage: (m, s) => inboundFeedback(s, local, remote, field(m, 2)),
      onAbsence: (_peer, _reason, s) => close(s, local, remote, false),
    }),
  ];
}

function outbound(s: ConnState, local: Term, remote: Term, data: Term | undefined): Transition<ConnState> | undefined {
  if (s.closing || s.conn === null || data === undefined) return;
  if (isEof(data)) return close(s, local, remote, false);
  if (!isBytes(data)) throw new Error(`tcp: unexpected ${pretty(data)} on the outbound channel`);
  const seq = s.writeSeq;
  const name = `write-${seq}`;
  const write = Conn.role(name, topicSubscriber([tcpWriteEvt(s.conn, seq, data), _]), {
    onMessage: (m, st) => {
      const written = (m as readonly Term[])[1];
      // The credit feedback doubles as the write acknowledgement; a failed write closes.
      if (typeof written === 'number') return { state: st, actions: [deleteRole(name), sendFeedback(tcpChannel(local, remote, tcpCredit(written)))] };
      const closed = close(st, local, remote, false);
      return { state: closed.state, actions: [deleteRole(name), closed.actions] };
    },
  });
  return { state: { ...s, writeSeq: seq + 1 }, actions: write };
}

function inboundFeedback(s: ConnState, local: Term, remote: Term, data: Term | undefined): Transition<ConnState> | undefined {
  if (s.closing || data === undefined) return;
  if (isStruct(data, 'tcp-credit', 1) && typeof data.fields[0] === 'number') {
    return updateRelay({ ...s, credit: s.credit + data.fields[0] }, local, remote);
  }
  if (isStruct(data, 'tcp-mode', 1) && (data.fields[0] === 'lines' || data.fields[0] === 'bytes')) {
    return updateRelay({ ...s, mode: data.fields[0], credit: 0 }, local, remote);
  }
  throw new Error(`tcp: unexpected ${pretty(data)} as feedback on the inbound channel`);
}

/** Whenever credit changes: withdraw the inbound relay and, if credit remains, subscribe again. */
function updateRelay(s: ConnState, local: Term, remote: Term): Transition<ConnState> {
  if (s.conn === null) return { state: s, actions: null };
  const actions: Action[] = [];
  if (s.relay !== null) actions.push(deleteRole('inbound-relay'));
  let relay: string | null = null;
  if (s.credit > 0) {
    const descriptor = s.mode === 'lines' ? tcpReadLineEvt(s.conn) : tcpReadEvt(s.conn, s.credit);
    relay = pretty(descriptor);
    actions.push(Conn.role('inbound-relay', topicSubscriber([descriptor, _]), {
      onMessage: (m, st) => inboundData(st, local, remote, (m as readonly Term[])[1]),
    }));
  }
  return { state: { ...s, relay }, actions };
}

function inboundData(s: ConnState, local: Term, remote: Term, data: Term | undefined): Transition<ConnState> | undefined {
  if (s.closing || data === undefined) return;
  if (isEof(data) || !isBytes(data)) return close(s, local, remote, true);
  const cost = s.mode === 'lines' ? 1 : data.length;
  const next = updateRelay({ ...s, credit: Math.max(0, s.credit - cost) }, local, remote);
  return { state: next.state, actions: [next.actions, sendMessage(tcpChannel(remote, local, data))] };
}

/** Closing (first time only): maybe send EOF to the app, spawn the port closer, quit. */
function close(s: ConnState, local: Term, remote: Term, sendEof: boolean): Transition<ConnState> {
  if (s.closing) return { state: s, actions: null };
  const actions: Action[] = [];
  if (sendEof) actions.push(sendMessage(tcpChannel(remote, local, EOF)));
  if (s.conn !== null) actions.push(spawn(closer(tcpCloseEvt(s.conn)), { name: `tcp-close ${s.conn}` }));
  actions.push(quit());
  return { state: { ...s, closing: true }, actions };
}
