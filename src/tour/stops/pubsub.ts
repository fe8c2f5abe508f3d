/**
 * The tour's first stops, on small driver-free programs (src/scenarios/toys/): receivers = many,
 * presence in either start order, absence with a reason, topics as patterns, messages carrying their topic.
 */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const NEWS = 'news("hello")';
const SUNNY = 'weather("paris", "sunny")';

export const PUBSUB_STOPS: readonly TourStop[] = [
  {
    id: 'receivers-many',
    section: 'Conversational context',
    title: 'Receivers = many: one message, every subscriber',
    intro:
      'In Erlang or the π-calculus a message goes from one sender to exactly one receiver. In os2 a process ' +
      'sends on a topic. Two readers subscribe to news(?); the newsroom, a publisher of news(?), has just ' +
      `performed send-message ${NEWS}, naming no receiver.`,
    question: {
      ask: rec('action', 'newsroom', `send-message ${NEWS}`),
      prompt: `The newsroom sends ${NEWS} once. Who receives it?`,
      choices: [
        choice('Nobody: a message must be addressed to a process', [rec('action', 'newsroom', `send-message ${NEWS}`)], [rec('deliver', null, `message ${NEWS}`)]),
        choice('Only reader a, the first to subscribe', [rec('deliver', 'reader a', `message ${NEWS}`)], [rec('deliver', 'reader b', `message ${NEWS}`)]),
        choice('Both readers, one delivery each', [rec('deliver', 'reader a', `message ${NEWS}`), rec('deliver', 'reader b', `message ${NEWS}`)]),
      ],
      why: 'A message is delivered to every endpoint whose topic it lies in — here both readers’ news(?) — so one send makes as many deliveries as there are subscribers.',
    },
    text:
      'One action, two deliveries: the kernel found every subscriber whose topic contains news("hello") and ran ' +
      'each one’s handler, in pid order. Nobody named a receiver; the topic did the addressing. That is the talk’s ' +
      'first whiteboard point, receivers = many, and its second is that the unit is not one message but the ' +
      'conversation, which the next stops build from presence and absence. The card lists the six questions the ' +
      'talk asks of conversations: the tour comes back to them at the end.',
    claims: [
      { basis: 'talk', text: 'The outline’s whiteboard: Erlang and the π-calculus have receivers = 1 and a granularity of one message; the systems we want have receivers = many and a granularity of a conversation.' },
      { basis: 'marketplace', text: 'A message is delivered once to every endpoint of the opposite orientation whose topic unifies with it.' },
    ],
    answers: ['roles'],
    notes:
      'Draw two columns: “Erlang, π: receivers = 1, granularity = message” and “conversations: receivers = many, ' +
      'granularity = session”. Under them, write the six questions and leave them up for the whole session.',
    card: 'six-questions',
    scenario: 'broadcast',
    at: rec('deliver', 'reader b', `paper message ${NEWS}`),
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'reader b' },
    tryThis: [
      {
        text: 'Jump to the newsroom leaving: each reader sees its absence, and leaves too.',
        action: { kind: 'seek', to: rec('deliver', 'reader a', 'paper absence') },
      },
    ],
    expect: { logContains: `paper message ${NEWS} => ok`, treeContains: ['reader a', 'reader b', 'newsroom'], inspectorContains: 'hello' },
  },
  {
    id: 'presence-either-order',
    section: 'Pub/sub + presence',
    title: 'Presence: told who is there, whoever came first',
    intro:
      'Endpoints are subscriptions that also carry presence. In pair A the reader subscribed to note("A", ?) ' +
      'before its writer published. In pair B the writer has been alone for two rounds, and reader B is about to ' +
      'add its endpoint on note("B", ?).',
    question: {
      ask: rec('action', 'reader B', 'add-role inbox'),
      prompt: 'Reader B subscribes long after writer B published. Who is told that the other is there?',
      choices: [
        choice('Only reader B, the newcomer', [rec('deliver', 'reader B', 'presence')], [rec('deliver', 'writer B', 'presence')]),
        choice('Only writer B, which was waiting', [rec('deliver', 'writer B', 'presence')], [rec('deliver', 'reader B', 'presence')]),
        choice('Both, each about the other', [rec('deliver', 'reader B', 'presence'), rec('deliver', 'writer B', 'presence')]),
        choice(
          'Neither: writer B published before anyone listened, and missed its chance',
          [rec('endpoint', 'reader B', 'endpoint added inbox')],
          [rec('deliver', 'reader B', 'presence'), rec('deliver', 'writer B', 'presence')],
        ),
      ],
      why: 'Presence is computed whenever an endpoint is added, against every endpoint already there, and both ends of each match are told — so the order in which they started does not matter.',
    },
    text:
      'Both were told, in the step that added reader B’s endpoint: writer B of a subscriber, reader B of a ' +
      'publisher. Pair A, started the other way round, got the same two deliveries. Presence is not a message sent ' +
      'once: it is a fact the kernel keeps — who is interested in what — and reports to both sides whenever it ' +
      'changes, so nobody has to start first.',
    claims: [
      { basis: 'talk', text: 'Presence is the talk’s word for knowing who is interested, “a generalisation of an idea from the XMPP/Jabber world”.' },
      { basis: 'marketplace', text: 'Adding an endpoint computes presence at once, in both directions, for every endpoint it matches (spec §1.2).' },
    ],
    answers: ['find'],
    notes:
      'Draw a writer box and a reader box pointing at one topic, and a dashed “presence” line between them with ' +
      'arrowheads at both ends. Rub out the reader and draw it again later: the dashed line comes back, both ways.',
    scenario: 'presence-order',
    at: rec('deliver', 'reader B', 'inbox presence'),
    panels: ['presence-graph', 'event-log'],
    select: { name: 'reader B' },
    tryThis: [
      {
        text: 'Jump back to pair A, where the reader came first: the same two deliveries.',
        action: { kind: 'seek', to: rec('deliver', 'writer A', 'outbox presence') },
      },
    ],
    expect: { logContains: 'inbox presence pub note("B", ?0) from p3 outbox => ok', treeContains: ['reader A', 'writer A', 'writer B', 'reader B'], inspectorContains: 'note' },
  },
  {
    id: 'absence-reason',
    section: 'Pub/sub + presence',
    title: 'Absence: how a conversation ends, and why',
    intro:
      'A watcher subscribes to status(?). Three workers publish status(name) and leave as soon as they meet it: ' +
      'the retiree quits normally, the resigner quits with a reason of its own, and the crasher’s presence ' +
      'handler has just thrown an Error.',
    question: {
      ask: rec('deliver', 'crasher', 'crashed'),
      prompt: 'The crasher’s handler threw an Error. What does the watcher learn?',
      choices: [
        choice('Nothing: a crashed process just stops answering', [rec('quit', 'crasher')], [rec('deliver', 'watcher', 'absence pub status("crasher")')]),
        choice('An absence whose reason is the error itself', [rec('deliver', 'watcher', 'absence pub status("crasher") exn("Error"')]),
        choice('An absence with reason false, like any other exit', [rec('deliver', 'watcher', 'absence pub status("crasher") false')]),
      ],
      why: 'When a process leaves, the kernel withdraws its endpoints and each peer sees an absence carrying the reason it left with: false for a normal quit, its own value, or the error of a crash.',
    },
    text:
      'The watcher saw three absences, each with its reason: false for the retiree, resigned("too busy") for the ' +
      'resigner, exn("Error", "disk on fire") for the crasher. Nobody sent a goodbye; the kernel withdrew each ' +
      'worker’s endpoint and told its peers. The crash was contained — the crasher alone quit, the VM went on. ' +
      'Absence is how a conversation ends, and its reason is how an error travels.',
    claims: [
      { basis: 'talk', text: '“Exceptions and errors are propagated via loss of presence.”' },
      { basis: 'marketplace', text: 'A quit deletes every endpoint with the quit’s reason; a crash becomes a quit with the exception as its reason (spec §11, items 10 and 12).' },
    ],
    answers: ['over'],
    notes:
      'Draw the watcher and three workers joined by dashed presence lines. Cross out each worker and write its ' +
      'reason on the line as it disappears: false, resigned(…), exn(…).',
    scenario: 'absence',
    at: rec('deliver', 'watcher', 'absence pub status("crasher")'),
    panels: ['event-log', 'inspector'],
    select: { name: 'watcher' },
    tryThis: [
      {
        text: 'Jump back to the resigner leaving, with a reason of its own.',
        action: { kind: 'seek', to: rec('deliver', 'watcher', 'absence pub status("resigner")') },
      },
    ],
    expect: { logContains: 'watch absence pub status("crasher") exn("Error", "disk on fire")', treeContains: ['watcher'], inspectorContains: 'resigned' },
  },
  {
    id: 'topic-patterns',
    section: 'Topics are sets of messages',
    title: 'Presence carries the intersection',
    intro:
      'A topic is a pattern with holes (?). The sun-seeker subscribes to weather(?, "sunny"), the paris-fan to ' +
      'weather("paris", ?), the oslo-fan to weather("oslo", ?). The forecaster is about to publish weather("paris", ?).',
    question: {
      ask: rec('action', 'forecaster', 'add-role forecast'),
      prompt: 'When the forecaster’s weather("paris", ?) appears, which topic does the sun-seeker’s presence handler receive?',
      choices: [
        choice('weather(?, "sunny"): its own pattern', [rec('deliver', 'sun-seeker', 'presence pub weather(?0, "sunny")')]),
        choice('weather("paris", ?): the forecaster’s pattern', [rec('deliver', 'sun-seeker', 'presence pub weather("paris", ?0)')]),
        choice(`${SUNNY}: what both patterns allow`, [rec('deliver', 'sun-seeker', `presence pub ${SUNNY}`)]),
        choice('None: the patterns differ, so there is no presence', [rec('endpoint', 'forecaster', 'endpoint added forecast')], [rec('deliver', 'sun-seeker', 'presence')]),
      ],
      why: 'A topic is a set of messages; presence intersects two sets by unifying the patterns, and the handler is given the intersection — the messages both sides allow.',
    },
    text:
      `The sun-seeker was told of the forecaster with ${SUNNY}: the kernel unified the two patterns and handed ` +
      'over the most general topic both allow. The paris-fan got weather("paris", ?0), since its set is the ' +
      'forecaster’s. The oslo-fan shares no message with the forecaster, so it is never told anything. Presence is ' +
      'about sets that overlap.',
    claims: [
      { basis: 'talk', text: 'Topic = notional set of Messages.' },
      { basis: 'marketplace', text: 'Presence intersects two topics by unification and hands the handler the intersection, canonicalised (spec §1.1).' },
    ],
    answers: ['find'],
    notes:
      'Draw a grid: places across, skies down. Shade the sun-seeker’s row (sunny) and the forecaster’s column ' +
      '(Paris): the presence is the square where they cross. The Oslo column never meets the Paris column.',
    scenario: 'patterns',
    at: rec('deliver', 'paris-fan', 'presence'),
    panels: ['presence-graph', 'event-log', 'inspector'],
    select: { name: 'sun-seeker' },
    tryThis: [{ text: 'Select the oslo-fan: its state says it has met nobody.', action: { kind: 'select', process: 'oslo-fan' } }],
    expect: { logContains: 'forecasts presence pub weather("paris", ?0) from p4 forecast', treeContains: ['sun-seeker', 'paris-fan', 'oslo-fan', 'forecaster'], inspectorContains: 'sunny' },
  },
  {
    id: 'sets-of-messages',
    section: 'Topics are sets of messages',
    title: 'A message carries its topic, like a packet its header',
    intro:
      'A message is a topic with no holes: it names its own place among the topics, as a packet carries its ' +
      `header. The forecaster has met both its subscribers and is sending ${SUNNY}.`,
    question: {
      ask: rec('action', 'forecaster', `send-message ${SUNNY}`),
      prompt: `Who receives ${SUNNY}?`,
      choices: [
        choice('Only the sun-seeker: its pattern fits best', [rec('deliver', 'sun-seeker', `message ${SUNNY}`)], [rec('deliver', 'paris-fan', `message ${SUNNY}`)]),
        choice('Only the paris-fan: it subscribed to the forecaster’s whole topic', [rec('deliver', 'paris-fan', `message ${SUNNY}`)], [rec('deliver', 'sun-seeker', `message ${SUNNY}`)]),
        choice('Both: the message lies in both their sets', [rec('deliver', 'sun-seeker', `message ${SUNNY}`), rec('deliver', 'paris-fan', `message ${SUNNY}`)]),
        choice('All three fans', [rec('deliver', 'oslo-fan', 'message')]),
      ],
      why: 'There is no best match: a message goes to every subscriber whose set contains it, and this one is in the sun-seeker’s and the paris-fan’s.',
    },
    text:
      'Both received it, one delivery each; the oslo-fan did not. No address was needed, because the message is ' +
      'its own topic: its fields are the header that routing reads, as a router reads a packet’s source and ' +
      'destination. The next message, weather("paris", "rain"), lies only in the paris-fan’s set. The TCP stops ' +
      'come back to this: tcp-channel(from, to, payload) is a header and a payload.',
    claims: [
      { basis: 'talk', text: '“Topics are just sets of messages. Hence, messages include their topic. This is like packets being wrapped in a header.”' },
      { basis: 'marketplace', text: 'Marketplace defines the Message type as Topic; a message is routed by unifying it with every endpoint’s topic (spec §1.1).' },
    ],
    answers: ['route'],
    notes:
      'On the same grid, put a dot for weather("paris", "sunny"): it sits in the shaded row and the shaded column. ' +
      'A dot for rain sits only in the column. Then draw a packet as “header | payload”.',
    scenario: 'patterns',
    at: rec('deliver', 'paris-fan', `message ${SUNNY}`),
    panels: ['event-log', 'sequence-chart'],
    select: { name: 'paris-fan' },
    tryThis: [{ text: 'Step forward two records: weather("paris", "rain") reaches the paris-fan alone.', action: { kind: 'step', by: 2 } }],
    expect: { logContains: `forecasts message ${SUNNY} => ok`, treeContains: ['sun-seeker', 'paris-fan', 'oslo-fan'], inspectorContains: 'heard' },
  },
];
