/** Tour stops for the talk's layers: the ground VM, nested VMs, at-meta-level. */
import type { TourStop } from '../stops.ts';
import { ALICE } from './core-idea.ts';

/** A line from alice, injected from outside the ground VM (the ground-vm stop's suggestion). */
export const INJECTED_LINE = `tcp-channel(${ALICE}, tcp-listener(5999), #"sent from outside")`;

export const LAYER_STOPS: readonly TourStop[] = [
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
      {
        text: 'Inject, from outside the VM, a line as if alice had typed it: the echoer (a subscriber of her channel) receives it and echoes it to her.',
        action: { kind: 'inject', body: INJECTED_LINE },
      },
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
      'at-meta-level wraps an action so that it happens one level outward, in the containing VM. The dispatcher ' +
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
];
