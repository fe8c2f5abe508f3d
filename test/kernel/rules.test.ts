/**
 * One test group per reduction rule, with golden traces. Every expected line below was derived by
 * hand from the spec (../shared/spec/os2-semantics.md §2–§4, §11) before comparing with the kernel.
 */
import { describe, expect, it } from 'vitest';
import {
  _, atMetaLevel, boot, deleteRole, kill, nestedVm, pid, quit, role, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition, yieldThen, type Pid,
} from '../../src/kernel/index.ts';
import { injectMessage, groundVm, runUntilIdle } from '../../src/kernel/ground/index.ts';
import { line, only, runProgram } from './helpers.ts';

const foo = (x: unknown = _) => struct('foo', x as never);

describe('add-role', () => {
  it('presence fans out: own endpoints first, then other processes by pid; existing endpoint before the new one', () => {
    const a = boot(null, role('a-sub', topicSubscriber(foo())));
    const b = boot(null, role('b-sub', topicSubscriber(foo(1))), role('b-pub', topicPublisher(foo(1))));
    const run = runProgram([spawn(a, { name: 'A' }), spawn(b, { name: 'B' })]);
    expect(only(run, 'deliver')).toEqual([
      // B (pid 2) adds b-pub: its own b-sub first (existing, then new), then A (pid 1).
      'ground p2 deliver b-sub presence pub foo(1) from p2 b-pub => ok',
      'ground p2 deliver b-pub presence sub foo(1) from p2 b-sub => ok',
      'ground p1 deliver a-sub presence pub foo(1) from p2 b-pub => ok',
      'ground p2 deliver b-pub presence sub foo(1) from p1 a-sub => ok',
    ]);
  });

  it('the visibility table: observers see only participants; everything sees all', () => {
    const mk = (name: string, monitor: boolean | 'everything') =>
      spawn(boot(null, role(name, topicSubscriber(foo(), { monitor }))), { name });
    const run = runProgram([
      mk('sub-participant', false),
      mk('sub-observer', true),
      mk('sub-everything', 'everything'),
      spawn(boot(null, role('pub-observer', topicPublisher(foo(), { monitor: true }))), { name: 'pub' }),
    ]);
    // The new observer publisher (p4) is matched against p1, p2, p3 in pid order: it hears of the
    // participant p1 only; of the subscribers only the everything-endpoint p3 hears of it.
    expect(only(run, 'deliver')).toEqual([
      'ground p4 deliver pub-observer presence sub foo(?0) from p1 sub-participant => ok',
      'ground p3 deliver sub-everything presence pub/observer foo(?0) from p4 pub-observer => ok',
    ]);
  });

  it('presence carries the intersection of the two topics', () => {
    const run = runProgram([
      spawn(boot(null, role('s', topicSubscriber(struct('tcp-channel', _, struct('tcp-listener', 5999), _))))),
      spawn(boot(null, role('p', topicPublisher(struct('tcp-channel', struct('tcp-address', 'c', 4000), _, _))))),
    ]);
    expect(only(run, 'deliver')[0]).toBe(
      'ground p1 deliver s presence pub tcp-channel(tcp-address("c", 4000), tcp-listener(5999), ?0) from p2 p => ok',
    );
  });

  it('re-declaring with an equal role swaps the handler silently (anti-glitch)', () => {
    const replies: string[] = [];
    const sub = boot(
      null,
      role('s', topicSubscriber(foo()), { onMessage: () => void replies.push('old') }),
      role('s', topicSubscriber(struct('foo', { wild: 'renamed' })), { onMessage: () => void replies.push('new') }),
    );
    const pub = boot(null, role('p', topicPublisher(foo())), sendMessage(foo(7)));
    const run = runProgram([spawn(sub), spawn(pub)]);
    expect(replies).toEqual(['new']);
    expect(only(run, 'endpoint')).toEqual([
      'ground p1 endpoint added s sub foo(?0)',
      'ground p1 endpoint replaced s sub foo(?0)',
      'ground p2 endpoint added p pub foo(?0)',
    ]);
    // One presence pair only: the replacement notified nobody.
    expect(only(run, 'deliver').filter((l) => l.includes('presence'))).toHaveLength(2);
  });

  it('re-declaring with a different role crashes only the offending process (D5)', () => {
    const run = runProgram([
      spawn(boot(null, role('s', topicSubscriber(foo())), role('s', topicPublisher(foo())))),
      spawn(boot(null, role('other', topicSubscriber(struct('bar'))))),
    ]);
    expect(run.lines).toContain(
      'ground p1 quit error("role-mismatch", "endpoint \\"s\\" re-declared with a different role: subscriber/participant foo(?0) became publisher/participant foo(?0)")',
    );
    expect(run.ground.vm.processes.has(pid(2))).toBe(true);
    expect(run.ground.vm.processes.has(pid(1))).toBe(false);
  });

  it('unnamed endpoints get per-process names #0, #1, …', () => {
    const run = runProgram([spawn(boot(null, role(null, topicSubscriber(foo())), role(null, topicPublisher(foo(2)))))]);
    expect(only(run, 'endpoint')).toEqual([
      'ground p1 endpoint added #0 sub foo(?0)',
      'ground p1 endpoint added #1 pub foo(2)',
    ]);
  });
});

