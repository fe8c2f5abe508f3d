/** Tour stops for the talk's contracts: the kernel's check of a handler's result, and a conversation's checked by a spy. */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const DATA_3 = 'flow("greedy", data(3))';

export const CONTRACT_STOPS: readonly TourStop[] = [
  {
    id: 'contract-kernel',
    section: 'Contracts',
    title: 'The kernel’s contract: a handler returns a transition',
    intro:
      'A watcher subscribes to report(?). The sloppy reporter publishes report("sloppy"), and its presence handler ' +
      'has just returned a bare send-message action — not a transition, a new state with actions.',
    question: {
      ask: rec('deliver', 'sloppy reporter', 'report presence'),
      prompt: 'What does the kernel do with a result that is not a transition?',
      choices: [
        choice('Performs the action anyway: it knows what was meant', [rec('action', 'sloppy reporter', 'send-message report("sloppy")')]),
        choice('Refuses it: the reporter crashes with a reason naming the broken contract, and its peers see why', [rec('deliver', 'watcher', 'absence', 'error("bad-transition"')]),
        choice('Stops the whole VM', [rec('quit', 'sloppy reporter')], [rec('deliver', 'watcher', 'absence')]),
      ],
      why: 'The kernel checks everything user code returns; a value that is not a transition is a crash of that process alone, with a reason that says what was wrong.',
    },
    text:
      'The kernel refused the result: the reporter crashed with error("bad-transition", "expected a transition ' +
      '{state, actions}, got …"), its endpoint was withdrawn with that reason, and the watcher’s absence handler ' +
      'received it. A process’s contract with its VM is checked at every step: the state is the process’s own ' +
      'business, but what it hands the kernel must be a state and well-formed actions.',
    claims: [
      { basis: 'talk', text: 'Contracts “for process state (implemented)”.' },
      { basis: 'reading', text: 'os2 Lab checks the whole returned transition (not only the state) and never lets a bad result stop the VM (decision D4).' },
    ],
    answers: ['over'],
    notes: 'Write the handler’s type, Event → State → Transition, and draw a gate at the arrow where the kernel takes the result: what fails at the gate becomes an absence with a reason.',
    scenario: 'contracts',
    at: rec('deliver', 'watcher', 'reports absence'),
    panels: ['event-log', 'inspector'],
    select: { name: 'watcher' },
    tryThis: [{ text: 'Step back to the crash itself: the deliver record says crashed, with the reason.', action: { kind: 'seek', to: rec('deliver', 'sloppy reporter', 'crashed') } }],
    expect: { logContains: 'reports absence pub report("sloppy") error("bad-transition"', treeContains: ['watcher', 'spy'], inspectorContains: 'reports' },
  },
  {
    id: 'contract-conversation',
    section: 'Contracts',
    title: 'A conversation’s contract, checked by a spy',
    intro:
      'Two producers each got credit(2) from their consumer: a conversation’s contract says data sent ≤ credit ' +
      'granted. The greedy producer has just answered its credit with three blocks. A spy observes flow(?, ?) both ' +
      'ways: it hears the data and the credit, and nobody sees it.',
    question: {
      ask: rec('deliver', 'producer greedy', 'outbox feedback'),
      prompt: `What happens to the third block, ${DATA_3}?`,
      choices: [
        choice('The kernel refuses to deliver it: it exceeds the credit', [rec('action', 'producer greedy', `send-message ${DATA_3}`)], [rec('deliver', 'consumer greedy', `message ${DATA_3}`)]),
        choice('It is delivered; the spy, keeping the ledger, reports the breach', [rec('deliver', 'consumer greedy', `message ${DATA_3}`), rec('deliver', 'spy', `message ${DATA_3}`, 'breach("greedy", 3, 2)')]),
        choice('The consumer crashes on the extra block', [rec('quit', 'consumer greedy')]),
      ],
      why: 'The kernel knows nothing of credit: a conversation’s contract lives in its participants, and an observer that hears both directions can check it over the whole run.',
    },
    text:
      'The kernel delivered all three blocks — it checks only what a handler returns, never what a conversation ' +
      'means. The spy, an observer subscriber and an observer publisher of flow(?, ?), heard the credit (feedback) ' +
      'and the data (messages) of both conversations, kept the ledger, and sent breach("greedy", 3, 2) the moment ' +
      'the contract broke; the honest conversation never tripped it. Being observers, its endpoints are no one’s partner.',
    claims: [
      { basis: 'talk', text: 'Contracts “for messages across the bus at each level” and “between processes / within conversations”; roles such as “Auditor”.' },
      { basis: 'reading', text: 'The credit contract and the spy that checks it are os2 Lab’s example of the outline’s idea.' },
    ],
    answers: ['manage', 'roles'],
    notes: 'Draw the two conversations as pipes, credit arrows up and data arrows down, and the spy as an eye beside the pipes with a ledger: granted 2, sent 1, 2, 3 — breach.',
    scenario: 'contracts',
    at: rec('deliver', 'spy', `message ${DATA_3}`),
    panels: ['event-log', 'sequence-chart', 'inspector'],
    select: { name: 'spy' },
    tryThis: [{ text: 'Jump back to the honest producer’s blocks: two, within its credit, and no breach.', action: { kind: 'seek', to: rec('deliver', 'spy', 'message flow("honest", data(2))') } }],
    expect: { logContains: `data message ${DATA_3} => ok [send-message breach("greedy", 3, 2)]`, treeContains: ['spy', 'producer greedy', 'consumer greedy'], inspectorContains: 'greedy' },
  },
  {
    id: 'exercise-contract',
    section: 'Contracts',
    title: 'Exercise: a block from nowhere',
    intro:
      'The honest conversation ended within its contract: credit(2), two blocks. The spy’s ledger says so. Now ' +
      `send a third block, flow("honest", data(3)), yourself — from outside the VM, not from the honest producer.`,
    task: {
      text: `Inject flow("honest", data(3)) as a message (the button opens the dialog, prefilled).`,
      action: { kind: 'inject', body: 'flow("honest", data(3))' },
    },
    question: {
      ask: rec('deliver', 'spy', `message ${DATA_3}`),
      prompt: 'What does the spy make of it?',
      choices: [
        choice('Nothing: the honest producer did not send it, so its ledger is untouched', [rec('deliver', 'spy', 'message flow("honest", data(3))')], [rec('deliver', 'spy', 'message flow("honest", data(3))', 'breach(')]),
        choice('breach("honest", 3, 2): it counts the conversation’s blocks, whoever sent them', [rec('deliver', 'spy', 'message flow("honest", data(3))', 'breach("honest", 3, 2)')]),
        choice('Nothing reaches it: the kernel refuses a message no process sent', [rec('ground-event', null, 'user inject')], [rec('deliver', 'spy', 'message flow("honest", data(3))')]),
      ],
      why: 'A message carries no sender: it is its topic, flow("honest", …), so it belongs to the honest conversation whoever put it there, and the spy’s ledger counts it.',
    },
    text:
      `The injected block reached the honest consumer and the spy like any other: the spy counted a third block ` +
      'against two credits and sent breach("honest", 3, 2). No sender is part of a message — only its topic — so ' +
      'a conversation’s contract is about what flows in the conversation, not about who sent it. Checking who may ' +
      'speak needs more: a topic that names the speaker, or a process that vouches for it.',
    claims: [
      { basis: 'marketplace', text: 'A message is delivered by its topic alone; the receiving handler is not told who sent it (spec §1.4).' },
      { basis: 'reading', text: 'The exercise is os2 Lab’s; the outline lists contracts “between processes / within conversations” without an example.' },
    ],
    answers: ['roles', 'manage'],
    notes: 'On the ledger drawing, add a third block arriving from outside the pipes: the ledger does not know where blocks come from.',
    scenario: 'contracts',
    at: rec('deliver', 'spy', 'message flow("honest", data(3))'),
    panels: ['event-log', 'inspector'],
    select: { name: 'spy' },
    tryThis: [],
    expect: { logContains: 'data message flow("honest", data(3)) => ok [send-message breach("honest", 3, 2)]', treeContains: ['spy', 'consumer honest'], inspectorContains: 'honest' },
  },
];
