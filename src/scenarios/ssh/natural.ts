/**
 * ssh-natural — the comparison the talk's outline names ("Compare the 'natural' structure of SSH with
 * the structure using nested VMs", with a whiteboard drawing we do not have), in os2 Lab's reading:
 * the same SSH service structured "naturally", as one process per connection that does everything — reading and de-framing, the version exchange, the
 * key exchange, auth, the channels and their echo — in one state machine, with no nested VMs.
 * Same listener, same drivers, same clients, same bytes on the wire as ssh-nested.
 *
 * The one process ("ssh-connection <n>") holds the connection's endpoints directly:
 *   from-client   participant subscriber of tcp-channel(remote, local, ?): inbound bytes
 *   to-client     participant publisher of tcp-channel(local, remote, ?): write acknowledgements
 *   grace-timer   the login-grace timer, straight from the ground's timer driver
 * What were messages between processes (inbound-packet, outbound-packet, new-keys, channel-in/out,
 * inbound-credit) are now function calls; what was the exception handler is a try/catch around the
 * packet handling: on an SshProtocolError it sends DISCONNECT, stops reading, and quits (with the
 * error as its reason) once the driver has acknowledged every write.
 */
import {
  _, boot, bytes, bytesToText, crashReason, deleteRole, isBytes, isStruct, processOf, quit, sendFeedback, sendMessage, spawn, struct, topicPublisher,
  topicSubscriber, transition, type Action, type Term, type Transition,
} from '../../kernel/index.ts';
import {
  isEof, tcpChannel, tcpCredit, tcpDriver, tcpMode, setTimer, timerDriver, timerExpired,
} from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { decodeMessage, describeMessage, packet, parseVersion, versionLine, type SshMessage } from './codec.ts';
import { concatBytes, deframe, frameNeeds } from './framing.ts';
import { SshProtocolError, protocolErrorOf } from './protocol-error.ts';
import { sshClients } from './clients.ts';
import { remoteLabel, sshListener } from './listener.ts';
import {
  LOGIN_GRACE_MS, SERVER_MAX_PACKET, SERVER_SOFTWARE, SERVER_WINDOW, SSH_PORT, authReply, consumeWindow, kexdhReply, negotiate,
  sendable, serverKexinit, unknownChannelType,
} from './protocol.ts';

type Phase = 'version' | 'kexinit' | 'kexdh' | 'newkeys' | 'service' | 'auth' | 'connected' | 'closing';

interface Channel {
  readonly remote: number;
  readonly window: number;
  readonly remoteWindow: number;
  readonly remoteMaxPacket: number;
  readonly pending: Uint8Array;
  readonly state: 'open' | 'input-ended' | 'closed';
}

interface ConnState {
  readonly phase: Phase;
  readonly client: string | null;
  /** TCP credit asked for and not yet used (a line in the version phase, bytes after). */
  readonly asked: number;
  readonly buf: Uint8Array;
  readonly seqIn: number;
  readonly seqOut: number;
  readonly cipherIn: string;
  readonly cipherOut: string;
  readonly unacked: number;
  readonly nextChannel: number;
  readonly channels: ReadonlyMap<number, Channel>;
  /** Set once a DISCONNECT has been sent: quit with this reason when all writes are acknowledged. */
  readonly ending: Term | null;
}

const Connection = processOf<ConnState>();

/** The connection's two ends, which every step below addresses. */
interface Conn {
  readonly local: Term;
  readonly remote: Term;
}

type CT = Transition<ConnState>;

/**
 * The one process of a connection: its endpoints and its boot actions. The state machine is the
 * functions below, each a step of it; in ssh-nested each is (part of) a process of its own.
 */
function sshConnection(local: Term, remote: Term, n: number): () => CT {
  const conn: Conn = { local, remote };
  const grace = ['login-grace', n];
  return () =>
    Connection.transition({
      phase: 'version', client: null, asked: 1, buf: new Uint8Array(0), seqIn: 0, seqOut: 0, cipherIn: 'none (initial)',
      cipherOut: 'none (initial)', unacked: 1, nextChannel: 0, channels: new Map(), ending: null,
    },
    Connection.role('from-client', topicSubscriber(tcpChannel(remote, local, _)), {
      onMessage: (m, s) => fromClient(conn, m, s),
      onAbsence: (_peer, _reason, s) => transition(s, quit()),
    }),
    Connection.role('to-client', topicPublisher(tcpChannel(local, remote, _)), {
      onMessage: (m, s) => {
        const data = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
        return isStruct(data, 'tcp-credit') ? quitWhenWritten({ ...s, unacked: Math.max(0, s.unacked - 1) }, []) : undefined;
      },
      onAbsence: (_peer, _reason, s) => transition(s, quit()),
    }),
    sendMessage(tcpChannel(local, remote, bytes(versionLine(SERVER_SOFTWARE)))),
    toDriver(conn, tcpMode('lines')),
    toDriver(conn, tcpCredit(1)),
    Connection.role('grace-timer', topicSubscriber(timerExpired(grace, _)), {
      onMessage: (_m, s) => (s.phase === 'connected' || s.ending !== null ? undefined
        : guarded(conn, s, () => {
          throw new SshProtocolError('login grace time exceeded', 'BY_APPLICATION');
        })),
    }),
    Connection.role('grace-request', topicPublisher(struct('set-timer', grace, _, _)), {
      onPresence: (_peer, s) => transition(s, deleteRole('grace-request'), sendMessage(setTimer(grace, LOGIN_GRACE_MS))),
    }));
}

