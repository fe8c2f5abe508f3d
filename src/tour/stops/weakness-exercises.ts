/**
 * Exercises on the talk's weaknesses (issue 13): the wart, querying the routing table, and the
 * ground-event protocol. Each move is a kill made where the question is asked; the answer is judged by
 * the question's claims on the changed run. Each comes after the stop it belongs with.
 */
import { afterFirst, choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const UNPLUGGED = 'unplugged()';
const MANAGER_5999 = 'tcp-listener tcp-listener(5999)';
const MANAGER_6000 = 'tcp-listener tcp-listener(6000)';
const MONITOR = 'monitor (observer)';

const WART: TourStop = {
  id: 'exercise-kill-monitor',
  section: 'Weaknesses: the wart',
  title: 'Exercise: kill a mere watcher',
  intro:
    'Alice and bob are connected, on ports 5999 and 6000. The monitor (observer) subscribes to tcp-channel(?, ?, ?) ' +
    'as an observer: it watches every connection, and no connection manager sees it. The driver’s listener ' +
    'managers watch for listening applications with everything endpoints.',
  task: {
    text: `Kill the monitor (observer) with the reason ${UNPLUGGED} (the dialog is prefilled).`,
    action: { kind: 'kill', process: MONITOR, reason: UNPLUGGED },
  },
  question: {
    ask: rec('world', null, 'bob tcp-established'),
    prompt: 'What does the TCP driver make of the watcher’s absence?',
    choices: [
      choice('Nothing: an observer is seen by no one', [rec('quit', MONITOR)], [rec('deliver', null, 'absence', UNPLUGGED)]),
      choice('Its factory is told, and nothing changes: the ports stay open', [rec('deliver', 'tcp', 'absence', UNPLUGGED)], [rec('deliver', MANAGER_5999, 'absence', UNPLUGGED)]),
      choice(
        'Both listener managers take it for their listening application leaving, and close their ports',
        [rec('deliver', MANAGER_5999, 'observe-publishers absence', UNPLUGGED, 'spawn tcp-unlisten 5999'), rec('deliver', MANAGER_6000, 'observe-publishers absence', UNPLUGGED, 'spawn tcp-unlisten 6000')],
      ),
    ],
    why: 'Everything endpoints see observers: the monitor’s tcp-channel(?, ?, ?) covers each listener manager’s tcp-channel(?, tcp-listener(port), ?), so to the driver it looks like one more listening application, and its absence like the listener’s.',
  },
  text:
    'Killing a watcher closed both ports. The listener managers’ observe-publishers endpoints are everything ' +
    'endpoints, so they had seen the monitor — its presence has the shape of a listener’s — and each took its ' +
    'absence for its application leaving: it spawned tcp-unlisten and quit. A monitor cannot hide from the level ' +
    'that sees everyone, and that level cannot tell watchers from partners.',
  claims: [
    { basis: 'talk', text: 'Weaknesses: “The Wart” (named in the outline, not explained).' },
    { basis: 'reading', text: 'The wart as the interest-type design, and the exercise, are os2 Lab’s reading.' },
  ],
  answers: ['roles', 'over'],
  notes: 'Draw the three levels (participant, observer, everything) as rows; the monitor sits in the observer row, the listener managers in the everything row, looking down at it. Cross the monitor out and close both ports.',
  scenario: 'wart',
  at: rec('deliver', MANAGER_6000, 'observe-publishers absence', UNPLUGGED),
  panels: ['event-log', 'presence-graph'],
  select: { name: MANAGER_6000 },
  tryThis: [],
  expect: { logContains: `observe-publishers absence sub/observer tcp-channel(tcp-address(?0, ?1), tcp-listener(6000), ?2) ${UNPLUGGED}`, treeContains: ['tcp', 'monitor (everything)'] },
};

const FIRST_ANSWER = 'routing-barrier("barrier", 1)';

const ROUTING: TourStop = {
  id: 'exercise-no-shell',
  section: 'Weaknesses: querying the routing table',
  title: 'Exercise: nobody serves “session”',
  intro:
    'The shell app is the only subscriber of channel-open("session", ?). At 10 ms the remote side will ask both ' +
    'sessions to open a "session" channel. The barrier session asks the routing table its own way: an observer ' +
    'probe, then a message to itself.',
  task: {
    text: `Kill the shell app now, with the reason ${UNPLUGGED} (the dialog is prefilled).`,
    action: { kind: 'kill', process: 'shell app', reason: UNPLUGGED },
  },
  question: {
    ask: rec('boot', 'ssh-client'),
    prompt: 'How does the barrier session answer the "session" channel?',
    choices: [
      choice('CONFIRMATION, as before: “session” is a type it knows', [rec('deliver', 'session (barrier)', `barrier message ${FIRST_ANSWER}`, 'open-confirmation(1')]),
      choice('FAILURE at once: its probe met no subscriber before its barrier came back', [rec('deliver', 'session (barrier)', `barrier message ${FIRST_ANSWER}`, 'open-failure(1,')]),
      choice('Nothing yet: it waits for the shell app to come back', [rec('quit', 'shell app')], [rec('deliver', 'session (barrier)', `barrier message ${FIRST_ANSWER}`)]),
    ],
    why: 'Presence for every existing subscriber is delivered while the probe is added, before the session’s own message comes back: no presence by then means nobody is there, so it answers FAILURE at the barrier.',
  },
  text:
    'The barrier session added its observer probe on channel-open("session", ?), sent itself routing-barrier, and ' +
    'when the barrier came back with no presence seen it answered FAILURE, at 10 ms; with the shell app alive, ' +
    'the same question got CONFIRMATION (the stop before). The timeout session, asked the same, is still waiting: only its timeout ' +
    'will answer.',
  claims: [
    { basis: 'talk', text: '“Querying the routing table … would let us find out without explicitly sending a message.”' },
    { basis: 'reading', text: 'The barrier idiom and the exercise are os2 Lab’s.' },
  ],
  answers: ['find', 'route'],
  notes: 'Draw the probe as a dashed box on channel-open("session", ?) with no arrow into it, then the barrier message looping back to the session: FAILURE.',
  scenario: 'routing-query',
  at: rec('deliver', 'session (barrier)', `barrier message ${FIRST_ANSWER}`, 'open-failure(1,'),
  panels: ['event-log', 'sequence-chart'],
  select: { name: 'session (barrier)' },
  tryThis: [],
  expect: { logContains: 'ssh-msg-channel-open-failure(1, 3, "unknown channel type")', treeContains: ['session (barrier)', 'session (timeout)', 'ssh-client'] },
};

const READER_KILLED = rec('quit', 'reader', UNPLUGGED);

const GROUND_EVENTS: TourStop = {
  id: 'exercise-kill-reader',
  section: 'Weaknesses: the ground-event protocol',
  title: 'Exercise: the reader is gone',
  intro:
    'Carol’s first line has just reached the server. The reader and the spy both subscribe to [tcp-read-line(2), ?]; ' +
    'the reader is the one meant to consume the lines, and to close the connection on EOF.',
  task: {
    text: `Kill the reader with the reason ${UNPLUGGED} (the dialog is prefilled).`,
    action: { kind: 'kill', process: 'reader', reason: UNPLUGGED },
  },
  question: {
    ask: rec('world', null, 'server tcp-data', 'first line'),
    prompt: 'What becomes of carol’s lines, and of her EOF?',
    choices: [
      choice('Nothing more is read: the lines were the reader’s', [READER_KILLED], [rec('deliver', 'spy', 'second line')]),
      choice('The spy gets every line and the EOF — and quits without closing the connection', [READER_KILLED, rec('deliver', 'spy', 'second line'), rec('deliver', 'spy', 'eof()', 'quit')]),
      choice('The spy gets them, and closes the connection in the reader’s place', [rec('deliver', 'spy', 'eof()', 'add-role close')]),
    ],
    why: 'The ground syncs on a descriptor for whoever subscribes to it: the spy alone is enough to read the connection, but nothing in [tcp-read-line(2), ?] says who owns the connection, so nobody closes it.',
  },
  text:
    'The ground went on reading carol’s connection for the spy alone: it got the first line, the second, and the ' +
    'EOF. But the spy does not own the connection, so it quit without closing it, and nobody will. A descriptor ' +
    'names a request, not who is responsible for it: the talk’s “better names for event requests and ' +
    'responsibility transfer”.',
  claims: [
    { basis: 'talk', text: '“Ground events are (cons/c evt/c any/c) … I’ll eventually need better names for event requests and responsibility transfer.”' },
    { basis: 'reading', text: 'The reader, the spy and the exercise are os2 Lab’s.' },
  ],
  answers: ['manage', 'over'],
  notes: 'Draw the descriptor [tcp-read-line(2), ?] with two arrows out of it; cross out the reader’s, and draw no close arrow at the end of carol’s connection.',
  scenario: 'ground-events',
  at: afterFirst(READER_KILLED, rec('deliver', 'spy', 'eof()')),
  panels: ['event-log', 'inspector'],
  select: { name: 'spy' },
  tryThis: [],
  expect: { logContains: 'read-line message [#<evt tcp-read-line 2>, eof()] => ok [delete-role read-line false; quit false]', treeContains: ['spy'], inspectorContains: 'second line' },
};

/** Each exercise, and the id of the stop it comes after. */
export const WEAKNESS_EXERCISES: readonly (readonly [string, TourStop])[] = [
  ['wart', WART],
  ['routing-query', ROUTING],
  ['ground-events', GROUND_EVENTS],
];
