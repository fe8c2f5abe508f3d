/** Tour stops for the talk's layers: nested VMs, the nested VM's private language, at-meta-level. */
import { choice, rec } from '../question.ts';
import type { TourStop } from '../stops.ts';

const WORK_3 = 'set-timer(["work", 3], 5, "relative")';
const POOL_0 = 'set-timer(["pool", 0], 5, "relative")';

export const LAYER_STOPS: readonly TourStop[] = [
  {
    id: 'nested-vms',
    section: 'Nested VMs',
    title: 'A VM is a process',
    intro:
      'The kernel is recursive: a VM can run as a process inside another VM. The ground VM has spawned the ' +
      'worker pool as a nested VM, p3; inside it, a timer relay and a dispatcher are about to boot.',
    question: {
      ask: rec('boot', 'pool'),
      prompt: 'The ground VM already has p1, p2 and p3. Which pid does the dispatcher get?',
      choices: [
        choice('p4, the next pid of the ground VM', [rec('boot', 'dispatcher', 'ground p4 boot dispatcher')]),
        choice('p2 of the pool’s own VM, ground/3: a nested VM numbers its own processes', [rec('boot', 'dispatcher', 'ground/3 p2 boot dispatcher')]),
        choice('p3, the pool’s: inner processes are threads of the VM process', [rec('boot', 'dispatcher', 'ground p3 boot dispatcher')]),
      ],
      why: 'A nested VM is an ordinary process of its container whose state is a whole VM, with its own processes, pids and routing space.',
    },
    text:
      'The kernel is recursive: a VM can run as a process inside another VM. The worker pool is a nested VM, ' +
      'p3 in the ground VM; inside it run a timer relay and a dispatcher, in their own routing space that the ' +
      'ground cannot see. Nested VMs give a "thread" that composes, and hide an implementation behind a ' +
      'private language of topics. The VM tree shows the nesting.',
    claims: [
      { basis: 'talk', text: '“Recursive, meaning that instances of the kernel can run as user processes within another kernel instance”: a “thread” equivalent that composes.' },
      { basis: 'marketplace', text: 'spawn-vm makes a process whose state is a VM; its pids are its own (spec §11.16).' },
    ],
    answers: ['route'],
    notes: 'Draw the ground VM as a big box with p1 timer, p2 requester, p3 pool; draw the pool as a box inside p3 with its own p1 timer-relay, p2 dispatcher.',
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
    id: 'relay-labels',
    section: 'Nested VMs',
    title: 'The nested VM’s private language',
    intro:
      `Worker 3, inside the pool, has asked for a timer: ${WORK_3}. The timer driver lives in the ground VM, ` +
      'outside the pool; between them stands the pool’s timer relay.',
    question: {
      ask: rec('action', 'worker 3', `send-message ${WORK_3}`),
      prompt: 'What does the timer driver in the ground VM receive?',
      choices: [
        choice(`${WORK_3}: the worker’s request, passed through`, [rec('deliver', 'timer', 'set-timer-requests message set-timer(["work", 3]')]),
        choice(`${POOL_0}: the relay’s own label, which it maps back to ["work", 3]`, [rec('deliver', 'timer', `set-timer-requests message ${POOL_0}`)]),
        choice('Nothing: timer requests cannot leave a nested VM', [rec('action', 'worker 3', `send-message ${WORK_3}`)], [rec('deliver', 'timer', 'set-timer-requests message set-timer([')]),
      ],
      why: 'Inside the pool, ["work", 3] is a word of the pool’s private language: the relay re-encapsulates it under a label of its own at the meta level, and unwraps the answer on the way back in.',
    },
    text:
      `The driver received ${POOL_0}: the timer relay wrapped the worker’s request in a label of its own, as a ` +
      'packet is wrapped again at the next layer toward the network — here outward, in the containing VM — and it ' +
      'remembers that ["pool", 0] stands for ["work", 3]. Outside the pool nobody sees ["work", 3], so two nested ' +
      'VMs may use the same inner labels without clashing: a private language.',
    claims: [
      { basis: 'talk', text: '“Hide implementation detail: hide threads away in a nested-vm with a private language.”' },
      { basis: 'marketplace', text: 'timer-relay rewrites labels to (relay-id counter) at the meta level and back (spec §11.19).' },
    ],
    answers: ['route'],
    notes: 'Draw the pool box with the worker inside and the timer driver outside. Write ["work", 3] on the arrow inside, ["pool", 0] on the arrow crossing the wall, and the relay as the wall’s door.',
    scenario: 'nested-pool',
    at: rec('deliver', 'timer', `set-timer-requests message ${POOL_0}`),
    panels: ['event-log', 'vm-tree'],
    select: { name: 'timer-relay' },
    tryThis: [
      {
        text: 'Jump to the timer’s expiry: the relay unwraps timer-expired(["pool", 0], 5) to timer-expired(["work", 3], 5) inside.',
        action: { kind: 'seek', to: rec('deliver', 'timer-relay', 'meta-timer-expired message timer-expired(["pool", 0]') },
      },
    ],
    expect: { logContains: `set-timer-requests message ${POOL_0}`, treeContains: ['pool', 'timer-relay', 'worker 3'], inspectorContains: 'meta-timer-expired' },
  },
  {
    id: 'at-meta-level',
    section: 'at-meta-level',
    title: 'Speaking to the containing VM',
    intro:
      'Back to the start of the pool. Inside it, the dispatcher is performing at-meta-level add-role jobs sub ' +
      'job(?): an add-role wrapped in at-meta-level. The requester, in the ground VM, publishes job(?).',
    question: {
      ask: rec('action', 'dispatcher', 'at-meta-level add-role jobs'),
      prompt: 'Where does the jobs endpoint appear, where the requester can see it?',
      choices: [
        choice('In the ground VM, as an endpoint of the pool’s VM process', [rec('endpoint', 'pool', 'endpoint added 2/jobs')]),
        choice('In the pool’s VM, beside the workers: the requester cannot reach it', [rec('deliver', 'dispatcher', 'jobs presence')], [rec('endpoint', 'pool', 'endpoint added 2/jobs')]),
        choice('Nowhere, until the requester sends a job', [rec('action', 'dispatcher', 'at-meta-level add-role jobs')], [rec('endpoint', 'pool', 'endpoint added 2/jobs')]),
      ],
      why: 'at-meta-level performs the wrapped action in the containing VM, where the VM process stands for the dispatcher: the endpoint is the VM process’s, and what reaches it is relayed inward.',
    },
    text:
      'at-meta-level wraps an action so that it happens one level outward, in the containing VM. The dispatcher ' +
      'added its jobs subscription at the meta level: inside the pool it is a meta endpoint, and in the ground ' +
      'it has just appeared as an endpoint of the VM process, named 2/jobs. The requester will see its presence ' +
      'and send job(3), which the VM process relays inward to the dispatcher.',
    claims: [
      { basis: 'talk', text: 'Action = … + AtMetaLevel Preaction.' },
      { basis: 'marketplace', text: 'An inner process’s meta-endpoints appear in the outer VM as endpoints of the VM process; events at them are relayed inward (spec §11.16).' },
    ],
    answers: ['route'],
    notes: 'On the pool drawing, draw the dispatcher’s jobs socket on the pool’s outer wall, labelled 2/jobs, and the requester’s job(3) arrow going into it and on, inward, to the dispatcher.',
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
];