/** Queues a packet for the client on `out` (a fresh list per handler call). */
function send(conn: Conn, out: Action[], s: ConnState, m: SshMessage): ConnState {
  out.push(sendMessage(tcpChannel(conn.local, conn.remote, packet(m))));
  return { ...s, seqOut: s.seqOut + 1, unacked: s.unacked + 1 };
}

const toDriver = (conn: Conn, data: Term): Action => sendFeedback(tcpChannel(conn.remote, conn.local, data));

function withChannel(s: ConnState, id: number, c: Channel): ConnState {
  const channels = new Map(s.channels);
  channels.set(id, c);
  return { ...s, channels };
}

function channelOf(s: ConnState, id: number): Channel {
  const c = s.channels.get(id);
  if (c === undefined) throw new SshProtocolError(`no channel ${id}`);
  return c;
}

/** Sends what the channel's window allows of its pending echo, then EOF and CLOSE once input ended. */
function flush(conn: Conn, out: Action[], s: ConnState, id: number): ConnState {
  let c = channelOf(s, id);
  const k = sendable(c.pending.length, c.remoteWindow, c.remoteMaxPacket);
  if (k > 0) {
    s = send(conn, out, s, { type: 'channel-data', recipient: c.remote, data: c.pending.slice(0, k) });
    c = { ...c, pending: c.pending.slice(k), remoteWindow: c.remoteWindow - k };
  }
  if (c.state === 'input-ended' && c.pending.length === 0) {
    s = send(conn, out, s, { type: 'channel-eof', recipient: c.remote });
    s = send(conn, out, s, { type: 'channel-close', recipient: c.remote });
    c = { ...c, state: 'closed' };
  }
  return withChannel(s, id, c);
}

const unexpected = (m: SshMessage, s: ConnState): never => {
  throw new SshProtocolError(`unexpected ${describeMessage(m)} in phase ${s.phase}`);
};

/** One packet from the client, by phase: transport and auth here, the channels in onChannelPacket. */
function onPacket(conn: Conn, out: Action[], m: SshMessage, s: ConnState): ConnState {
  if (m.type === 'disconnect') return { ...s, phase: 'closing', ending: false };
  switch (s.phase) {
    case 'kexinit':
      if (m.type !== 'kexinit') return unexpected(m, s);
      negotiate(m);
      return { ...s, phase: 'kexdh' };
    case 'kexdh':
      if (m.type !== 'kexdh-init') return unexpected(m, s);
      s = send(conn, out, s, kexdhReply(m.e));
      s = send(conn, out, s, { type: 'newkeys' });
      return { ...s, phase: 'newkeys', cipherOut: 'none' };
    case 'newkeys':
      if (m.type !== 'newkeys') return unexpected(m, s);
      return { ...s, phase: 'service', cipherIn: 'none' };
    case 'service':
      if (m.type !== 'service-request') return unexpected(m, s);
      if (m.service !== 'ssh-userauth') throw new SshProtocolError(`service ${m.service} not available`, 'SERVICE_NOT_AVAILABLE');
      return { ...send(conn, out, s, { type: 'service-accept', service: m.service }), phase: 'auth' };
    case 'auth': {
      if (m.type !== 'userauth-request') return unexpected(m, s);
      const reply = authReply(m);
      return { ...send(conn, out, s, reply), phase: reply.type === 'userauth-success' ? 'connected' : 'auth' };
    }
    case 'connected':
      return onChannelPacket(conn, out, m, s);
    default:
      return unexpected(m, s);
  }
}

