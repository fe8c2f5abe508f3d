/**
 * The boundary (src/kernel/boundary.ts, transition.ts; issue 11): every class of user value that
 * escaped the kernel, each as the smallest program showing it. In every case the kernel does not
 * throw, only the offending process is affected, and every record pretty-prints.
 */
import { describe, expect, it } from 'vitest';
import {
  _, addRole, boot, bytes, kill, nestedVm, pid, prettyRecord, quit, role, sendMessage, spawn, struct, topicPublisher,
  topicSubscriber, transition, wild, yieldThen, type ActionTree, type Term, type TraceRecord,
} from '../../src/kernel/index.ts';
import { groundVm, runUntilIdle } from '../../src/kernel/ground/index.ts';
import { exponentialTopic } from '../fuzz/programs.ts';
import { readBack } from '../fuzz/program-check.ts';
import { TraceWriter, makeHeader } from '../../src/debugger/trace/index.ts';

/** Runs boot process `actions` (pid 1 below the ground's boot) to idle; the kernel must not throw. */
function run(actions: ActionTree, limits = {}): { records: TraceRecord[]; lines: string[] } {
  const r = runUntilIdle(groundVm(boot(null, spawn(boot(null, actions), { name: 'P' })), { limits }), 1_000);
  return { records: r.records, lines: r.records.map((x) => prettyRecord(x).replace(/^#\d+(<-\d+)? /, '')) };
}

const quits = (records: readonly TraceRecord[]): string[] =>
  records.flatMap((r) => (r.kind === 'quit' ? [prettyRecord(r).replace(/^#\d+(<-\d+)? ground /, '')] : []));

/** The records written as a trace and read back: [] when every line reads back as written. */
function writeAndRead(records: readonly TraceRecord[]): string[] {
  const lines: string[] = [];
  const w = new TraceWriter(makeHeader({ scenario: 'boundary', seed: 1, options: {} }), (l) => lines.push(l));
  w.step(records);
  w.end('quiescent');
  return readBack(lines);
}

const handler = () => transition(null);

describe('the boundary: a user value is read once, checked, copied', () => {
  it('a role with a throwing getter crashes its process (the role is not spread before it is checked)', () => {
    const r = { orientation: 'subscriber', get topic(): never { throw new Error('getter'); }, interest: 'participant' };
    expect(quits(run(addRole('x', r as never, handler)).records)).toEqual(['p1 quit exn("Error", "getter")']);
  });

  it('a role whose getter changes its answer is read once', () => {
    let reads = 0;
    const r = { get orientation() { return reads++ === 0 ? 'subscriber' : 'bogus'; }, topic: 'x', interest: 'participant' };
    const { lines } = run(addRole('x', r as never, handler));
    expect(lines).toContain('ground p1 endpoint added x sub "x"');
    expect(reads).toBe(1);
  });

  it('a topic shaped like a wildcard with a non-array `fields` is refused, as a topic and as a message', () => {
    const odd = { wild: null, struct: 'w', fields: 5 } as unknown as Term;
    const asTopic = run(role('x', { orientation: 'subscriber', topic: odd, interest: 'participant' }));
    const asBody = run(sendMessage(odd));
    const refusal = 'an object with more than one of the keys struct, evt, wild is not a term';
    expect(quits(asTopic.records)).toEqual([`p1 quit error("bad-transition", "add-role topic: ${refusal}")`]);
    expect(quits(asBody.records)).toEqual([`p1 quit error("bad-transition", "message body: ${refusal}")`]);
    expect(quits(run(sendMessage([1, { struct: 's', fields: 'no' }] as never)).records)).toEqual([
      'p1 quit error("bad-transition", "message body[1]: .fields is \\"no\\", not a list")',
    ]);
  });

  it('a process or VM name that is a Symbol or throws in toString is refused without being converted', () => {
    let converted = false;
    const sly = { toString: () => ((converted = true), 'sly') };
    const records = run([spawn(boot(null), { name: Symbol('s') as never }), nestedVm(boot(null), { name: sly as never })]).records;
    expect(quits(records)).toEqual(['p1 quit error("bad-transition", "spawn: the process name must be a string, got Symbol(s)")']);
    expect(converted).toBe(false);
    expect(writeAndRead(records)).toEqual([]);
  });

  it('actions are copied when returned: a Proxy, a getter or a change after return cannot alter them', () => {
    const reads: Record<string, number> = {};
    const proxied = new Proxy(sendMessage(['m', 1]), {
      get: (t, k) => {
        reads[String(k)] = (reads[String(k)] ?? 0) + 1;
        return k === 'type' && reads.type! > 1 ? 'quit' : t[k as keyof typeof t];
      },
    });
    const body: Term[] = ['m', 2];
    const later = sendMessage(body);
    const sent: Term[] = [];
    const program = [
      role('in', topicSubscriber(['m', _]), { onMessage: (m, s) => (sent.push(m), transition(s)) }),
      yieldThen((s) => {
        // Changed after they were returned (they run in the next round).
        return transition(s, proxied as never, later);
      }),
      yieldThen((s) => ((body[1] = 'changed'), (later as { body: Term }).body = 'changed', transition(s))),
    ];
    run(program);
    expect(sent).toEqual([['m', 1], ['m', 2]]);
    expect(reads.type).toBe(1);
  });

  it('a Proxy as a quit reason is refused; the trace is written and read back', () => {
    const trap = (): never => {
      throw new Error('trap');
    };
    const records = run([role('x', topicPublisher('x')), quit(new Proxy({}, { get: trap, ownKeys: trap, has: trap }) as never)]).records;
    expect(quits(records)).toEqual(['p1 quit exn("Error", "trap")']);
    expect(writeAndRead(records)).toEqual([]);
  });

  it('a pid above 2⁵³ is refused; −0 is 0; `nested` must be a boolean', () => {
    expect(quits(run(kill(pid(2 ** 60))).records)).toEqual([
      'p1 quit error("bad-transition", "quit: pid must be an integer of at most 2^53 − 1, got 1152921504606847000")',
    ]);
    expect(run(kill(pid(-0))).lines).toContain('ground p1 action kill 0 false');
    const odd = { ...spawn(boot(null)), nested: 'yes' };
    expect(quits(run(odd as never).records)).toEqual(['p1 quit error("bad-transition", "spawn: nested must be true or false, got \\"yes\\"")']);
  });
});

describe('handlers get copies: what one does to its message, no one else sees', () => {
  it('a receiver that changes its message (a list, bytes) changes nothing for the next one or the trace', () => {
    const seen: string[] = [];
    const grab = (m: Term): Term[] => m as Term[];
    const changer = boot(null, role('in', topicSubscriber(['m', _, _]), {
      onMessage: (m, s) => {
        grab(m).push('changed');
        (grab(m)[2] as Uint8Array)[0] = 99;
        return transition(s);
      },
    }));
    const watcher = boot(null, role('in', topicSubscriber(['m', _, _]), {
      onMessage: (m, s) => (seen.push(JSON.stringify([grab(m).length, (grab(m)[2] as Uint8Array)[0]])), transition(s)),
    }));
    const r = runUntilIdle(groundVm(boot(null, spawn(changer), spawn(watcher), spawn(boot(null, yieldThen((s) => transition(s, sendMessage(['m', 1, bytes('a')]))))))));
    expect(seen).toEqual(['[3,97]']);
    const printed = r.records.map((x) => prettyRecord(x)).filter((l) => l.includes(' deliver in message'));
    expect(printed).toHaveLength(2);
    for (const l of printed) expect(l).toContain('message ["m", 1, #"a"]');
  });
});

describe('unbounded work is bounded', () => {
  it('a sparse action list of length 2³²−1, a million holes, a generator: refused at once', () => {
    const t0 = performance.now();
    const records = [
      ...run(new Array(2 ** 32 - 1) as never).records,
      ...run(new Array(1_000_000) as never, { maxTransitionActions: 1_000 }).records,
      ...run((function* forever() {
        for (;;) yield sendMessage('again');
      })() as never).records,
    ];
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(quits(records)).toEqual([
      'p1 quit limit("maxTransitionActions", "more than maxTransitionActions (1000000) entries in one transition\'s action tree")',
      'p1 quit limit("maxTransitionActions", "more than maxTransitionActions (1000) entries in one transition\'s action tree")',
      'p1 quit error("bad-transition", "[object Generator] is not an action")',
    ]);
  });

  it('the vocabulary does not walk a topic: a sparse list of length 2³²−1 as a role\'s topic is refused at the boundary', () => {
    const t0 = performance.now();
    const sparse = new Array(2 ** 32 - 1) as never;
    const records = [...run(role('x', topicSubscriber(sparse))).records, ...run(role('y', topicPublisher(sparse))).records];
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(quits(records)).toEqual([
      'p1 quit limit("maxTermNodes", "add-role topic has more than maxTermNodes (100000) nodes")',
      'p1 quit limit("maxTermNodes", "add-role topic has more than maxTermNodes (100000) nodes")',
    ]);
  });

  it('a 200 KB crash reason is abbreviated once: every absence record carries the short one', () => {
    const peers = [1, 2, 3].map((i) => spawn(boot(null, role(`w${i}`, topicSubscriber('v'))), { name: `w${i}` }));
    const victim = boot(null, role('v', topicPublisher('v')), yieldThen(() => {
      throw new Error('x'.repeat(200_000));
    }));
    const r = runUntilIdle(groundVm(boot(null, ...peers, spawn(victim, { name: 'victim' }))));
    const absences = r.records.filter((x) => x.kind === 'deliver' && x.event.type === 'absence');
    expect(absences.length).toBeGreaterThanOrEqual(3);
    for (const x of r.records) expect(prettyRecord(x).length).toBeLessThan(6_000);
  });

  it('an exponential topic intersection is refused within its steps (the adding process crashes)', () => {
    const t0 = performance.now();
    const r = runUntilIdle(groundVm(boot(null,
      spawn(boot(null, role('p', topicPublisher([wild('p'), wild('p')]))), { name: 'pair' }),
      spawn(boot(null, yieldThen((s) => transition(s, role('x', topicSubscriber(exponentialTopic(40)))))), { name: 'bomb' }),
    )));
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(quits(r.records)[0]).toMatch(/^p2 quit limit\("maxTermNodes", "endpoint \\"x\\": the intersection with endpoint \\"p\\" of process 1 needs more than 800000 steps/);
    expect(r.records.some((x) => x.kind === 'endpoint' && x.endpoint === 'x')).toBe(false);
  });

  it('a throwing handler only kills its own process', () => {
    const r = run([role('x', topicSubscriber(struct('s', _)), { onMessage: () => { throw new Error('boom'); } }), sendMessage(struct('s', 1))]);
    expect(quits(r.records)).toEqual(['p1 quit exn("Error", "boom")']);
  });
});
