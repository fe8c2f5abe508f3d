/**
 * mailbox — endpoints versus one Erlang-style mailbox: a process that waits for a slow operation stays
 * responsive to everything else, because it never blocks — each conversation has its own endpoint and
 * handler, and the kernel runs whichever one an event concerns.
 *
 *   disk     SUBSCRIBER of write(?), PUBLISHER of written(?)   slow: it yields DISK_ROUNDS times (a
 *                                                              scheduler round each) before it answers
 *                                                              write(b) with written(b)
 *   writer   PUBLISHER of write(?)    "to-disk"     on meeting the disk, starts write("log") (a pending write)
 *            SUBSCRIBER of written(?) "from-disk"   the write's completion
 *            PUBLISHER of line(?)     "lines"       to the reader: sends line(n) only within credit granted by
 *                                                   feedback line(credit(k))
 *   reader   SUBSCRIBER of line(?)                  on meeting the writer, grants line(credit(LINES))
 * The credit arrives, and both lines go out, while the write is still pending. No drivers: quiescent at 0 ms.
 */
import {
  _, boot, isStruct, processOf, quit, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  type Maybe, type Term,
} from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

/** How many times the disk yields (a scheduler round each) before it answers a write. */
export const DISK_ROUNDS = 3;
/** Lines the writer has for the reader (and the credit the reader grants). */
export const LINES = 2;

const write = (x: Term) => struct('write', x);
const written = (x: Term) => struct('written', x);
const line = (x: Term) => struct('line', x);
const credit = (n: number) => struct('credit', n);

const Disk = processOf<number>();

/** Sends written(`then`) after `rounds` more yields. */
function after(rounds: number, then: Term, done: number): Maybe<number> {
  return rounds === 0
    ? Disk.transition(done + 1, sendMessage(written(then)))
    : Disk.transition(done, Disk.yieldThen((d) => after(rounds - 1, then, d)));
}

const disk = Disk.boot(0,
  Disk.role('requests', topicSubscriber(write(_)), {
    onMessage: (m, done) => (isStruct(m, 'write', 1) ? after(DISK_ROUNDS, m.fields[0]!, done) : undefined),
  }),
  Disk.role('completions', topicPublisher(written(_))));

interface WriterState {
  readonly writing: boolean;
  readonly credit: number;
  readonly sent: number;
}

const Writer = processOf<WriterState>();

/** Lines to send now: as many as the credit allows, of those not yet sent. */
function sendLines(s: WriterState) {
  const n = Math.min(s.credit, LINES - s.sent);
  const lines = Array.from({ length: n }, (_x, i) => sendMessage(line(s.sent + i + 1)));
  return Writer.transition({ ...s, credit: s.credit - n, sent: s.sent + n }, lines);
}

const writer = Writer.boot({ writing: false, credit: 0, sent: 0 },
  Writer.role('to-disk', topicPublisher(write(_)), {
    onPresence: (_p, s) => (s.writing ? undefined : Writer.transition({ ...s, writing: true }, sendMessage(write('log')))),
  }),
  Writer.role('from-disk', topicSubscriber(written(_)), {
    onMessage: (_m, s) => Writer.transition({ ...s, writing: false }),
  }),
  Writer.role('lines', topicPublisher(line(_)), {
    onMessage: (m, s) => {
      const c = isStruct(m, 'line', 1) ? m.fields[0]! : null;
      if (c === null || !isStruct(c, 'credit', 1) || typeof c.fields[0] !== 'number') return;
      return sendLines({ ...s, credit: s.credit + c.fields[0] });
    },
  }));

const Reader = processOf<number>();

const reader = Reader.boot(0,
  Reader.role('lines', topicSubscriber(line(_)), {
    onPresence: (_p, got) => Reader.transition(got, sendFeedback(line(credit(LINES)))),
    onMessage: (m, got) => (isStruct(m, 'line', 1) && typeof m.fields[0] === 'number' ? Reader.transition(got + 1, got + 1 === LINES && quit()) : undefined),
  }));

export const mailbox: Scenario = {
  id: 'mailbox',
  title: 'Endpoints, not one mailbox: responsive while a write is pending',
  description:
    `The writer starts a slow write on the disk (it yields ${DISK_ROUNDS} scheduler rounds before it answers) and, meanwhile, ` +
    `the reader grants it credit for ${LINES} lines. In Erlang a process that waits for the disk’s reply in a ` +
    'receive leaves everything else in its one mailbox until that reply comes. An os2 process never waits: its ' +
    'state and its endpoints are all there is, and the kernel runs the handler of whichever endpoint an event ' +
    'concerns. So the credit is handled at once, at the writer’s lines endpoint, and both lines reach the reader ' +
    'while the write is still pending; the disk’s written("log") arrives later, at another endpoint. No drivers: ' +
    'the run ends at 0 ms.',
  seed: 1,
  boot: boot(null,
    spawn(disk, { name: 'disk' }),
    spawn(writer, { name: 'writer' }),
    spawn(reader, { name: 'reader' })),
};
