/**
 * The guided tour (issue 7): the talk (../shared/seed/talk-outline.txt) as stops on the live kernel,
 * in the talk's order. Framework-free data; src/ui/tour-store.ts drives the debugger from it.
 *
 * Data definition:
 *   TourStop = { id, section, title, text, scenario, at, panels, select?, tryThis, expect }
 *     text      2–5 sentences in our own words, true of what the run shows at `at`
 *     at        where the cursor goes: a Position (a predicate over the run's records, see locate.ts)
 *     panels    the panels that matter here (outlined in the UI; the presenter view shows only them)
 *     select    the process to select, by name (and the name of its VM process when names repeat)
 *     tryThis   suggestions; those with an action are buttons (step, jump, select, or an
 *               intervention: kill, inject, add a client — these open the intervention dialog)
 *     expect    what the stop's text claims, checked by test/e2e/tour.spec.ts and test/ui/tour.test.ts:
 *               logContains  a record at or just before the cursor contains it (the event log shows it)
 *               treeContains names of processes alive at the cursor (the VM tree shows them)
 *               inspectorContains  the selected process's inspection (state, endpoints, queue) shows it
 * A stop whose scenario is not registered is skipped (availableStops).
 */
import type { Position, ProcessRef } from '../debugger/find.ts';

export type PanelId = 'vm-tree' | 'presence-graph' | 'inspector' | 'event-log' | 'sequence-chart';

export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  'vm-tree': 'VM tree',
  'presence-graph': 'Presence graph',
  inspector: 'Inspector',
  'event-log': 'Event log',
  'sequence-chart': 'Sequence chart',
};

export type TryAction =
  /** Step the cursor by this many records (negative: back). */
  | { readonly kind: 'step'; readonly by: number }
  /** Jump to another point of the same run. */
  | { readonly kind: 'seek'; readonly to: Position }
  | { readonly kind: 'select'; readonly process: string }
  /** Open "Kill process…" on this process (by name), with this reason. */
  | { readonly kind: 'kill'; readonly process: string; readonly reason?: string }
  /** Open "Inject message…" with this body (the kernel's notation). */
  | { readonly kind: 'inject'; readonly body: string; readonly orientation?: 'publisher' | 'subscriber' }
  /** Open "Add client…" with these values. */
  | { readonly kind: 'add-client'; readonly host: string; readonly lines: readonly string[] };

export interface TryThis {
  readonly text: string;
  readonly action?: TryAction;
}

export interface StopExpect {
  readonly logContains?: string;
  readonly treeContains?: readonly string[];
  readonly inspectorContains?: string;
}

export type { ProcessRef } from '../debugger/find.ts';

export interface TourStop {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly text: string;
  readonly scenario: string;
  readonly at: Position;
  readonly panels: readonly PanelId[];
  readonly select?: ProcessRef;
  readonly tryThis: readonly TryThis[];
  readonly expect: StopExpect;
}

const ALICE = 'tcp-address("alice", 49152)';

