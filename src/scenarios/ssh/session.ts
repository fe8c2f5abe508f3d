/**
 * The `session` process of an SSH session VM: the protocol, without the bytes of the connection.
 * It hears de-framed packets from the reader (granting it one packet of credit at a time), speaks
 * through the writer, and talks to the application VM about channels.
 *
 * Phases: version → kexinit → kexdh → newkeys → service → auth → connected.
 *   version   inbound-version: check "SSH-2.0-", send our KEXINIT
 *   kexinit   KEXINIT: negotiate (only `none`)
 *   kexdh     KEXDH_INIT: send KEXDH_REPLY and NEWKEYS, then new-keys("outbound") to the writer
 *   newkeys   NEWKEYS: new-keys("inbound") to the reader *before* the next credit, so the reader
 *             switches at exactly the right packet (that is why the session grants the credit)
 *   service   SERVICE_REQUEST ssh-userauth → SERVICE_ACCEPT
 *   auth      USERAUTH_REQUEST method none → SUCCESS (else FAILURE); the login-grace timer stops
 *   connected CHANNEL_OPEN: is any application serving this channel type? The session asks the
 *             routing table the only way os2 allows — a probe (an observer publisher on
 *             channel-open(type, ?)) plus a message to itself as a barrier. Served: channel-open to
 *             the application VM, and CONFIRMATION once the channel's process is present. Not
 *             served: OPEN_FAILURE. CHANNEL_DATA → channel-in (and WINDOW_ADJUST when less than
 *             half our window is left); channel-out → CHANNEL_DATA within the client's window
 *             (the rest waits for its WINDOW_ADJUST); CHANNEL_EOF → channel-in(eof); the channel's
 *             process leaving → CHANNEL_EOF + CHANNEL_CLOSE.
 *   any       DISCONNECT: the session leaves; the exception handler then ends the VM.
 * Anything else is a protocol error: the session throws SshProtocolError, the kernel turns it into
 * its crash reason, and the exception handler — watching for exactly that — says DISCONNECT.
 */
import {
  _, deleteRole, isBytes, isStruct, processOf, quit, role, sendMessage, struct, topicPublisher, topicSubscriber, transition,
  type Action, type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerExpired } from '../../kernel/ground/index.ts';
import { decodeMessage, describeMessage, encodeMessage, messageName, parseVersion, versionLine, type SshMessage } from './codec.ts';
import { SshProtocolError } from './protocol-error.ts';
import {
  LOGIN_GRACE_MS, SERVER_MAX_PACKET, SERVER_SOFTWARE, SERVER_WINDOW, authReply, consumeWindow, kexdhReply, negotiate, sendable,
  serverKexinit, unknownChannelType,
} from './protocol.ts';
import {
  CHANNEL_EOF, GRACE, channelIn, channelOpen, channelOut, chunk, inboundCredit, inboundPacket, inboundVersion, newKeys, openBarrier,
  outboundPacket, outboundVersion,
} from './topics.ts';

type Phase = 'version' | 'kexinit' | 'kexdh' | 'newkeys' | 'service' | 'auth' | 'connected' | 'disconnected';

export interface Channel {
  /** The client's number for this channel. */
  readonly remote: number;
  /** Our receive window (what the client may still send). */
  readonly window: number;
  /** The client's receive window (what we may still send) and its packet size. */
  readonly remoteWindow: number;
  readonly remoteMaxPacket: number;
  readonly pending: Uint8Array;
  readonly state: 'opening' | 'open' | 'app-gone' | 'closed';
  readonly closeReceived: boolean;
}

export interface SessionState {
  readonly phase: Phase;
  readonly client: string | null;
  readonly nextChannel: number;
  readonly channels: ReadonlyMap<number, Channel>;
  readonly probe: { readonly type: string; readonly sender: number; readonly window: number; readonly maxPacket: number; readonly found: boolean } | null;
}

const Session = processOf<SessionState>();

const send = (m: SshMessage): Action => {
  const payload = encodeMessage(m);
  return sendMessage(outboundPacket(messageName(payload[0]!), payload));
};
const credit = (n = 1): Action => sendMessage(inboundCredit(n));
const unexpected = (m: SshMessage, phase: Phase): never => {
  throw new SshProtocolError(`unexpected ${describeMessage(m)} in phase ${phase}`);
};

function withChannel(s: SessionState, id: number, c: Channel): SessionState {
  const channels = new Map(s.channels);
  if (c.state === 'closed' && c.closeReceived) channels.delete(id);
  else channels.set(id, c);
  return { ...s, channels };
}

function channelOf(s: SessionState, id: number): Channel {
  const c = s.channels.get(id);
  if (c === undefined) throw new SshProtocolError(`no channel ${id}`);
  return c;
}

