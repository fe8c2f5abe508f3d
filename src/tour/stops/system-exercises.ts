/**
 * Exercises on the talk's systems (issue 13): TCP's actions and ground VM, the nested pool and
 * at-meta-level, SSH's nested sessions, and the recap. Each move is an intervention (inject or kill)
 * made where the question is asked; the answer is judged by the question's claims on the changed run.
 * Each comes after the stop it belongs with.
 */
import { afterFirst, choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';
import { ALICE } from './tcp.ts';

const ALICE_CONNECTION = `tcp-connection ${ALICE}`;
const PSST = `tcp-channel(${ALICE}, tcp-listener(5999), #"psst")`;

const PSST_STOP: TourStop = {
  id: 'exercise-psst',
  section: 'Actions',
  title: 'Exercise: a line alice never typed',
  intro:
    'Alice’s echoer has just been told of her connection manager. Alice has typed nothing yet: her first line ' +
    'comes at 20 ms. A message is its topic, tcp-channel(from, to, payload), and the echoer subscribes to ' +
    `tcp-channel(${ALICE}, tcp-listener(5999), ?).`,
  task: {
    text: `Inject ${PSST} as a message (the dialog is prefilled).`,
    action: { kind: 'inject', body: PSST },
  },
  question: {
    ask: rec('deliver', 'connection-handler', 'echoer presence pub'),
    prompt: 'What does the echoer hand back to the kernel, and what does alice get?',
    choices: [
      choice('Nothing: the line did not come from her connection manager', [rec('deliver', 'connection-handler', `echoer message ${PSST}`)], [rec('action', 'connection-handler', 'You said: psst')]),
      choice('A credit as feedback and “You said: psst” as a message — and alice receives it', [rec('deliver', 'connection-handler', `echoer message ${PSST}`, 'send-feedback', 'send-message'), rec('world', null, 'alice client-recv', 'You said: psst')]),
      choice('A quit: a line nobody sent is an error', [rec('quit', 'connection-handler')]),
    ],
    why: 'The handler maps the message to a transition — its state and the actions [send-feedback credit, send-message reply] — and the kernel performs them; the connection manager writes the reply to alice, who never asked.',
  },
  text:
    'The echoer’s message handler returned the same two actions as for any line: send-feedback of one more ' +
    'credit and send-message of “You said: psst”. The kernel performed them, alice’s connection manager took the ' +
    'reply like any other and wrote it, and alice received it before she had sent anything.',
  claims: [
    { basis: 'talk', text: '“it expects back a new process state and a list of actions that the process wishes the kernel to perform on its behalf”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['roles', 'manage'],
  notes: 'Write the echoer’s transition as a pair: (state, [send-feedback credit(1), send-message "You said: psst"]), and draw the reply going out to alice.',
  scenario: 'tcp-echo',
  at: rec('world', null, 'alice client-recv', 'You said: psst'),
  panels: ['event-log', 'code'],
  select: { name: 'connection-handler' },
  tryThis: [],
  expect: { logContains: 'alice client-recv data(1, #"You said: psst\\n")', treeContains: ['connection-handler', ALICE_CONNECTION] },
};

const UNPLUGGED = 'unplugged()';
const HOW = 'how are you?';

const GROUND: TourStop = {
  id: 'exercise-unplugged',
  section: 'The ground VM',
  title: 'Exercise: nobody at the socket',
  intro:
    'Alice has just had her first echo, and sends “how are you?” now. Her connection manager is the process that ' +
    'subscribes to her socket’s ground events — [#<evt tcp-read-line 2>, ?] — so that the ground VM syncs on them.',
  task: {
    text: `Kill alice’s connection manager with the reason ${UNPLUGGED} (the dialog is prefilled).`,
    action: { kind: 'kill', process: ALICE_CONNECTION, reason: UNPLUGGED },
  },
  question: {
    ask: rec('world', null, 'alice client-recv'),
    prompt: `What becomes of her “${HOW}” by the time bob connects?`,
    choices: [
      choice('The echoer still answers it', [rec('world', null, 'alice client-recv', HOW)]),
      choice('It reaches the server, and nobody reads it: no process waits on her socket', [rec('world', null, 'server tcp-data', HOW)], [rec('ground-event', null, 'tcp-read-line', HOW)]),
      choice('The ground VM closes her connection', [rec('world', null, 'alice tcp-eof')]),
    ],
    why: 'The ground VM turns the real world into events only for the descriptors some process subscribes to: with the connection manager gone, nothing subscribes to her read event, so her data sits at the server unread and nobody closes the socket.',
  },
  text:
    `Her “${HOW}” arrived at the server, and no ground event read it: the ground VM syncs on a descriptor only ` +
    'while a process subscribes to it. The echoer saw its partner’s absence with the reason unplugged() and quit; ' +
    'nobody closed the socket, and alice hears nothing more.',
  claims: [
    { basis: 'talk', text: 'The ground VM “connects to the real world using Racket’s CML-inspired event mechanism”.' },
    { basis: 'marketplace', text: 'The ground syncs on the events whose descriptors processes subscribe to (spec §4.4).' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['route', 'over'],
  notes: 'Draw the ground VM’s edge with alice’s socket below it; cross out the connection manager, and leave her line waiting at the edge with no arrow up.',
  scenario: 'tcp-echo',
  at: afterFirst(rec('quit', ALICE_CONNECTION, UNPLUGGED), rec('world', null, 'bob client-connect')),
  panels: ['event-log', 'vm-tree'],
  select: { name: 'listener' },
  tryThis: [],
  expect: { logContains: 'bob client-connect', treeContains: ['listener', 'tcp'] },
};

const JOB_7 = 'job(7)';

const EXTRA_JOB: TourStop = {
  id: 'exercise-extra-job',
  section: 'Nested VMs',
  title: 'Exercise: a job from outside the pool',
  intro:
    'The requester has sent job(3), and worker 3 has started inside the pool. In the ground VM the pool is one ' +
    'process, with the endpoints its dispatcher made at the meta level: 2/jobs subscribes to job(?).',
  task: {
    text: `Inject ${JOB_7} into the ground VM as a message (the dialog is prefilled).`,
    action: { kind: 'inject', body: JOB_7 },
  },
  question: {
    ask: rec('boot', 'worker 3'),
    prompt: `Where does a worker for ${JOB_7} start?`,
    choices: [
      choice('In the ground VM, where you injected the job', [rec('boot', 'worker 7')], [rec('deliver', 'dispatcher', `jobs message ${JOB_7}`)]),
      choice('Inside the pool: the pool relays it inward, and the dispatcher spawns worker 7 there', [rec('deliver', 'pool', `2/jobs message ${JOB_7}`, 'relayed'), rec('deliver', 'dispatcher', `jobs message ${JOB_7}`), rec('boot', 'worker 7')]),
      choice('Nowhere: only the requester may ask the pool', [rec('ground-event', null, 'user inject')], [rec('boot', 'worker 7')]),
    ],
    why: 'A nested VM is a process of the VM around it: what reaches its meta-level endpoints is relayed inward to the process that made them, and a spawn inside it starts inside it.',
  },
  text:
    `${JOB_7} reached the pool’s 2/jobs endpoint in the ground VM, was relayed inward to the dispatcher, and the ` +
    'dispatcher spawned worker 7 inside the pool: the VM tree shows it under pool. Nobody outside can tell how many ' +
    'workers the pool has, or that the job did not come from the requester.',
  claims: [
    { basis: 'talk', text: 'Nested VMs: “instances of the kernel can run as user processes within another kernel instance.”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['route'],
  notes: 'Draw the pool as a box inside the ground VM; your job enters at the box’s edge (2/jobs), goes inward to the dispatcher, and worker 7 appears inside.',
  scenario: 'nested-pool',
  at: rec('boot', 'worker 7'),
  panels: ['vm-tree', 'event-log'],
  select: { name: 'worker 7' },
  tryThis: [],
  expect: { logContains: 'boot worker 7 parent 2', treeContains: ['pool', 'dispatcher', 'worker 3', 'worker 7'] },
};

const POWER_CUT = 'power-cut()';

const KILL_POOL: TourStop = {
  id: 'exercise-kill-pool',
  section: 'at-meta-level',
  title: 'Exercise: pull the pool’s plug',
  intro:
    'The dispatcher made its jobs and results endpoints at the meta level: outside, they are the pool’s (2/jobs, ' +
    '2/results), and the requester talks to them. Inside, worker 3 has just started.',
  task: {
    text: `Kill the pool — the VM process in the ground VM — with the reason ${POWER_CUT} (the dialog is prefilled).`,
    action: { kind: 'kill', process: 'pool', reason: POWER_CUT },
  },
  question: {
    ask: rec('boot', 'worker 3'),
    prompt: 'What does the requester learn?',
    choices: [
      choice('Nothing: the dispatcher itself never quit', [rec('quit', 'pool')], [rec('deliver', 'requester', 'absence')]),
      choice(`The absence of the pool’s jobs and results endpoints, with ${POWER_CUT}`, [rec('deliver', 'requester', 'ask absence sub job(?0)', POWER_CUT, 'from p3 2/jobs'), rec('deliver', 'requester', 'answers absence', POWER_CUT)]),
      choice('The absence of each process inside the pool, one by one', [rec('deliver', 'requester', 'absence', 'worker')]),
    ],
    why: 'An endpoint added at the meta level belongs, outside, to the VM process: when the pool goes, its endpoints go with it, with the pool’s reason, and nothing of the processes inside is visible outside.',
  },
  text:
    `The pool quit with ${POWER_CUT} and the processes inside it vanished with it. The requester saw the absence of ` +
    'the pool’s 2/jobs and 2/results — the endpoints the dispatcher made at the meta level, outward — each with ' +
    'the reason power-cut(). It never knew the dispatcher or the workers, so there is nothing else to tell it.',
  claims: [
    { basis: 'talk', text: "Action = 'Yield (State → Transition) + 'AtMetaLevel Preaction + Preaction" },
    { basis: 'marketplace', text: 'A nested VM’s meta-level endpoints are the VM process’s own in the containing VM, withdrawn with its reason (spec §4.3, §3.2).' },
  ],
  answers: ['over', 'route'],
  notes: 'Draw the pool box with two sockets on its edge (2/jobs, 2/results) wired to the requester; cross out the box, and write power-cut() on both wires.',
  scenario: 'nested-pool',
  at: rec('deliver', 'requester', 'answers absence', POWER_CUT),
  panels: ['event-log', 'vm-tree'],
  select: { name: 'requester' },
  tryThis: [],
  expect: { logContains: `answers absence pub result(?0, ?1) ${POWER_CUT}`, treeContains: ['requester', 'timer'] },
};

/** www.shop.test A as DNS wire bytes (id 0x1234, recursion desired): a query from outside, not from the stub. */
const LEARNER_QUERY =
  'udp-packet(udp-remote-address("learner", 5353), udp-listener(53), ' +
  '#"\\x124\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x03www\\x04shop\\x04test\\x00\\x00\\x01\\x00\\x01")';
const INJECTED = rec('ground-event', null, 'user inject');
const SINCE_INJECT = (p: ReturnType<typeof rec>) => afterFirst(INJECTED, p);
/** The packet-relay of the learner's query, given the cache's answer. */
const LEARNER_ANSWERED = rec('deliver', 'packet-relay', 'answer message answered-question', 'udp-remote-address("learner", 5353)');

const CACHE_HIT: TourStop = {
  id: 'exercise-cache-hit',
  section: 'DNS structure',
  title: 'Exercise: what a cache hit skips',
  intro:
    'The stub has its first answer for www.shop.test: a question-handler resolved it through network-query ' +
    'processes and the authoritative servers, and the cache — the question-dispatcher — kept the records. Ask ' +
    'the proxy for www.shop.test yourself, from a host of your own.',
  task: {
    text: 'Inject a DNS query for www.shop.test A from "learner" (a udp-packet to the proxy’s port 53; the dialog is prefilled).',
    action: { kind: 'inject', body: LEARNER_QUERY },
  },
  question: {
    ask: rec('deliver', 'stub', 'responses message', 'stub-result(1,'),
    prompt: 'Which processes does your query skip?',
    choices: [
      choice('None: every question gets a question-handler', [SINCE_INJECT(rec('boot', 'question-handler'))]),
      choice(
        'The question-handler and its network-queries: a packet-relay carries it, and the cache answers it',
        [SINCE_INJECT(rec('boot', 'packet-relay')), LEARNER_ANSWERED],
        [SINCE_INJECT(rec('boot', 'question-handler')), SINCE_INJECT(rec('boot', 'network-query'))],
      ),
      choice('All of the proxy’s processes: the reader drops a query that is not from the stub', [INJECTED], [SINCE_INJECT(rec('boot', 'packet-relay'))]),
    ],
    why: 'The cache is the question-dispatcher: a question it holds (and whose records have not expired) it answers itself, so no question-handler, no network-query and no datagram to a server takes part.',
  },
  text:
    'Your query went through the proxy’s reader and the packet-dispatcher to a new packet-relay, which published ' +
    'the question; the question-dispatcher found it in its cache and sent the answer to the relay. No ' +
    'question-handler, no network-query, no authoritative server: a cache hit is a shorter conversation, not a ' +
    'different program. Step on: the relay publishes the reply, and the writer sends it to learner:5353.',
  claims: [
    { basis: 'talk', text: 'The outline’s DNS structure lists the proxy’s packet-relay, question-dispatcher, question-handler and network-query.' },
    { basis: 'reading', text: 'The simulated DNS world and the exercise are os2 Lab’s.' },
  ],
  answers: ['start', 'roles'],
  notes: 'Draw the first query’s path through the proxy and out to the servers, then yours beside it, turning back at the question-dispatcher.',
  scenario: 'dns-proxy',
  at: LEARNER_ANSWERED,
  panels: ['event-log', 'vm-tree'],
  select: { name: 'question-dispatcher' },
  tryThis: [],
  expect: { logContains: 'answer message answered-question(question("www.shop.test.", "A", "IN", context(client-request(4660, udp-remote-address("learner", 5353))', treeContains: ['stub', 'question-dispatcher', 'packet-relay'] },
};

const ALICE_SESSION = 'ssh-session 1 alice:49152';

const KILL_SESSION: TourStop = {
  id: 'exercise-kill-session',
  section: 'SSH structure',
  title: 'Exercise: kill one session VM',
  intro:
    'Alice’s session is a nested VM in the ground VM — its reader, writer, session, application and relays inside ' +
    'it — and bob’s has just started beside it. Alice’s connection manager publishes her bytes to the session’s ' +
    'reader and subscribes to what its writer publishes.',
  task: {
    text: `Kill alice’s session VM, ${ALICE_SESSION}, with the reason ${UNPLUGGED} (the dialog is prefilled).`,
    action: { kind: 'kill', process: ALICE_SESSION, reason: UNPLUGGED },
  },
  question: {
    ask: rec('boot', 'ssh-session 2 bob:49153'),
    prompt: 'What becomes of alice’s connection, and of bob’s session?',
    choices: [
      choice('Alice’s connection stays open: the processes of her session live on inside', [rec('quit', ALICE_SESSION)], [rec('world', null, 'alice tcp-eof')]),
      choice('Her connection manager sees its partner go and closes her connection; bob’s session carries on', [rec('world', null, 'alice tcp-eof'), afterFirst(rec('world', null, 'alice tcp-eof'), rec('world', null, 'bob client-recv'))]),
      choice('Both connections close: the sessions share one listener', [rec('world', null, 'bob tcp-eof')]),
    ],
    why: 'Killing the VM process takes everything inside it; outside, its endpoints — the writer’s publisher among them, a participant — go with the kill’s reason, and alice’s connection manager closes a connection whose partner is gone. Bob’s session is another process.',
  },
  text:
    'The kill took alice’s session VM and the processes inside it. Her connection manager saw the absence of the ' +
    'writer’s endpoint (the VM’s, outside) with the reason unplugged() and closed her connection: alice got EOF. ' +
    'Bob’s session, a separate nested VM, went on with its handshake: a session’s failure stays in its VM.',
  claims: [
    { basis: 'talk', text: '“Compare the “natural” structure of SSH with the structure using nested VMs.”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['over', 'manage'],
  notes: 'Draw the two session boxes side by side under the listener; cross out alice’s whole box, draw EOF going out to alice, and bob’s box untouched.',
  scenario: 'ssh-nested',
  at: afterFirst(rec('world', null, 'alice tcp-eof'), rec('world', null, 'bob client-recv')),
  panels: ['vm-tree', 'event-log'],
  select: { name: 'ssh-session 2 bob:49153' },
  tryThis: [],
  expect: { logContains: 'bob client-recv', treeContains: ['ssh-session 2 bob:49153', 'listener'] },
};

const RECAP: TourStop = {
  id: 'exercise-recap',
  section: 'Recap',
  title: 'Exercise: pull the plug mid-conversation',
  intro:
    'The smallest conversation: the client sends ping(n) upstream as feedback, the server answers pong(n). ' +
    'The client has just received pong(1) and sends ping(2).',
  task: {
    text: `Kill the server with the reason ${POWER_CUT} (the dialog is prefilled).`,
    action: { kind: 'kill', process: 'server', reason: POWER_CUT },
  },
  question: {
    ask: rec('deliver', 'client', 'pongs message pong(1)'),
    prompt: 'What does the client learn, and from whom?',
    choices: [
      choice('Nothing: the server sent no goodbye, so the client waits for pong(2)', [rec('quit', 'server')], [rec('deliver', 'client', 'absence')]),
      choice(`Two absences from the kernel, one per endpoint of the server, each with ${POWER_CUT}`, [rec('deliver', 'client', 'service absence', POWER_CUT), rec('deliver', 'client', 'pongs absence', POWER_CUT)]),
      choice('pong(2) all the same: its ping was already on its way', [rec('deliver', 'client', 'pongs message pong(2)')]),
    ],
    why: 'Presence is the conversation’s frame: when the server goes, the kernel tells every endpoint that matched one of its endpoints, with the reason — the talk’s errors by loss of presence.',
  },
  text:
    'The kernel told the client of the server’s absence twice — its ping(?) publisher and its pong(?) publisher — ' +
    'each with the reason power-cut(). Nobody sent a message about it: finding each other, the conversation, and ' +
    'its end all came from presence.',
  claims: [
    { basis: 'talk', text: '“Exceptions and errors are propagated via loss of presence.”' },
    { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
  ],
  answers: ['find', 'start', 'over'],
  notes: 'Draw client and server with their two pairs of endpoints; cross out the server and draw two dashed absence arrows to the client, each labelled power-cut().',
  scenario: 'ping-pong',
  at: rec('deliver', 'client', 'pongs absence', POWER_CUT),
  panels: ['event-log', 'sequence-chart'],
  select: { name: 'client' },
  tryThis: [],
  expect: { logContains: `pongs absence pub pong(?0) ${POWER_CUT}`, treeContains: ['client'] },
};

/** Each exercise, and the id of the stop it comes after. */
export const SYSTEM_EXERCISES: readonly (readonly [string, TourStop])[] = [
  ['actions', PSST_STOP],
  ['ground-vm', GROUND],
  ['relay-labels', EXTRA_JOB],
  ['at-meta-level', KILL_POOL],
  ['dns-structure', CACHE_HIT],
  ['ssh-flat', KILL_SESSION],
  ['errors-ssh', RECAP],
];
