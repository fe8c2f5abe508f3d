/**
 * The talk's TCP echo and date programs, written with the os2 Lab kernel API. They speak the TCP
 * driver's protocol (spec §5.2): a listener observes tcp-channel(?, tcp-listener(port), ?) and
 * spawns one connection handler per connection it sees appear.
 */
import {
  _, bytes, isBytes, isStruct, quit, role, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term,
} from '../../kernel/index.ts';

export const tcpListener = (port: number) => struct('tcp-listener', port);
export const tcpChannel = (src: Term, dst: Term, data: Term) => struct('tcp-channel', src, dst, data);
export const tcpCredit = (n: number) => struct('tcp-credit', n);
export const tcpMode = (mode: 'lines' | 'bytes') => struct('tcp-mode', mode);
export const isEof = (t: Term) => isStruct(t, 'eof', 0);

/** The listener: an observer of every connection to `port`; spawns a handler for each one. */
export function listener(port: number, connectionHandler: (local: Term, remote: Term) => ReturnType<typeof echoHandler>) {
  const local = tcpListener(port);
  return transition('no-state',
    role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor: true }), {
      onPresence: (peer, state) => {
        const t = peer.topic;
        if (peer.orientation !== 'publisher' || peer.interest !== 'participant' || !isStruct(t, 'tcp-channel', 3)) return;
        const remote = t.fields[0]!;
        return transition(state, spawn(() => connectionHandler(local, remote), { name: 'connection-handler' }));
      },
    }));
}

/** The echo connection handler: lines mode, one credit at a time, "You said: <line>". */
export function echoHandler(local: Term, remote: Term) {
  return transition('no-state',
    sendFeedback(tcpChannel(remote, local, tcpMode('lines'))),
    sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
    role('echoer', topicSubscriber(tcpChannel(remote, local, _)), {
      onAbsence: (_peer, _reason, state) => transition(state, quit()),
      onMessage: (m, state) => {
        if (!isStruct(m, 'tcp-channel', 3)) return;
        const data = m.fields[2]!;
        if (isEof(data)) return transition(state, quit());
        if (!isBytes(data)) return;
        const reply = new Uint8Array([...bytes('You said: '), ...data, ...bytes('\n')]);
        return transition(state,
          sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
          sendMessage(tcpChannel(local, remote, reply)));
      },
    }));
}

/** The date connection handler: publish, send the time, quit when the write is acknowledged. */
export function dateHandler(now: () => number) {
  return (local: Term, remote: Term) =>
    transition('no-state',
      role('date-sender', topicPublisher(tcpChannel(local, remote, _)), {
        onMessage: (m, state) => (isStruct(m, 'tcp-channel', 3) && isStruct(m.fields[2]!, 'tcp-credit') ? transition(state, quit()) : undefined),
      }),
      sendMessage(tcpChannel(local, remote, bytes(`${now()}\n`))));
}
