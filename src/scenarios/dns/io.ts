/**
 * The processes every DNS server VM has, whatever its mode (spec §7): reader, writer and
 * error-logger. They are the only ones that touch UDP or bytes; the rest speak in dns-request /
 * dns-reply terms.
 *
 *   reader(local)   at the meta-level, a subscriber of udp-packet(?, local, ?): each datagram is
 *                   decoded (wire.ts) and published in the VM as dns-request(message, remote, local)
 *                   (a query) or dns-reply(message, remote, local) (a response), or, if it is not a
 *                   DNS message, as bad-dns-packet(bytes, remote, local, reason).
 *                   State: { packets, bad } counts.
 *   writer(local)   subscribes to dns-request(?, local, ?) and dns-reply(?, local, ?), encodes the
 *                   message and sends udp-packet(local, sink, bytes) at the meta-level (it also
 *                   publishes udp-packet(local, ?, ?) there, so that the UDP driver keeps the socket).
 *                   A message that cannot be encoded becomes bad-dns-packet(message, local, sink, reason).
 *                   State: { packets, bad } counts.
 *   error-logger    subscribes to bad-dns-packet(?, ?, ?, ?) and records each one (the count and
 *                   the last LOG_KEEP entries, printed) in its state; nothing crashes.
 */
import {
  _, atMetaLevel, isBytes, isStruct, pretty, processOf, role, sendMessage, topicPublisher, topicSubscriber, transition,
  type Term, type Transition,
} from '../../kernel/index.ts';
import { anyRemote, udpPacket } from '../../kernel/ground/index.ts';
import { messageOf, messageTerm } from './message.ts';
import { badDnsPacket, dnsReply, dnsRequest } from './topics.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export interface IoState {
  readonly packets: number;
  readonly bad: number;
}

const Io = processOf<IoState>();

const IO0: IoState = { packets: 0, bad: 0 };

export function reader(local: Term): () => Transition<IoState> {
  return () => transition(IO0,
    atMetaLevel(Io.role('datagrams', topicSubscriber(udpPacket(anyRemote, local, _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'udp-packet', 3)) return;
        const [source, , body] = m.fields as [Term, Term, Term];
        if (!isBytes(body)) return transition({ ...s, bad: s.bad + 1 }, sendMessage(badDnsPacket(body, source, local, 'not bytes')));
        const d = decodeMessage(body);
        if ('error' in d) return transition({ ...s, bad: s.bad + 1 }, sendMessage(badDnsPacket(body, source, local, d.error)));
        const t = messageTerm(d.message);
        const event = d.message.kind === 'query' ? dnsRequest(t, source, local) : dnsReply(t, source, local);
        return transition({ ...s, packets: s.packets + 1 }, sendMessage(event));
      },
    })));
}

export function writer(local: Term): () => Transition<IoState> {
  const send = (m: Term, s: IoState): Transition<IoState> | undefined => {
    if (!isStruct(m) || m.fields.length !== 3) return;
    const [message, , sink] = m.fields as [Term, Term, Term];
    const view = messageOf(message);
    if (view === null) return transition({ ...s, bad: s.bad + 1 }, sendMessage(badDnsPacket(message, local, sink, 'not a dns-message')));
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(view);
    } catch (e) {
      const why = `cannot encode: ${e instanceof Error ? e.message : String(e)}`;
      return transition({ ...s, bad: s.bad + 1 }, sendMessage(badDnsPacket(message, local, sink, why)));
    }
    return transition({ ...s, packets: s.packets + 1 }, atMetaLevel(sendMessage(udpPacket(local, sink, bytes))));
  };
  return () => transition(IO0,
    atMetaLevel(role('datagrams', topicPublisher(udpPacket(local, anyRemote, _)))),
    Io.role('requests', topicSubscriber(dnsRequest(_, local, _)), { onMessage: send }),
    Io.role('replies', topicSubscriber(dnsReply(_, local, _)), { onMessage: send }),
  );
}

export const LOG_KEEP = 20;

export interface LoggerState {
  readonly logged: number;
  /** The last LOG_KEEP entries, oldest first: "from <source>: <reason> (<n> bytes)". */
  readonly entries: readonly string[];
}

const Logger = processOf<LoggerState>();

export function errorLogger(): Transition<LoggerState> {
  return Logger.transition({ logged: 0, entries: [] },
    Logger.role('bad-packets', topicSubscriber(badDnsPacket(_, _, _, _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'bad-dns-packet', 4)) return;
        const [data, source, sink, reason] = m.fields as [Term, Term, Term, Term];
        const size = isBytes(data) ? `${data.length} bytes` : 'a term';
        const entry = `${pretty(source)} → ${pretty(sink)}: ${typeof reason === 'string' ? reason : pretty(reason)} (${size})`;
        return transition({ logged: s.logged + 1, entries: [...s.entries, entry].slice(-LOG_KEEP) });
      },
    }));
}
