/**
 * Tour stops for the talk's TCP example, part 2: the echo handler's endpoint, the ground VM delivering
 * a line, a message as header and payload, and the date server closing a connection by leaving.
 */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';
import { ALICE } from './tcp.ts';

/** A line from alice, injected from outside the ground VM (the ground-vm stop's suggestion). */
export const INJECTED_LINE = `tcp-channel(${ALICE}, tcp-listener(5999), #"sent from outside")`;
const ALICE_CONNECTION = `tcp-connection ${ALICE}`;
const HELLO = `tcp-channel(${ALICE}, tcp-listener(5999), #"hello")`;

export const TCP_HANDLER_STOPS: readonly TourStop[] = [
  {
    id: 'process-and-endpoints',
    section: 'The process and endpoint types',
    title: 'A process is state plus endpoints',
    intro:
      'An endpoint is a topic, a role (publisher or subscriber), an interest type and handlers for presence, ' +
      'absence and messages. The connection handler is adding its endpoint echoer: a participant subscriber of ' +
      `tcp-channel(${ALICE}, tcp-listener(5999), ?).`,
    question: {
      ask: rec('action', 'connection-handler', 'add-role echoer'),
      prompt: 'What is the echoer itself told, the moment it exists?',
      choices: [
        choice('That its own endpoint is there', [rec('deliver', 'connection-handler', 'echoer presence', 'from p5 echoer')]),
        choice('That alice’s connection manager publishes on her channel: its partner', [rec('deliver', 'connection-handler', 'echoer presence pub', 'from p4 inbound')]),
        choice('That the listener, an observer of the port, is there', [rec('deliver', 'connection-handler', 'echoer presence sub/observer')]),
        choice('Nothing: a subscriber is only ever told of messages', [rec('endpoint', 'connection-handler', 'endpoint added echoer')], [rec('deliver', 'connection-handler', 'echoer presence')]),
      ],
      why: 'A new endpoint is told of every matching peer of the opposite orientation that it may see — here one participant publisher, alice’s connection manager — and each of those peers is told of it.',
    },
    text:
      'A process is private state and a set of endpoints. The connection handler has just added its endpoint ' +
      'echoer, and the kernel told the three publishers of alice’s channel — the driver, the listener manager and ' +
      'the connection manager — that it exists; then it told the echoer of its one partner, the connection ' +
      'manager’s publisher. The Inspector shows the handler’s state and that endpoint.',
    claims: [
      { basis: 'talk', text: 'Endpoint = Topic × Role × InterestType × PresenceHandler × AbsenceHandler × MessageHandler.' },
      { basis: 'marketplace', text: 'Marketplace keeps one handler per endpoint that takes presence, absence and message events (spec §1.4).' },
    ],
    answers: ['find'],
    notes:
      'Write the Endpoint tuple and circle its six parts in the Inspector’s endpoint row: topic, role, interest ' +
      'type, and the handler (its three clauses).',
    scenario: 'tcp-echo',
    at: rec('deliver', 'connection-handler', 'echoer presence pub'),
    panels: ['inspector', 'presence-graph'],
    select: { name: 'connection-handler' },
    tryThis: [
      {
        text: 'Step back four records: the driver, the listener manager and the connection manager are told of the echoer first, and then the echoer is told of the connection manager’s publisher, its partner.',
        action: { kind: 'step', by: -4 },
      },
    ],
    expect: { logContains: 'echoer presence pub tcp-channel', inspectorContains: 'echoer' },
  },
  {
    id: 'ground-vm',
    section: 'The ground VM',
    title: 'The ground VM meets the world through events',
    intro:
      'The ground VM is the kernel instance at the bottom, the one that touches the outside world (here a ' +
      'simulated network and clock). Alice’s bytes, "hello\\n", have just reached the server’s socket.',
    question: {
      ask: rec('world', null, 'server tcp-data', '#"hello\\n"'),
      prompt: 'How does alice’s connection manager get the line?',
      choices: [
        choice('The ground delivers [descriptor, value] as an ordinary message to the subscriber of that event', [rec('ground-event', ALICE_CONNECTION, 'tcp-read-line', '#"hello"')]),
        choice('The connection manager reads the socket itself', [rec('action', ALICE_CONNECTION, 'recv(')]),
        choice('The kernel calls a callback the driver registered', [rec('deliver', ALICE_CONNECTION, 'callback')]),
      ],
      why: 'A process asks for an external event by subscribing to [descriptor, ?]; when the event is ready the ground syncs on it and sends [descriptor, value] as a message from that process.',
    },
    text:
      'A process asks for an external event by subscribing to [descriptor, ?]: alice’s connection manager ' +
      'subscribes to [#<evt tcp-read-line 2>, ?]. When the event is ready the ground syncs on it and delivers ' +
      '[descriptor, value] as an ordinary message — here the line "hello" alice typed. Nothing else in the ' +
      'system touches the world: the kernel stays a pure function, and the ground is where effects happen.',
    claims: [
      { basis: 'talk', text: '“A kind of hypervisor — a ground-vm — connects to the real world using Racket’s CML-inspired event mechanism.”' },
      { basis: 'marketplace', text: 'A ground endpoint subscribing to (event . ?) is an event source; its value comes back as a message from the owning process (spec §11.18).' },
      { basis: 'reading', text: 'The world here is simulated (virtual time, a seeded network): os2 Lab’s, not the talk’s.' },
    ],
    answers: ['route'],
    notes:
      'Draw the ground VM as the floor of the board, the world below it, and one event arrow coming up through ' +
      'the floor into a subscriber of [tcp-read-line 2, ?].',
    scenario: 'tcp-echo',
    at: { match: { kind: 'ground-event', text: 'ground-event (event tcp-read-line)' } },
    panels: ['event-log', 'inspector'],
    select: { name: ALICE_CONNECTION },
    tryThis: [
      { text: 'Step back one record: the world record of the bytes reaching the server comes just before the ground event.', action: { kind: 'step', by: -1 } },
      {
        text: 'Inject, from outside the VM, a line as if alice had typed it: the echoer (a subscriber of her channel) receives it and echoes it to her.',
        action: { kind: 'inject', body: INJECTED_LINE },
      },
    ],
    expect: {
      logContains: 'ground-event (event tcp-read-line) [#<evt tcp-read-line 2>, #"hello"]',
      inspectorContains: 'inbound-relay',
    },
  },
  {
    id: 'packet-header',
    section: 'Topics are sets of messages',
    title: 'tcp-channel: a header and a payload',
    intro:
      `Alice’s connection manager is sending her line as the message ${HELLO}: from, to — the header — and the ` +
      'bytes. The echoer subscribes to tcp-channel(alice, 5999, ?); the listener observes tcp-channel(?, 5999, ?).',
    question: {
      ask: rec('action', ALICE_CONNECTION, `send-message ${HELLO}`),
      prompt: 'Which of them receives the line?',
      choices: [
        choice('Only the echoer: the header names alice’s conversation', [rec('deliver', 'connection-handler', `message ${HELLO}`)], [rec('deliver', 'listener', `message ${HELLO}`)]),
        choice('Both: the message lies in both their topics', [rec('deliver', 'listener', `message ${HELLO}`), rec('deliver', 'connection-handler', `message ${HELLO}`)]),
        choice('Only the listener: it owns port 5999', [rec('deliver', 'listener', `message ${HELLO}`)], [rec('deliver', 'connection-handler', `message ${HELLO}`)]),
      ],
      why: 'The message carries its topic: its header puts it in the echoer’s set and in the listener’s wider one, so both receive it — observers included.',
    },
    text:
      'Both received it: the listener, whose topic is every connection to port 5999, and the echoer, whose topic ' +
      'is alice’s. The message carries its own topic, as a packet carries a header that each layer reads; the ' +
      'listener simply ignores data it does not need. Routing never looked at a pid: the header did the work.',
    claims: [
      { basis: 'talk', text: '“Messages include their topic. This is like packets being wrapped in a header to become a packet at the next layer down.”' },
      { basis: 'marketplace', text: 'Observers receive every message that matches their orientation and topic (spec §1.3).' },
    ],
    answers: ['route'],
    notes: 'Draw the packet: [ alice → 5999 | "hello" ]. Under it, two sets as circles, the listener’s around the echoer’s, and the packet inside both.',
    scenario: 'tcp-echo',
    at: rec('deliver', 'connection-handler', `echoer message ${HELLO}`),
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'connection-handler' },
    tryThis: [{ text: 'Step forward: the echoer’s answer goes back on the other direction, tcp-channel(5999, alice, …).', action: { kind: 'step', by: 5 } }],
    expect: { logContains: `echoer message ${HELLO} => ok`, treeContains: ['listener', 'connection-handler'], inspectorContains: 'echoer' },
  },
  {
    id: 'tcp-date-close',
    section: 'TCP',
    title: 'Closing a connection by withdrawing presence',
    intro:
      'The date server’s handler published on alice’s outbound channel, sent the time, and has just been told by ' +
      'the driver’s credit feedback that the write went out. It quits. It never sent a "close".',
    question: {
      ask: rec('deliver', 'connection-handler', 'date-sender feedback', 'tcp-credit'),
      prompt: 'Does alice’s connection close?',
      choices: [
        choice('Yes: the handler’s absence is the close; the connection manager closes the socket', [rec('deliver', ALICE_CONNECTION, 'outbound absence', 'spawn tcp-close')]),
        choice('No: without a close message the connection stays open', [rec('quit', 'connection-handler')], [rec('deliver', ALICE_CONNECTION, 'outbound absence')]),
        choice('Only once alice hangs up', [rec('world', null, 'alice', 'client-close'), rec('deliver', ALICE_CONNECTION, 'spawn tcp-close')]),
      ],
      why: 'The handler’s publisher was the connection manager’s partner; when it goes, the manager sees the absence and releases the socket — loss of presence ends the conversation.',
    },
    text:
      'The date server’s handler never sends a "close" message. It publishes on alice’s outbound channel, ' +
      'sends the time, and quits when the driver’s credit feedback acknowledges the write. Its publisher’s ' +
      'absence is the close: the connection manager sees it, spawns a closer for the socket and quits.',
    claims: [
      { basis: 'talk', text: 'The outline’s date server: its role’s on-message for (tcp-credit _) returns (kill).' },
      { basis: 'marketplace', text: 'The connection manager closes the socket when its outbound peer leaves (spec §11.20).' },
    ],
    answers: ['over'],
    notes: 'Draw the date handler’s publisher line to the connection manager, then rub it out: the manager closes the socket. No message crossed the board.',
    scenario: 'tcp-date',
    at: { match: { kind: 'deliver', text: [`outbound absence pub tcp-channel(tcp-listener(13), ${ALICE}`, 'spawn tcp-close'] } },
    panels: ['event-log', 'presence-graph'],
    select: { name: ALICE_CONNECTION },
    tryThis: [
      {
        text: 'Jump back to the write acknowledgement that made the date sender quit.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', text: ['date-sender feedback', 'tcp-credit'] } } },
      },
    ],
    expect: {
      logContains: 'outbound absence pub tcp-channel(tcp-listener(13)',
      inspectorContains: 'outbound',
    },
  },
  {
    id: 'exercise-listener',
    section: 'TCP',
    title: 'Exercise: kill the listener mid-handoff',
    intro:
      'Back in the echo server, at the moment the listener saw alice’s connection manager and decided to spawn ' +
      'her handler: the spawn is still in the listener’s queue. Bob will try to connect at 40 ms.',
    task: {
      text: 'Kill the listener now, before it performs that spawn (the button selects it and opens the dialog; keep the reason).',
      action: { kind: 'kill', process: 'listener', reason: 'killed-by-user()' },
    },
    question: {
      ask: { match: { kind: 'deliver', proc: 'listener', text: `inbound-handler presence pub tcp-channel(${ALICE}` } },
      prompt: 'What becomes of alice by the time bob is refused?',
      choices: [
        choice('She is echoed as before: her connection does not need the listener', [rec('world', null, 'alice client-recv')]),
        choice('Her connection is closed together with the listener', [rec('deliver', ALICE_CONNECTION, 'spawn tcp-close')]),
        choice(
          'Neither: her line arrives, and nobody answers or closes it',
          [rec('world', null, 'server tcp-data', '#"hello\\n"')],
          [rec('world', null, 'alice client-recv'), rec('deliver', ALICE_CONNECTION, 'spawn tcp-close')],
        ),
      ],
      why: 'The kill dropped the listener’s queued spawn: the handler that was to be alice’s partner never existed, and her connection manager, never having had a partner, has no absence to see — responsibility was lost in the handoff.',
    },
    text:
      'The listener was killed with its spawn still queued: the kill dropped it. Its absence closed port 5999, ' +
      'so bob was refused. But alice’s connection was already open, and its manager had no partner to lose: her ' +
      '"hello" arrives and nobody answers or closes it. This is the talk’s handoff of responsibility, live: between ' +
      'seeing the demand and the child being up, nobody stood for alice.',
    claims: [
      { basis: 'talk', text: 'Weaknesses: “Handoff of responsibility” — the manager can take responsibility, spawn, and drop it when the child is up or crashed.' },
      { basis: 'marketplace', text: 'Killing a process drops the rest of its queue (spec §2.2, quit/kill).' },
    ],
    answers: ['start', 'over'],
    notes: 'Draw the listener with a spawn arrow still inside its box when it is crossed out: the arrow never leaves. Alice’s connection manager is left with a line to nobody.',
    scenario: 'tcp-echo',
    at: rec('world', null, 'bob client-refused'),
    panels: ['event-log', 'vm-tree'],
    select: { name: ALICE_CONNECTION },
    tryThis: [{ text: 'Jump to alice’s line arriving at the server: nothing follows it for her.', action: { kind: 'seek', to: rec('world', null, 'server tcp-data', '#"hello\\n"') } }],
    expect: { logContains: 'bob client-refused', treeContains: [ALICE_CONNECTION], inspectorContains: 'inbound' },
  },
];
