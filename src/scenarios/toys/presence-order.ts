/**
 * presence-order — presence does not depend on who came first. Two pairs on note(pair, ?):
 *
 *   pair "A"   reader A (pid 1) subscribes first; writer A (pid 2) publishes after it, in the same round
 *   pair "B"   writer B (pid 3) publishes; reader B (pid 4) waits LATE_ROUNDS scheduler rounds
 *              (yield) before it subscribes, so writer B is alone for a while
 * Whichever endpoint comes second, the kernel tells both ends, each about the other, at the moment
 * the second endpoint is added (in the same step, one delivery each). Each
 * process keeps, in its state, the topics it was told of. No drivers: quiescent at 0 ms.
 */
import {
  _, boot, processOf, spawn, struct, topicPublisher, topicSubscriber, type Maybe, type Role, type Term,
} from '../../kernel/index.ts';
import { prettyRoleShort } from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

/** How many scheduler rounds reader B waits before it subscribes. */
export const LATE_ROUNDS = 2;

export const note = (pair: Term, x: Term) => struct('note', pair, x);

interface Seen {
  readonly told: readonly string[];
}

const P = processOf<Seen>();

const remember = (peer: Role, s: Seen) => P.transition({ told: [...s.told, prettyRoleShort(peer)] });

const reader = (pair: string) => P.role('inbox', topicSubscriber(note(pair, _)), { onPresence: remember });
const writer = (pair: string) => P.role('outbox', topicPublisher(note(pair, _)), { onPresence: remember });

/** Waits `rounds` full scheduler rounds, then subscribes. */
function lateReader(pair: string, rounds: number): Maybe<Seen> {
  return rounds === 0 ? P.transition({ told: [] }, reader(pair)) : P.transition({ told: [] }, P.yieldThen(() => lateReader(pair, rounds - 1)));
}

export const presenceOrder: Scenario = {
  id: 'presence-order',
  title: 'Presence in either start order',
  description:
    'Two pairs of processes share note(pair, ?). In pair A the reader subscribes first and the writer publishes ' +
    `after it; in pair B the writer publishes first and the reader waits ${LATE_ROUNDS} scheduler rounds before it ` +
    'subscribes. Either way, the moment the second endpoint appears the kernel tells both of them about each ' +
    'other, in the same step: presence does not care who came first, so nobody has to start before anyone ' +
    'else. Each process keeps in its state the peers it was told of. No drivers: the run ends at 0 ms.',
  seed: 1,
  boot: boot(null,
    spawn(P.boot({ told: [] }, reader('A')), { name: 'reader A' }),
    spawn(P.boot({ told: [] }, writer('A')), { name: 'writer A' }),
    spawn(P.boot({ told: [] }, writer('B')), { name: 'writer B' }),
    spawn(() => lateReader('B', LATE_ROUNDS) ?? P.transition({ told: [] }), { name: 'reader B' })),
};
