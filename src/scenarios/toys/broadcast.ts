/**
 * broadcast — the talk's first whiteboard point: receivers = many. One message, sent once, reaches
 * every subscriber whose topic it lies in; nobody names a receiver.
 *
 *   reader a, reader b   participant SUBSCRIBERS of news(?)   keep what they read; leave when the newsroom does
 *   newsroom             participant PUBLISHER of news(?)     waits until it sees READERS readers (presence),
 *                                                             sends news("hello") once, and quits
 * No drivers, no network: the run is quiescent at 0 ms.
 */
import {
  _, boot, pretty, processOf, quit, sendMessage, spawn, struct, topicPublisher, topicSubscriber, type Term,
} from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

/** How many readers the newsroom waits for before it sends. */
export const READERS = 2;

export const news = (x: Term) => struct('news', x);

interface ReaderState {
  readonly read: readonly string[];
}

const Reader = processOf<ReaderState>();

const reader = Reader.boot(
  { read: [] },
  Reader.role('paper', topicSubscriber(news(_)), {
    onMessage: (m, s) => Reader.transition({ read: [...s.read, pretty(m)] }),
    // The newsroom has gone: nothing more to read.
    onAbsence: (_peer, _reason, s) => Reader.transition(s, quit()),
  }),
);

interface NewsroomState {
  readonly readers: number;
}

const Newsroom = processOf<NewsroomState>();

const newsroom = Newsroom.boot(
  { readers: 0 },
  Newsroom.role('press', topicPublisher(news(_)), {
    onPresence: (_peer, s) => {
      const readers = s.readers + 1;
      return readers === READERS
        ? Newsroom.transition({ readers }, sendMessage(news('hello')), quit())
        : Newsroom.transition({ readers });
    },
  }),
);

export const broadcast: Scenario = {
  id: 'broadcast',
  title: 'One message, many receivers',
  description:
    'Two readers subscribe to news(?); the newsroom publishes news(?). It waits until it has seen both readers ' +
    '(presence), then sends news("hello") once and leaves. Nobody addressed the message to anyone: it reaches ' +
    'every subscriber whose topic it lies in, one delivery each, in pid order — the event log shows one action ' +
    'and two deliveries. When the newsroom leaves, both readers see its absence and leave too. No drivers, no ' +
    'network: the run ends at 0 ms.',
  seed: 1,
  boot: boot(null,
    spawn(reader, { name: 'reader a' }),
    spawn(reader, { name: 'reader b' }),
    spawn(newsroom, { name: 'newsroom' })),
};
