/** Every named limit crashes the offending process with a reason that names the limit (D11). */
import { describe, expect, it } from 'vitest';
import {
  boot, pretty, role, sendMessage, spawn, struct, topicSubscriber, yieldThen, transition, type TraceRecord,
} from '../../src/kernel/index.ts';
import { groundVm, runUntilIdle } from '../../src/kernel/ground/index.ts';

const quits = (records: readonly TraceRecord[]) =>
  records.flatMap((r) => (r.kind === 'quit' ? [`p${r.pid} ${pretty(r.reason)}`] : []));

describe('limits', () => {
  it('maxQueueLength', () => {
    const flood = boot(null, [1, 2, 3, 4, 5].map((i) => sendMessage(i)));
    const r = runUntilIdle(groundVm(boot(null, spawn(flood)), { limits: { maxQueueLength: 3 } }));
    expect(quits(r.records)).toEqual([
      'p1 error("bad-transition", "more than 3 actions in one transition")',
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
      'p1 error("bad-transition", "message body has more than maxTermNodes (5) nodes")',
      'p2 error("bad-transition", "message body is nested deeper than maxTermDepth (4)")',
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
});
