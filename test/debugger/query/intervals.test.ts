/** The interval store's stabbing and overlap queries against a filter over every interval. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntervalStore, OPEN, SNAPSHOT_EVERY_RECORDS } from '../../../src/debugger/query/intervals.ts';
import { PresenceIndex } from '../../../src/debugger/query/presence-index.ts';
import { indexOf, runScenario } from './runs.ts';

/** A script: per record, how many intervals open and which open ones (by position in the open list) close. */
const script = fc.array(fc.record({ open: fc.nat(3), close: fc.array(fc.nat(50), { maxLength: 3 }) }), { maxLength: 3 * SNAPSHOT_EVERY_RECORDS });

function build(steps: readonly { open: number; close: readonly number[] }[]): IntervalStore {
  const s = new IntervalStore();
  const open: number[] = [];
  steps.forEach((st, at) => {
    s.before(at);
    for (const c of st.close) if (open.length > 0) s.close(open.splice(c % open.length, 1)[0]!, at);
    for (let i = 0; i < st.open; i++) open.push(s.open(at));
  });
  return s;
}

function brute(s: IntervalStore, a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const to = s.tos.get(k);
    if (s.froms.get(k) <= b && (to === OPEN || to > a)) out.push(k);
  }
  return out;
}

describe('IntervalStore', () => {
  it('overlapping(a, b) is every interval with from ≤ b < … and to > a, ascending', () => {
    fc.assert(fc.property(script, fc.nat(800), fc.nat(40), (steps, a, len) => {
      const s = build(steps);
      expect(s.overlapping(a, a + len)).toEqual(brute(s, a, a + len));
      expect(s.coveringAt(a)).toEqual(brute(s, a, a));
    }), { seed: 1515, numRuns: 300 });
  });

  it('an empty range overlaps nothing', () => {
    const s = build([{ open: 2, close: [] }]);
    expect(s.overlapping(3, 2)).toEqual([]);
    expect(s.coveringAt(0)).toEqual([0, 1]);
  });
});

describe('PresenceIndex', () => {
  it('is the same however the records are cut into chunks', () => {
    const run = runScenario('tcp-echo', undefined, 200);
    const whole = indexOf(run);
    fc.assert(fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 60 }), (cuts) => {
      const index = new PresenceIndex();
      let at = 0;
      let c = 0;
      const steps = run.chunks.flatMap((ch) => ch.records.map(() => ch.step));
      while (at < run.records.length) {
        const n = Math.max(1, cuts[c++ % cuts.length]!);
        // A chunk never spans two steps: the step is the chunk's.
        let end = Math.min(run.records.length, at + n);
        while (steps[end - 1] !== steps[at]) end--;
        index.feed(run.records.slice(at, end), steps[at]!);
        at = end;
      }
      expect([...index.knows.froms.toArray()]).toEqual([...whole.knows.froms.toArray()]);
      expect([...index.knows.tos.toArray()]).toEqual([...whole.knows.tos.toArray()]);
      expect([...index.steps.toArray()]).toEqual([...whole.steps.toArray()]);
    }), { seed: 15, numRuns: 30 });
  });

  it('tcp-echo: the listener knows of alice\'s connection from its presence to its absence', () => {
    const run = runScenario('tcp-echo');
    const index = indexOf(run);
    const listener = index.processes.entries.findIndex((p) => p.name === 'listener');
    const handler = index.endpoints.find(listener, false, 'inbound-handler')!;
    const spans = index.observed[handler]!.map((k) => [run.records[index.knows.froms.get(k)]!.id, run.records[index.knows.tos.get(k)]?.id]);
    // Read off `npm run sim -- tcp-echo --pretty`: #56 alice's presence, #153 bob's; each ends with its absence.
    expect(spans.map((s) => s[0])).toEqual([56, 153]);
    for (const [, to] of spans) expect(run.records.find((r) => r.id === to)?.kind).toBe('deliver');
  });
});
