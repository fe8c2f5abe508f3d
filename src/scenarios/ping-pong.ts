/**
 * Ping/pong rendezvous: the smallest os2 program that shows presence, feedback and messages.
 *
 * The server publishes two topics: ping(_) (a service that takes feedback) and pong(_) (replies).
 * The client subscribes to both. Seeing the server's ping publisher appear (presence) is the
 * rendezvous: only then does the client send ping(1) upstream as feedback. The server answers each
 * ping(n) with the message pong(n); the client pings again until it has ROUNDS pongs, then quits,
 * and the server sees the client's absence.
 */
import {
  _,
  boot,
  isStruct,
  processOf,
  quit,
  role,
  sendFeedback,
  sendMessage,
  spawn,
  struct,
  topicPublisher,
  topicSubscriber,
  transition,
  type Term,
} from '../kernel/index.ts';
import type { Scenario } from './types.ts';

/** How many ping/pong exchanges the client makes before it quits. */
export const ROUNDS = 3;


/** The number carried by ping(n) / pong(n), or 0 for anything else. */
function counter(t: Term): number {
  const n = isStruct(t) ? t.fields[0] : undefined;
  return typeof n === 'number' ? n : 0;
}

const server = boot(
  null,
  role('service', topicPublisher(struct('ping', _)), {
    onMessage: (ping, s) => transition(s, sendMessage(struct('pong', counter(ping)))),
  }),
  role('replies', topicPublisher(struct('pong', _))),
);

const Counter = processOf<number>();

const client = Counter.boot(
  0,
  Counter.role('pongs', topicSubscriber(struct('pong', _)), {
    onMessage: (pong, received) => {
      const n = received + 1;
      return n >= ROUNDS
        ? transition(n, quit())
        : transition(n, sendFeedback(struct('ping', counter(pong) + 1)));
    },
  }),
  Counter.role('service', topicSubscriber(struct('ping', _)), {
    onPresence: (_peer, received) => transition(received, sendFeedback(struct('ping', 1))),
  }),
);

export const pingPong: Scenario = {
  id: 'ping-pong',
  title: 'Ping/pong rendezvous',
  description:
    'A client waits for a server to appear (presence), then sends ping(n) upstream as feedback; ' +
    `the server answers with the message pong(n). After ${ROUNDS} pongs the client quits.`,
  seed: 1,
  boot: boot(null, spawn(client, { name: 'client' }), spawn(server, { name: 'server' })),
};

export default pingPong;
