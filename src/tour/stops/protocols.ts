/** Tour stops for the protocols built on the layers: TCP, DNS, SSH (nested, "natural" and flat). */
import type { TourStop } from '../stops.ts';
import { ALICE } from './core-idea.ts';

export const PROTOCOL_STOPS: readonly TourStop[] = [
  {
    id: 'tcp-factories',
    section: 'TCP',
    title: 'The TCP driver’s factories watch; its connection managers take part',
    text:
      'The TCP driver chooses an interest type for each of its roles. Its listener factory must be an ' +
      'everything endpoint: the application’s listener is an observer of tcp-channel(?, tcp-listener(5999), ?), ' +
      'and only an everything endpoint is told of an observer — told, the factory opens port 5999 by spawning a ' +
      'listener manager. Its connection factory is an observer of outgoing connections. The factories are ' +
      'nobody’s partner; the connection managers they lead to are participants, and they are exactly the ' +
      'application’s partners in each conversation.',
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
    text:
      'The listener is an observer subscriber of tcp-channel(?, tcp-listener(5999), ?). When alice connects, ' +
      'her connection manager appears as a publisher; the listener sees its presence and spawns a connection ' +
      'handler, without being taken for alice’s partner. The listener manager watches the port with everything ' +
      'endpoints and closes port 5999 when a watcher of the whole port goes away: here that is only the ' +
      'listener, so the port closes when the listener does (any other observer of the whole port leaving would ' +
      'close it too: decision 26 in docs/semantics-decisions.md).',
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
      logContains: `inbound-handler presence pub tcp-channel(${ALICE}, tcp-listener(5999), ?0) from p4 inbound => ok [spawn connection-handler]`,
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
      'The talk’s outline says only “Compare the ‘natural’ structure of SSH with the structure using nested VMs”, ' +
      'with a whiteboard drawing we do not have. os2 Lab reads “natural” as one process per connection that does ' +
      'reading, framing, key exchange, authentication and channels in one state machine. Compare the VM tree ' +
      'with the nested version: far fewer processes, but no boundaries — an error is a try/catch inside the ' +
      'process, and no other process can watch a part of it fail.',
    scenario: 'ssh-natural',
    at: { match: { kind: 'boot', proc: 'ssh-connection 1 alice:49152' } },
    panels: ['vm-tree', 'inspector'],
    select: { name: 'ssh-connection 1 alice:49152' },
    tryThis: [{ text: 'Go back to the ssh-nested stop (p) and compare the two VM trees; the next stop (n) is a third structure, flat.' }],
    expect: {
      logContains: 'boot ssh-connection 1 alice:49152 parent',
      treeContains: ['listener', 'ssh-connection 1 alice:49152'],
      inspectorContains: 'from-client',
    },
  },
  {
    id: 'ssh-flat',
    section: 'SSH structure',
    title: 'The nested processes, flat: what a VM’s names are worth',
    text:
      'A third structure, os2 Lab’s, to show what nested VMs buy: ssh-nested’s processes, unchanged, all in ' +
      'the ground VM. With no session VM around them, alice’s and bob’s sessions share one routing space, so ' +
      'every topic a session uses must carry its session id: alice’s session has just subscribed to ' +
      'ssh-session(1, inbound-packet(?, ?, ?)) where the nested one says inbound-packet(?, ?, ?). Ending a ' +
      'session as a whole must be built too: each of its processes is linked to an anchor, ssh-session 1 ' +
      'alice:49152, that stands for the VM. Scoped names and a shared end are what the VM gives for free.',
    scenario: 'ssh-flat',
    at: { match: { kind: 'endpoint', proc: 'session (1)', text: 'endpoint added packets' } },
    panels: ['vm-tree', 'event-log', 'inspector'],
    select: { name: 'session (1)' },
    tryThis: [
      {
        text: 'Jump to the end of bob’s session: the anchor quits with the protocol error, and every process linked to it follows.',
        action: { kind: 'seek', to: { match: { kind: 'quit', proc: 'ssh-session 2 bob:49153' } } },
      },
    ],
    expect: {
      logContains: 'endpoint added packets sub ssh-session(1, inbound-packet(?0, ?1, ?2))',
      treeContains: ['ssh-session 1 alice:49152', 'exception-handler (1)', 'timer-relay (1)', 'reader (1)', 'writer (1)', 'session (1)', 'application-boot (1)'],
      inspectorContains: 'ssh-session(1, inbound-packet',
    },
  },
];