/** Sends what the client's window allows; once the application has left and all is sent, closes. */
function flush(s: SessionState, id: number): Transition<SessionState> {
  let c = channelOf(s, id);
  const actions: Action[] = [];
  const n = sendable(c.pending.length, c.remoteWindow, c.remoteMaxPacket);
  if (n > 0) {
    actions.push(send({ type: 'channel-data', recipient: c.remote, data: c.pending.slice(0, n) }));
    c = { ...c, pending: c.pending.slice(n), remoteWindow: c.remoteWindow - n };
  }
  if (c.state === 'app-gone' && c.pending.length === 0) {
    actions.push(send({ type: 'channel-eof', recipient: c.remote }), send({ type: 'channel-close', recipient: c.remote }));
    c = { ...c, state: 'closed' };
  }
  return transition(withChannel(s, id, c), actions);
}

function connected(m: SshMessage, s: SessionState): Transition<SessionState> {
  switch (m.type) {
    case 'channel-open': {
      // Ask the routing table: add the probe; presence (if any) arrives while it is being added,
      // before the barrier message comes back to us.
      const probe = { type: m.channelType, sender: m.sender, window: m.window, maxPacket: m.maxPacket, found: false };
      return transition({ ...s, probe },
        Session.role('probe', topicPublisher(channelOpen(m.channelType, _), { monitor: true }), {
          onPresence: (_peer, st) => (st.probe === null ? undefined : transition({ ...st, probe: { ...st.probe, found: true } })),
        }),
        sendMessage(openBarrier(m.sender)));
    }
    case 'window-adjust': {
      const c = channelOf(s, m.recipient);
      const next = flush(withChannel(s, m.recipient, { ...c, remoteWindow: c.remoteWindow + m.bytes }), m.recipient);
      return transition(next.state, next.actions, credit());
    }
    case 'channel-data': {
      const c = channelOf(s, m.recipient);
      const w = consumeWindow(c.window, m.data.length);
      return transition(withChannel(s, m.recipient, { ...c, window: w.window }),
        sendMessage(channelIn(m.recipient, chunk(m.data))),
        w.adjust > 0 && send({ type: 'window-adjust', recipient: c.remote, bytes: w.adjust }),
        credit());
    }
    case 'channel-eof':
      channelOf(s, m.recipient);
      return transition(s, sendMessage(channelIn(m.recipient, CHANNEL_EOF)), credit());
    case 'channel-close': {
      const c = channelOf(s, m.recipient);
      if (c.state === 'closed') return transition(withChannel(s, m.recipient, { ...c, closeReceived: true }), credit());
      // The client closed first: answer CLOSE, and tell the application the input has ended.
      return transition(withChannel(s, m.recipient, { ...c, state: 'closed', closeReceived: true }),
        sendMessage(channelIn(m.recipient, CHANNEL_EOF)), send({ type: 'channel-close', recipient: c.remote }), credit());
    }
    default:
      return unexpected(m, s.phase);
  }
}

function onPacket(m: SshMessage, s: SessionState): Transition<SessionState> {
  if (m.type === 'disconnect') return transition({ ...s, phase: 'disconnected' }, quit());
  switch (s.phase) {
    case 'kexinit':
      if (m.type !== 'kexinit') return unexpected(m, s.phase);
      negotiate(m);
      return transition({ ...s, phase: 'kexdh' }, credit());
    case 'kexdh':
      if (m.type !== 'kexdh-init') return unexpected(m, s.phase);
      return transition({ ...s, phase: 'newkeys' },
        send(kexdhReply(m.e)), send({ type: 'newkeys' }), sendMessage(newKeys('outbound', 'none')), credit());
    case 'newkeys':
      if (m.type !== 'newkeys') return unexpected(m, s.phase);
      return transition({ ...s, phase: 'service' }, sendMessage(newKeys('inbound', 'none')), credit());
    case 'service':
      if (m.type !== 'service-request') return unexpected(m, s.phase);
      if (m.service !== 'ssh-userauth') throw new SshProtocolError(`service ${m.service} not available`, 'SERVICE_NOT_AVAILABLE');
      return transition({ ...s, phase: 'auth' }, send({ type: 'service-accept', service: m.service }), credit());
    case 'auth': {
      if (m.type !== 'userauth-request') return unexpected(m, s.phase);
      const reply = authReply(m);
      const ok = reply.type === 'userauth-success';
      return transition({ ...s, phase: ok ? 'connected' : 'auth' }, send(reply), ok && deleteRole('grace-timer'), credit());
    }
    case 'connected':
      return connected(m, s);
    default:
      return unexpected(m, s.phase);
  }
}

