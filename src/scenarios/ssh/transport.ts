/**
 * The reader and the writer of an SSH session VM: the only processes of the session that touch the
 * TCP connection, which lives in the ground VM — so their TCP endpoints are at the meta level.
 *
 * reader  An *observer* at the meta level of the connection's inbound data (tcp-channel(remote,
 *         local, ?)): it hears the data without being a partner of the connection manager, so its
 *         leaving (a crash on a malformed packet) does not make the driver close the connection
 *         before the exception handler has said DISCONNECT. It asks the driver for exactly the
 *         bytes it needs (tcp-credit) and only while the session has granted it packet credit:
 *           version phase   lines mode, one line → inbound-version(text), then bytes mode
 *           packet phase    4 bytes (the length), then the rest of the frame → inbound-packet(…)
 *         A bad length makes the codec throw SshProtocolError: the reader crashes, and that crash
 *         — its loss of presence, with the error as the reason — is the whole error report.
 *         new-keys("inbound", c) switches its cipher (`none` to `none`: only the step shows).
 * writer  A participant publisher at the meta level of tcp-channel(local, remote, ?): the
 *         connection's lifetime is the writer's. It sends the identification line, frames
 *         outbound-packet payloads, counts the driver's write acknowledgements (credit feedback)
 *         and answers outbound-flush(tag) with outbound-flushed(tag) once all are written.
 *         new-keys("outbound", c) switches its cipher for the packets after NEWKEYS. When the
 *         connection goes away, it leaves.
 */
import {
  _, atMetaLevel, bytes, bytesToText, isBytes, isStruct, processOf, quit, role, sendFeedback, sendMessage, topicPublisher, topicSubscriber,
  transition, type Action, type Term, type Transition,
} from '../../kernel/index.ts';
import { isEof, tcpChannel, tcpCredit, tcpMode } from '../../kernel/ground/index.ts';
import { messageName } from './codec.ts';
import { concatBytes, deframe, frame, frameNeeds } from './framing.ts';
import {
  inboundCredit, inboundPacket, inboundVersion, newKeys, outboundFlush, outboundFlushed, outboundPacket, outboundVersion,
} from './topics.ts';

const fieldOf = (m: Term, i: number): Term | undefined => (isStruct(m) ? m.fields[i] : undefined);

// ---- reader -----------------------------------------------------------------------------------------

export interface ReaderState {
  readonly phase: 'version' | 'packets';
  /** Packets the session still allows us to de-frame. */
  readonly credit: number;
  /** TCP credit granted and not yet used: lines in the version phase, bytes after. */
  readonly asked: number;
  readonly buf: Uint8Array;
  /** The sequence number of the next inbound packet (RFC 4253 §6.4). */
  readonly seq: number;
  readonly cipher: string;
}

const Reader = processOf<ReaderState>();