describe('delete-role', () => {
  it('peers hear absence with the reason; the deleted endpoint hears of each peer too (D3)', () => {
    const pub = boot(null, role('p', topicPublisher(foo())), deleteRole('p', 'bye'));
    const run = runProgram([spawn(boot(null, role('s', topicSubscriber(foo())))), spawn(pub)]);
    expect(only(run, 'deliver', 'endpoint').slice(-3)).toEqual([
      'ground p2 endpoint removed p pub foo(?0) reason "bye"',
      'ground p1 deliver s absence pub foo(?0) "bye" from p2 p => ok',
      'ground p2 deliver p absence sub foo(?0) "bye" from p1 s => ok',
    ]);
  });

  it('deleting an unknown name is a recorded no-op', () => {
    const run = runProgram([spawn(boot(null, deleteRole('nothing')))]);
    expect(run.lines).toContain('ground p1 no-op no endpoint named "nothing" to delete');
  });
});

describe('send-message and send-feedback', () => {
  it('delivers to the sender first, then ascending pid, once per matching endpoint; observers receive too', () => {
    const got: string[] = [];
    const rec = (who: string) => ({ onMessage: () => void got.push(who) });
    const run = runProgram([
      spawn(boot(null, role('x1', topicSubscriber(foo()), rec('p1.x1')), role('x2', topicSubscriber(foo(3)), rec('p1.x2')))),
      spawn(boot(null, role('obs', topicSubscriber(foo(), { monitor: true }), rec('p2.obs')))),
      spawn(boot(null, role('no', topicSubscriber(foo(4)), rec('p3.no')))),
      spawn(boot(null, role('own', topicSubscriber(foo()), rec('p4.own')), sendMessage(foo(3)))),
    ]);
    expect(got).toEqual(['p4.own', 'p1.x1', 'p1.x2', 'p2.obs']);
    expect(only(run, 'deliver').filter((l) => l.includes('message'))).toHaveLength(4);
  });

  it('feedback travels upstream to publishers only', () => {
    const got: string[] = [];
    runProgram([
      spawn(boot(null, role('pub', topicPublisher(foo()), { onMessage: () => void got.push('pub') }))),
      spawn(boot(null, role('sub', topicSubscriber(foo()), { onMessage: () => void got.push('sub') }))),
      spawn(boot(null, sendFeedback(foo(1)))),
    ]);
    expect(got).toEqual(['pub']);
  });

  it('messages are not buffered: a subscriber added later never sees an earlier message', () => {
    const got: unknown[] = [];
    runProgram([
      spawn(boot(null, sendMessage(foo(1)))),
      spawn(boot(null, role('late', topicSubscriber(foo()), { onMessage: (m) => void got.push(m) }))),
    ]);
    expect(got).toEqual([]);
  });
});

