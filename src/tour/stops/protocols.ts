/** Tour stops for the talk's larger programs: the DNS proxy, and SSH nested, "natural" and flat. */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const ALICE_SESSION = 'ssh-session 1 alice:49152';
const SPAWN_ALICE = (what: string) => rec('deliver', 'listener', 'connections presence', `spawn ${what}`);

export const PROTOCOL_STOPS: readonly TourStop[] = [
  {
    id: 'dns-structure',
    section: 'DNS structure',
    title: 'A DNS proxy made of conversations',
    intro:
      'The caching DNS proxy is a nested VM of small processes. A query for www.shop.test has arrived; its ' +
      'packet-relay has just published question("www.shop.test.", "A", "IN", …) — as presence, not as a ' +
      'message. The question-dispatcher, the cache, observes question(?, ?, ?, ?); it has never seen this one.',
    question: {
      ask: rec('endpoint', 'packet-relay', 'endpoint added question pub question("www.shop.test."'),
      prompt: 'What does the cache do about an uncached question?',
      choices: [
        choice('Starts a question-handler process for it', [rec('boot', 'question-handler')]),
        choice('Sends the question to a root server itself', [rec('action', 'question-dispatcher', 'udp-packet')]),
        choice('Nothing, until a message asks it the question', [rec('endpoint', 'packet-relay', 'endpoint added question')], [rec('boot', 'question-handler')]),
      ],
      why: 'In the proxy a question is a conversation: the relay’s presence is the demand, and the cache answers a cached question itself or spawns a question-handler, which resolves it through network-query processes.',
    },
    text:
      'The caching DNS proxy is a nested VM of small conversational processes. Readers and writers turn UDP ' +
      'datagrams into dns-request and dns-reply conversations; the packet-dispatcher starts a packet-relay per ' +
      'request; the question-dispatcher is the cache, and it has just spawned a question-handler for an uncached ' +
      'question, which resolves iteratively through network-query processes. Each authoritative server is a ' +
      'nested VM of its own.',
    claims: [
      { basis: 'talk', text: 'The outline lists the proxy’s processes: timer, udp, and the server and proxy parts (reader, writer, packet-dispatcher, packet-relay, question-dispatcher, question-handler, network-query, …).' },
      { basis: 'reading', text: 'The simulated DNS world (zones, servers, the stub client) is os2 Lab’s.' },
    ],
    answers: ['start', 'roles'],
    notes: 'Copy the outline’s DNS structure as a tree: the ground with timer and udp, the proxy VM with its processes, one box per authoritative server VM. Mark which ones exist per request (packet-relay) and per question (question-handler).',
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
    intro: 'Alice has connected to the SSH server on port 2222. Its listener, an observer of the port, has seen her connection manager appear and is spawning her session.',
    question: {
      ask: SPAWN_ALICE(`nested-vm ${ALICE_SESSION}`),
      prompt: 'What runs alice’s session?',
      choices: [
        choice('One process that speaks SSH with her', [rec('boot', 'ssh-connection 1 alice:49152')]),
        choice('A VM: a session VM of small processes, with an application VM inside it', [rec('boot', 'exception-handler'), rec('boot', 'application-boot')]),
        choice('Nothing yet: the session starts when alice sends her version string', [SPAWN_ALICE(`nested-vm ${ALICE_SESSION}`)], [rec('boot', 'reader')]),
      ],
      why: 'The listener spawns one nested VM per connection: the session’s processes live in its private routing space, and the application is a VM inside that.',
    },
    text:
      'The SSH server follows the talk’s layout. The listener spawns one session VM per connection; inside it ' +
      'run the exception-handler, event-relay, timer-relay, reader, writer and session processes, and an ' +
      'application VM whose boot process serves channel-open("session", ?). The reader and writer reach the ' +
      'connection at the meta level, so from the ground the whole session is one process.',
    claims: [
      { basis: 'talk', text: 'The outline’s SSH structure: timer, tcp, listener, and a session with exception-handler, event-relay, timer-relay, reader, writer, session, and an application with its boot process.' },
      { basis: 'reading', text: 'The protocol itself (RFC 4253 framing, the none cipher) is os2 Lab’s implementation.' },
    ],
    answers: ['route', 'roles'],
    notes: 'Copy the outline’s SSH structure: the ground, the session VM box per connection, the application VM box inside it. Mark the reader and writer’s meta-level sockets on the session box’s wall.',
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
    intro:
      'The same SSH service, the same bytes on the wire, written the “natural” way — in os2 Lab’s reading of the ' +
      'talk’s one line. The listener is spawning alice’s session.',
    question: {
      ask: SPAWN_ALICE('ssh-connection 1 alice:49152'),
      prompt: 'How many processes does alice’s connection get here?',
      choices: [
        choice('One, doing everything', [rec('boot', 'ssh-connection 1 alice:49152')], [rec('boot', 'reader')]),
        choice('The same seven as in the nested structure, in the ground VM', [rec('boot', 'reader'), rec('boot', 'exception-handler')]),
      ],
      why: 'os2 Lab reads “natural” as one process per connection: reading, framing, key exchange, authentication and channels in one state machine.',
    },
    text:
      'The talk’s outline says only “Compare the ‘natural’ structure of SSH with the structure using nested VMs”, ' +
      'with a whiteboard drawing we do not have. os2 Lab reads “natural” as one process per connection that does ' +
      'reading, framing, key exchange, authentication and channels in one state machine. Compare the VM tree ' +
      'with the nested version: far fewer processes, but no boundaries — an error is a try/catch inside the ' +
      'process, and no other process can watch a part of it fail.',
    claims: [
      { basis: 'talk', text: '“Compare the ‘natural’ structure of SSH with the structure using nested VMs” — with a whiteboard diagram of 14 Oct 2011 that is not available.' },
      { basis: 'reading', text: 'What “natural” means here — one process per connection — is os2 Lab’s reading, not the talk’s.' },
    ],
    answers: ['roles'],
    notes: 'Beside the nested drawing, draw the natural one: one box per connection in the ground VM. Ask the room what the second drawing cannot show when a packet is malformed.',
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
    intro:
      'A third structure, os2 Lab’s: the nested version’s processes, unchanged, all in the ground VM, where alice’s ' +
      'and bob’s sessions will share one routing space. The listener is spawning alice’s session.',
    question: {
      ask: SPAWN_ALICE(ALICE_SESSION),
      prompt: 'Which topic will alice’s session process subscribe to for incoming packets?',
      choices: [
        choice('inbound-packet(?, ?, ?), as in the nested version', [rec('endpoint', 'session (1)', 'endpoint added packets sub inbound-packet(')]),
        choice('ssh-session(1, inbound-packet(?, ?, ?)): the session’s id in every topic', [rec('endpoint', 'session (1)', 'endpoint added packets sub ssh-session(1, inbound-packet(')]),
        choice('tcp-channel(alice, 2222, ?), the connection itself', [rec('endpoint', 'session (1)', 'endpoint added packets sub tcp-channel(')]),
      ],
      why: 'Without a VM around each session, two sessions’ inbound-packet topics would meet: every topic must carry the session’s id to keep the conversations apart.',
    },
    text:
      'A third structure, os2 Lab’s, to show what nested VMs buy: ssh-nested’s processes, unchanged, all in ' +
      'the ground VM. With no session VM around them, alice’s and bob’s sessions share one routing space, so ' +
      'every topic a session uses must carry its session id: alice’s session has just subscribed to ' +
      'ssh-session(1, inbound-packet(?, ?, ?)) where the nested one says inbound-packet(?, ?, ?). Ending a ' +
      'session as a whole must be built too: each of its processes is linked to an anchor, ssh-session 1 ' +
      'alice:49152, that stands for the VM. Scoped names and a shared end are what the VM gives for free.',
    claims: [
      { basis: 'reading', text: 'The flat structure is os2 Lab’s contrast; the talk does not show it.' },
      { basis: 'talk', text: 'The outline’s claim it tests: a nested VM hides implementation detail behind a private language.' },
    ],
    answers: ['route'],
    notes: 'Redraw the nested drawing without the session box: every label inside gets a “1:” or “2:” prefix. The prefixes are what the box was doing.',
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
