/**
 * Small ground programs that drive the nested-VM machinery through the paths the scenarios do not
 * reach: at-meta-level spawns with and without a continuation (the container's pid resumes the
 * inner process), a resume whose inner process is gone, re-declared and crashing meta-endpoints,
 * events for an inner endpoint that is gone, VMs three deep, kills from inside and from outside
 * (with an inner round pending or not), and the limits inside a VM. Their whole traces are pinned
 * in test/fixtures/trace-fingerprints.json next to the scenarios'.
 */
import {
  _, atMetaLevel, boot, deleteRole, kill, nestedVm, pid, processOf, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition, type Limits, type TraceRecord,
} from '../../src/kernel/index.ts';
import { groundVm, injectMessage, stepGround, runUntilIdle, type GroundVM } from '../../src/kernel/ground/index.ts';
import { killProcess } from '../../src/kernel/ground/ground.ts';

export interface ProgramRun {
  readonly records: readonly TraceRecord[];
  readonly ground: GroundVM;
}

/** Collects the records of a sequence of ground steps. */
class Driver {
  readonly records: TraceRecord[] = [];
  constructor(public g: GroundVM) {}
  get ground(): GroundVM {
    return this.g;
  }
  idle(): this {
    const r = runUntilIdle(this.g, 10_000);
    this.g = r.ground;
    this.records.push(...r.records);
    return this;
  }
  steps(n: number): this {
    for (let i = 0; i < n; i++) this.take(stepGround(this.g));
    return this;
  }
  take(s: { readonly ground: GroundVM; readonly records: readonly TraceRecord[] }): this {
    this.g = s.ground;
    this.records.push(...s.records);
    return this;
  }
}

const hello = (x: unknown) => struct('hello', x as never);
const listener = (name: string) => boot(null, role(name, topicSubscriber(struct('hello', _)), {
  onMessage: (m, s) => transition(s, sendMessage(struct('heard', name, m))),
}));

/** Inside a VM, c spawns siblings of the VM through at-meta-level: with k, without, a VM, a crashing k; d quits before its resume. */
function metaSpawn(): ProgramRun {
  const sibling = (tag: string) => boot(tag, role('out', topicPublisher(hello(_))), sendMessage(hello(tag)));
  const C = processOf<Record<string, unknown>>();
  const c = C.boot({},
    atMetaLevel(C.role('hear', topicSubscriber(hello(_)), { onMessage: (m, s) => transition({ ...s, last: m }) })),
    atMetaLevel(C.spawn(sibling('a'), { name: 'sib-a', k: (p, s) => transition({ ...s, a: p }, atMetaLevel(sendMessage(hello(p)))) })),
    atMetaLevel(spawn(sibling('b'), { name: 'sib-b' })),
    atMetaLevel(C.nestedVm(boot(null, spawn(sibling('inner'), { name: 'deep' })), { name: 'vm2', k: (p, s) => transition({ ...s, vm2: p }) })),
  );
  const e = boot(null, role('keep', topicSubscriber('nothing')), atMetaLevel(spawn(sibling('e'), { name: 'sib-e', k: () => { throw new Error('k fails'); } })));
  const d = boot(null, atMetaLevel(spawn(sibling('d'), { name: 'sib-d', k: (p, s) => transition(s, sendMessage(hello(p))) })), quit());
  const g = groundVm(boot(null, spawn(listener('w'), { name: 'watcher' }),
    nestedVm(boot(null, spawn(c, { name: 'c' }), spawn(d, { name: 'd' }), spawn(e, { name: 'e' })), { name: 'vm' })));
  const drv = new Driver(g).idle();
  return drv.take(injectMessage(drv.g, hello('from-outside'))).idle();
}

/** Meta-endpoints re-declared, deleted when absent, mismatched, crashing; events after an inner endpoint went. */
function metaEndpoints(): ProgramRun {
  const svc = topicSubscriber(struct('job', _));
  const worker = boot(0,
    atMetaLevel(role('jobs', svc)),
    atMetaLevel(role<number>('jobs', svc, { onMessage: (m, n) => {
      if (n >= 2) throw new Error('third job');
      return transition(n + 1, atMetaLevel(sendMessage(struct('done', m))));
    } })),
    atMetaLevel(deleteRole('nothing-here')),
  );
  const mismatch = boot(null, atMetaLevel(role('x', topicSubscriber(1))), atMetaLevel(role('x', topicPublisher(1))));
  const leaver = boot(null, atMetaLevel(role('jobs', svc, { onMessage: (_m, s) => transition(s, quit('leaving')) })));
  const boss = boot(null, role('results', topicSubscriber(struct('done', _))), role('jobs', topicPublisher(struct('job', _))));
  const g = groundVm(boot(null,
    nestedVm(boot(null, spawn(worker, { name: 'worker' }), spawn(mismatch, { name: 'mismatch' }), spawn(leaver, { name: 'leaver' })), { name: 'vm' }),
    spawn(boss, { name: 'boss' })));
  const d = new Driver(g).idle();
  // Two jobs arrive between ground rounds: the leaver quits on the first, so its meta-endpoint is
  // gone when the second reaches the relay that the VM has not withdrawn yet.
  const job = (x: number) => d.take(injectMessage(d.g, struct('job', x)));
  job(1);
  job(2);
  d.idle();
  job(3);
  job(4);
  return d.idle();
}