export const TOUR_STOPS: readonly TourStop[] = [
  // ---- the core idea ------------------------------------------------------------------------------
  {
    id: 'conversations',
    section: 'Conversational context',
    title: 'Not one sender, one receiver: a conversation',
    text:
      'In Erlang or the π-calculus a message goes from one sender to exactly one receiver. In os2 a process ' +
      'sends on a topic, and every endpoint whose topic overlaps it receives the message. The echo handler ' +
      'just granted one line of credit on alice’s connection, and that single feedback message reached three ' +
      'endpoints: the TCP driver’s listener factory, the listener manager and the connection manager. The ' +
      'unit of communication is the conversation — everything on tcp-channel(alice, port 5999, ?) — not a ' +
      'single message.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', text: ['inbound feedback', 'tcp-credit(1)'] } },
    panels: ['event-log', 'sequence-chart'],
    select: { name: `tcp-connection ${ALICE}` },
    tryThis: [
      { text: 'Step back three records to the send-feedback action, then forward again: one delivery record per receiving endpoint.', action: { kind: 'step', by: -3 } },
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
      logContains: 'deliver service presence pub ping(?0) => ok [send-feedback ping(1)]',
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
      { text: 'Step forward four records: the presence of the new endpoint is delivered to the driver, the listener manager, the connection manager and the handler itself.', action: { kind: 'step', by: 4 } },
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
      'kernel to perform: spawn, add-role and delete-role, send-message (down to subscribers), send-feedback ' +
      '(up to publishers), quit, yield. The connection handler’s boot just returned three actions: two feedback ' +
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
      logContains: 'demand presence sub service("alice", ?0) => ok [spawn teller alice]',
      treeContains: ['manager', 'auditor', 'customer alice'],
      inspectorContains: 'pub/observer service',
    },
  },
  // ---- the layers ---------------------------------------------------------------------------------
  {
    id: 'ground-vm',
    section: 'The ground VM',
    title: 'The ground VM meets the world through events',
    text:
      'The ground VM is the kernel instance at the bottom, the one that touches the outside world (here a ' +
      'simulated network and clock). A process asks for an external event by subscribing to [descriptor, ?]: ' +
      'alice’s connection manager subscribes to [#<evt tcp-read-line 2>, ?]. When the event is ready the ground ' +
      'syncs on it and delivers [descriptor, value] as an ordinary message — here the line "hello" alice typed.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'ground-event', text: 'ground-event (event tcp-read-line)' } },
    panels: ['event-log', 'inspector'],
    select: { name: `tcp-connection ${ALICE}` },
    tryThis: [
      { text: 'Step back one record: the world record of the bytes reaching the server comes just before the ground event.', action: { kind: 'step', by: -1 } },
      { text: 'Inject a message from outside the VM, e.g. hello("world").', action: { kind: 'inject', body: 'hello("world")' } },
    ],
    expect: {
      logContains: 'ground-event (event tcp-read-line) [#<evt tcp-read-line 2>, #"hello"]',
      inspectorContains: 'inbound-relay',
    },
  },
  {
    id: 'nested-vms',
    section: 'Nested VMs',
    title: 'A VM is a process',
    text:
      'The kernel is recursive: a VM can run as a process inside another VM. The worker pool is a nested VM, ' +
      'p3 in the ground VM; inside it run a timer relay and a dispatcher, in their own routing space that the ' +
      'ground cannot see. Nested VMs give a "thread" that composes, and hide an implementation behind a ' +
      'private language of topics. The VM tree shows the nesting.',
    scenario: 'nested-pool',
    at: { match: { kind: 'boot', proc: 'dispatcher' } },
    panels: ['vm-tree', 'presence-graph'],
    select: { name: 'pool' },
    tryThis: [
      {
        text: 'Jump to the first worker: the pool spawns it inside, and the requester outside cannot count the workers.',
        action: { kind: 'seek', to: { match: { kind: 'boot', proc: 'worker 3' } } },
      },
    ],
    expect: {
      logContains: 'boot dispatcher parent 0 => ok [at-meta-level add-role jobs',
      treeContains: ['pool', 'timer-relay', 'dispatcher', 'requester'],
      inspectorContains: 'nested VM',
    },
  },
  {
    id: 'at-meta-level',
    section: 'at-meta-level',
    title: 'Speaking to the containing VM',
    text:
      'at-meta-level wraps an action so that it happens one level down, in the containing VM. The dispatcher ' +
      'added its jobs subscription at the meta level: inside the pool it is a meta endpoint, and in the ground ' +
      'it has just appeared as an endpoint of the VM process, named 2/jobs. The requester will see its presence ' +
      'and send job(3), which the VM process relays inward to the dispatcher.',
    scenario: 'nested-pool',
    at: { match: { kind: 'endpoint', proc: 'pool', text: 'endpoint added 2/jobs' } },
    panels: ['inspector', 'presence-graph', 'event-log'],
    select: { name: 'pool' },
    tryThis: [
      { text: 'Step forward: the requester sees the pool’s presence and sends job(3).', action: { kind: 'step', by: 1 } },
      { text: 'Select the dispatcher in the VM tree: its jobs endpoint is marked meta.', action: { kind: 'select', process: 'dispatcher' } },
    ],
    expect: {
      logContains: 'endpoint added 2/jobs sub job(?0)',
      treeContains: ['pool', 'dispatcher'],
      inspectorContains: '2/jobs',
    },
  },
  // ---- TCP, DNS, SSH -------------------------------------------------------------------------------
  {
    id: 'tcp-factories',
    section: 'TCP',
    title: 'The TCP driver’s factories are observers',
    text:
      'The TCP driver chooses an interest type for each of its roles. Its listener factory is an everything ' +
      'observer: it sees the listener’s observer subscription to tcp-channel(?, tcp-listener(5999), ?) and ' +
      'opens port 5999 by spawning a listener manager. Its connection factory is an observer of outgoing ' +
      'connections. Because they only observe, the driver never looks like a partner in anyone’s conversation.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', proc: 'tcp', text: 'listener-factory-pub presence' } },
    panels: ['inspector', 'presence-graph', 'event-log'],
    select: { name: 'tcp' },
    tryThis: [
      { text: 'Step forward three records: the listener manager boots with an everything endpoint that watches the listener.', action: { kind: 'step', by: 3 } },
    ],
    expect: {
      logContains: 'listener-factory-pub presence sub/observer tcp-channel(tcp-address(?0, ?1), tcp-listener(5999), ?2) => ok [spawn tcp-listener',
      treeContains: ['tcp', 'listener'],
      inspectorContains: 'sub/everything',
    },
  },
  {
    id: 'tcp-listener',
    section: 'TCP',
    title: 'The listener observes connections',
    text:
      'The listener is an observer subscriber of tcp-channel(?, tcp-listener(5999), ?). When alice connects, ' +
      'her connection manager appears as a publisher; the listener sees its presence and spawns a connection ' +
      'handler, without being taken for alice’s partner. The listener manager watches the listener with an ' +
      'everything endpoint, so port 5999 stays open exactly as long as the listener exists.',
    scenario: 'tcp-echo',
    at: { match: { kind: 'deliver', proc: 'listener', text: `inbound-handler presence pub tcp-channel(${ALICE}` } },
    panels: ['vm-tree', 'presence-graph', 'event-log'],
    select: { name: 'listener' },
    tryThis: [
      {
        text: 'Kill the listener now: the listener manager sees its absence and closes the port; both leave the VM tree.',
        action: { kind: 'kill', process: 'listener', reason: 'killed-by-user()' },
      },
      { text: 'Add a client carol who sends one line, and find her echo in the event log.', action: { kind: 'add-client', host: 'carol', lines: ['hi from carol'] } },
    ],
    expect: {
      logContains: `inbound-handler presence pub tcp-channel(${ALICE}, tcp-listener(5999), ?0) => ok [spawn connection-handler]`,
      treeContains: ['listener', 'tcp-listener tcp-listener(5999)', `tcp-connection ${ALICE}`],
      inspectorContains: 'sub/observer',
    },
  },
  {
    id: 'tcp-date-close',
    section: 'TCP',
    title: 'Closing a connection by withdrawing presence',
    text:
      'The date server’s handler never sends a "close" message. It publishes on alice’s outbound channel, ' +
      'sends the time, and quits when the driver’s credit feedback acknowledges the write. Its publisher’s ' +
      'absence is the close: the connection manager sees it, spawns a closer for the socket and quits.',
    scenario: 'tcp-date',
    at: { match: { kind: 'deliver', text: [`outbound absence pub tcp-channel(tcp-listener(13), ${ALICE}`, 'spawn tcp-close'] } },
    panels: ['event-log', 'presence-graph'],
    select: { name: `tcp-connection ${ALICE}` },
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
    id: 'dns-structure',
    section: 'DNS structure',
    title: 'A DNS proxy made of conversations',
    text:
      'The caching DNS proxy is a nested VM of small conversational processes. Readers and writers turn UDP ' +
      'datagrams into dns-request and dns-reply conversations; the packet-dispatcher starts a packet-relay per ' +
      'request; the question-dispatcher is the cache, and it has just spawned a question-handler for an uncached ' +
      'question, which resolves iteratively through network-query processes. Each authoritative server is a ' +
      'nested VM of its own.',
    scenario: 'dns-proxy',
    at: { match: { kind: 'boot', proc: 'question-handler' } },
    panels: ['vm-tree', 'presence-graph'],
    select: { name: 'question-dispatcher' },
    tryThis: [
      {
        text: 'Jump to the handler’s first network-query: it allocates a query id before anything goes on the wire.',
        action: { kind: 'seek', to: { match: { kind: 'boot', proc: 'network-query' } } },
      },
    ],
    expect: {
      logContains: 'boot question-handler parent',
      treeContains: ['dns-proxy', 'packet-dispatcher', 'packet-relay', 'question-dispatcher', 'question-handler', 'a.root-servers.net'],
      inspectorContains: 'questions',
    },
  },
  {
    id: 'ssh-structure',
    section: 'SSH structure',
    title: 'An SSH session is a VM',
    text:
      'The SSH server follows the talk’s layout. The listener spawns one session VM per connection; inside it ' +
      'run the exception-handler, event-relay, timer-relay, reader, writer and session processes, and an ' +
      'application VM whose boot process serves channel-open("session", ?). The reader and writer reach the ' +
      'connection at the meta level, so from the ground the whole session is one process.',
    scenario: 'ssh-nested',
    at: { match: { kind: 'boot', proc: 'application-boot' } },
    panels: ['vm-tree', 'presence-graph'],
    select: { name: 'session' },
    tryThis: [
      {
        text: 'Jump to the first echo process: the application VM spawns one per channel.',
        action: { kind: 'seek', to: { match: { kind: 'boot', proc: 'echo 0' } } },
      },
    ],
    expect: {
      logContains: 'boot application-boot parent',
      treeContains: ['listener', 'exception-handler', 'event-relay', 'timer-relay', 'reader', 'writer', 'session', 'application', 'application-boot'],
      inspectorContains: 'inbound-packet',
    },
  },
  {
    id: 'ssh-natural',
    section: 'SSH structure',
    title: 'The same service, structured “naturally”',
    text:
      'The comparison the talk makes: the same SSH service with one process per connection that does reading, ' +
      'framing, key exchange, authentication and channels in one state machine. Compare the VM tree with the ' +
      'nested version: far fewer processes, but no boundaries — an error is a try/catch inside the process, and ' +
      'no other process can watch a part of it fail.',
    scenario: 'ssh-natural',
    at: { match: { kind: 'boot', proc: 'ssh-connection 1 alice:49152' } },
    panels: ['vm-tree', 'inspector'],
    select: { name: 'ssh-connection 1 alice:49152' },
    tryThis: [{ text: 'Switch to the ssh-nested stop (p) and compare the two VM trees.' }],
    expect: {
      logContains: 'boot ssh-connection 1 alice:49152 parent',
      treeContains: ['listener', 'ssh-connection 1 alice:49152'],
      inspectorContains: 'from-client',
    },
  },
  // ---- weaknesses ---------------------------------------------------------------------------------
  {
    id: 'wart',
    section: 'Weaknesses: the wart',
    title: 'Interest types change what a program means',
    text:
      'Both echo listeners quit at 50 ms. The observer listener on port 5999 was never alice’s partner, so her ' +
      'connection lives on. The participant listener on port 6000 was a partner of bob’s connection manager, ' +
      'whose inbound endpoint now sees an absence and closes bob’s connection. And the levels do not compose: ' +
      'a monitor that wants to watch the watchers must use everything, and then they see it too.',
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
      logContains: 'inbound absence sub tcp-channel(tcp-address("bob", 49153), tcp-listener(6000), ?0) false => ok [spawn tcp-close',
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
      logContains: 'watch absence pub service("careless", ?0) false => ok [quit service-lost("careless", false)]',
      treeContains: ['careless-service', 'careful-service', 'careful-watcher'],
      inspectorContains: 'watch',
    },
  },
  {
    id: 'handoff',
    section: 'Weaknesses: handoff of responsibility',
    title: 'Who stands for a resource while its worker starts?',
    text:
      'Three managers try the talk’s three strategies, and every first worker crashes while starting. The ' +
      '"take" manager asserted the resource itself as a stand-in and withdraws it only now, when worker-2 is ' +
      'present: its customer never saw a gap. The "monitor" manager watched worker-alive and restarted its ' +
      'worker; the "blip" manager spawned and forgot, so its customer waits forever.',
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
      logContains: 'watch-workers presence pub resource("take", "worker-2") => ok [delete-role stand-in false]',
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
  // ---- presence and errors -------------------------------------------------------------------------
  {
    id: 'rendezvous',
    section: 'Presence as rendezvous',
    title: 'Synchronise with presence, then communicate',
    text:
      'Presence synchronises; messages communicate. The patient client waited for the server’s presence before ' +
      'asking, and it is about to be answered. The blind client asked at boot, before the server existed: ' +
      'messages are not buffered, nobody matched its question, and it is simply gone — the blind client waits ' +
      'forever. Rendezvous via presence removes races at boot time.',
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
      logContains: 'server-presence presence pub ask("patient", ?0) => ok [send-feedback ask("patient", "hello")]',
      treeContains: ['patient-client', 'blind-client', 'server'],
      inspectorContains: 'replies',
    },
  },
  {
    id: 'errors-links',
    section: 'Errors by loss of presence',
    title: 'An Erlang link is a conversation that ends',
    text:
      'Errors propagate by loss of presence. The worker adder#1 crashed on a poison job, and the kernel ' +
      'withdrew its endpoints with the crash as the reason. Its helper holds a link("adder", 1) conversation ' +
      'with it: seeing that presence go with a crash reason, it exits with the same reason — an Erlang link. ' +
      'A normal exit (reason false) would not propagate.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'helper of adder#1', text: 'link absence' } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'helper of adder#1' },
    tryThis: [
      { text: 'Step back ten records to the crash itself.', action: { kind: 'step', by: -10 } },
      { text: 'Kill the client instead, with a reason of your own, and see who notices.', action: { kind: 'kill', process: 'client', reason: 'killed-by-user()' } },
    ],
    expect: {
      logContains: 'link absence pub link("adder", 1) exn("Error", "poison job p1") => ok [quit exn("Error", "poison job p1")]',
      treeContains: ['supervisor', 'client', 'saboteur'],
      inspectorContains: 'link',
    },
  },
  {
    id: 'errors-supervisor',
    section: 'Errors by loss of presence',
    title: 'A supervisor is a monitor that restarts',
    text:
      'The supervisor is an observer of worker(?, ?) — an Erlang monitor: it sees a worker’s absence and the ' +
      'reason, without being anyone’s partner. On a crash it starts the next incarnation of the worker; after ' +
      'three restarts within 100 ms it gives up and quits with reason shutdown(…), as an OTP supervisor does.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'supervisor', text: 'children absence' } },
    panels: ['event-log', 'inspector'],
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
    text:
      'The same idea at the scale of a real protocol. Bob sends a packet whose length field says 1 MiB, and the ' +
      'reader crashes with an SSH protocol error. The exception handler, an everything observer inside bob’s ' +
      'session VM, sees the reader’s endpoints vanish with that reason; it sends DISCONNECT through the writer ' +
      'and, once that is flushed, ends the whole session VM.',
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
];

/** The stops whose scenario is registered (`known` is the registry's ids). */
export function availableStops(known: readonly string[], stops: readonly TourStop[] = TOUR_STOPS): TourStop[] {
  return stops.filter((s) => known.includes(s.scenario));
}

export function findStop(id: string, stops: readonly TourStop[] = TOUR_STOPS): TourStop | undefined {
  return stops.find((s) => s.id === id);
}