describe('spawn', () => {
  it('boot runs at once, the continuation gets the child pid, the child acts next round', () => {
    const seen: number[] = [];
    const child = () => transition('child', sendMessage('hello'));
    const run = runProgram([spawn(child, { name: 'kid', k: (p: Pid, s) => (seen.push(p), transition(s)) })]);
    expect(seen).toEqual([1]);
    expect(run.lines.slice(4, 12)).toEqual([
      'ground round 2',
      'ground p0 action spawn kid',
      'ground p1 boot kid parent 0 => ok [send-message "hello"]',
      'ground p0 continuation spawn => ok',
      'ground gc [0]',
      'ground round 3',
      'ground p1 action send-message "hello"',
      'ground gc [1]',
    ]);
  });

  it('pids are never reused and the primordial and boot processes are collected', () => {
    const run = runProgram([spawn(boot(null, quit())), spawn(boot(null, quit())), spawn(boot(null, role('stay', topicSubscriber(foo()))))]);
    expect([...run.ground.vm.processes.keys()]).toEqual([3]);
    expect(run.ground.vm.nextPid).toBe(4);
  });
});

describe('quit and kill', () => {
  it('quit is recorded first, then withdraws every endpoint in order, discards the quitting handlers, drops the rest of the queue', () => {
    const q = boot(null, role('e1', topicPublisher(foo(1))), role('e2', topicPublisher(foo(2))), quit('done'), sendMessage(foo(9)));
    const run = runProgram([spawn(boot(null, role('s', topicSubscriber(foo())))), spawn(q)]);
    expect(run.lines.slice(-8)).toEqual([
      'ground p2 action quit "done"',
      // Decision 28: the quit comes before the absences it causes.
      'ground p2 quit "done"',
      'ground p2 endpoint removed e1 pub foo(1) reason "done"',
      'ground p1 deliver s absence pub foo(1) "done" from p2 e1 => ok',
      'ground p2 deliver e1 absence sub foo(1) "done" from p1 s => discarded',
      'ground p2 endpoint removed e2 pub foo(2) reason "done"',
      'ground p1 deliver s absence pub foo(2) "done" from p2 e2 => ok',
      'ground p2 deliver e2 absence sub foo(2) "done" from p1 s => discarded',
    ]);
    // The causes: action → quit → each endpoint removal → the absences it makes.
    const [action, quitRec, removed1, abs1, abs2, removed2, abs3, abs4] = run.records.slice(-8);
    expect(quitRec!.cause).toBe(action!.id);
    expect([removed1!.cause, removed2!.cause]).toEqual([quitRec!.id, quitRec!.id]);
    expect([abs1!.cause, abs2!.cause, abs3!.cause, abs4!.cause]).toEqual([removed1!.id, removed1!.id, removed2!.id, removed2!.id]);
    expect(run.lines.some((l) => l.includes('action send-message foo(9)'))).toBe(false);
  });

  it('inside a nested VM too: the quit, then its meta-endpoints withdrawn, then the container hears', () => {
    const inner = boot(null, atMetaLevel(role('up', topicPublisher(struct('svc', _)))), quit('bye'));
    const watcher = boot(null, role('w', topicSubscriber(struct('svc', _))));
    const run = runProgram([spawn(watcher), nestedVm(boot(null, spawn(inner, { name: 'inner' })), { name: 'vm' })]);
    // Ground round 3 runs the VM's third inner round: the inner process (inner p1) adds its
    // meta-endpoint, then quits. Its actions reach the VM process (p2) as add-role and delete-role of
    // 1/up, performed in ground round 4, where the watcher (p1) sees it come and go.
    expect(only(run, 'quit', 'endpoint', 'deliver')).toEqual([
      'ground p1 endpoint added w sub svc(?0)',
      'ground/2 p1 endpoint added meta up pub svc(?0)',
      'ground/2 p1 quit "bye"',
      'ground/2 p1 endpoint removed meta up pub svc(?0) reason "bye"',
      'ground p2 endpoint added 1/up pub svc(?0)',
      'ground p1 deliver w presence pub svc(?0) from p2 1/up => ok',
      // The relay endpoint hears of w too, but its inner endpoint is gone (decision 29).
      'ground p2 deliver 1/up presence sub svc(?0) from p1 w => discarded',
      'ground p2 endpoint removed 1/up pub svc(?0) reason "bye"',
      'ground p1 deliver w absence pub svc(?0) "bye" from p2 1/up => ok',
      'ground p2 deliver 1/up absence sub svc(?0) "bye" from p1 w => discarded',
    ]);
    const quitRec = run.records.find((r) => r.kind === 'quit' && r.vm.length === 1)!;
    const metaRemoved = run.records.find((r) => r.kind === 'endpoint' && r.meta && r.change === 'removed')!;
    expect(metaRemoved.cause).toBe(quitRec.id);
  });

  it("kill removes the victim with the killer's reason and the killer hears the absence (D6)", () => {
    const victim = boot(null, role('v', topicPublisher(foo())));
    const killer = boot(null, role('k', topicSubscriber(foo())), kill(pid(1), 'terminated'), kill(pid(99)));
    const run = runProgram([spawn(victim), spawn(killer)]);
    expect(run.lines.slice(-7)).toEqual([
      'ground p2 action kill 1 "terminated"',
      'ground p1 quit "terminated" killed-by 2',
      'ground p1 endpoint removed v pub foo(?0) reason "terminated"',
      'ground p2 deliver k absence pub foo(?0) "terminated" from p1 v => ok',
      'ground p1 deliver v absence sub foo(?0) "terminated" from p2 k => discarded',
      'ground p2 action kill 99 false',
      'ground p2 no-op no process 99 to kill',
    ]);
  });
});

