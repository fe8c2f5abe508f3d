/**
 * Tour stops for the talk's TCP example, part 1 (tcp-echo, in the order its run shows them): the
 * driver's factories, the listener, the handler's boot actions, credit flowing upstream.
 */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

/** alice's address in tcp-echo and tcp-date. */
export const ALICE = 'tcp-address("alice", 49152)';
const ALICE_CONNECTION = `tcp-connection ${ALICE}`;
const CREDIT_1 = `tcp-channel(${ALICE}, tcp-listener(5999), tcp-credit(1))`;

export const TCP_STOPS: readonly TourStop[] = [
  {
    id: 'tcp-factories',
    section: 'TCP',
    title: 'The TCP driver’s factories watch; its connection managers take part',
    intro:
      'Now the talk’s example: an echo server on TCP. The TCP driver is an ordinary process with everything ' +
      'endpoints (its listener factory) and observer ones (its connection factory). The application’s listener ' +
      'has just added its endpoint: an observer subscriber of tcp-channel(?, tcp-listener(5999), ?).',
    question: {
      ask: rec('endpoint', 'listener', 'endpoint added inbound-handler'),
      prompt: 'Who is told that the listener is there?',
      choices: [
        choice('The driver’s listener factory, an everything endpoint', [rec('deliver', 'tcp', 'listener-factory-pub presence sub/observer')], [rec('deliver', 'listener', 'presence pub/everything')]),
        choice('Nobody: an observer is invisible to everyone', [rec('endpoint', 'listener', 'endpoint added inbound-handler')], [rec('deliver', 'tcp', 'presence sub/observer')]),
        choice('The listener is told of the factory, and the factory of the listener', [rec('deliver', 'tcp', 'listener-factory-pub presence sub/observer'), rec('deliver', 'listener', 'presence pub/everything')]),
      ],
      why: 'Only an everything endpoint is told of an observer — and an observer is never told of an everything endpoint — so the factory sees the listener and the listener sees nothing of the driver.',
    },
    text:
      'The TCP driver chooses an interest type for each of its roles. Its listener factory must be an ' +
      'everything endpoint: the application’s listener is an observer of tcp-channel(?, tcp-listener(5999), ?), ' +
      'and only an everything endpoint is told of an observer — told, the factory opens port 5999 by spawning a ' +
      'listener manager. Its connection factory is an observer of outgoing connections. The factories are ' +
      'nobody’s partner; the connection managers they lead to are participants, and they are exactly the ' +
      'application’s partners in each conversation.',
    claims: [
      { basis: 'talk', text: 'The outline lists the roles: listener-factory #:monitor \'everything, connection-factory #:monitor #t, listener \'everything, connections #:monitor #f.' },
      { basis: 'marketplace', text: 'Marketplace’s TCP driver opens a port when its everything endpoint sees a listener’s observer (spec §11.20).' },
    ],
    answers: ['start', 'roles'],
    notes:
      'Draw the driver as a box with two factory sockets marked E (everything) and O (observer), the listener as ' +
      'an O socket on port 5999, and a one-way dashed arrow from the factory to the listener: told, not telling.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', proc: 'tcp', text: 'listener-factory-pub presence' } },
    panels: ['inspector', 'presence-graph', 'event-log'],
    select: { name: 'tcp' },
    tryThis: [
      { text: 'Step forward three records: the listener manager boots with an everything endpoint that watches the listener.', action: { kind: 'step', by: 3 } },
    ],
    expect: {
      logContains: 'listener-factory-pub presence sub/observer tcp-channel(tcp-address(?0, ?1), tcp-listener(5999), ?2) from p2 inbound-handler => ok [spawn tcp-listener',
      treeContains: ['tcp', 'listener'],
      inspectorContains: 'sub/everything',
    },
  },
  {
    id: 'tcp-listener',
    section: 'TCP',
    title: 'The listener observes connections',
    intro:
      'Alice has connected to port 5999. The driver spawned a connection manager for her, and it has just ' +
      `published tcp-channel(${ALICE}, tcp-listener(5999), ?): the bytes alice sends will come from it.`,
    question: {
      ask: rec('endpoint', ALICE_CONNECTION, 'endpoint added inbound pub'),
      prompt: 'The listener is an observer subscriber of tcp-channel(?, tcp-listener(5999), ?). What does it do now?',
      choices: [
        choice('Spawns a connection handler for alice', [rec('deliver', 'listener', `inbound-handler presence pub tcp-channel(${ALICE}`, 'spawn connection-handler')]),
        choice('Nothing: an observer cannot see a participant', [rec('endpoint', ALICE_CONNECTION, 'endpoint added inbound pub')], [rec('deliver', 'listener', `presence pub tcp-channel(${ALICE}`)]),
        choice('Answers alice itself, as her partner', [rec('action', 'listener', 'send-message tcp-channel(tcp-listener(5999)')]),
      ],
      why: 'An observer sees participants — the connection manager’s publisher — without being seen, so the listener can start a handler for each connection without being taken for alice’s partner.',
    },
    text:
      'The listener is an observer subscriber of tcp-channel(?, tcp-listener(5999), ?). When alice connects, ' +
      'her connection manager appears as a publisher; the listener sees its presence and spawns a connection ' +
      'handler, without being taken for alice’s partner. The listener manager watches the port with everything ' +
      'endpoints and closes port 5999 when a watcher of the whole port goes away: here that is only the ' +
      'listener, so the port closes when the listener does (any other observer of the whole port leaving would ' +
      'close it too: decision 26 in docs/semantics-decisions.md).',
    claims: [
      { basis: 'talk', text: 'The outline’s listener: a topic-subscriber of (tcp-channel (wild) local-addr (wild)) #:monitor? #t whose on-presence spawns a connection handler.' },
      { basis: 'reading', text: 'When exactly the port closes is os2 Lab’s decision 26; the outline does not say.' },
    ],
    answers: ['start'],
    notes:
      'Add alice to the drawing: her connection manager as a P (participant) publisher, a dashed arrow from it to ' +
      'the listener’s O socket, and the listener spawning a handler box.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', proc: 'listener', text: `inbound-handler presence pub tcp-channel(${ALICE}` } },
    panels: ['vm-tree', 'presence-graph', 'event-log', 'variants'],
    variant: { flag: '--listener', values: ['observer', 'participant'] },
    select: { name: 'listener' },
    tryThis: [
      {
        text: 'Kill the listener now: the listener manager sees its absence and closes the port; both leave the VM tree.',
        action: { kind: 'kill', process: 'listener', reason: 'killed-by-user()' },
      },
      { text: 'Add a client carol who sends one line, and find her echo in the event log.', action: { kind: 'add-client', host: 'carol', lines: ['hi from carol'] } },
    ],
    expect: {
      logContains: `inbound-handler presence pub tcp-channel(${ALICE}, tcp-listener(5999), ?0) from p4 inbound => ok [spawn connection-handler]`,
      treeContains: ['listener', 'tcp-listener tcp-listener(5999)', ALICE_CONNECTION],
      inspectorContains: 'sub/observer',
    },
  },
  {
    id: 'actions',
    section: 'Actions',
    title: 'Handlers return transitions; the kernel performs the actions',
    intro: 'The kernel is performing the listener’s spawn: the connection handler’s boot function runs now.',
    question: {
      ask: rec('action', 'listener', 'spawn connection-handler'),
      prompt: 'What does the connection handler’s boot hand back to the kernel?',
      choices: [
        choice('Nothing yet: it waits for its first event', [rec('boot', 'connection-handler')], [rec('boot', 'connection-handler', '=> ok [')]),
        choice('A state and three actions: lines mode, one line of credit, and add-role echoer', [rec('boot', 'connection-handler', 'tcp-mode("lines")', 'tcp-credit(1)', 'add-role echoer')]),
        choice('It sends its feedback itself, at once', [rec('deliver', ALICE_CONNECTION, 'inbound feedback', 'tcp-mode("lines")')], [rec('action', 'connection-handler', 'send-feedback')]),
      ],
      why: 'A boot is a transition like any handler’s result: the initial state and the actions to perform, which wait in the new process’s queue for the next round.',
    },
    text:
      'Handlers never act on the world: they return a transition — a new state and a list of actions for the ' +
      'kernel to perform: spawn, add-role and delete-role, send-message (to subscribers) and send-feedback (to ' +
      'publishers), quit, yield, and at-meta-level, which wraps one of the others to perform it outward, in the ' +
      'containing VM. The connection handler’s boot just returned three actions: two feedback ' +
      'messages (lines mode, one line of credit) and add-role echoer. They wait in its queue; the kernel performs ' +
      'them in its next round, one record each.',
    claims: [
      { basis: 'talk', text: 'Action = Yield (State → Transition) + AtMetaLevel Preaction + Preaction; Preaction = AddRole + DeleteRole + SendMessage + Spawn.' },
      { basis: 'marketplace', text: 'Marketplace adds quit, and sends feedback as a message with the subscriber orientation (spec §2.1).' },
    ],
    answers: [],
    notes:
      'List the actions on the board as the outline does: Yield, AtMetaLevel, then the preactions AddRole, ' +
      'DeleteRole, SendMessage, Spawn — and add Quit and feedback beside SendMessage.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'boot', proc: 'connection-handler' } },
    panels: ['inspector', 'event-log'],
    select: { name: 'connection-handler' },
    tryThis: [
      { text: 'Step over (Shift+→) to finish this round, then step through the next: each queued action becomes an action record.' },
    ],
    expect: {
      logContains: 'boot connection-handler parent 2 => ok [send-feedback',
      inspectorContains: 'add-role echoer',
    },
  },
  {
    id: 'conversations',
    section: 'TCP',
    title: 'Credit flows upstream, to every publisher of the conversation',
    intro:
      'The echo handler is granting alice one line of credit: send-feedback ' +
      `${CREDIT_1}. Three publishers match it: the driver’s listener factory and the listener manager (everything ` +
      'endpoints) and alice’s connection manager (a participant). The listener, an observer, is a subscriber.',
    question: {
      ask: rec('action', 'connection-handler', `send-feedback ${CREDIT_1}`),
      prompt: 'Who receives the credit?',
      choices: [
        choice('Only alice’s connection manager, the handler’s partner', [rec('deliver', ALICE_CONNECTION, `inbound feedback ${CREDIT_1}`)], [rec('deliver', 'tcp', `feedback ${CREDIT_1}`)]),
        choice(
          'All three publishers, whatever their interest type',
          [rec('deliver', 'tcp', `feedback ${CREDIT_1}`), rec('deliver', 'tcp-listener tcp-listener(5999)', `feedback ${CREDIT_1}`), rec('deliver', ALICE_CONNECTION, `feedback ${CREDIT_1}`)],
          [rec('deliver', 'listener', CREDIT_1)],
        ),
        choice('Every endpoint on port 5999, the listener included', [rec('deliver', 'listener', CREDIT_1)]),
      ],
      why: 'Orientation decides delivery: feedback reaches every publisher whose topic it lies in, participant or not, and no subscriber.',
    },
    text:
      'In Erlang or the π-calculus a message goes from one sender to exactly one receiver. In os2 a process ' +
      'sends on a topic and orientation decides who receives it: a message reaches the subscribers whose topic ' +
      'overlaps it, feedback the publishers, whatever their interest type. The echo handler just granted one ' +
      'line of credit on alice’s connection, and that single feedback reached three publishers: the TCP ' +
      'driver’s listener factory and the listener manager (everything endpoints) and the connection manager (a ' +
      'participant). The unit of communication is the conversation — both directions of alice’s connection, ' +
      'tcp-channel(alice, port 5999, ?) and tcp-channel(port 5999, alice, ?) — not a single message.',
    claims: [
      { basis: 'talk', text: 'The outline’s echo handler sends (tcp-credit 1) with send-feedback, on tcp-channel(remote-addr, local-addr, …).' },
      { basis: 'marketplace', text: 'Feedback reaches publishers whose topic unifies with it; interest type never affects delivery (spec §1.3).' },
    ],
    answers: ['manage'],
    notes:
      'Draw alice’s connection as two pipes, one per direction: tcp-channel(alice, 5999, ?) carrying her bytes ' +
      'down to the handler, tcp-channel(5999, alice, ?) carrying the echo back. Credit is an arrow up the first pipe.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', text: ['inbound feedback', 'tcp-credit(1)'] } },
    panels: ['event-log', 'sequence-chart'],
    select: { name: ALICE_CONNECTION },
    tryThis: [
      { text: 'Step back three records to the send-feedback action, then forward again: one delivery record per receiving publisher.', action: { kind: 'step', by: -3 } },
      { text: 'Look for alice’s lines in the sequence chart: every arrow is one delivery of one message.' },
    ],
    expect: {
      logContains: `inbound feedback ${CREDIT_1}`,
      treeContains: ['tcp', 'listener', 'connection-handler'],
      inspectorContains: 'inbound',
    },
  },
];
