// An empty program: one process that says hello to itself. Edit it and press Run.
// The API is the same as the built-in scenarios' (docs/kernel-api.md); a program may import only
// 'os2' (the calculus), 'os2/world' (drivers, clients) and the type of 'os2/program'.
import { _, boot, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition } from 'os2';
import type { Program } from 'os2/program';

const hello = boot(null,
  // A process sees its own endpoints: the listener sees the presence of the voice, and speaks.
  role('voice', topicPublisher(struct('hello', _))),
  role('ears', topicSubscriber(struct('hello', _)), {
    onPresence: (_peer, state) => transition(state, sendMessage(struct('hello', 'world'))),
    onMessage: (_message, state) => transition(state),
  }));

const program: Program = {
  title: 'An empty program',
  description: 'One process publishes and subscribes to hello(?); when it sees its own presence it sends hello("world").',
  boot: boot(null, spawn(hello, { name: 'hello' })),
};
export default program;