export function reader(local: Term, remote: Term): () => Transition<ReaderState> {
  const toDriver = (data: Term): Action => atMetaLevel(sendFeedback(tcpChannel(remote, local, data)));

  /** De-frame what the credit allows, then ask the driver for the bytes the next frame lacks. */
  function pump(s: ReaderState): Transition<ReaderState> {
    const actions: Action[] = [];
    if (s.phase === 'version') {
      if (s.credit > 0 && s.asked === 0) return transition({ ...s, asked: 1 }, toDriver(tcpCredit(1)));
      return transition(s);
    }
    let st = s;
    while (st.credit > 0) {
      const f = deframe(st.buf); // throws SshProtocolError on bad framing: the reader crashes
      if (f === null) break;
      actions.push(sendMessage(inboundPacket(st.seq, messageName(f.payload[0]!), f.payload)));
      st = { ...st, buf: f.rest, credit: st.credit - 1, seq: st.seq + 1 };
    }
    if (st.credit > 0) {
      const need = frameNeeds(st.buf); // throws on a bad packet length, as soon as 4 bytes are in
      if (need > st.asked) {
        actions.push(toDriver(tcpCredit(need - st.asked)));
        st = { ...st, asked: need };
      }
    }
    return transition(st, actions);
  }

  function fromClient(m: Term, s: ReaderState): Transition<ReaderState> | undefined {
    const data = fieldOf(m, 2);
    if (isEof(data)) return transition(s, quit()); // the client closed: nothing more to read
    if (data === undefined || !isBytes(data)) return;
    if (s.phase === 'version') {
      const next = pump({ ...s, phase: 'packets', credit: s.credit - 1, asked: 0 });
      return transition(next.state, sendMessage(inboundVersion(bytesToText(data))), toDriver(tcpMode('bytes')), next.actions);
    }
    return pump({ ...s, buf: concatBytes(s.buf, data), asked: Math.max(0, s.asked - data.length) });
  }

  return () =>
    Reader.transition({ phase: 'version', credit: 0, asked: 0, buf: new Uint8Array(0), seq: 0, cipher: 'none (initial)' },
      atMetaLevel(Reader.role('from-client', topicSubscriber(tcpChannel(remote, local, _), { monitor: true }), { onMessage: fromClient })),
      toDriver(tcpMode('lines')),
      Reader.role('credit', topicSubscriber(inboundCredit(_)), {
        onMessage: (m, s) => {
          const n = fieldOf(m, 0);
          return typeof n === 'number' ? pump({ ...s, credit: s.credit + n }) : undefined;
        },
      }),
      Reader.role('new-keys', topicSubscriber(newKeys('inbound', _)), {
        onMessage: (m, s) => transition({ ...s, cipher: String(fieldOf(m, 1)) }),
      }),
      role('versions', topicPublisher(inboundVersion(_))),
      role('packets', topicPublisher(inboundPacket(_, _, _))));
}

// ---- writer -----------------------------------------------------------------------------------------

export interface WriterState {
  readonly cipher: string;
  /** The sequence number of the next outbound packet. */
  readonly seq: number;
  /** Writes handed to the driver and not yet acknowledged. */
  readonly unacked: number;
  readonly flushes: readonly Term[];
}

const Writer = processOf<WriterState>();

export function writer(local: Term, remote: Term): () => Transition<WriterState> {
  const write = (s: WriterState, data: Uint8Array, packets: number): Transition<WriterState> =>
    transition({ ...s, seq: s.seq + packets, unacked: s.unacked + 1 }, atMetaLevel(sendMessage(tcpChannel(local, remote, data))));

  const flushed = (s: WriterState): Transition<WriterState> =>
    s.unacked > 0 || s.flushes.length === 0
      ? transition(s)
      : transition({ ...s, flushes: [] }, s.flushes.map((tag) => sendMessage(outboundFlushed(tag))));

  return () =>
    Writer.transition({ cipher: 'none (initial)', seq: 0, unacked: 0, flushes: [] },
      atMetaLevel(Writer.role('to-client', topicPublisher(tcpChannel(local, remote, _)), {
        // The driver acknowledges each write with credit feedback on this channel.
        onMessage: (m, s) => (isStruct(fieldOf(m, 2) ?? null, 'tcp-credit') ? flushed({ ...s, unacked: Math.max(0, s.unacked - 1) }) : undefined),
        onAbsence: (_peer, _reason, s) => transition(s, quit()), // the connection is gone
      })),
      Writer.role('new-keys', topicSubscriber(newKeys('outbound', _)), {
        onMessage: (m, s) => transition({ ...s, cipher: String(fieldOf(m, 1)) }),
      }),
      Writer.role('flush', topicSubscriber(outboundFlush(_)), {
        onMessage: (m, s) => flushed({ ...s, flushes: [...s.flushes, fieldOf(m, 0) ?? null] }),
      }),
      Writer.role('versions', topicSubscriber(outboundVersion(_)), {
        onMessage: (m, s) => write(s, bytes(String(fieldOf(m, 0))), 0),
      }),
      Writer.role('packets', topicSubscriber(outboundPacket(_, _)), {
        onMessage: (m, s) => {
          const payload = fieldOf(m, 1);
          return payload !== undefined && isBytes(payload) ? write(s, frame(payload), 1) : undefined;
        },
      }));
}
