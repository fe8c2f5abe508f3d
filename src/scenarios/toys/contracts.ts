/**
 * contracts — two kinds of contract. The kernel's own: what a handler returns must be a transition (a
 * state and actions); anything else crashes the process with a reason naming the broken contract. And
 * a conversation's: "data sent ≤ credit granted", which no kernel checks, checked over the run by a spy.
 *
 *   watcher           SUBSCRIBER of report(?)          sees each reporter's absence, with its reason
 *   sloppy reporter   PUBLISHER of report("sloppy")    on meeting the watcher, its handler returns a bare
 *                                                      action instead of a transition: the kernel refuses it
 *   consumer C        SUBSCRIBER of flow(C, ?)         on meeting producer C, grants flow(C, credit(CREDIT))
 *   producer C        PUBLISHER of flow(C, ?)          on credit k sends data: the honest one k blocks, the
 *                                                      greedy one GREEDY_BLOCKS whatever it was granted
 *   spy               OBSERVER SUBSCRIBER and OBSERVER PUBLISHER of flow(?, ?): it hears the data (messages)
 *                     and the credit (feedback) of every conversation, is seen by nobody, and sends
 *                     breach(C, sent, granted) the moment a producer sends more than it was granted
 * No drivers: quiescent at 0 ms.
 */
import {
  _, addRole, boot, isStruct, processOf, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  type Term, type Transition,
} from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

/** Credit each consumer grants. */
export const CREDIT = 2;
/** Blocks the greedy producer sends, whatever its credit. */
export const GREEDY_BLOCKS = 3;

const report = (who: Term) => struct('report', who);
const flow = (who: Term, x: Term) => struct('flow', who, x);
const credit = (n: number) => struct('credit', n);
const data = (n: number) => struct('data', n);

const Watcher = processOf<null>();

const watcher = Watcher.boot(null, Watcher.role('reports', topicSubscriber(report(_))));

/** Returns send-message itself, not transition(state, send-message): a broken contract. */
const sloppy = boot(null,
  addRole<null>('report', topicPublisher(report('sloppy')), (event) =>
    (event.type === 'presence' ? sendMessage(report('sloppy')) : { state: null, actions: null }) as unknown as Transition<null>));

const Consumer = processOf<number>();

const consumer = (who: string) => Consumer.boot(0,
  Consumer.role('inbox', topicSubscriber(flow(who, _)), {
    onPresence: (_p, got) => Consumer.transition(got, sendFeedback(flow(who, credit(CREDIT)))),
    onMessage: (_m, got) => Consumer.transition(got + 1),
  }));

const Producer = processOf<number>();

/** Blocks to send for credit k: the honest producer sends k, the greedy one GREEDY_BLOCKS. */
const producer = (who: string, blocks: (k: number) => number) => Producer.boot(0,
  Producer.role('outbox', topicPublisher(flow(who, _)), {
    onMessage: (m, sent) => {
      const c = isStruct(m, 'flow', 2) ? m.fields[1]! : null;
      if (c === null || !isStruct(c, 'credit', 1) || typeof c.fields[0] !== 'number') return;
      const n = blocks(c.fields[0]);
      return Producer.transition(sent + n, Array.from({ length: n }, (_x, i) => sendMessage(flow(who, data(sent + i + 1)))));
    },
  }));

/** Per conversation: credit granted and blocks sent so far. */
type Ledger = Readonly<Record<string, { readonly granted: number; readonly sent: number }>>;

const Spy = processOf<Ledger>();

function account(m: Term, l: Ledger): Transition<Ledger> | undefined {
  if (!isStruct(m, 'flow', 2) || typeof m.fields[0] !== 'string') return undefined;
  const who = m.fields[0];
  const x = m.fields[1]!;
  const was = l[who] ?? { granted: 0, sent: 0 };
  if (isStruct(x, 'credit', 1) && typeof x.fields[0] === 'number') return Spy.transition({ ...l, [who]: { ...was, granted: was.granted + x.fields[0] } });
  if (!isStruct(x, 'data', 1)) return undefined;
  const now = { ...was, sent: was.sent + 1 };
  const broken = now.sent > now.granted;
  return Spy.transition({ ...l, [who]: now }, broken && sendMessage(struct('breach', who, now.sent, now.granted)));
}

const spy = Spy.boot({},
  // Observers both ways: messages reach the subscriber, feedback the publisher; nobody counts the spy as a partner.
  Spy.role('data', topicSubscriber(flow(_, _), { monitor: true }), { onMessage: account }),
  Spy.role('credit', topicPublisher(flow(_, _), { monitor: true }), { onMessage: account }));

export const contracts: Scenario = {
  id: 'contracts',
  title: 'Contracts: the kernel’s, and a conversation’s checked by a spy',
  description:
    'Two contracts. The kernel checks what every handler returns: it must be a transition, a new state and ' +
    'actions. The sloppy reporter’s handler returns a bare send-message instead; the kernel refuses it, the ' +
    'reporter crashes with the reason error("bad-transition", …), and the watcher sees its absence with that ' +
    `reason. A conversation has contracts no kernel checks, such as "data sent ≤ credit granted". Each consumer ` +
    `grants its producer credit(${CREDIT}); the honest producer sends ${CREDIT} blocks, the greedy one ` +
    `${GREEDY_BLOCKS}. The kernel delivers all of them. A spy — an observer subscriber and an observer publisher ` +
    'of flow(?, ?), so it hears data and credit and nobody sees it — keeps the ledger and sends breach("greedy", ' +
    `${GREEDY_BLOCKS}, ${CREDIT}) the moment the contract breaks. No drivers: the run ends at 0 ms.`,
  seed: 1,
  boot: boot(null,
    spawn(watcher, { name: 'watcher' }),
    spawn(sloppy, { name: 'sloppy reporter' }),
    spawn(consumer('honest'), { name: 'consumer honest' }),
    spawn(consumer('greedy'), { name: 'consumer greedy' }),
    spawn(producer('honest', (k) => k), { name: 'producer honest' }),
    spawn(producer('greedy', () => GREEDY_BLOCKS), { name: 'producer greedy' }),
    spawn(spy, { name: 'spy' })),
};
