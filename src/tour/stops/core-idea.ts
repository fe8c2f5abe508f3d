/**
 * Tour stops for the rest of the talk's core idea, still driver-free: orientation and feedback, the
 * process and endpoint types, endpoints versus one mailbox, and observers (the bank teller).
 */
import { afterFirst, choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const REQUEST = 'song(request("jazz"))';
const TUNE = 'song("so what")';
const CREDIT = 'line(credit(2))';

export const CORE_IDEA_STOPS: readonly TourStop[] = [
  {
    id: 'orientation-feedback',
    section: 'Roles: publisher and subscriber',
    title: 'Messages go down, feedback goes up',
    intro:
      'The radio publishes song(?). The listener subscribes to it, and so does the recorder, as an observer. ' +
      `Seeing the radio, the listener has just sent ${REQUEST} — not as a message, but as feedback.`,
    question: {
      ask: rec('action', 'listener', `send-feedback ${REQUEST}`),
      prompt: `Who receives the listener’s feedback ${REQUEST}?`,
      choices: [
        choice('The recorder, the other subscriber of song(?)', [rec('deliver', 'recorder', REQUEST)]),
        choice('The radio, the publisher', [rec('deliver', 'radio', `feedback ${REQUEST}`)], [rec('deliver', 'recorder', REQUEST)]),
        choice('Both: everyone on song(?)', [rec('deliver', 'radio', `feedback ${REQUEST}`), rec('deliver', 'recorder', REQUEST)]),
      ],
      why: 'Orientation decides delivery: send-message reaches subscribers and send-feedback reaches publishers, so the request goes to the radio alone.',
    },
    text:
      'Only the radio received it: feedback is a message sent with the subscriber’s orientation, so it travels ' +
      `upstream to publishers. The radio answered with the message ${TUNE}, which will travel downstream to both ` +
      'subscribers — the recorder too: it is an observer, so nobody is told it is there, but interest types change ' +
      'who is told of whom, never who receives. TCP works this way: data flows down as messages, credit up as feedback.',
    claims: [
      { basis: 'talk', text: 'Role = Subscriber + Publisher + …; the TCP example sends credit and mode with send-feedback.' },
      { basis: 'marketplace', text: 'send-feedback sends with the subscriber orientation and reaches publishers; interest type has no effect on delivery (spec §1.3, §1.6).' },
    ],
    answers: ['manage'],
    notes:
      'Draw the topic as a pipe running down the board, the radio at the top, the listener and the recorder below. ' +
      'Messages are arrows down, feedback an arrow up. Mark the recorder “observer”: it still gets the arrows down.',
    scenario: 'feedback',
    at: rec('deliver', 'radio', `feedback ${REQUEST}`),
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'radio' },
    tryThis: [{ text: `Step forward four records: ${TUNE} reaches the listener and the observer recorder.`, action: { kind: 'step', by: 4 } }],
    expect: { logContains: `station feedback ${REQUEST} => ok [send-message ${TUNE}`, treeContains: ['radio', 'listener', 'recorder'], inspectorContains: 'station' },
  },
  {
    id: 'types-card',
    section: 'The process and endpoint types',
    title: 'A handler returns a transition; the kernel acts',
    intro:
      'The talk’s types are on the card: a process is a state and a list of endpoints, and a handler maps an ' +
      `event and the state to a transition — a new state and actions. The radio’s handler has just run on the request and returned send-message ${TUNE}; the Inspector shows the radio’s state, endpoint and queue.`,
    question: {
      ask: rec('deliver', 'radio', `feedback ${REQUEST}`),
      prompt: 'When does the song reach the listener?',
      choices: [
        choice('It already has: the handler sent it while it ran', [rec('deliver', 'listener', `message ${TUNE}`)], [rec('action', 'radio', `send-message ${TUNE}`)]),
        choice(
          'When the kernel performs the returned action, in its next round',
          [rec('action', 'radio', `send-message ${TUNE}`), afterFirst(rec('action', 'radio', `send-message ${TUNE}`), rec('deliver', 'listener', `message ${TUNE}`))],
        ),
        choice('Never: a handler can only change its own state', [rec('deliver', 'radio', `feedback ${REQUEST}`)], [rec('action', 'radio', `send-message ${TUNE}`)]),
      ],
      why: 'A handler never acts: it returns a transition, and the kernel queues its actions on the process and performs them when the scheduler next visits it.',
    },
    text:
      'The song arrived one round later: the kernel took the radio’s returned action from its queue (the ' +
      'Inspector showed it waiting), performed send-message and ran the subscribers’ handlers. That is the whole ' +
      'contract between a process and its VM: runVM :: VMState → VMState × [Action] performs every process’s ' +
      'queued actions once per round. The card maps each type to a part of the Inspector.',
    claims: [
      { basis: 'talk', text: 'Process = ∃State. State × [Endpoint]; Transition = State × [Action]; runVM :: VMState → VMState × [Action].' },
      { basis: 'marketplace', text: 'The actions a handler returns are queued on its process and performed when the scheduler visits it (spec §2.3).' },
    ],
    answers: [],
    notes:
      'Write the outline’s types left to right: Process, Endpoint, the three handlers, Transition, Action, runVM. ' +
      'Point at each in the Inspector: the state, the endpoints, the queued actions.',
    card: 'types',
    scenario: 'feedback',
    at: rec('deliver', 'listener', `message ${TUNE}`),
    panels: ['inspector', 'event-log'],
    select: { name: 'radio' },
    tryThis: [
      {
        text: 'Jump back to the radio’s handler and look at its queue in the Inspector: send-message waits there.',
        action: { kind: 'seek', to: rec('deliver', 'radio', `feedback ${REQUEST}`) },
      },
    ],
    expect: { logContains: `tuner message ${TUNE} => ok`, treeContains: ['radio', 'listener'], inspectorContains: 'station' },
  },
  {
    id: 'mailbox',
    section: 'Endpoints versus one mailbox',
    title: 'Waiting without blocking',
    intro:
      'An Erlang process has one mailbox and waits in a receive. Here the writer has asked the slow disk to ' +
      `write("log") and has not heard back. The reader has just granted it credit for two lines: ${CREDIT}, as feedback.`,
    question: {
      ask: rec('action', 'reader', `send-feedback ${CREDIT}`),
      prompt: 'The writer’s write is still pending. When does it handle the reader’s credit?',
      choices: [
        choice('Only after the disk answers: it is waiting for written("log")', [afterFirst(rec('deliver', 'writer', 'from-disk message'), rec('deliver', 'writer', `feedback ${CREDIT}`))]),
        choice('At once, at another endpoint, while the write is pending', [rec('deliver', 'writer', `lines feedback ${CREDIT}`)], [rec('deliver', 'writer', 'from-disk message')]),
        choice('Never: credit sent to a busy process is lost', [rec('action', 'reader', `send-feedback ${CREDIT}`)], [rec('deliver', 'writer', `feedback ${CREDIT}`)]),
      ],
      why: 'An os2 process never blocks: each conversation has its own endpoint and handler, and the kernel runs whichever one an event concerns, so a pending write delays nothing else.',
    },
    text:
      'The credit was handled at once, at the writer’s lines endpoint, and it sent both lines; the disk’s ' +
      'written("log") arrives rounds later, at another endpoint, from-disk. An Erlang process waiting for the disk ' +
      'in a receive would leave the credit in its one mailbox until the reply came. Endpoints let a program that ' +
      'waits on something external stay responsive to its other inputs.',
    claims: [
      { basis: 'talk', text: '“The system should make it possible for programs that would otherwise block on some external operation to remain responsive to their normal inputs.”' },
      { basis: 'reading', text: 'The disk, the writer and their credit protocol are os2 Lab’s example; the outline gives only the motivation.' },
    ],
    answers: ['manage'],
    notes:
      'Draw a process as a box with one letterbox and a queue of letters behind a “waiting for the disk” sign. ' +
      'Then the same box with three labelled sockets — to-disk, from-disk, lines — each with its own handler.',
    scenario: 'mailbox',
    at: rec('deliver', 'writer', `lines feedback ${CREDIT}`),
    panels: ['inspector', 'event-log', 'sequence-chart'],
    select: { name: 'writer' },
    tryThis: [{ text: 'Jump to the disk’s answer, four rounds later.', action: { kind: 'seek', to: rec('deliver', 'writer', 'from-disk message') } }],
    expect: { logContains: `lines feedback ${CREDIT} => ok [send-message line(1); send-message line(2)]`, treeContains: ['disk', 'writer', 'reader'], inspectorContains: 'from-disk' },
  },
  {
    id: 'observers-bank-teller',
    section: 'Observers: the bank teller',
    title: 'Observers manage resources without taking part',
    intro:
      'The bank’s manager is an observer publisher of service(?, ?). The auditor is an everything subscriber of ' +
      'the same topic. Customer alice has just come in and is adding her demand: a participant subscriber of ' +
      'service("alice", ?). The card is the visibility table.',
    question: {
      ask: rec('action', 'customer alice', 'add-role account'),
      prompt: 'Alice’s demand appears. Who is told of whom — alice and the manager?',
      choices: [
        choice('Each is told of the other', [rec('deliver', 'manager', 'demand presence sub service("alice"'), rec('deliver', 'customer alice', 'account presence pub/observer')]),
        choice('Only the manager is told of alice', [rec('deliver', 'manager', 'demand presence sub service("alice"')], [rec('deliver', 'customer alice', 'account presence pub/observer')]),
        choice('Only alice is told of the manager', [rec('deliver', 'customer alice', 'account presence pub/observer')], [rec('deliver', 'manager', 'demand presence sub service("alice"')]),
        choice(
          'Neither: an observer is invisible and sees nothing',
          [rec('endpoint', 'customer alice', 'endpoint added account')],
          [rec('deliver', 'manager', 'demand presence sub service("alice"'), rec('deliver', 'customer alice', 'account presence pub/observer')],
        ),
      ],
      why: 'An endpoint is told of a peer only if the peer is a participant or it is itself everything: the observer manager sees alice, a participant, but alice, a participant, never sees an observer.',
    },
    text:
      'The manager sees every customer who wants a teller, yet customers do not count it as a teller — alice got no ' +
      'presence from it. It answers her demand by spawning a teller, a participant publisher of service("alice", ?). ' +
      'The auditor subscribes with interest everything, so it sees even the manager’s observer endpoint.',
    claims: [
      { basis: 'talk', text: 'InterestType = Participant + Observer + SuperObserver; “observers are useful for resource management. Example: bank teller”.' },
      { basis: 'marketplace', text: 'L is told of R iff R is a participant or L is everything (roles.rkt flow-visible?, spec §1.3).' },
      { basis: 'reading', text: 'The bank’s processes are os2 Lab’s rendering of the outline’s one-line example.' },
    ],
    answers: ['start', 'roles'],
    notes:
      'Draw the 3×3 table of the card, rows “told”, columns “about”. Then the bank: customers as participant ' +
      'subscribers, the manager as an observer above them with one-way arrows down, the auditor as everything.',
    card: 'visibility',
    scenario: 'bank-teller',
    at: rec('deliver', 'manager', 'demand presence sub service("alice", ?0)'),
    panels: ['presence-graph', 'vm-tree', 'event-log'],
    select: { name: 'manager' },
    tryThis: [
      {
        text: 'Jump back to where the auditor sees the manager’s observer endpoint (no customer ever does).',
        action: { kind: 'seek', to: { match: { kind: 'deliver', proc: 'auditor', text: 'presence pub/observer' } } },
      },
      {
        text: 'Jump to alice leaving: the manager and her teller see her absence, and the teller quits.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', proc: 'teller alice', text: 'absence' } } },
      },
    ],
    expect: {
      logContains: 'demand presence sub service("alice", ?0) from p5 account => ok [spawn teller alice]',
      treeContains: ['manager', 'auditor', 'customer alice'],
      inspectorContains: 'pub/observer service',
    },
  },
];
