// A chat room over TCP. Each connection gets a member process: its first line is the member's
// nick, every later line is said to the room. A member's presence in the room is a publisher of
// chat(nick, ?): the others see it appear (joined) and disappear (left) — nobody sends a "bye",
// quitting is leaving. Try changing how the room announces a departure, then press Run.
import {
  _, boot, bytes, bytesToText, isBytes, isStruct, processOf, quit, role, sendFeedback, sendMessage, spawn, struct,
  topicPublisher, topicSubscriber, transition, type Term,
} from 'os2';
import { isEof, tcpChannel, tcpCredit, tcpDriver, tcpListener, tcpMode } from 'os2/world';
import type { Program } from 'os2/program';

const PORT = 6667;
const chat = (nick: Term, text: Term) => struct('chat', nick, text);

interface Member {
  readonly nick: string | null;
}
const M = processOf<Member>();

function listener(port: number) {
  const local = tcpListener(port);
  return transition('no-state',
    role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor: true }), {
      onPresence: (peer, state) => {
        if (peer.orientation !== 'publisher' || peer.interest !== 'participant') return;
        if (!isStruct(peer.topic, 'tcp-channel', 3)) return;
        const remote = peer.topic.fields[0]!;
        return transition(state, spawn(() => member(local, remote), { name: 'member' }));
      },
    }));
}

function member(local: Term, remote: Term) {
  const say = (text: string) => sendMessage(tcpChannel(local, remote, bytes(`${text}\n`)));
  const nickOf = (t: Term) => (isStruct(t, 'chat', 2) && typeof t.fields[0] === 'string' ? t.fields[0] : null);
  // The room as this member hears it: who is here, who left, who said what.
  const room = (me: string) => M.role('room', topicSubscriber(chat(_, _)), {
    onPresence: (peer, s) => {
      const who = nickOf(peer.topic);
      return who === null || who === me ? undefined : M.transition(s, say(`* ${who} is here`));
    },
    onAbsence: (peer, _reason, s) => {
      const who = nickOf(peer.topic);
      return who === null || who === me ? undefined : M.transition(s, say(`* ${who} has left`));
    },
    onMessage: (m, s) => {
      const who = nickOf(m);
      const text = isStruct(m, 'chat', 2) ? m.fields[1] : null;
      return who === null || who === me || typeof text !== 'string' ? undefined : M.transition(s, say(`${who}: ${text}`));
    },
  });
  return M.transition({ nick: null },
    sendFeedback(tcpChannel(remote, local, tcpMode('lines'))),
    sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
    M.role('connection', topicSubscriber(tcpChannel(remote, local, _)), {
      onAbsence: (_peer, _reason, s) => M.transition(s, quit()),
      onMessage: (m, s) => {
        const data = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
        if (isEof(data ?? undefined)) return M.transition(s, quit());
        if (data === null || !isBytes(data)) return;
        const line = bytesToText(data).trim();
        const more = sendFeedback(tcpChannel(remote, local, tcpCredit(1)));
        if (s.nick !== null) return M.transition(s, more, sendMessage(chat(s.nick, line)));
        // The first line is the nick: enter the room (our presence) and start listening to it.
        return M.transition({ nick: line }, more, role('here', topicPublisher(chat(line, _))), room(line));
      },
    }));
}

const program: Program = {
  title: 'Chat room',
  description: 'Alice and Bob join a chat room, talk, and Bob leaves: watch the others learn of it by absence.',
  boot: boot(null, spawn(tcpDriver, { name: 'tcp' }), spawn(() => listener(PORT), { name: 'listener' })),
  clients: () => [
    { name: 'alice', host: 'alice', steps: [
      { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: PORT }, { op: 'send', text: 'alice\n' },
      { op: 'expect-line' }, { op: 'send', text: 'hi bob\n' },
      { op: 'expect-line' }, { op: 'expect-line' }, { op: 'close' },
    ] },
    { name: 'bob', host: 'bob', steps: [
      { op: 'at', ms: 30 }, { op: 'connect', host: 'server', port: PORT }, { op: 'send', text: 'bob\n' },
      { op: 'expect-line' }, { op: 'expect-line' }, { op: 'send', text: 'hello alice\n' },
      { op: 'sleep', ms: 20 }, { op: 'close' },
    ] },
  ],
  maxSteps: 20_000,
};
export default program;
