/** The query index kept in step with an engine History: grown with it, rebuilt after a branch. */
import { describe, expect, it } from 'vitest';
import { pid, struct } from '../../../src/kernel/index.ts';
import { branch } from '../../../src/debugger/engine/history.ts';
import { QueryIndex } from '../../../src/debugger/query/query-index.ts';
import { parseQuery } from '../../../src/debugger/query/parser.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { TestHistory } from '../../helpers/history.ts';
import { ask, sourceOf } from './helpers.ts';
import { runScenario } from './runs.ts';

const echo = () => new TestHistory(startScenario(findScenario('tcp-echo')!), {}, [], { maxSteps: 100_000, untilMs: null });

describe('QueryIndex', () => {
  it('answers as the index of the whole run does, however the history grew', () => {
    const h = echo();
    const q = new QueryIndex();
    h.grow(100, 1_000);
    const early = q.ask(h.h, 'knows to listener');
    expect(early.ok && early.hits.map((s) => [s.from, s.to])).toEqual([[55, null]]);
    h.growAll();
    const whole = sourceOf(runScenario('tcp-echo', undefined, 100_000));
    for (const text of ['knows to listener', 'alone sub longer than 3 steps', 'spawn within 2 steps after presence to listener']) {
      const a = q.ask(h.h, text);
      expect(a.ok && a.answer.count, text).toBe(ask(whole, text).count);
    }
    expect([...q.sync(h.h).steps.toArray()]).toEqual([...whole.index.steps.toArray()]);
    expect(q.rebuilds).toBe(0);
  });

  it('names the column of a bad query', () => {
    expect(new QueryIndex().ask(echo().h, 'knows to')).toEqual({ ok: false, column: 9, error: 'expected a process: a name, "a name", a pid path [9, 3] or a variable ?p, found the end of the query' });
  });

  it('is rebuilt when the history branches', () => {
    const h = echo().growAll();
    const q = new QueryIndex();
    expect(q.ask(h.h, 'count quit').ok).toBe(true);
    // Kill the listener at record 100: no connection-handler for bob.
    const b = branch(h.h, 100, { kind: 'kill', vm: [], pid: pid(2), reason: struct('exn', 'Error', 'test') }, { maxSteps: 100_000, untilMs: null });
    h.h = b;
    h.growAll();
    const a = q.ask(h.h, 'count spawn to connection-handler');
    expect(a.ok && a.answer.count).toBe(1);
    expect(q.rebuilds).toBe(1);
  });

  it('finds the next hit forward and backward from a cursor (a breakpoint)', () => {
    const h = echo().growAll();
    const q = new QueryIndex();
    const bp = parseQuery('presence to listener');
    // Hits at records #56 and #153 (indexes 55, 152): the cursor that shows each is index + 1.
    expect(q.nextHit(h.h, bp, 0, 'forward')).toBe(56);
    expect(q.nextHit(h.h, bp, 56, 'forward')).toBe(153);
    expect(q.nextHit(h.h, bp, 153, 'forward')).toBe(null);
    expect(q.nextHit(h.h, bp, 153, 'backward')).toBe(56);
    expect(q.nextHit(h.h, bp, 56, 'backward')).toBe(null);
  });
});
