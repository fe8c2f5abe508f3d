/** Tour stops for the talk's core idea: conversations, pub/sub + presence, processes and endpoints, actions, observers. */
import type { TourStop } from '../stops.ts';

/** alice's address in tcp-echo and tcp-date: the first stop meets her connection, later ones return to it. */
export const ALICE = 'tcp-address("alice", 49152)';

export const CORE_IDEA_STOPS: readonly TourStop[] = [
  {
    id: 'conversations',
    section: 'Conversational context',
    title: 'Not one sender, one receiver: a conversation',
    text:
      'In Erlang or the π-calculus a message goes from one sender to exactly one receiver. In os2 a process ' +
      'sends on a topic and orientation decides who receives it: a message reaches the subscribers whose topic ' +
      'overlaps it, feedback the publishers, whatever their interest type. The echo handler just granted one ' +
      'line of credit on alice’s connection, and that single feedback reached three publishers: the TCP ' +
      'driver’s listener factory and the listener manager (everything endpoints) and the connection manager (a ' +
      'participant). The unit of communication is the conversation — both directions of alice’s connection, ' +
      'tcp-channel(alice, port 5999, ?) and tcp-channel(port 5999, alice, ?) — not a single message.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', text: ['inbound feedback', 'tcp-credit(1)'] } },
    panels: ['event-log', 'sequence-chart'],
    select: { name: `tcp-connection ${ALICE}` },
    tryThis: [
      { text: 'Step back three records to the send-feedback action, then forward again: one delivery record per receiving publisher.', action: { kind: 'step', by: -3 } },
      { text: 'Look for alice’s lines in the sequence chart: every arrow is one delivery of one message.' },
    ],
    expect: {
      logContains: `inbound feedback tcp-channel(${ALICE}, tcp-listener(5999), tcp-credit(1))`,
      treeContains: ['tcp', 'listener', 'connection-handler'],
      inspectorContains: 'inbound',
    },
  },
  {
    id: 'pubsub-presence',
    section: 'Pub/sub + presence',
    title: 'Presence: knowing who is there',
    text:
      'Endpoints are publish/subscribe subscriptions that also carry presence. When the server added its ' +
      'publisher of ping(?), the kernel told the client’s matching subscriber that a peer is present — before ' +
      'any message was sent. The client answers that presence by sending ping(1) upstream as feedback. ' +
      'Presence opens a conversation; absence closes it.',
    scenario: 'ping-pong',
    at: { match: { kind: 'deliver', proc: 'client', text: 'service presence pub ping(?0)' } },
    panels: ['presence-graph', 'event-log', 'inspector'],
    select: { name: 'client' },
    tryThis: [
      { text: 'Step back two records and watch the presence edge disappear: the server’s endpoint is not there yet.', action: { kind: 'step', by: -2 } },
      {
        text: 'Jump to the end of the conversation: the client quits after three pongs and the server sees its absence.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', proc: 'server', text: 'replies absence' } } },
      },
    ],
    expect: {
      logContains: 'deliver service presence pub ping(?0) from p2 service => ok [send-feedback ping(1)]',
      treeContains: ['client', 'server'],
      inspectorContains: 'pongs',
    },
  },
  {
    id: 'process-and-endpoints',
    section: 'The process and endpoint types',
    title: 'A process is state plus endpoints',
    text:
      'A process is private state and a set of endpoints. An endpoint is a topic (a pattern of messages), a ' +
      'role (publisher or subscriber), an interest type (participant, observer or everything) and handlers for ' +
      'presence, absence and messages. The connection handler has just added its endpoint echoer: a participant ' +
      'subscriber of its connection’s tcp-channel. The Inspector shows its state and that endpoint.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'endpoint', proc: 'connection-handler', text: 'endpoint added echoer' } },
    panels: ['inspector', 'presence-graph'],
    select: { name: 'connection-handler' },
    tryThis: [
      { text: 'Step forward four records: the driver, the listener manager and the connection manager are told of the new endpoint, and the echoer is told of the connection manager’s publisher, its partner.', action: { kind: 'step', by: 4 } },
    ],
    expect: {
      logContains: 'endpoint added echoer sub tcp-channel',
      inspectorContains: 'echoer',
    },
  },
  {
    id: 'actions',
    section: 'Actions',
    title: 'Handlers return transitions; the kernel performs the actions',
    text:
      'Handlers never act on the world: they return a transition — a new state and a list of actions for the ' +
      'kernel to perform: spawn, add-role and delete-role, send-message (to subscribers) and send-feedback (to ' +
      'publishers), quit, yield, and at-meta-level, which wraps one of the others to perform it outward, in the ' +
      'containing VM. The connection handler’s boot just returned three actions: two feedback ' +
      'messages (lines mode, one line of credit) and add-role echoer. They wait in its queue; the kernel performs ' +
      'them in its next round, one record each.',
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
    id: 'observers-bank-teller',
    section: 'Observers: the bank teller',
    title: 'Observers manage resources without taking part',
    text:
      'The manager is an observer publisher of service(?, ?): it sees every customer who wants a teller, yet ' +
      'customers do not count it as a teller — alice’s account got no presence from it. It answers her demand ' +
      'by spawning a teller, a participant publisher of service("alice", ?). The auditor subscribes with ' +
      'interest everything, so it sees even the manager’s observer endpoint.',
    scenario: 'bank-teller',
    at: { match: { kind: 'deliver', proc: 'manager', text: 'demand presence sub service("alice", ?0)' } },
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