describe('yield', () => {
  it('the continuation runs at once; its actions run in the next round', () => {
    const run = runProgram([spawn(boot(0, yieldThen((s: number) => transition(s + 1, sendMessage('after')))))]);
    const i = run.lines.indexOf('ground p1 action yield');
    expect(run.lines.slice(i, i + 5)).toEqual([
      'ground p1 action yield',
      'ground p1 continuation yield => ok [send-message "after"]',
      'ground round 4',
      'ground p1 action send-message "after"',
      'ground gc [1]',
    ]);
  });
});

describe('scheduling (fact 3)', () => {
  it('a reply to a higher pid is handled in the same round, to a lower pid in the next', () => {
    const order: string[] = [];
    const responder = (name: string) =>
      boot(null, role(name, topicSubscriber(struct('ask', name)), {
        onMessage: (_m, s) => (order.push(`${name} asked`), transition(s, sendMessage(struct('answer', name)))),
      }));
    const asker = boot(
      null,
      role('answers', topicSubscriber(struct('answer', _)), { onMessage: (m) => void order.push(`got ${JSON.stringify(m)}`) }),
      yieldThen((s) => transition(s, sendMessage(struct('ask', 'low')), sendMessage(struct('ask', 'high')))),
    );
    const run = runProgram([spawn(responder('low'), { name: 'low' }), spawn(asker, { name: 'asker' }), spawn(responder('high'), { name: 'high' })]);
    const asks = run.lines.findIndex((l) => l.includes('action send-message ask("low")'));
    const tail = run.lines.slice(asks).filter((l) => l.startsWith('ground round') || l.includes('action send-message'));
    expect(tail).toEqual([
      'ground p2 action send-message ask("low")',
      'ground p2 action send-message ask("high")',
      'ground p3 action send-message answer("high")', // p3 > p2: same round
      'ground round 5',
      'ground p1 action send-message answer("low")', // p1 < p2: next round
    ]);
  });
});

