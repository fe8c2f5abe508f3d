/** Every named limit crashes the offending process with a reason that names the limit (D11). */
import { describe, expect, it } from 'vitest';
import {
  boot, pretty, quit, role, sendMessage, spawn, struct, topicSubscriber, yieldThen, transition, type TraceRecord,
} from '../../src/kernel/index.ts';
import { groundVm, runUntilIdle } from '../../src/kernel/ground/index.ts';

const quits = (records: readonly TraceRecord[]) =>
  records.flatMap((r) => (r.kind === 'quit' ? [`p${r.pid} ${pretty(r.reason)}`] : []));

describe('limits', () => {
  it('maxQueueLength', () => {
    const flood = boot(null, [1, 2, 3, 4, 5].map((i) => sendMessage(i)));
    const r = runUntilIdle(groundVm(boot(null, spawn(flood)), { limits: { maxQueueLength: 3 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxQueueLength", "process 1 (process) would have more than maxQueueLength (3) queued actions")',
    ]);
  });

  it('maxRoundActions: the process exceeding the fuel quits, the round ends, others continue', () => {
    const busy = boot(null, [1, 2, 3, 4].map((i) => sendMessage(i)));
    const other = boot(null, sendMessage('other'));
    const r = runUntilIdle(groundVm(boot(null, spawn(busy), spawn(other)), { limits: { maxRoundActions: 3 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxRoundActions", "more than maxRoundActions (3) actions in one scheduler round")',
    ]);
    expect(r.records.some((x) => x.kind === 'action' && x.pid === 2 && x.action.type === 'send-message')).toBe(true);
  });

  it('maxTermNodes and maxTermDepth', () => {
    const big = boot(null, sendMessage([1, 2, 3, 4, 5, 6]));
    const deep = boot(null, sendMessage([[[[['x']]]]]));
    const r = runUntilIdle(groundVm(boot(null, spawn(big), spawn(deep)), { limits: { maxTermNodes: 5, maxTermDepth: 4 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxTermNodes", "message body has more than maxTermNodes (5) nodes")',
      'p2 limit("maxTermDepth", "message body is nested deeper than maxTermDepth (4)")',
    ]);
  });

  it('maxEndpointsPerProcess', () => {
    const many = boot(null, [1, 2, 3].map((i) => role(`e${i}`, topicSubscriber(struct('x', i)))));
    const r = runUntilIdle(groundVm(boot(null, spawn(many)), { limits: { maxEndpointsPerProcess: 2 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxEndpointsPerProcess", "process 1 (process) would hold more than maxEndpointsPerProcess (2) endpoints")',
    ]);
  });

  it('maxProcessesPerVm', () => {
    const spawner = boot(null, [1, 2, 3].map(() => spawn(boot(null, yieldThen((s) => transition(s))))));
    const r = runUntilIdle(groundVm(boot(null, spawn(spawner)), { limits: { maxProcessesPerVm: 3 } }));
    expect(quits(r.records)[0]).toBe(
      'p1 limit("maxProcessesPerVm", "the VM would hold more than maxProcessesPerVm (3) processes")',
    );
  });

  it('maxStringLength: a string, or a byte string, longer than it', () => {
    const long = boot(null, sendMessage(struct('s', 'abcdefghi')));
    const bytesLong = boot(null, sendMessage(new Uint8Array(9)));
    const r = runUntilIdle(groundVm(boot(null, spawn(long), spawn(bytesLong)), { limits: { maxStringLength: 8 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxStringLength", "message body holds a string of 9 characters, longer than maxStringLength (8)")',
      'p2 limit("maxStringLength", "message body holds 9 bytes in one byte string, more than maxStringLength (8)")',
    ]);
  });

  it('maxNameLength: a process or endpoint name longer than it', () => {
    const longEndpoint = boot(null, role('endpoint-name', topicSubscriber('x')));
    const longProcess = boot(null, spawn(boot(null), { name: 'process-name' }));
    const r = runUntilIdle(groundVm(boot(null, spawn(longEndpoint, { name: 'a' }), spawn(longProcess, { name: 'b' })), { limits: { maxNameLength: 8 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxNameLength", "add-role: endpoint name has 13 characters, more than maxNameLength (8)")',
      'p2 limit("maxNameLength", "spawn: the process name has 12 characters, more than maxNameLength (8)")',
    ]);
  });

  it('maxTransitionActions: entries of the action tree, skipped ones included; a sparse list is refused before it is read', () => {
    const padded = boot(null, [null, null, [false, undefined], sendMessage(1)]);
    let reads = 0;
    const sparse = new Proxy(new Array<unknown>(2 ** 32 - 1), {
      get: (t, k) => (k === 'length' ? t.length : (reads++, undefined)),
    });
    const huge = boot(null, sparse as never);
    const r = runUntilIdle(groundVm(boot(null, spawn(padded), spawn(huge)), { limits: { maxTransitionActions: 5 } }));
    const sentence = "more than maxTransitionActions (5) entries in one transition's action tree";
    expect(quits(r.records)).toEqual([`p1 limit("maxTransitionActions", "${sentence}")`, `p2 limit("maxTransitionActions", "${sentence}")`]);
    expect(reads).toBe(0);
  });

  it('maxTransitionSize: everything one transition hands over, together', () => {
    const each = boot(null, sendMessage('abcd'), sendMessage('efgh'));
    const r = runUntilIdle(groundVm(boot(null, spawn(each, { name: 'p' })), { limits: { maxTransitionSize: 10 } }));
    expect(quits(r.records)).toEqual([
      'p1 limit("maxTransitionSize", "message body brings the transition over maxTransitionSize (10 nodes, characters and bytes)")',
    ]);
  });

  it('maxReasonSize: an explicit reason over it crashes the process; a crash reason is abbreviated to it', () => {
    const big = 'x'.repeat(300);
    const quitter = boot(null, quit(struct('why', big)));
    const thrower = boot(null, yieldThen(() => {
      throw new Error(big);
    }));
    const r = runUntilIdle(groundVm(boot(null, spawn(quitter), spawn(thrower)), { limits: { maxReasonSize: 200 } }));
    // why(big): 1 node + 3 characters, 1 node + 300 characters.
    expect(quits(r.records)).toEqual([
      'p1 limit("maxReasonSize", "quit reason has size 305, more than maxReasonSize (200) nodes, characters and bytes")',
      // 200 = exn 1 + 3, "Error" 1 + 5, the message 1 + 189 kept, then the cut mark.
      `p2 exn("Error", "${'x'.repeat(189)}…")`,
    ]);
  });
});
