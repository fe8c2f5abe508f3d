/**
 * Exercises on the driver-free programs (issue 13): one per section of the talk's core ideas. Each
 * move is an intervention (inject or kill) made where the question is asked; the answer is judged by
 * the question's claims on the changed run. Each comes after the stop it belongs with.
 */
import { choice, nth, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const EXTRA = 'news("extra")';

const EXTRA_NEWS: TourStop = {
  id: 'exercise-extra-news',
  section: 'Conversational context',
  title: 'Exercise: news from outside',
  intro:
    'Back at the start of the newsroom’s run: both readers subscribe to news(?), and the newsroom has just been ' +
    'told of reader a. It has sent nothing yet, and it knows nothing of reader b.',
  task: {
    text:
      `Inject ${EXTRA} as a message yourself, from outside the VM (the button opens the dialog, prefilled); then turn ` +
      'on “this conversation only”, so that the sequence chart shows only what your message caused.',
    action: { kind: 'inject', body: EXTRA },
    view: 'conversation-only',
  },
  question: {
    ask: rec('deliver', 'newsroom', 'press presence', 'from p1'),
    prompt: `Who receives ${EXTRA}?`,
    choices: [
      choice('Nobody: it comes from no publisher of news(?)', [rec('ground-event', null, 'user inject')], [rec('deliver', null, `paper message ${EXTRA}`)]),
      choice('Reader a only: the newsroom has met no one else yet', [rec('deliver', 'reader a', `paper message ${EXTRA}`)], [rec('deliver', 'reader b', `paper message ${EXTRA}`)]),
      choice('Both readers, one delivery each', [rec('deliver', 'reader a', `paper message ${EXTRA}`), rec('deliver', 'reader b', `paper message ${EXTRA}`)]),
    ],
    why: 'A message names no receiver and needs no sender: the kernel delivers it to every subscriber whose topic holds it — receivers = many — whoever knows whom.',
  },
  text:
    `${EXTRA} reached reader a and reader b, one delivery each, though nobody addressed it and no process sent it. ` +
    'Who knows whom (presence) decides nothing here: a message goes to every subscriber whose topic holds it. ' +
    'The sequence chart, on this conversation only, shows all your message caused: one event from outside and ' +
    'two deliveries.',
  claims: [
    { basis: 'talk', text: '“receivers = many i.e. multicast/broadcast/M-of-N”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['find', 'roles'],
  notes: 'Draw the two readers under news(?) and an arrow from outside the board fanning out to both of them.',
  scenario: 'broadcast',
  at: rec('deliver', 'reader b', `paper message ${EXTRA}`),
  panels: ['event-log', 'sequence-chart'],
  select: { name: 'reader b' },
  tryThis: [],
  expect: { logContains: `paper message ${EXTRA} => ok`, treeContains: ['reader a', 'reader b', 'newsroom'], inspectorContains: 'extra' },
};

const FIRED = 'fired("by you")';

const KILL_RETIREE: TourStop = {
  id: 'exercise-kill-retiree',
  section: 'Pub/sub + presence',
  title: 'Exercise: a reason you choose',
  intro:
    'The watcher subscribes to status(?) and keeps every absence it is told of, with its reason. The retiree has ' +
    'just met it and is about to quit normally (reason false).',
  task: {
    text: `Kill the retiree first, with the reason ${FIRED} (the button selects it and opens the dialog, prefilled).`,
    action: { kind: 'kill', process: 'retiree', reason: FIRED },
  },
  question: {
    ask: rec('deliver', 'retiree', 'status presence'),
    prompt: 'What does the watcher learn of the retiree?',
    choices: [
      choice('Its absence with the reason false: it was about to retire anyway', [rec('deliver', 'watcher', 'watch absence pub status("retiree") false')]),
      choice(`Its absence, with the reason ${FIRED}`, [rec('deliver', 'watcher', 'watch absence pub status("retiree")', FIRED)]),
      choice('Nothing: a killed process sends no goodbye', [rec('quit', 'retiree')], [rec('deliver', 'watcher', 'watch absence pub status("retiree")')]),
    ],
    why: 'Nobody sends a goodbye: the kernel tells the watcher of the absence itself, with the reason the process left with — here the kill’s, since a kill drops the retiree’s queued quit.',
  },
  text:
    `The watcher was told of the retiree’s absence with the reason ${FIRED}: the kill dropped the retiree’s own ` +
    'quit, and the kernel told every peer of its endpoint why it went. A conversation ends with an absence, and ' +
    'the absence says why, whether the process quit, crashed or was killed.',
  claims: [
    { basis: 'marketplace', text: 'Killing a process drops its queue; its endpoints’ absences carry the kill’s reason (spec §2.2, §3.2).' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['over'],
  notes: 'Cross out the retiree and write fired("by you") on the dashed absence arrow to the watcher.',
  scenario: 'absence',
  at: rec('deliver', 'watcher', 'watch absence pub status("retiree")', FIRED),
  panels: ['event-log', 'inspector'],
  select: { name: 'watcher' },
  tryThis: [],
  expect: { logContains: `watch absence pub status("retiree") ${FIRED}`, treeContains: ['watcher'], inspectorContains: 'fired' },
};

const OSLO = 'weather("oslo", "sunny")';

const OSLO_SUN: TourStop = {
  id: 'exercise-oslo-sun',
  section: 'Topics are sets of messages',
  title: 'Exercise: sun in Oslo',
  intro:
    'The sun-seeker subscribes to weather(?, "sunny"), the paris-fan to weather("paris", ?), the oslo-fan to ' +
    'weather("oslo", ?). The forecaster publishes only weather("paris", ?), and has not sent anything yet.',
  task: {
    text: `Inject ${OSLO} as a message (the button opens the dialog, prefilled).`,
    action: { kind: 'inject', body: OSLO },
  },
  question: {
    ask: rec('action', 'forecaster', 'add-role forecast'),
    prompt: `Who receives ${OSLO}?`,
    choices: [
      choice('Only the oslo-fan: it is the only one who asked for Oslo', [rec('deliver', 'oslo-fan', `forecasts message ${OSLO}`)], [rec('deliver', 'sun-seeker', `forecasts message ${OSLO}`)]),
      choice('The sun-seeker and the oslo-fan: it lies in both their sets', [rec('deliver', 'sun-seeker', `forecasts message ${OSLO}`), rec('deliver', 'oslo-fan', `forecasts message ${OSLO}`)]),
      choice('Nobody: nobody publishes weather("oslo", ?)', [rec('ground-event', null, 'user inject')], [rec('deliver', null, `forecasts message ${OSLO}`)]),
    ],
    why: `A topic is a set of messages, and a message is a topic with no holes: ${OSLO} lies in weather(?, "sunny") and in weather("oslo", ?), so both subscribers receive it; no publisher’s pattern is needed.`,
  },
  text:
    `${OSLO} reached the sun-seeker and the oslo-fan: it lies in both their sets, and not in the paris-fan’s. ` +
    'The message carries its own topic, like a packet its header, and that is all the kernel routes by. The ' +
    'oslo-fan, never told of the forecaster, still hears Oslo’s weather.',
  claims: [
    { basis: 'talk', text: '“Topics are just sets of messages. Hence, messages include their topic.”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['route'],
  notes: 'Draw the three sets as overlapping circles and put the point weather("oslo", "sunny") in the overlap of the sun-seeker’s and the oslo-fan’s.',
  scenario: 'patterns',
  at: rec('deliver', 'oslo-fan', `forecasts message ${OSLO}`),
  panels: ['event-log', 'inspector'],
  select: { name: 'oslo-fan' },
  tryThis: [],
  expect: { logContains: `forecasts message ${OSLO} => ok`, treeContains: ['sun-seeker', 'paris-fan', 'oslo-fan'], inspectorContains: 'oslo' },
};

const BLUES = 'song(request("blues"))';

const UPSTREAM: TourStop = {
  id: 'exercise-feedback-upstream',
  section: 'Roles: publisher and subscriber',
  title: 'Exercise: a request from outside',
  intro:
    'The radio publishes song(?); the listener and the recorder (an observer) subscribe to it. The radio has just ' +
    'been told of the listener, which has not asked for anything yet.',
  task: {
    text: `Inject ${BLUES} as feedback (orientation subscriber: it travels upstream; the dialog is prefilled).`,
    action: { kind: 'inject', body: BLUES, orientation: 'subscriber' },
  },
  question: {
    ask: rec('deliver', 'radio', 'station presence'),
    prompt: `Who receives the feedback ${BLUES}?`,
    choices: [
      choice('The listener and the recorder: they subscribe to song(?)', [rec('deliver', 'listener', `tuner message ${BLUES}`)]),
      choice('The radio, which answers it with a song', [rec('deliver', 'radio', `station feedback ${BLUES}`, 'send-message song("so what")')]),
      choice('Nobody: only a subscriber’s endpoint may send feedback', [rec('ground-event', null, 'user inject')], [rec('deliver', null, BLUES)]),
    ],
    why: 'Orientation decides delivery: feedback travels upstream to the publishers of its topic — here the radio alone — whoever sent it.',
  },
  text:
    `The feedback ${BLUES} reached the radio alone, as the listener’s request would have. The radio answered with ` +
    'the message song("so what"), which goes downstream to both subscribers, and with a quit. Step on: the ' +
    'listener’s own request for jazz, sent after yours, reaches nobody.',
  claims: [
    { basis: 'marketplace', text: 'send-feedback reaches the publishers whose topic holds the message; send-message the subscribers (spec §1.2, §1.6).' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['roles'],
  notes: 'Draw the radio above the two subscribers; the injected request comes in from the side and goes up, the song comes down to both.',
  scenario: 'feedback',
  at: rec('deliver', 'radio', `station feedback ${BLUES}`),
  panels: ['event-log', 'sequence-chart'],
  select: { name: 'radio' },
  tryThis: [],
  expect: { logContains: `station feedback ${BLUES} => ok [send-message song("so what"); quit false]`, treeContains: ['radio', 'listener', 'recorder'] },
};

const STORM = 'off-air("storm")';

const ABSENCE_HANDLER: TourStop = {
  id: 'exercise-absence-handler',
  section: 'The process and endpoint types',
  title: 'Exercise: which handler runs?',
  intro:
    'An endpoint is Topic × Role × InterestType × PresenceHandler × AbsenceHandler × MessageHandler. The listener’s ' +
    'tuner endpoint has all three handlers; its presence handler has just run, and asked the radio for jazz.',
  task: {
    text: `Kill the radio before the request reaches it, with the reason ${STORM} (the dialog is prefilled).`,
    action: { kind: 'kill', process: 'radio', reason: STORM },
  },
  question: {
    ask: rec('deliver', 'listener', 'tuner presence'),
    prompt: 'Which of the listener’s handlers runs next, and with what?',
    choices: [
      choice('Its message handler, with a last song', [rec('deliver', 'listener', 'tuner message')]),
      choice(`Its absence handler, with the radio’s topic and the reason ${STORM}`, [rec('deliver', 'listener', 'tuner absence pub song(?0)', STORM)]),
      choice('None: the radio took the conversation with it', [rec('quit', 'radio')], [rec('deliver', 'listener', 'tuner absence')]),
    ],
    why: 'AbsenceHandler = Topic × Reason → State → Transition: the kernel calls it with the topic the radio no longer covers and the reason it left; the Transition it returns (here a quit) is the listener’s next state and actions.',
  },
  text:
    `The listener’s absence handler ran with the radio’s topic song(?) and the reason ${STORM}, and returned a ` +
    'transition whose one action is quit. Each kind of event has its handler on the endpoint, each returning ' +
    'State × [Action]: the Inspector shows the listener’s endpoint, and the log the transition it returned.',
  claims: [
    { basis: 'talk', text: 'AbsenceHandler = Topic × Reason → State → Transition.' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['over'],
  notes: 'Point at the AbsenceHandler line of the types card, and write its two arguments under it: song(?) and off-air("storm").',
  card: 'types',
  scenario: 'feedback',
  at: rec('deliver', 'listener', 'tuner absence pub song(?0)', STORM),
  panels: ['event-log', 'inspector'],
  select: { name: 'listener' },
  tryThis: [],
  expect: { logContains: `tuner absence pub song(?0) ${STORM}`, treeContains: ['listener', 'recorder'], inspectorContains: 'tuner' },
};

const WRITTEN = 'written("log")';

const EARLY_WRITTEN: TourStop = {
  id: 'exercise-early-written',
  section: 'Endpoints versus one mailbox',
  title: 'Exercise: a completion from outside',
  intro:
    'The writer has started write("log"), and the disk yields three rounds before it answers at the writer’s ' +
    'from-disk endpoint. The reader has just granted credit for two lines, at the writer’s lines endpoint.',
  task: {
    text: `Inject ${WRITTEN} as a message now, while the disk is still busy (the dialog is prefilled).`,
    action: { kind: 'inject', body: WRITTEN },
  },
  question: {
    ask: rec('action', 'reader', 'send-feedback line(credit(2))'),
    prompt: `What becomes of your ${WRITTEN}?`,
    choices: [
      choice('It waits until the disk’s own answer, as in one mailbox', [rec('action', 'disk', `send-message ${WRITTEN}`), rec('deliver', 'writer', `from-disk message ${WRITTEN}`)], [nth(2, rec('deliver', 'writer', `from-disk message ${WRITTEN}`))]),
      choice('The writer’s from-disk handler takes it at once, and the disk’s answer comes later, a second time', [nth(2, rec('deliver', 'writer', `from-disk message ${WRITTEN}`))]),
      choice('The disk receives it: it is the disk’s topic', [rec('deliver', 'disk', WRITTEN)]),
    ],
    why: 'The kernel runs the handler of the endpoint an event concerns, at once: nothing is queued behind a pending operation, so the from-disk endpoint takes the injected completion, and the real one too when it comes.',
  },
  text:
    `The writer’s from-disk endpoint took the injected ${WRITTEN} at once, while the disk was still ` +
    'yielding; the disk’s own answer came later and was taken the same way. No receive waits for one ' +
    'particular reply: each endpoint handles what matches it, so a process must itself tell a real answer from a ' +
    'stray one.',
  claims: [
    { basis: 'talk', text: '“programs that would otherwise block on some external operation to remain responsive to their normal inputs”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['manage'],
  notes: 'Draw the writer with three boxes (to-disk, from-disk, lines) and two arrows into from-disk: yours first, the disk’s later.',
  scenario: 'mailbox',
  at: nth(2, rec('deliver', 'writer', `from-disk message ${WRITTEN}`)),
  panels: ['event-log', 'inspector'],
  select: { name: 'writer' },
  tryThis: [],
  expect: { logContains: `from-disk message ${WRITTEN} => ok`, treeContains: ['disk', 'writer'], inspectorContains: 'from-disk' },
};

/** Each exercise, and the id of the stop it comes after. */
export const TOY_EXERCISES: readonly (readonly [string, TourStop])[] = [
  ['receivers-many', EXTRA_NEWS],
  ['absence-reason', KILL_RETIREE],
  ['sets-of-messages', OSLO_SUN],
  ['orientation-feedback', UPSTREAM],
  ['types-card', ABSENCE_HANDLER],
  ['mailbox', EARLY_WRITTEN],
];