/** Three VMs deep: a message climbs to the ground through a bridge, the answer comes back down; then inner kills and quits. */
function deep(): ProgramRun {
  const bottom = boot(null,
    atMetaLevel(role('answers', topicSubscriber(struct('answer', _)), {
      onMessage: (_m, s) => transition(s, atMetaLevel(kill(pid(1), 'done with you')), atMetaLevel(quit('bottom out'))),
    })),
    atMetaLevel(sendMessage(struct('ask', 1))));
  const bridge = boot(null,
    role('asks', topicSubscriber(struct('ask', _)), { onMessage: (m, s) => transition(s, atMetaLevel(sendMessage(m))) }),
    atMetaLevel(role('answers', topicSubscriber(struct('answer', _)), { onMessage: (m, s) => transition(s, sendMessage(m)) })),
    role('answers-down', topicPublisher(struct('answer', _))));
  const oracle = boot(null, role('asks', topicSubscriber(struct('ask', _)), {
    onMessage: (_m, s) => transition(s, sendMessage(struct('answer', 42))),
  }), role('answers', topicPublisher(struct('answer', _))));
  const middle = boot(null, spawn(bridge, { name: 'bridge' }), nestedVm(boot(null, spawn(bottom, { name: 'bottom' })), { name: 'vm3' }));
  const g = groundVm(boot(null, spawn(oracle, { name: 'oracle' }), nestedVm(boot(null, spawn(bridge, { name: 'bridge' }), nestedVm(middle, { name: 'vm2' })), { name: 'vm1' })));
  return new Driver(g).idle();
}

/** Kills from outside at depth 2, once with an inner round pending and once when the VM is idle. */
function killInside(): ProgramRun {
  const chatter = boot(0, atMetaLevel(role('up', topicPublisher(struct('svc', _)))),
    role<number>('self', topicSubscriber(struct('tick', _)), { onMessage: (_m, n) => transition(n + 1, n < 5 ? sendMessage(struct('tick', n)) : null) }),
    role('tick', topicPublisher(struct('tick', _))), sendMessage(struct('tick', 0)));
  const sleeper = boot(null, atMetaLevel(role('up', topicSubscriber(struct('svc', _)))));
  const inner = boot(null, spawn(chatter, { name: 'chatter' }), spawn(sleeper, { name: 'sleeper' }));
  const anchor = boot(null, atMetaLevel(role('keep', topicSubscriber('anchor'))));
  const g = groundVm(boot(null, role('w', topicSubscriber(struct('svc', _))), nestedVm(boot(null, spawn(anchor, { name: 'anchor' }), nestedVm(inner, { name: 'vm2' })), { name: 'vm1' })));
  const d = new Driver(g).steps(7);
  d.take(killProcess(d.g, [pid(1), pid(2)], pid(1), 'stop chatter'));
  d.take(killProcess(d.g, [pid(1)], pid(7), 'nobody'));
  d.idle();
  d.take(killProcess(d.g, [pid(1), pid(2)], pid(2), 'stop sleeper'));
  return d.idle();
}

/** The limits inside a VM: depth, queue length, fuel. */
function limits(which: Partial<Limits>): () => ProgramRun {
  return () => {
    const loop = {
      onMessage: (_m: unknown, n: number) => transition(n + 1, n % 2 === 0 ? sendMessage(struct('go', n)) : null,
        atMetaLevel(sendMessage(struct('out', n))), atMetaLevel(sendMessage(struct('out2', n)))),
    };
    const busy = boot(0, [role('loop', topicSubscriber(struct('go', _)), loop), role('loop2', topicSubscriber(struct('go', _)), loop)],
      role('go', topicPublisher(struct('go', _))), sendMessage(struct('go', 0)));
    const nest = (n: number): ReturnType<typeof boot> => (n === 0 ? busy : boot(null, nestedVm(nest(n - 1), { name: `vm${n}` })));
    const g = groundVm(boot(null, role('outs', topicSubscriber(struct('out', _))), nestedVm(nest(2), { name: 'vm' })), { limits: which });
    return new Driver(g).steps(40);
  };
}

export const PROGRAMS: readonly { readonly id: string; readonly run: () => ProgramRun }[] = [
  { id: 'meta-spawn', run: metaSpawn },
  { id: 'meta-endpoints', run: metaEndpoints },
  { id: 'deep', run: deep },
  { id: 'kill-inside', run: killInside },
  { id: 'limit-depth', run: limits({ maxVmDepth: 2 }) },
  { id: 'limit-queue', run: limits({ maxQueueLength: 4 }) },
  { id: 'limit-fuel', run: limits({ maxRoundActions: 2 }) },
  { id: 'limit-none', run: limits({}) },
];
