// The talk's TCP echo server: a listener observes every connection to port 5999 and spawns a
// handler per connection, which answers each line with "You said: <line>".
import {
  _, boot, bytes, bytesToText, isBytes, isStruct, quit, role, sendFeedback, sendMessage, spawn, topicSubscriber, transition,
  type Term,
} from 'os2';
import { isEof, tcpChannel, tcpCredit, tcpDriver, tcpListener, tcpMode } from 'os2/world';
import type { Program } from 'os2/program';

const PORT = 5999;

function listener(port: number) {
  const local = tcpListener(port);
  return transition('no-state',
    // An observer: it sees each connection manager appear without being taken for a partner.
    role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor: true }), {
      onPresence: (peer, state) => {
        if (peer.orientation !== 'publisher' || peer.interest !== 'participant') return;
        if (!isStruct(peer.topic, 'tcp-channel', 3)) return;
        const remote = peer.topic.fields[0]!;
        return transition(state, spawn(() => echoHandler(local, remote), { name: 'connection-handler' }));
      },
    }));
}

function echoHandler(local: Term, remote: Term) {
  return transition('no-state',
    sendFeedback(tcpChannel(remote, local, tcpMode('lines'))),
    sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
    role('echoer', topicSubscriber(tcpChannel(remote, local, _)), {
      onAbsence: (_peer, _reason, state) => transition(state, quit()),
      onMessage: (m, state) => {
        const data = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
        if (isEof(data ?? undefined)) return transition(state, quit());
        if (data === null || !isBytes(data)) return;
        const reply = `You said: ${bytesToText(data)}\n`;
        return transition(state,
          sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
          sendMessage(tcpChannel(local, remote, bytes(reply))));
      },
    }));
}

const program: Program = {
  title: 'TCP echo (the talk’s first program)',
  description: 'Alice connects, says three lines and hears each back; Bob says one line and hangs up.',
  boot: boot(null, spawn(tcpDriver, { name: 'tcp' }), spawn(() => listener(PORT), { name: 'listener' })),
  clients: () => [
    { name: 'client-a', host: 'alice', steps: [
      { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: PORT },
      { op: 'send', text: 'hello\n' }, { op: 'expect-line' },
      { op: 'send', text: 'how are you?\n' }, { op: 'expect-line' },
      { op: 'send', text: 'bye\n' }, { op: 'expect-line' }, { op: 'close' },
    ] },
    { name: 'client-b', host: 'bob', steps: [
      { op: 'at', ms: 40 }, { op: 'connect', host: 'server', port: PORT },
      { op: 'send', text: "hi, I can't stay\n" }, { op: 'close' },
    ] },
  ],
  maxSteps: 20_000,
};
export default program;
