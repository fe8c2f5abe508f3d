/**
 * nested-pool — the talk's nested VMs and at-meta-level: a worker pool that is itself a VM.
 *
 * In the ground VM: the timer driver and a requester. Inside the nested VM "pool": a timer relay,
 * a dispatcher and, per job, a worker. The dispatcher's job subscription is made *at the meta
 * level*: outside, it is an endpoint of the VM process (named "<pid>/jobs"), so the requester
 * sees the pool as one process and cannot tell how many live inside it. (at-meta-level acts outward,
 * in the containing VM.) Each job arriving outside is relayed inward to the dispatcher, followed by
 * one round of the pool's VM. Workers use timers
 * through the timer relay (their set-timer goes out at the meta level with a relabelled id) and
 * publish results at the meta level. When the requester leaves, the dispatcher sees its absence
 * and stops the whole pool with at-meta-level quit.
 */
import {
  _, atMetaLevel, boot, isStruct, nestedVm, processOf, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term, type Transition,
} from '../kernel/index.ts';
import { setTimer, timerDriver, timerExpired, timerRelay } from '../kernel/ground/index.ts';
import type { Scenario } from './types.ts';

const JOBS = [3, 4, 5];
const WORK_MS = 5;

function worker(n: number) {
  return (): Transition<null> =>
    transition(null,
      role<null>('clock', topicSubscriber(timerExpired(['work', n], _)), {
        onMessage: (_m, s) => transition(s, atMetaLevel(sendMessage(struct('result', n, n * n))), quit()),
      }),
      sendMessage(setTimer(['work', n], WORK_MS)));
}

function dispatcher(): Transition<number> {
  return transition(0,
    atMetaLevel(role<number>('jobs', topicSubscriber(struct('job', _)), {
      onMessage: (m, done) => {
        const n = isStruct(m, 'job', 1) ? m.fields[0] : null;
        if (typeof n !== 'number') return;
        return transition(done + 1, spawn(worker(n), { name: `worker ${n}` }));
      },
      // The requester has gone: stop the whole pool (quit at the meta level quits the VM process).
      onAbsence: (_p, _r, done) => transition(done, atMetaLevel(quit())),
    })),
    atMetaLevel(role('results', topicPublisher(struct('result', _, _)))));
}

interface RequesterState {
  readonly next: number;
  readonly results: readonly Term[];
}

const Requester = processOf<RequesterState>();

function requester(): Transition<RequesterState> {
  return transition({ next: 0, results: [] },
    Requester.role('ask', topicPublisher(struct('job', _)), {
      // Rendezvous: the first job goes out when the pool's job subscription appears.
      onPresence: (_p, s) => (s.next === 0 ? transition({ ...s, next: 1 }, sendMessage(struct('job', JOBS[0]!))) : undefined),
    }),
    Requester.role('answers', topicSubscriber(struct('result', _, _)), {
      onMessage: (m, s) => {
        const results = [...s.results, m];
        if (s.next >= JOBS.length) return transition({ ...s, results }, quit());
        return transition({ next: s.next + 1, results }, sendMessage(struct('job', JOBS[s.next]!)));
      },
    }));
}

export const nestedPool: Scenario = {
  id: 'nested-pool',
  title: 'Nested VMs: a worker pool inside a VM',
  description:
    'A requester sends jobs to a pool. The pool is a nested VM: a process of the ground VM whose state is a ' +
    'whole VM with a dispatcher, a timer relay and one worker per job inside. The dispatcher subscribes to jobs ' +
    'at the meta level — outward, in the containing VM — so there the subscription belongs to the VM process; ' +
    'each job is relayed inward and ' +
    'the pool runs one round. Workers time their work through the timer relay and publish results at the meta ' +
    'level. When the requester has its three answers it leaves; the dispatcher sees the absence and quits the ' +
    'whole pool. Open the VM tree to see the processes inside the pool come and go.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(requester, { name: 'requester' }),
    nestedVm(boot(null, spawn(timerRelay('pool'), { name: 'timer-relay' }), spawn(dispatcher, { name: 'dispatcher' })), { name: 'pool' })),
  maxSteps: 3000,
};