describe('at-meta-level and nested VMs', () => {
  const inner = boot(
    null,
    atMetaLevel(role('up', topicSubscriber(foo()), {
      onMessage: (m, s) => transition(s, atMetaLevel(sendMessage(struct('echo', m)))),
    })),
  );

  it("an inner process's meta-endpoint is an endpoint of the VM process outside", () => {
    const outside = boot(null, role('o', topicPublisher(foo())));
    const run = runProgram([spawn(outside, { name: 'outside' }), nestedVm(boot(null, spawn(inner, { name: 'inner' })), { name: 'vm' })]);
    expect(only(run, 'endpoint')).toEqual([
      'ground p1 endpoint added o pub foo(?0)',
      'ground/2 p1 endpoint added meta up sub foo(?0)',
      'ground p2 endpoint added 1/up sub foo(?0)',
    ]);
    expect(run.ground.vm.processes.get(pid(2))?.isVm).toBe(true);
  });

  it('messages route down into the VM and back up, and inner quit withdraws the meta-endpoint outside', () => {
    const got: unknown[] = [];
    const outside = boot(
      null,
      role('o', topicPublisher(foo())),
      role('echoes', topicSubscriber(struct('echo', _)), { onMessage: (m) => void got.push(m) }),
      role('watch', topicPublisher(foo(), { monitor: 'everything' }), {
        onAbsence: (_r, reason) => void got.push(['absent', reason]),
      }),
    );
    const quitter = boot(null, atMetaLevel(role('up', topicSubscriber(foo()), {
      onMessage: (_m, s) => transition(s, quit('inner-done')),
    })));
    const g = runUntilIdle(groundVm(boot(null, spawn(outside), nestedVm(boot(null, spawn(inner), spawn(quitter)))))).ground;
    runUntilIdle(injectMessage(g, foo(5)).ground);
    expect(got).toEqual([struct('echo', foo(5)), ['absent', 'inner-done']]);
  });

  it('a relayed event is recorded on both sides of the boundary, the inside caused by the outside (decision 29)', () => {
    const outside = boot(null, role('o', topicPublisher(foo()), { onPresence: (_p, s) => transition(s, sendMessage(foo(7))) }));
    const up = boot(null, atMetaLevel(role('up', topicSubscriber(foo()), { onMessage: (_m, s) => transition(s) })));
    const run = runProgram([spawn(outside), nestedVm(boot(null, spawn(up)), { name: 'vm' })]);
    // Ground round 4: the VM process (p2) adds 1/up for inner p1's meta-endpoint. The outside
    // publisher o hears of it; 1/up hears of o, which it hands inward. Round 5: o's message.
    expect(only(run, 'deliver')).toEqual([
      'ground p1 deliver o presence sub foo(?0) from p2 1/up => ok [send-message foo(7)]',
      'ground p2 deliver 1/up presence pub foo(?0) from p1 o => relayed',
      'ground/2 p1 deliver up presence pub foo(?0) => ok',
      'ground p2 deliver 1/up message foo(7) => relayed',
      'ground/2 p1 deliver up message foo(7) => ok',
    ]);
    const delivers = run.records.filter((r) => r.kind === 'deliver');
    expect(delivers[2]!.cause).toBe(delivers[1]!.id);
    expect(delivers[4]!.cause).toBe(delivers[3]!.id);
    // The VM's inner round after each relayed event is caused by the relay record too.
    const rounds = run.records.filter((r) => r.kind === 'round' && r.vm.length === 1 && (r.cause === delivers[1]!.id || r.cause === delivers[3]!.id));
    expect(rounds).toHaveLength(2);
  });

  it('at-meta-level at the ground crashes only the acting process', () => {
    const run = runProgram([spawn(boot(null, atMetaLevel(sendMessage('x')))), spawn(boot(null, role('ok', topicSubscriber(foo()))))]);
    expect(run.lines).toContain(
      'ground p1 quit error("no-meta-level", "at-meta-level at the ground VM: no further meta-level exists")',
    );
    expect(run.ground.vm.processes.has(pid(2))).toBe(true);
  });

  it('a nested VM with no outer endpoints and nothing queued is collected with what is inside (D7)', () => {
    const sleeper = boot(null, role('local', topicSubscriber(foo())));
    const run = runProgram([nestedVm(boot(null, spawn(sleeper, { name: 'sleeper' })), { name: 'vm' })]);
    const gc = run.records.filter((r) => r.kind === 'gc' && r.vm.length === 0 && r.pids.includes(pid(1)));
    expect(gc).toHaveLength(1);
    expect(gc[0]!.kind === 'gc' && gc[0]!.vanished).toEqual([{ vm: [1], pid: 1, name: 'sleeper' }]);
    expect(run.ground.vm.processes.size).toBe(0);
  });

  it('nesting deeper than maxVmDepth quits the too-deep VM with a limit reason', () => {
    const nest = (n: number): ReturnType<typeof boot> =>
      n === 0 ? boot(null, atMetaLevel(role('x', topicSubscriber(foo())))) : boot(null, nestedVm(nest(n - 1)));
    const g = groundVm(nest(4), { limits: { maxVmDepth: 2 } });
    const r = runUntilIdle(g);
    const limits = r.records.filter((x) => x.kind === 'limit').map(line);
    expect(limits).toEqual(['ground/1/1 p1 limit maxVmDepth: a nested VM at depth 3 exceeds maxVmDepth (2)']);
  });
});

