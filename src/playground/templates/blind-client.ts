// Exercise: the blind client. The client asks the server a question, but the server starts 20 ms
// after the client (a launcher starts it on a timer). os2 buffers nothing: the question, sent at
// boot, reaches nobody and is gone, and the client waits for ever.
// Fix the client, not the start-up order: let it ask only once it learns of the server's
// presence. (A subscriber to ask("me", ?) is told when the server's ask(?, ?) publisher appears.)
import {
  _, boot, isStruct, processOf, quit, role, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term,
} from 'os2';
import { setTimer, timerDriver, timerExpired } from 'os2/world';
import type { Program } from 'os2/program';

const ask = (who: Term, question: Term) => struct('ask', who, question);
const answer = (who: Term, text: Term) => struct('answer', who, text);

// The server hears questions as feedback on its ask(?, ?) publisher, and answers each one.
const server = boot(null,
  role('questions', topicPublisher(ask(_, _)), {
    onMessage: (m, s) => {
      if (!isStruct(m, 'ask', 2)) return;
      const who = m.fields[0]!;
      return transition(s, sendMessage(answer(who, `yes, I am here, ${String(who)}`)));
    },
  }),
  role('answers', topicPublisher(answer(_, _))));

interface Client {
  readonly answer: string | null;
}
const C = processOf<Client>();

// The client listens for its answer and asks at once, before anybody can hear it.
const client = C.boot({ answer: null },
  C.role('replies', topicSubscriber(answer('me', _)), {
    onMessage: (m) => (isStruct(m, 'answer', 2) ? C.transition({ answer: String(m.fields[1]) }, quit()) : undefined),
  }),
  sendFeedback(ask('me', 'is anybody there?')));

// The launcher meets the timer driver, asks for a 20 ms alarm, and starts the server when it rings.
const launcher = boot(false,
  role('alarm', topicSubscriber(timerExpired('start-server', _)), {
    onMessage: (_m, s) => transition(s, spawn(server, { name: 'server' }), quit()),
  }),
  role('clock', topicPublisher(struct('set-timer', _, _, _)), {
    onPresence: (_peer, requested) => (requested === true ? undefined : transition(true, sendMessage(setTimer('start-server', 20)))),
  }));

const program: Program = {
  title: 'The blind client (exercise)',
  description: 'A client asks a server that does not exist yet: its question is lost. Make it wait for the server’s presence.',
  boot: boot(null, spawn(client, { name: 'client' }), spawn(timerDriver, { name: 'timer' }), spawn(launcher, { name: 'launcher' })),
  maxSteps: 2_000,
};
export default program;