function barrier(s: SessionState): Transition<SessionState> {
  const p = s.probe;
  if (p === null) return transition(s);
  const cleared = { ...s, probe: null };
  if (!p.found) return transition(cleared, deleteRole('probe'), send(unknownChannelType(p.sender, p.type)), credit());
  const id = s.nextChannel;
  const c: Channel = {
    remote: p.sender, window: SERVER_WINDOW, remoteWindow: p.window, remoteMaxPacket: p.maxPacket, pending: new Uint8Array(0),
    state: 'opening', closeReceived: false,
  };
  return transition(withChannel({ ...cleared, nextChannel: id + 1 }, id, c), deleteRole('probe'), sendMessage(channelOpen(p.type, id)), credit());
}

const channelIdOf = (peer: { topic: Term }): number | null => {
  const id = isStruct(peer.topic, 'channel-out', 2) ? peer.topic.fields[0] : null;
  return typeof id === 'number' ? id : null;
};

export function session(): Transition<SessionState> {
  return Session.transition({ phase: 'version', client: null, nextChannel: 0, channels: new Map(), probe: null },
    Session.role('versions', topicSubscriber(inboundVersion(_)), {
      onMessage: (m, s) => {
        if (s.phase !== 'version' || !isStruct(m, 'inbound-version', 1)) return;
        const client = parseVersion(String(m.fields[0]));
        return transition({ ...s, phase: 'kexinit', client }, send(serverKexinit()), credit());
      },
    }),
    Session.role('packets', topicSubscriber(inboundPacket(_, _, _)), {
      // Rendezvous: the reader is there; let it read the identification line.
      onPresence: (_peer, s) => (s.phase === 'version' ? transition(s, credit()) : undefined),
      onMessage: (m, s) => {
        const payload = isStruct(m, 'inbound-packet', 3) ? m.fields[2] : null;
        if (payload === null || payload === undefined || !isBytes(payload)) return;
        return onPacket(decodeMessage(payload), s);
      },
    }),
    Session.role('to-writer', topicPublisher(outboundPacket(_, _)), {
      onPresence: (_peer, s) => (s.phase === 'version' ? transition(s, sendMessage(outboundVersion(versionLine(SERVER_SOFTWARE)))) : undefined),
    }),
    Session.role('grace-timer', topicSubscriber(timerExpired(GRACE, _)), {
      onMessage: () => {
        throw new SshProtocolError('login grace time exceeded', 'BY_APPLICATION');
      },
    }),
    Session.role('grace-request', topicPublisher(struct('set-timer', GRACE, _, _)), {
      onPresence: (_peer, s) => transition(s, deleteRole('grace-request'), sendMessage(setTimer(GRACE, LOGIN_GRACE_MS))),
    }),
    Session.role('barrier', topicSubscriber(openBarrier(_)), { onMessage: (_m, s) => barrier(s) }),
    role('to-channels', topicPublisher(channelIn(_, _))),
    Session.role('from-channels', topicSubscriber(channelOut(_, _)), {
      onPresence: (peer, s) => {
        const id = channelIdOf(peer);
        const c = id === null ? undefined : s.channels.get(id);
        if (id === null || c === undefined || c.state !== 'opening') return;
        return transition(withChannel(s, id, { ...c, state: 'open' }),
          send({ type: 'channel-open-confirmation', recipient: c.remote, sender: id, window: SERVER_WINDOW, maxPacket: SERVER_MAX_PACKET }));
      },
      onMessage: (m, s) => {
        const [id, data] = isStruct(m, 'channel-out', 2) ? m.fields : [];
        const c = typeof id === 'number' ? s.channels.get(id) : undefined;
        if (typeof id !== 'number' || c === undefined || !isStruct(data ?? null, 'data', 1)) return;
        const b = (data as { fields: readonly Term[] }).fields[0];
        if (b === undefined || !isBytes(b) || c.state === 'closed') return;
        const pending = new Uint8Array(c.pending.length + b.length);
        pending.set(c.pending);
        pending.set(b, c.pending.length);
        return flush(withChannel(s, id, { ...c, pending }), id);
      },
      onAbsence: (peer, _reason, s) => {
        const id = channelIdOf(peer);
        const c = id === null ? undefined : s.channels.get(id);
        if (id === null || c === undefined || c.state === 'closed') return;
        // The channel's process has gone (input ended, or it crashed): EOF and CLOSE once all is sent.
        if (c.state === 'opening') {
          return transition(withChannel(s, id, { ...c, state: 'closed', closeReceived: true }),
            send({ type: 'channel-open-failure', recipient: c.remote, code: 2, description: 'the application left' }));
        }
        return flush(withChannel(s, id, { ...c, state: 'app-gone' }), id);
      },
    }));
}