describe('messages with wildcards in the body', () => {
  it('route by unification, each anonymous wildcard independent', () => {
    const got: string[] = [];
    runProgram([
      spawn(boot(null, role('ab', topicSubscriber(['a', 'b']), { onMessage: () => void got.push('ab') }))),
      spawn(boot(null, role('aa', topicSubscriber(['a', 'a']), { onMessage: () => void got.push('aa') }))),
      spawn(boot(null, role('c', topicSubscriber(['c', 'd']), { onMessage: () => void got.push('c') }))),
      spawn(boot(null, sendMessage(['a', _]), sendMessage([_, _]))),
    ]);
    expect(got).toEqual(['ab', 'aa', 'ab', 'aa', 'c']);
  });
});

describe('deliver records name the peer endpoint (decision 27)', () => {
  it('tells apart identical-looking peers; an absence names the one that left; a message names none', () => {
    // Two publishers of the same role under the same name, in p1 and p2; the subscriber p3 comes
    // last, so its one add-role meets both: two presences that look the same but for the peer.
    const svc = () => boot(null, role('svc', topicPublisher(foo(1))));
    const sub = boot(null, role('s', topicSubscriber(foo())), yieldThen((st) => transition(st, sendMessage(foo(1)))));
    const run = runProgram([spawn(svc()), spawn(svc()), spawn(sub), spawn(boot(null, kill(pid(2), 'gone')))]);
    expect(only(run, 'deliver')).toEqual([
      // Round 2, p3 adds s: other processes by ascending pid; for each, the existing endpoint first.
      'ground p1 deliver svc presence sub foo(1) from p3 s => ok',
      'ground p3 deliver s presence pub foo(1) from p1 svc => ok',
      'ground p2 deliver svc presence sub foo(1) from p3 s => ok',
      'ground p3 deliver s presence pub foo(1) from p2 svc => ok',
      // Still round 2, p4 kills p2: p3 hears which of the two left; p2's own delivery is discarded.
      'ground p3 deliver s absence pub foo(1) "gone" from p2 svc => ok',
      'ground p2 deliver svc absence sub foo(1) "gone" from p3 s => discarded',
      // Round 3, p3's yield continuation sends foo(1) to itself (own endpoints first): no peer.
      'ground p3 deliver s message foo(1) => ok',
    ]);
    const peers = run.records.flatMap((r) => (r.kind === 'deliver' ? [r.peer] : []));
    expect(peers).toEqual([
      { pid: 3, endpoint: 's' }, { pid: 1, endpoint: 'svc' }, { pid: 3, endpoint: 's' }, { pid: 2, endpoint: 'svc' },
      { pid: 2, endpoint: 'svc' }, { pid: 3, endpoint: 's' }, null,
    ]);
  });
});
