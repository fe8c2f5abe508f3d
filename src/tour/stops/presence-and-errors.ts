/**
 * Tour stops for synchronous and asynchronous communication (presence as rendezvous), errors
 * propagated by loss of presence, and the recap.
 */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const BLIND = 'ask("blind", "hello")';
const POISON = rec('deliver', 'adder#1', 'crashed', 'poison job p1');

export const PRESENCE_AND_ERROR_STOPS: readonly TourStop[] = [
  {
    id: 'sync-async',
    section: 'Synchronous and asynchronous',
    title: 'Messages are asynchronous, and not kept',
    intro:
      'Two clients start before the server exists; a launcher starts it 20 ms later. The blind client does not ' +
      `wait: at boot it sends its question, ${BLIND}, as feedback — the server will publish ask(?, ?).`,
    question: {
      ask: rec('action', 'blind-client', `send-feedback ${BLIND}`),
      prompt: 'The server’s ask(?, ?) publisher appears 20 ms later. Does the blind question reach it?',
      choices: [
        choice('Yes: the question waited in a queue for the server', [rec('deliver', 'server', `feedback ${BLIND}`)]),
        choice('No: nobody matched it when it was sent, and it is gone', [rec('endpoint', 'server', 'endpoint added questions')], [rec('deliver', null, `feedback ${BLIND}`)]),
        choice('The kernel refuses to send it and crashes the client', [rec('quit', 'blind-client')]),
      ],
      why: 'A message is delivered, at once, to the endpoints that match it when it is sent, and to no one else: messages are asynchronous and never buffered.',
    },
    text:
      'The server’s endpoint is there now, and the blind question never reached it: the feedback was performed at ' +
      '0 ms, no publisher matched it, and no delivery followed. Sending is asynchronous — the sender does not wait ' +
      'and is not told — and messages are not kept for later. The blind client will wait forever (its state still ' +
      'says answers: []). The next stop shows the synchronous half of os2: presence.',
    claims: [
      { basis: 'talk', text: '“The presence/messaging system looks like a hybrid between synchronous and asynchronous messaging.”' },
      { basis: 'marketplace', text: 'Messages are not buffered: a message sent before a matching endpoint exists is lost (spec §11.8).' },
    ],
    answers: ['find'],
    notes: 'Draw a timeline: at 0 ms the blind client’s arrow goes into the void; at 20 ms the server appears. Ask the room what an Erlang mailbox would have done (it needs a pid, which did not exist).',
    scenario: 'rendezvous',
    at: rec('endpoint', 'server', 'endpoint added questions'),
    panels: ['event-log', 'sequence-chart', 'variants'],
    variant: { flag: '--blind-client', values: ['send-at-boot', 'wait-for-presence'] },
    select: { name: 'blind-client' },
    tryThis: [{ text: 'Inject the answer the blind client waits for, from outside.', action: { kind: 'inject', body: 'answer("blind", "hello from outside")' } }],
    expect: { logContains: 'endpoint added questions pub ask(?0, ?1)', treeContains: ['patient-client', 'blind-client', 'server'], inspectorContains: 'answers' },
  },
  {
    id: 'rendezvous',
    section: 'Synchronous and asynchronous',
    title: 'Synchronise with presence, then communicate',
    intro:
      'The server has just booted, 20 ms after the clients. The patient client did not send anything at boot: it ' +
      'subscribed to ask("patient", ?) — the server’s topic — only to learn when the server is there.',
    question: {
      ask: rec('boot', 'server'),
      prompt: 'When does the patient client ask its question?',
      choices: [
        choice('When it sees the server’s presence', [rec('deliver', 'patient-client', 'server-presence presence', 'send-feedback ask("patient", "hello")')]),
        choice('It already asked at boot, like the blind client', [rec('action', 'patient-client', 'send-feedback ask("patient"')], [rec('deliver', 'patient-client', 'server-presence presence')]),
        choice('It polls, every few milliseconds, until the server answers', [rec('action', 'patient-client', 'set-timer')]),
      ],
      why: 'Presence is the synchronous part of os2: both sides learn of each other at the same moment, so the client can wait for the server and only then talk.',
    },
    text:
      'Presence synchronises; messages communicate. The patient client waited for the server’s presence before ' +
      'asking, and it is about to be answered. The blind client asked at boot, before the server existed: ' +
      'messages are not buffered, nobody matched its question, and it is simply gone — the blind client waits ' +
      'forever. Rendezvous via presence removes races at boot time.',
    claims: [
      { basis: 'talk', text: '“Rendezvous via presence: this makes temporal dependencies between processes during system startup resolve themselves automatically. No more races at boot time!”' },
      { basis: 'marketplace', text: 'Presence is computed when an endpoint is added, for both sides at once (spec §1.2).' },
    ],
    answers: ['find', 'start'],
    notes: 'On the same timeline, draw the patient client’s dashed presence line meeting the server’s at 20 ms, and only then its question arrow, and the answer coming back.',
    scenario: 'rendezvous',
    at: { match: { kind: 'deliver', proc: 'patient-client', text: 'server-presence presence' } },
    panels: ['event-log', 'presence-graph'],
    select: { name: 'blind-client' },
    tryThis: [
      {
        text: 'Jump back to the blind client’s question: an action record, and no delivery after it.',
        action: { kind: 'seek', to: { match: { kind: 'action', proc: 'blind-client', text: 'send-feedback ask("blind", "hello")' } } },
      },
      { text: 'Inject the answer the blind client waits for, from outside.', action: { kind: 'inject', body: 'answer("blind", "hello from outside")' } },
    ],
    expect: {
      logContains: 'server-presence presence pub ask("patient", ?0) from p5 questions => ok [send-feedback ask("patient", "hello")]',
      treeContains: ['patient-client', 'blind-client', 'server'],
      inspectorContains: 'replies',
    },
  },
  {
    id: 'exercise-no-sender',
    section: 'Synchronous and asynchronous',
    title: 'Exercise: an answer nobody asked for',
    intro:
      'The blind client’s question was lost, and it still waits for answer("blind", ?). The server is up, and knows ' +
      'nothing of it. Answer it yourself, from outside the VM.',
    task: {
      text: 'Inject answer("blind", "hello from outside") as a message (the button opens the dialog, prefilled).',
      action: { kind: 'inject', body: 'answer("blind", "hello from outside")' },
    },
    question: {
      ask: rec('endpoint', 'server', 'endpoint added questions'),
      prompt: 'What does the blind client do with the answer?',
      choices: [
        choice('Takes it and quits: it cannot tell who answered', [rec('deliver', 'blind-client', 'replies message answer("blind", "hello from outside")', 'quit')]),
        choice('Ignores it, since the server did not send it', [rec('deliver', 'blind-client', 'replies message answer("blind", "hello from outside")')], [rec('deliver', 'blind-client', 'replies message', 'quit')]),
        choice('Never gets it: only a process can send to a process', [rec('ground-event', null, 'user inject')], [rec('deliver', 'blind-client', 'replies message')]),
      ],
      why: 'A message is its topic: anything answer("blind", …) is what the blind client subscribed to, whoever sent it — the kernel delivers by topic, and no sender comes with it.',
    },
    text:
      'The injected answer matched the blind client’s subscription, and it took it and quit, as it would have with ' +
      'the server’s. Messages are asynchronous and carry no sender: what makes a message an answer is its topic. ' +
      'Presence is what tells a process who is there; messages only say what was said.',
    claims: [
      { basis: 'marketplace', text: 'Injected messages are delivered like any other: to every endpoint whose topic matches (spec §11.18).' },
      { basis: 'reading', text: 'The exercise is os2 Lab’s.' },
    ],
    answers: ['find'],
    notes: 'On the rendezvous timeline, draw an arrow from outside the board into the blind client: it cannot see where the arrow started.',
    scenario: 'rendezvous',
    at: rec('deliver', 'blind-client', 'replies message answer("blind", "hello from outside")'),
    panels: ['event-log', 'inspector'],
    select: { name: 'blind-client' },
    tryThis: [],
    expect: { logContains: 'replies message answer("blind", "hello from outside") => ok [quit false]', treeContains: ['blind-client', 'server'], inspectorContains: 'hello from outside' },
  },
  {
    id: 'errors-links',
    section: 'Errors by loss of presence',
    title: 'A link is a conversation that ends',
    intro:
      'A supervisor keeps an adder worker; each worker incarnation spawns a helper, linked to it: the worker ' +
      'publishes link("adder", n) and the helper subscribes. A saboteur has just sent adder#1 a poison job, and ' +
      'adder#1 crashed.',
    question: {
      ask: POISON,
      prompt: 'What happens to adder#1’s helper?',
      choices: [
        choice('It exits too, with the same reason', [rec('deliver', 'helper of adder#1', 'link absence', 'quit exn("Error", "poison job p1")')]),
        choice('Nothing: it was not the one that crashed', [POISON], [rec('deliver', 'helper of adder#1', 'link absence')]),
        choice('It restarts adder#1', [rec('action', 'helper of adder#1', 'spawn')]),
      ],
      why: 'The helper learns of the crash as the absence of the link it subscribed to, with the crash as the reason, and its handler quits with that reason: an exit signal built from presence.',
    },
    text:
      'Errors propagate by loss of presence. The worker adder#1 crashed on a poison job, and the kernel ' +
      'withdrew its endpoints with the crash as the reason. Its helper subscribes to link("adder", 1), which ' +
      'the worker publishes: seeing that presence go with a crash reason, it exits with the same reason, as an ' +
      'Erlang link’s exit signal would (a normal exit, reason false, would not propagate). But this link runs ' +
      'one way: Erlang’s links are mutual, while here the worker’s end of the link has no handler — it is told ' +
      'when its helper goes and does nothing — so a crashing helper would not take the worker with it.',
    claims: [
      { basis: 'talk', text: '“Exceptions and errors are propagated via loss of presence. Erlang’s process links and monitors can be seen as a special case of this mechanism.”' },
      { basis: 'reading', text: 'The link topic and its one-way handler are os2 Lab’s example; Erlang’s links are mutual.' },
    ],
    answers: ['over'],
    notes: 'Draw the worker and its helper joined by a link line with an arrowhead at the helper’s end only. Cross out the worker: the helper follows. Ask what a second arrowhead would take.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'helper of adder#1', text: 'link absence' } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'helper of adder#1' },
    tryThis: [
      { text: 'Step back ten records to the crash itself.', action: { kind: 'step', by: -10 } },
      { text: 'Kill the client instead, with a reason of your own, and see who notices.', action: { kind: 'kill', process: 'client', reason: 'killed-by-user()' } },
    ],
    expect: {
      logContains: 'link absence pub link("adder", 1) exn("Error", "poison job p1") from p5 link => ok [quit exn("Error", "poison job p1")]',
      treeContains: ['supervisor', 'client', 'saboteur'],
      inspectorContains: 'link',
    },
  },
  {
    id: 'errors-supervisor',
    section: 'Errors by loss of presence',
    title: 'A supervisor is a monitor that restarts',
    intro: 'The same crash, seen from the supervisor: an observer subscriber of worker(?, ?), nobody’s partner.',
    question: {
      ask: POISON,
      prompt: 'What does the supervisor learn, and do?',
      choices: [
        choice('It sees the absence with the crash reason, and schedules a restart', [rec('deliver', 'supervisor', 'children absence', 'exn("Error", "poison job p1")', 'set-timer(restart')]),
        choice('Nothing: an observer is nobody’s partner, so it is not told', [POISON], [rec('deliver', 'supervisor', 'children absence')]),
        choice('It is told adder#1 left, but not why', [rec('deliver', 'supervisor', 'children absence', ') false')]),
      ],
      why: 'An observer sees every participant’s presence and absence, with the reason, without being seen: exactly what a monitor is.',
    },
    text:
      'The supervisor is an observer of worker(?, ?) — an Erlang monitor: it sees a worker’s absence and the ' +
      'reason, without being anyone’s partner. On a crash it starts the next incarnation of the worker; after ' +
      'three restarts within 100 ms it gives up and quits with reason shutdown(…), as an OTP supervisor does.',
    claims: [
      { basis: 'talk', text: '“Erlang/OTP-like supervisors fit naturally into this picture.”' },
      { basis: 'reading', text: 'The restart intensity (three restarts in 100 ms) follows OTP; the numbers are os2 Lab’s.' },
    ],
    answers: ['over', 'manage'],
    notes: 'Draw the supervisor above the worker as an eye (observer) with a one-way dashed arrow. Each crossed-out worker gets a new one beside it, until the fourth, when the eye closes.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'supervisor', text: 'children absence' } },
    panels: ['event-log', 'inspector', 'variants'],
    variant: { flag: '--max-restarts', values: ['3', '4'] },
    select: { name: 'supervisor' },
    tryThis: [
      {
        text: 'Jump to the supervisor giving up after the fourth crash.',
        action: { kind: 'seek', to: { match: { kind: 'quit', proc: 'supervisor' } } },
      },
    ],
    expect: {
      logContains: 'children absence pub worker("adder", ?0) exn("Error", "poison job p1")',
      treeContains: ['supervisor', 'helper of adder#1'],
      inspectorContains: 'sub/observer worker',
    },
  },
  {
    id: 'errors-ssh',
    section: 'Errors by loss of presence',
    title: 'The SSH exception handler',
    intro: 'Bob’s SSH client sends a packet whose length field says 1 MiB; inside bob’s session VM the reader has just crashed with an SSH protocol error.',
    question: {
      ask: rec('deliver', 'reader', 'crashed', 'SshProtocolError'),
      prompt: 'Who notices, inside bob’s session VM?',
      choices: [
        choice('The exception handler, an everything observer: it sees the reader’s endpoints vanish with the error', [rec('deliver', 'exception-handler', 'absence', 'SshProtocolError')]),
        choice('Nobody: the session hangs until bob gives up', [rec('deliver', 'reader', 'crashed', 'SshProtocolError')], [rec('deliver', 'exception-handler', 'absence', 'SshProtocolError')]),
        choice('The whole server stops', [rec('quit', 'listener')]),
      ],
      why: 'The exception handler watches every endpoint of the session with everything interest, so any process’s crash reaches it as absences carrying the error.',
    },
    text:
      'The same idea at the scale of a real protocol. Bob sends a packet whose length field says 1 MiB, and the ' +
      'reader crashes with an SSH protocol error. The exception handler, an everything observer inside bob’s ' +
      'session VM, sees the reader’s endpoints vanish with that reason; it sends DISCONNECT through the writer ' +
      'and, once that is flushed, ends the whole session VM.',
    claims: [
      { basis: 'talk', text: 'The outline’s SSH session has an exception-handler process.' },
      { basis: 'reading', text: 'What it does — DISCONNECT through the writer, then end the session VM — is os2 Lab’s implementation.' },
    ],
    answers: ['over'],
    notes: 'On the SSH drawing, put the exception handler in the corner of bob’s session box with dashed lines to every process. Cross out the reader: every line to it carries the error to the corner.',
    scenario: 'ssh-nested',
    at: { match: { kind: 'deliver', proc: 'exception-handler', text: ['absence', 'SshProtocolError'] } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'exception-handler', inVm: 'ssh-session 2 bob:49153' },
    tryThis: [
      {
        text: 'Jump to the end of bob’s session VM: everything inside vanishes with it.',
        action: { kind: 'seek', to: { match: { kind: 'quit', proc: 'ssh-session 2 bob:49153' } } },
      },
    ],
    expect: {
      logContains: 'absence sub inbound-credit(?0) exn("SshProtocolError", "PROTOCOL_ERROR: bad packet length 1048576")',
      treeContains: ['ssh-session 2 bob:49153', 'exception-handler', 'writer'],
      inspectorContains: 'watch-publishers',
    },
  },
  {
    id: 'recap',
    section: 'Recap',
    title: 'The whole talk in one small program',
    intro:
      'Ping-pong holds the talk in 47 records: the client waits for the server’s presence, pings upstream as ' +
      'feedback, gets pongs as messages, and after the third pong it quits. The card gathers the six questions ' +
      'and the stops that answered them.',
    question: {
      ask: rec('deliver', 'client', 'pongs message pong(3)'),
      prompt: 'The client quits. What does the server learn, and from whom?',
      choices: [
        choice('An absence for each of the client’s endpoints, from the kernel, with reason false', [rec('deliver', 'server', 'replies absence', 'false'), rec('deliver', 'server', 'service absence', 'false')]),
        choice('A goodbye message from the client', [rec('deliver', 'server', 'message', 'goodbye')]),
        choice('Nothing: the client just stops', [rec('quit', 'client')], [rec('deliver', 'server', 'absence')]),
      ],
      why: 'Leaving withdraws the client’s endpoints, and the kernel tells every peer — the conversation ends by loss of presence, as it began by presence.',
    },
    text:
      'The server saw two absences, one per endpoint the client had, with reason false: a normal end. In 47 ' +
      'records this program found its peer by presence, asked by feedback, was answered by messages and ended by ' +
      'absence — the talk’s answers to how participants find each other, how a conversation starts, how it is ' +
      'managed and how its participants know it is over. The card lists every stop by the question it helps answer.',
    claims: [
      { basis: 'talk', text: 'The six questions are the outline’s: discovery, starting, managing resources, ending, routing, roles.' },
      { basis: 'reading', text: 'Which stop answers which question is os2 Lab’s mapping.' },
    ],
    answers: ['find', 'start', 'manage', 'over'],
    notes: 'Go back to the six questions written at the start and, for each, point at the drawing that answered it.',
    card: 'recap',
    scenario: 'ping-pong',
    at: rec('deliver', 'server', 'service absence'),
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'server' },
    tryThis: [{ text: 'Jump to the very first presence: the client’s wait is over and it pings.', action: { kind: 'seek', to: rec('deliver', 'client', 'service presence') } }],
    expect: { logContains: 'service absence sub ping(?0) false from p1 service => ok', treeContains: ['server'], inspectorContains: 'service' },
  },
];
