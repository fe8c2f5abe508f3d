/** Tour stops for the talk's weaknesses: the wart, glitching, handoff, querying the routing table, ground events. */
import type { TourStop } from '../stops.ts';

export const WEAKNESS_STOPS: readonly TourStop[] = [
  {
    id: 'wart',
    section: 'Weaknesses: the wart',
    title: 'Interest types change what a program means',
    text:
      'The talk’s outline names the wart and nothing more; os2 Lab reads it as the interest-type design. Both ' +
      'echo listeners quit at 50 ms: the observer listener on port 5999 was never alice’s partner, so her ' +
      'connection lives on, but the participant listener on port 6000 was a partner of bob’s connection manager, ' +
      'whose inbound endpoint now sees an absence and closes bob’s connection. And the levels do not compose: ' +
      'the driver’s everything endpoints already see the observer monitor, which cannot see them; a monitor ' +
      'that wants to watch the watchers must be everything itself, and then visibility becomes mutual — there ' +
      'is no level above everything.',
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
    text:
      'The careless service swaps its handler with delete-role then add-role in one transition. Its watcher ' +
      'sees an absence — a transient drop of interest — and, treating absence as failure, decides to quit; the ' +
      'presence that follows comes too late. The careful service re-adds the endpoint under the same name with ' +
      'an equal role: the kernel only replaces the handler and notifies nobody.',
    scenario: 'glitching',
    at: { match: { kind: 'deliver', proc: 'careless-watcher', text: 'watch absence' } },
    panels: ['event-log', 'presence-graph'],
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
    text:
      'Three managers try the talk’s three strategies, in os2 Lab’s reading of its one-line options, and every ' +
      'first worker crashes while starting. The talk’s first option drops responsibility when the child is up ' +
      'or crashed; this "take" manager kept standing in across the crash, started worker-2, and withdraws its ' +
      'stand-in only now that worker-2 is present — make-before-break, so its customer never saw a gap. The ' +
      '"blip" manager spawned without taking and, on the crash, blipped: it asserted the resource for an ' +
      'instant and withdrew it with the crash as the reason, so its waiting customer learned of the failure. ' +
      'The "monitor" manager watched worker-alive as an established service’s and restarted the worker; its ' +
      'customer waited through a gap.',
    scenario: 'handoff',
    at: { match: { kind: 'deliver', proc: 'manager (take)', text: 'watch-workers presence pub resource("take", "worker-2")' } },
    panels: ['vm-tree', 'event-log', 'presence-graph'],
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
    text:
      'To answer an SSH channel-open a session must know whether any application serves that channel type, ' +
      'and os2 has no "is anyone there?" operation. The barrier session adds a temporary observer publisher on ' +
      'channel-open("x11", ?) and sends itself a message: presence from every existing subscriber would have ' +
      'arrived first, so silence means nobody, and it refuses x11 at once. The timeout session asks and waits; ' +
      'its refusal comes 50 ms later.',
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
    text:
      'A ground event is named only by its descriptor, and its value is whatever syncing on it produced. The ' +
      'reader and the spy both subscribe to [#<evt tcp-read-line 2>, ?]: the ground read the line once, and ' +
      'both received it. For a timer that is harmless — the two alarms will share one event at 40 ms — but a ' +
      'read consumes input, and nobody can tell who owns the line.',
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
