// The talk's date server: for each connection, ask the timer driver for the (virtual) time, send
// it, and quit when the driver's credit feedback acknowledges the write. Quitting withdraws the
// handler's presence, and that is what closes the connection.
import {
  _, boot, bytes, deleteRole, isStruct, pretty, quit, role, sendMessage, spawn, struct, topicPublisher,
  topicSubscriber, transition, type Term,
} from 'os2';
import { setTimer, tcpChannel, tcpDriver, tcpListener, timerDriver, timerExpired } from 'os2/world';
import type { Program } from 'os2/program';

const PORT = 13;

function listener(port: number) {
  const local = tcpListener(port);
  return transition('no-state',
    role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor: true }), {
      onPresence: (peer, state) => {
        if (peer.orientation !== 'publisher' || peer.interest !== 'participant') return;
        if (!isStruct(peer.topic, 'tcp-channel', 3)) return;
        const remote = peer.topic.fields[0]!;
        return transition(state, spawn(() => dateHandler(local, remote), { name: 'connection-handler' }));
      },
    }));
}

function dateHandler(local: Term, remote: Term) {
  const label = struct('date-for', pretty(remote));
  return transition('no-state',
    role('clock', topicSubscriber(timerExpired(label, _)), {
      onMessage: (m, state) => {
        const now = isStruct(m, 'timer-expired', 2) ? m.fields[1] : null;
        if (typeof now !== 'number') return;
        return transition(state, deleteRole('clock'),
          role('date-sender', topicPublisher(tcpChannel(local, remote, _)), {
            // The credit is the driver's write acknowledgement: the date is out, so leave.
            onMessage: (ack, s) => (isStruct(ack, 'tcp-channel', 3) && isStruct(ack.fields[2]!, 'tcp-credit') ? transition(s, quit()) : undefined),
          }),
          sendMessage(tcpChannel(local, remote, bytes(`${now}\n`))));
      },
    }),
    sendMessage(setTimer(label, 0, 'relative')));
}

const visit = (name: string, host: string, at: number) => ({
  name, host,
  steps: [{ op: 'at', ms: at }, { op: 'connect', host: 'server', port: PORT }, { op: 'expect-line' }, { op: 'expect-eof' }, { op: 'close' }] as const,
});

const program: Program = {
  title: 'TCP date server',
  description: 'Each connection gets the virtual time and is closed by the handler’s absence. Alice at 10 ms, Bob at 1000 ms.',
  boot: boot(null, spawn(timerDriver, { name: 'timer' }), spawn(tcpDriver, { name: 'tcp' }), spawn(() => listener(PORT), { name: 'listener' })),
  clients: () => [visit('client-a', 'alice', 10), visit('client-b', 'bob', 1000)],
  maxSteps: 20_000,
};
export default program;