/** The connection protocol (RFC 4254) once authenticated; the "application", an echo, is inline. */
function onChannelPacket(conn: Conn, out: Action[], m: SshMessage, s: ConnState): ConnState {
  switch (m.type) {
    case 'channel-open': {
      if (m.channelType !== 'session') return send(conn, out, s, unknownChannelType(m.sender, m.channelType));
      const id = s.nextChannel;
      s = send(conn, out, s, { type: 'channel-open-confirmation', recipient: m.sender, sender: id, window: SERVER_WINDOW, maxPacket: SERVER_MAX_PACKET });
      const c: Channel = { remote: m.sender, window: SERVER_WINDOW, remoteWindow: m.window, remoteMaxPacket: m.maxPacket, pending: new Uint8Array(0), state: 'open' };
      return withChannel({ ...s, nextChannel: id + 1 }, id, c);
    }
    case 'window-adjust': {
      const c = channelOf(s, m.recipient);
      return flush(conn, out, withChannel(s, m.recipient, { ...c, remoteWindow: c.remoteWindow + m.bytes }), m.recipient);
    }
    case 'channel-data': {
      const c = channelOf(s, m.recipient);
      const w = consumeWindow(c.window, m.data.length);
      if (w.adjust > 0) s = send(conn, out, s, { type: 'window-adjust', recipient: c.remote, bytes: w.adjust });
      return flush(conn, out, withChannel(s, m.recipient, { ...c, window: w.window, pending: concatBytes(c.pending, m.data) }), m.recipient);
    }
    case 'channel-eof':
      return flush(conn, out, withChannel(s, m.recipient, { ...channelOf(s, m.recipient), state: 'input-ended' }), m.recipient);
    case 'channel-close': {
      const c = channelOf(s, m.recipient);
      if (c.state !== 'closed') s = send(conn, out, s, { type: 'channel-close', recipient: c.remote });
      const channels = new Map(s.channels);
      channels.delete(m.recipient);
      return { ...s, channels };
    }
    default:
      return unexpected(m, s);
  }
}

/** De-frames and handles every complete packet, then asks the driver for the bytes still needed. */
function pump(conn: Conn, out: Action[], s: ConnState): ConnState {
  while (s.ending === null) {
    const f = deframe(s.buf); // throws SshProtocolError on bad framing
    if (f === null) break;
    s = onPacket(conn, out, decodeMessage(f.payload), { ...s, buf: f.rest, seqIn: s.seqIn + 1 });
  }
  if (s.ending !== null) return s;
  const need = frameNeeds(s.buf);
  if (need > s.asked) {
    out.push(toDriver(conn, tcpCredit(need - s.asked)));
    s = { ...s, asked: need };
  }
  return s;
}

/** The exception handler, woven in: a protocol error becomes DISCONNECT and the end. */
function guarded(conn: Conn, s: ConnState, body: (out: Action[], s: ConnState) => ConnState): CT {
  try {
    const out: Action[] = [];
    const next = body(out, s);
    return quitWhenWritten(next, out);
  } catch (e) {
    if (!(e instanceof SshProtocolError)) throw e;
    const reason = crashReason(e);
    const err = protocolErrorOf(reason)!;
    const out: Action[] = [];
    const ended = send(conn, out, { ...s, phase: 'closing', ending: reason }, { type: 'disconnect', code: err.code, description: err.description });
    return quitWhenWritten(ended, out);
  }
}

/** Once ending and every write is acknowledged: quit, which closes the connection. */
const quitWhenWritten = (s: ConnState, actions: Action[]): CT =>
  transition(s, actions, s.ending !== null && s.unacked === 0 && quit(s.ending));

/** Inbound bytes: the client's identification line first, then packets. */
function fromClient(conn: Conn, m: Term, s: ConnState): CT | undefined {
  const data = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
  if (isEof(data ?? undefined)) return transition(s, quit());
  if (data === null || !isBytes(data) || s.ending !== null) return;
  if (s.phase === 'version') {
    return guarded(conn, s, (out, st) => {
      const client = parseVersion(bytesToText(data));
      out.push(toDriver(conn, tcpMode('bytes')));
      return pump(conn, out, send(conn, out, { ...st, phase: 'kexinit', client, asked: 0 }, serverKexinit()));
    });
  }
  return guarded(conn, s, (out, st) => pump(conn, out, { ...st, buf: concatBytes(st.buf, data), asked: Math.max(0, st.asked - data.length) }));
}

export const sshNatural: Scenario = {
  id: 'ssh-natural',
  title: 'SSH server, structured "naturally": one process per connection',
  description:
    'The same SSH service as ssh-nested, serving the same clients with the same bytes, but structured the ' +
    '"natural" way, as os2 Lab reads the talk’s one line about it: the listener spawns one process per connection, and that process does everything — ' +
    'de-framing, version exchange, KEXINIT → KEXDH → NEWKEYS, auth, channels and the echo — in one state ' +
    'machine. Compare the two runs: here there are fewer processes and far fewer messages (no inbound-packet, ' +
    'outbound-packet, new-keys or credit conversations, no relays, no nested VMs), so the trace is shorter. ' +
    'The price is what the nested structure gives for free: nothing is isolated (a bug in the echo code ' +
    'kills the whole connection, key exchange included), errors are handled by a try/catch woven through ' +
    'the state machine instead of by an exception handler that simply watches for a sibling’s absence, and ' +
    'nothing composes — adding a channel type means editing the one big state machine, where the nested ' +
    'server would start another process in its application VM. Bob’s malformed packet still gets a ' +
    'DISCONNECT, because the catch block sends it.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(sshListener(SSH_PORT, (local, remote, n) => spawn(sshConnection(local, remote, n), { name: `ssh-connection ${n} ${remoteLabel(remote)}` })), { name: 'listener' })),
  clients: sshClients,
  maxSteps: 5000,
};
