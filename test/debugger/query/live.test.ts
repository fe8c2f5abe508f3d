/**
 * LiveQuery (a query's hits kept up to date as the index grows: sim --break, QueryIndex.nextHit)
 * against the index's evaluator asked afresh, on random queries over shipped scenarios fed unit by
 * unit; and its work on a long run grows with the run, not with its square.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/kernel/index.ts';
import { createSimulation, makeRun } from '../../../src/kernel/ground/index.ts';
import { grow, historyStatus, startHistory, type History } from '../../../src/debugger/engine/history.ts';
import { answer } from '../../../src/debugger/query/evaluate.ts';
import { LiveQuery } from '../../../src/debugger/query/live.ts';
import { parseQuery } from '../../../src/debugger/query/parser.ts';
import { PresenceIndex } from '../../../src/debugger/query/presence-index.ts';
import type { QuerySource } from '../../../src/debugger/query/views.ts';
import { echoBoot, echoLoadClients, w6Load } from '../../../bench/workloads/echo-load.ts';
import { mulberry32, randomQuery, vocabulary } from './gen-query.ts';
import { hitKey } from './helpers.ts';
import { runScenario } from './runs.ts';

const SCENARIOS = ['tcp-echo', 'glitching', 'handoff', 'supervisor', 'nested-pool', 'ssh-nested'];
const QUERIES = 25;
/** Compare after every this many units (and after the last). */
const EVERY_UNITS = 5;

describe('a live query', () => {
  for (const [i, id] of SCENARIOS.entries()) {
    it(`has, at every point of a growing ${id} run, the hits asked afresh (query seed ${2000 + i})`, () => {
      const run = runScenario(id, undefined, 200);
      const rnd = mulberry32(2000 + i);
      const v = vocabulary(run.records);
      const queries = Array.from({ length: QUERIES }, () => randomQuery(rnd, v));
      // A few fixed ones whose hits change as intervals close and grow.
      queries.push(...['alone longer than 3 steps', 'knows open', 'lifetime process shorter than 5 steps', 'absence not followed by quit', 'spawn before quit'].map(parseQuery));
      const index = new PresenceIndex();
      const src: QuerySource = { index, record: (at) => run.records[at]! };
      const lives = queries.map((q) => new LiveQuery(q.expr));
      run.chunks.forEach((c, u) => {
        index.feed(c.records, c.step);
        if (u % EVERY_UNITS !== 0 && u !== run.chunks.length - 1) return;
        lives.forEach((live, n) => {
          live.update(src);
          const fresh = answer(src, { head: 'all', expr: queries[n]!.expr }).hits;
          expect(live.hits().map((h) => hitKey(index, h)), `${id} unit ${u}: query ${n}`).toEqual(fresh.map((h) => hitKey(index, h)));
          expect(live.hits().map((h) => h.bindings), `${id} unit ${u}: query ${n}`).toEqual(fresh.map((h) => h.bindings));
        });
      });
    });
  }

  it('starts again on another index (a branch)', () => {
    const run = runScenario('tcp-echo', undefined, 200);
    const live = new LiveQuery(parseQuery('presence to listener').expr);
    const whole = new PresenceIndex();
    run.chunks.forEach((c) => whole.feed(c.records, c.step));
    live.update({ index: whole, record: (at) => run.records[at]! });
    expect(live.hits().length).toBe(2);
    const part = new PresenceIndex();
    run.chunks.slice(0, 20).forEach((c) => part.feed(c.records, c.step));
    live.update({ index: part, record: (at) => run.records[at]! });
    expect(live.hits().length).toBe(answer({ index: part, record: (at) => run.records[at]! }, parseQuery('presence to listener')).count);
  });
});

/** W6's tcp-echo load recorded to `n` records, fed to a live query after every unit (as sim --break does): its work. */
function workOver(n: number, text: string): { work: number; records: number; hits: number } {
  const start = createSimulation(echoBoot(), { seed: 1, clients: echoLoadClients(w6Load(n)) });
  let h: History = startHistory(makeRun(start, [], { maxSteps: Number.MAX_SAFE_INTEGER, untilMs: null }), start.records);
  while (h.records.length < n && historyStatus(h) === 'running') h = grow(h, Number.MAX_SAFE_INTEGER, n);
  const records: readonly TraceRecord[] = h.records.readNow();
  const index = new PresenceIndex();
  const live = new LiveQuery(parseQuery(text).expr);
  const src: QuerySource = { index, record: (at) => records[at]! };
  let at = 0;
  for (let b = 0; b < h.boundaries.length; b++) {
    const u = h.boundaries.get(b)!;
    if (u.records <= at) continue;
    index.feed(records.slice(at, u.records), u.steps);
    at = u.records;
    live.update(src);
  }
  return { work: live.work, records: index.length, hits: live.hits().length };
}

describe('sim --break over a long run', () => {
  // Asked afresh after every unit, each of these looks at every candidate so far: quadratic.
  for (const text of ['crash', 'alone sub longer than 3 steps', 'knows to listener open', 'message on tcp-channel(_, tcp-listener(5999), _)']) {
    it(`does work linear in the run: ${text}`, () => {
      const small = workOver(10_000, text);
      const large = workOver(40_000, text);
      const perRecord = (r: { work: number; records: number }): number => r.work / r.records;
      // Four times the records: at most about four times the work (quadratic would be sixteen).
      expect(perRecord(large) / Math.max(perRecord(small), 1e-9), JSON.stringify({ small, large })).toBeLessThan(1.5);
    }, 120_000);
  }

  it('asks a temporal expression again only when its selections\' hits changed (O(hits) each time)', () => {
    // Not linear (each change compares all hits so far), but no record is read again: below one
    // unit of work per record, where asking afresh after every unit reads every absence and quit so
    // far each time (and evaluating the temporal expression after every unit did 45 per record).
    const large = workOver(40_000, 'quit by ?p after absence to ?p');
    expect(large.work / large.records, JSON.stringify(large)).toBeLessThan(1);
    expect(large.hits).toBeGreaterThan(0);
  }, 120_000);
});
