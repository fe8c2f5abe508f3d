/**
 * Exercises whose move is a knob (issue 13): the learner sets one of the scenario's options — the run is
 * made again with it, as the Variants panel would — and predicts what the kernel then does. Each is
 * judged by its question's claims on the knob's run. Each comes after the stop it belongs with.
 */
import { choice, nth, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const ALICE_CONNECTION = 'tcp-connection tcp-address("alice", 49152)';
const HELPER_FAILED = 'exn("Error", "helper failed")';

const LISTENER: TourStop = {
  id: 'exercise-participant-listener',
  section: 'Observers: the bank teller',
  title: 'Exercise: make the listener a participant',
  intro:
    'The echo server’s listener subscribes to tcp-channel(?, tcp-listener(5999), ?) as an observer, like the bank ' +
    'manager: it sees each connection manager, and no connection manager sees it. Alice’s connection manager is ' +
    'about to start.',
  task: {
    text: 'Run the echo server again with the listener a participant (the knob --listener participant).',
    knob: { flag: '--listener', value: 'participant' },
  },
  question: {
    ask: rec('boot', ALICE_CONNECTION),
    prompt: 'With the listener a participant, what is alice’s connection manager told?',
    choices: [
      choice('Only of its echoer, as before: a listener is never a partner', [rec('deliver', ALICE_CONNECTION, 'inbound presence', 'echoer')], [rec('deliver', ALICE_CONNECTION, 'inbound presence', 'inbound-handler')]),
      choice('Of the listener’s presence too: a participant is seen by everyone it matches', [rec('deliver', ALICE_CONNECTION, 'inbound presence', 'inbound-handler')]),
      choice(
        'Of the listener — and the listener no longer sees it',
        [rec('deliver', ALICE_CONNECTION, 'inbound presence', 'inbound-handler')],
        [rec('deliver', 'listener', 'inbound-handler presence', 'alice')],
      ),
    ],
    why: 'Visibility depends on the peer’s interest type: a participant is seen by every endpoint it matches, so alice’s manager now sees the listener as a partner, and the listener, still a subscriber of the same topics, sees alice as before.',
  },
  text:
    'Alice’s connection manager was told of the listener’s presence, from its inbound-handler endpoint: a ' +
    'participant listener looks like a partner of every connection. Nothing else changed here: the listener still ' +
    'saw alice, and the echoes are the same. That is why the talk’s listener is an observer — it watches for ' +
    'demand without being mistaken for a partner — and the Variants panel shows the two runs side by side.',
  claims: [
    { basis: 'marketplace', text: 'An endpoint sees a peer only if the peer is a participant or it is itself “everything” (spec §1.3).' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['find', 'roles'],
  notes: 'Redraw the bank-teller triangle with the listener as the manager: flip its dashed line into a solid one, and draw the new arrowhead at alice’s connection manager.',
  scenario: 'tcp-echo',
  at: rec('deliver', ALICE_CONNECTION, 'inbound presence', 'inbound-handler'),
  panels: ['event-log', 'presence-graph', 'variants'],
  select: { name: ALICE_CONNECTION },
  tryThis: [],
  variant: { flag: '--listener', values: ['observer', 'participant'] },
  expect: { logContains: 'inbound presence sub tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0)', treeContains: ['listener', ALICE_CONNECTION] },
};

const GLITCH: TourStop = {
  id: 'exercise-make-before-break',
  section: 'Weaknesses: glitching',
  title: 'Exercise: make before break',
  intro:
    'One service, one watcher, which gives up the moment it sees the service absent. At 10 ms the service restarts ' +
    'its endpoint. The knob says how: delete-then-add (a glitch), a same-name re-add, or add-then-delete.',
  task: {
    text: 'Run it again restarting add-then-delete: the new endpoint first, then the old one deleted (the knob --restart add-then-delete).',
    knob: { flag: '--restart', value: 'add-then-delete' },
  },
  question: {
    ask: { match: { kind: 'deliver', text: 'watch presence pub service(' } },
    prompt: 'The service adds its new endpoint before it deletes the old one. What does the watcher see?',
    choices: [
      choice('An absence, and it gives up, as with delete-then-add', [rec('quit', 'watcher')]),
      choice('Nothing at all, as with a same-name re-add', [rec('deliver', 'watcher', 'answer("version 2")')], [rec('deliver', 'watcher', 'watch absence')]),
      choice(
        'A second presence, then an absence — and it keeps going',
        [nth(2, rec('deliver', 'watcher', 'watch presence')), rec('deliver', 'watcher', 'watch absence'), rec('deliver', 'watcher', 'answer("version 2")')],
        [rec('quit', 'watcher')],
      ),
    ],
    why: 'While both endpoints exist the watcher’s interest is met twice; deleting the old one takes one match away, which it hears as an absence, but a presence remains — its handler counts them and never sees none.',
  },
  text:
    'The watcher saw a second presence (the new endpoint), then an absence (the old one going), and went on to ' +
    'hear version 2 answer. Make-before-break never leaves it without a service, so it never gives up. The talk asks ' +
    'for sets of interests that evolve without transient drops; this is one way to get there, and it is os2 ' +
    'Lab’s reading, not the talk’s code.',
  claims: [
    { basis: 'talk', text: '“Glitching”: well-behaved presence should not show a transient drop.' },
    { basis: 'reading', text: 'Add-then-delete as the remedy, and the exercise, are os2 Lab’s.' },
  ],
  answers: ['over'],
  notes: 'Draw the service’s two endpoints overlapping in time, with the watcher’s count above: 1, 2, 1 — never 0.',
  scenario: 'glitching',
  at: rec('deliver', 'watcher', 'answer("version 2")'),
  panels: ['event-log', 'inspector', 'variants'],
  select: { name: 'watcher' },
  tryThis: [],
  variant: { flag: '--restart', values: ['delete-then-add', 'add-then-delete'] },
  expect: { logContains: 'watch message service("one", answer("version 2"))', treeContains: ['service', 'watcher'] },
};

const HANDOFF: TourStop = {
  id: 'exercise-blip',
  section: 'Weaknesses: handoff of responsibility',
  title: 'Exercise: spawn without taking, and blip',
  intro:
    'The manager hands a job to a worker it spawns; the worker crashes while starting. The talk’s second option: ' +
    'spawn without taking responsibility, and on a crash “blip” — assert the resource and withdraw it at once.',
  task: {
    text: 'Run the handoff with the blip strategy (the knob --strategy blip).',
    knob: { flag: '--strategy', value: 'blip' },
  },
  question: {
    ask: { match: { kind: 'quit', text: 'failed while starting' } },
    prompt: 'The worker crashed while starting. What does the customer see?',
    choices: [
      choice('Nothing: nobody ever stood for the resource', [rec('quit', 'worker job#1')], [rec('deliver', 'customer', 'need presence'), rec('deliver', 'customer', 'need absence')]),
      choice('A presence, and at once an absence carrying the crash', [rec('deliver', 'customer', 'need presence'), rec('deliver', 'customer', 'need absence', 'failed while starting')]),
      choice('A presence that stays: the manager stands in for the worker', [rec('deliver', 'customer', 'need presence')], [rec('deliver', 'customer', 'need absence')]),
    ],
    why: 'With blip the manager asserts the resource only to withdraw it with the worker’s crash reason: the customer learns of the failure, which it would not have with nobody standing for the job.',
  },
  text:
    'The customer saw the resource appear and go at once, and the absence carried the worker’s crash: the blip. ' +
    'Nobody restarts the worker, but the failure is no longer silent. With take the customer never sees a gap; ' +
    'with monitor it waits for a restarted worker: compare them in the Variants panel.',
  claims: [
    { basis: 'talk', text: 'Handoff of responsibility: “spawn without taking, and blip on crash”.' },
    { basis: 'reading', text: 'How the blip is made here is os2 Lab’s reading of the talk’s one line.' },
  ],
  answers: ['start', 'over'],
  notes: 'Draw the customer’s timeline with a short bar — present, then absent with the crash reason written under it.',
  scenario: 'handoff',
  at: rec('deliver', 'customer', 'need absence'),
  panels: ['event-log', 'variants'],
  select: { name: 'customer' },
  tryThis: [],
  variant: { flag: '--strategy', values: ['take', 'blip'] },
  expect: { logContains: 'need absence pub resource("job", "manager") exn("Error", "worker job#1 failed while starting")', treeContains: ['customer', 'manager'] },
};

const RESTARTS: TourStop = {
  id: 'exercise-restart-intensity',
  section: 'Errors by loss of presence',
  title: 'Exercise: raise the restart intensity',
  intro:
    'The supervisor gives up when a crash would make more than MaxR restarts within 100 ms; MaxR is 3, and the ' +
    'saboteur sends four poison jobs. The fourth crash has just reached the supervisor.',
  task: {
    text: 'Run the supervisor again with MaxR 4 (the knob --max-restarts 4).',
    knob: { flag: '--max-restarts', value: '4' },
  },
  question: {
    ask: rec('deliver', 'supervisor', 'children absence', 'poison job p4'),
    prompt: 'With MaxR 4, the fourth poison job has crashed adder#4. What happens next?',
    choices: [
      choice('The supervisor gives up all the same', [rec('quit', 'supervisor', 'reached_max_restart_intensity')]),
      choice('It restarts adder#5, and the client’s last job is answered', [rec('action', 'supervisor', 'spawn adder#5'), rec('deliver', 'client', 'result("c5"')]),
      choice('It restarts adder#5, but the client’s last job is lost', [rec('action', 'supervisor', 'spawn adder#5')], [rec('deliver', 'client', 'result("c5"')]),
    ],
    why: 'Four restarts within the window are now allowed, so the supervisor restarts the worker once more; the client held its job while no worker was present and sends it to adder#5.',
  },
  text:
    'The supervisor restarted a fifth incarnation, and the client’s held job c5 was answered by it (its total ' +
    'starts again at 0). With MaxR 3 the same crash made it give up and the job waited for ever. Restart ' +
    'intensity is the supervisor’s one number for “too many crashes”: the Variants panel shows both runs.',
  claims: [
    { basis: 'talk', text: '“Erlang/OTP-like supervisors fit naturally into this picture.”' },
    { basis: 'reading', text: 'MaxR within a window follows OTP; the numbers and the exercise are os2 Lab’s.' },
  ],
  answers: ['over', 'manage'],
  notes: 'Write “MaxR = 4, MaxT = 100 ms” and tick off the four restarts under the timeline; the fifth incarnation answers c5.',
  scenario: 'supervisor',
  at: rec('deliver', 'client', 'result("c5"'),
  panels: ['event-log', 'inspector', 'variants'],
  select: { name: 'supervisor' },
  tryThis: [],
  variant: { flag: '--max-restarts', values: ['3', '4'] },
  expect: { logContains: 'worker("adder", result("c5", 5, 5))', treeContains: ['supervisor', 'adder#5', 'client'] },
};

const MUTUAL: TourStop = {
  id: 'exercise-mutual-link',
  section: 'Errors by loss of presence',
  title: 'Exercise: make the link mutual',
  intro:
    'Adder#1 and its helper are linked: the helper subscribes to link("adder", 1), which the worker publishes. ' +
    'One way only — the worker’s end has no handler, so a helper’s crash does not reach it. An Erlang link is mutual.',
  task: {
    text: `Run it again with mutual links (the knob --link mutual), then kill adder#1’s helper with the reason ${HELPER_FAILED}.`,
    knob: { flag: '--link', value: 'mutual' },
    action: { kind: 'kill', process: 'helper of adder#1', reason: HELPER_FAILED },
  },
  question: {
    ask: rec('deliver', 'helper of adder#1', 'link presence'),
    prompt: 'The helper dies of a crash, and the link is mutual. What does the supervisor do?',
    choices: [
      choice('Nothing: it watches the workers, not their helpers', [rec('quit', 'helper of adder#1')], [rec('deliver', 'supervisor', 'children absence', 'helper failed')]),
      choice(
        'It sees adder#1 go, with the helper’s reason, and restarts it',
        [rec('deliver', 'supervisor', 'children absence', 'helper failed'), rec('action', 'supervisor', 'spawn adder#2')],
      ),
      choice('It gives up: a crash it did not see coming', [rec('quit', 'supervisor')]),
    ],
    why: 'The worker’s end of a mutual link hears the helper’s absence with a crash reason and quits with it; the supervisor monitors the worker, so it sees a crash like any other and restarts it.',
  },
  text:
    'Adder#1 heard its helper’s absence with the reason exn("Error", "helper failed") and quit with it; the ' +
    'supervisor saw adder#1 go with that reason and started adder#2. Links and monitors are both conversations ' +
    'that end: a link is one whose end you share, a monitor one whose end you only watch.',
  claims: [
    { basis: 'talk', text: '“Erlang’s process links and monitors can be seen as a special case of this mechanism.”' },
    { basis: 'reading', text: 'The mutual link as a knob, and the exercise, are os2 Lab’s.' },
  ],
  answers: ['over'],
  notes: 'Draw the link between worker and helper with arrowheads at both ends, cross out the helper, then the worker, and draw the supervisor’s restart arrow.',
  scenario: 'supervisor',
  at: { ...rec('action', 'supervisor', 'spawn adder#2'), after: rec('deliver', 'supervisor', 'children absence', 'helper failed').match },
  panels: ['event-log', 'vm-tree', 'variants'],
  select: { name: 'supervisor' },
  tryThis: [],
  variant: { flag: '--link', values: ['one-way', 'mutual'] },
  expect: { logContains: 'spawn adder#2', treeContains: ['supervisor', 'client'] },
};

/** Each exercise, and the id of the stop it comes after. */
export const KNOB_EXERCISES: readonly (readonly [string, TourStop])[] = [
  ['observers-bank-teller', LISTENER],
  ['glitching', GLITCH],
  ['handoff', HANDOFF],
  ['errors-supervisor', RESTARTS],
  ['exercise-restart-intensity', MUTUAL],
];
