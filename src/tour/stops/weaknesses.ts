/** Tour stops for the talk's weaknesses: the wart, glitching, handoff, querying the routing table, ground events. */
import { choice, nth, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const ALICE_CONNECTION = 'tcp-connection tcp-address("alice", 49152)';
const BOB_CONNECTION = 'tcp-connection tcp-address("bob", 49153)';

export const WEAKNESS_STOPS: readonly TourStop[] = [
  {
    id: 'wart',
    section: 'Weaknesses: the wart',
    title: 'Interest types change what a program means',
    intro:
      'Two echo listeners: an observer on port 5999, whose client is alice, and a participant on port 6000, ' +
      'whose client is bob. Both connections are up, and at 50 ms both listeners retire: the observer one is ' +
      'handling its retire message now.',
    question: {
      ask: rec('deliver', 'echo listener (observer)', 'retire message'),
      prompt: 'Both listeners quit. Whose connection survives?',
      choices: [
        choice('Both: a listener only accepts connections; they live on without it', [rec('quit', 'echo listener (participant)')], [rec('deliver', BOB_CONNECTION, 'inbound absence')]),
        choice('Alice’s; bob’s closes, because the participant listener was his connection manager’s partner', [rec('deliver', BOB_CONNECTION, 'inbound absence', 'spawn tcp-close')], [rec('deliver', ALICE_CONNECTION, 'inbound absence')]),
        choice('Neither: a listener takes its connections with it', [rec('deliver', BOB_CONNECTION, 'inbound absence'), rec('deliver', ALICE_CONNECTION, 'inbound absence')]),
      ],
      why: 'Only a participant is anyone’s partner: the participant listener’s absence reaches bob’s connection manager, which closes his connection, while alice’s never saw the observer listener at all.',
    },
    text:
      'The talk’s outline names the wart and nothing more; os2 Lab reads it as the interest-type design. Both ' +
      'echo listeners quit at 50 ms: the observer listener on port 5999 was never alice’s partner, so her ' +
      'connection lives on, but the participant listener on port 6000 was a partner of bob’s connection manager, ' +
      'whose inbound endpoint now sees an absence and closes bob’s connection. And the levels do not compose: ' +
      'the driver’s everything endpoints already see the observer monitor, which cannot see them; a monitor ' +
      'that wants to watch the watchers must be everything itself, and then visibility becomes mutual — there ' +
      'is no level above everything.',
    claims: [
      { basis: 'talk', text: 'The outline lists “The Wart” under weaknesses, and says nothing more about it.' },
      { basis: 'reading', text: 'That the wart is the interest-type design — that levels change meaning and do not compose — is os2 Lab’s reading.' },
      { basis: 'marketplace', text: 'The visibility rule behind it: L is told of R iff R is a participant or L is everything (spec §1.3).' },
    ],
    answers: ['roles'],
    notes: 'Draw the 3×3 visibility table again and add a fourth row and column with a question mark: there is no level above everything, so a watcher of the watchers is seen by them.',
    scenario: 'wart',
    at: { match: { kind: 'deliver', text: ['inbound absence sub tcp-channel(tcp-address("bob", 49153), tcp-listener(6000)', 'spawn tcp-close'] } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'tcp-connection tcp-address("bob", 49153)' },
    tryThis: [
      {
        text: 'Jump to alice’s line at 80 ms: still echoed, because the observer listener never held her connection.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', text: 'echoer message tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), #"still there?")' } } },
      },
    ],
    expect: {
      logContains: 'inbound absence sub tcp-channel(tcp-address("bob", 49153), tcp-listener(6000), ?0) false from p6 inbound-handler => ok [spawn tcp-close',
      treeContains: ['monitor (observer)', 'monitor (everything)', 'tcp-connection tcp-address("alice", 49152)'],
      inspectorContains: 'inbound',
    },
  },
  {
    id: 'glitching',
    section: 'Weaknesses: glitching',
    title: 'A transient absence is still an absence',
    intro:
      'Two services are restarting at 10 ms, each watched by a watcher that treats absence as failure. The careless ' +
      'one swaps its handler by deleting its endpoint and adding it again, in one transition; it is doing so now.',
    question: {
      ask: rec('deliver', 'careless-service', 'restart message'),
      prompt: 'What does the careless service’s watcher see?',
      choices: [
        choice('Nothing: the endpoint is back within the same transition', [rec('deliver', 'careless-service', 'restart message')], [rec('deliver', 'careless-watcher', 'watch absence')]),
        choice('An absence — and, taking it for failure, it quits', [rec('deliver', 'careless-watcher', 'watch absence', 'quit service-lost')]),
        choice('Only a presence, for the new endpoint', [rec('deliver', 'careless-watcher', 'watch presence', 'service("careless"')], [rec('deliver', 'careless-watcher', 'watch absence')]),
      ],
      why: 'The kernel performs the two actions one at a time: the delete-role is a real absence the watcher sees before the add-role makes a new presence — a glitch.',
    },
    text:
      'The careless service swaps its handler with delete-role then add-role in one transition. Its watcher ' +
      'sees an absence — a transient drop of interest — and, treating absence as failure, decides to quit; the ' +
      'presence that follows comes too late. The careful service re-adds the endpoint under the same name with ' +
      'an equal role: the kernel only replaces the handler and notifies nobody.',
    claims: [
      { basis: 'talk', text: '“Well-behaved presence apps don’t glitch in their presence”: sets of interests should evolve without transient drops.' },
      { basis: 'marketplace', text: 'Re-adding an endpoint under the same name with an equal role only replaces the handler and notifies nobody (spec §2.2).' },
    ],
    answers: ['over'],
    notes: 'Draw the watcher’s view as a timeline: presence, a gap (the absence), presence again. Then the careful service’s: one unbroken line.',
    scenario: 'glitching',
    at: { match: { kind: 'deliver', proc: 'careless-watcher', text: 'watch absence' } },
    panels: ['event-log', 'presence-graph', 'variants'],
    variant: { flag: '--restart', values: ['delete-then-add', 're-add'] },
    select: { name: 'careless-watcher' },
    tryThis: [
      {
        text: 'Jump to the careful service’s restart: “endpoint replaced”, and no presence or absence anywhere.',
        action: { kind: 'seek', to: { match: { kind: 'endpoint', text: 'endpoint replaced svc' } } },
      },
    ],
    expect: {
      logContains: 'watch absence pub service("careless", ?0) false from p2 svc => ok [quit service-lost("careless", false)]',
      treeContains: ['careless-service', 'careful-service', 'careful-watcher'],
      inspectorContains: 'watch',
    },
  },
  {
    id: 'handoff',
    section: 'Weaknesses: handoff of responsibility',
    title: 'Who stands for a resource while its worker starts?',
    intro:
      'Three managers stand for a resource while a worker starts, each with one of the talk’s three strategies, ' +
      'and every first worker crashed while starting. The take manager has kept standing in, and its second ' +
      'worker is now adding its serve endpoint.',
    question: {
      ask: rec('action', 'worker take#2', 'add-role serve'),
      prompt: 'Worker-2 of the take manager appears. What does the take manager do?',
      choices: [
        choice('Withdraws its stand-in, now that the worker is there', [rec('deliver', 'manager (take)', 'watch-workers presence pub resource("take", "worker-2")', 'delete-role stand-in')]),
        choice('Keeps standing in, as the resource’s owner', [rec('action', 'worker take#2', 'add-role serve')], [rec('deliver', 'manager (take)', 'delete-role stand-in')]),
        choice('Kills worker-2 and starts again', [rec('action', 'manager (take)', 'quit')]),
      ],
      why: 'The take manager drops its responsibility only once the worker is up — make-before-break — so its customer never sees the resource missing.',
    },
    text:
      'Three managers try the talk’s three strategies, in os2 Lab’s reading of its one-line options, and every ' +
      'first worker crashes while starting. The talk’s first option drops responsibility when the child is up ' +
      'or crashed; this "take" manager kept standing in across the crash, started worker-2, and withdraws its ' +
      'stand-in only now that worker-2 is present — make-before-break, so its customer never saw a gap. The ' +
      '"blip" manager spawned without taking and, on the crash, blipped: it asserted the resource for an ' +
      'instant and withdrew it with the crash as the reason, so its waiting customer learned of the failure. ' +
      'The "monitor" manager watched worker-alive as an established service’s and restarted the worker; its ' +
      'customer waited through a gap.',
    claims: [
      { basis: 'talk', text: 'Three one-line options: take responsibility, spawn, and drop it when the child is up or crashed; spawn without taking, and blip on crash; spawn and treat it as an established service instance.' },
      { basis: 'reading', text: 'What each option does in detail — make-before-break, the blip as a momentary assertion carrying the crash, the monitor’s restart — is os2 Lab’s reading.' },
    ],
    answers: ['start', 'manage'],
    notes: 'Draw three timelines, one per manager, with the resource’s presence as a bar: take — unbroken; blip — a tick at the crash, then nothing; monitor — a gap, then the bar again.',
    scenario: 'handoff',
    at: { match: { kind: 'deliver', proc: 'manager (take)', text: 'watch-workers presence pub resource("take", "worker-2")' } },
    panels: ['vm-tree', 'event-log', 'presence-graph', 'variants'],
    variant: { flag: '--strategy', values: ['take', 'blip'] },
    select: { name: 'manager (take)' },
    tryThis: [
      {
        text: 'Jump back to the crashes: all three first workers fail at 20 ms.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', text: 'failed while starting' } } },
      },
    ],
    expect: {
      logContains: 'watch-workers presence pub resource("take", "worker-2") from p11 serve => ok [delete-role stand-in false]',
      treeContains: ['manager (blip)', 'customer (blip)', 'worker take#2', 'worker monitor#2'],
      inspectorContains: 'stand-in',
    },
  },
  {
    id: 'routing-query',
    section: 'Weaknesses: querying the routing table',
    title: 'Is anyone there? Asking without a routing-table query',
    intro:
      'Two SSH sessions are each asked to open an x11 channel, and no application serves x11. The barrier ' +
      'session will add a temporary observer on channel-open("x11", ?) and send itself a message; the timeout ' +
      'session asks and waits. The requests are going out now.',
    question: {
      ask: rec('deliver', 'ssh-client', 'send-requests message timer-expired(["request", 2]'),
      prompt: 'When does the barrier session refuse the channel?',
      choices: [
        choice('At once: its own message comes back with no presence before it, so nobody serves x11', [rec('deliver', 'session (barrier)', 'barrier message', 'channel-open-failure')]),
        choice('After a timeout, like the other session', [rec('deliver', 'session (barrier)', 'timeout', 'channel-open-failure')]),
        choice('Never: without a routing-table query it cannot know', [rec('deliver', 'ssh-client', 'send-requests message timer-expired(["request", 2]')], [rec('deliver', 'session (barrier)', 'channel-open-failure')]),
      ],
      why: 'Presence from every existing matching endpoint is delivered as soon as an endpoint is added, before any later message: a self-message after the probe is a barrier.',
    },
    text:
      'To answer an SSH channel-open a session must know whether any application serves that channel type, ' +
      'and os2 has no "is anyone there?" operation. The barrier session adds a temporary observer publisher on ' +
      'channel-open("x11", ?) and sends itself a message: presence from every existing subscriber would have ' +
      'arrived first, so silence means nobody, and it refuses x11 at once. The timeout session asks and waits; ' +
      'its refusal comes 50 ms later.',
    claims: [
      { basis: 'talk', text: '“Querying the routing table: e.g. for sending SSH channel opens — is the channel type supported?”' },
      { basis: 'reading', text: 'The barrier (a temporary observer and a self-message) is os2 Lab’s workaround, not the talk’s.' },
    ],
    answers: ['find'],
    notes: 'Draw the barrier session’s probe as a temporary antenna, then its own message as a boomerang: anything that would answer the antenna arrives before the boomerang returns.',
    scenario: 'routing-query',
    at: { match: { kind: 'deliver', proc: 'session (barrier)', text: 'barrier message routing-barrier("barrier", 2)' } },
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'session (barrier)' },
    tryThis: [
      {
        text: 'Jump to the timeout session’s refusal, at 70 ms.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', proc: 'session (timeout)', text: 'timeout-2 message' } } },
      },
    ],
    expect: {
      logContains: 'barrier message routing-barrier("barrier", 2) => ok [delete-role probe-2 false; send-message ssh-out("barrier", ssh-msg-channel-open-failure',
      treeContains: ['shell app', 'session (barrier)', 'session (timeout)'],
      inspectorContains: 'probe-2',
    },
  },
  {
    id: 'ground-events',
    section: 'Weaknesses: the ground-event protocol',
    title: 'Two processes, one read',
    intro:
      'Carol has sent her first line to a raw server. Its reader and a spy both subscribe to the same ground ' +
      'event, [#<evt tcp-read-line 2>, ?]. The bytes have just reached the server.',
    question: {
      ask: rec('world', null, 'server tcp-data', 'first line'),
      prompt: 'Who gets the line?',
      choices: [
        choice('Only the reader, which subscribed first', [rec('deliver', 'reader', 'first line')], [rec('deliver', 'spy', 'first line')]),
        choice('Both: one read, delivered to every subscriber of the descriptor', [rec('deliver', 'reader', 'first line'), rec('deliver', 'spy', 'first line')]),
        choice('Each: the ground reads the socket twice', [nth(2, rec('ground-event', null, 'first line'))]),
      ],
      why: 'A ground event is named only by its descriptor, and its value is delivered as a message from the process that owns the subscription — to every subscriber of the same topic.',
    },
    text:
      'A ground event is named only by its descriptor, and its value is whatever syncing on it produced. The ' +
      'reader and the spy both subscribe to [#<evt tcp-read-line 2>, ?]: the ground read the line once, and ' +
      'both received it. For a timer that is harmless — the two alarms will share one event at 40 ms — but a ' +
      'read consumes input, and nobody can tell who owns the line.',
    claims: [
      { basis: 'talk', text: '“Ground events are (cons/c evt/c any/c) — the set of all possible responses to sync’ing on that event!” and sync’ing has side effects.' },
      { basis: 'marketplace', text: 'A ground event’s value becomes a message from the owning process, delivered to anyone matching (spec §11.18).' },
    ],
    answers: ['route'],
    notes: 'Draw one socket with two hands reaching into it. A timer can be shared; a read cannot be: who owns the line?',
    scenario: 'ground-events',
    at: { match: { kind: 'deliver', proc: 'spy', text: '#"first line"' } },
    panels: ['event-log', 'inspector'],
    select: { name: 'spy' },
    tryThis: [
      {
        text: 'Jump to 40 ms: one timer event wakes both alarms.',
        action: { kind: 'seek', to: { match: { kind: 'deliver', proc: 'alarm (second)', text: 'wake-up message' } } },
      },
    ],
    expect: {
      logContains: 'read-line message [#<evt tcp-read-line 2>, #"first line"]',
      treeContains: ['reader', 'spy'],
      inspectorContains: 'first line',
    },
  },
];
