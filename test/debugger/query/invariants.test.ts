/**
 * Invariants as queries (issue 17, item 2, first step): each verdict is checked against a naive
 * scan of the records (which records violate it), at the end of a run and at cursors around the
 * first violation.
 */
import { describe, expect, it } from 'vitest';
import { GENERAL_INVARIANTS, verdicts } from '../../../src/debugger/query/invariants.ts';
import { choiceId } from '../../../src/kernel/ground/choices.ts';
import type { TraceRecord } from '../../../src/kernel/index.ts';
import { indexOf, runScenario, type StepRun } from './runs.ts';

/** The naive oracle: the indexes of the records that violate each general invariant. */
const violates: Record<string, (r: TraceRecord) => boolean> = {
  'no-crash': (r) => (r.kind === 'deliver' || r.kind === 'boot' || r.kind === 'continuation') && r.outcome === 'crashed',
  'no-limit': (r) => r.kind === 'limit',
  'no-lost-choice': (r) => r.kind === 'world' && r.what === 'choice-unavailable',
};

function check(run: StepRun, cursor: number) {
  const src = { index: indexOf(run), record: (i: number) => run.records[i]! };
  return verdicts(src, GENERAL_INVARIANTS, cursor).map((v) => {
    const bad = run.records.flatMap((r, i) => (violates[v.name]!(r) ? [i] : []));
    return { v, first: bad[0] ?? null, count: bad.filter((i) => i < cursor).length };
  });
}

describe('invariants as queries', () => {
  it.each(['tcp-echo', 'supervisor', 'dns-proxy', 'bank-teller'])('%s: every verdict agrees with a scan of the records', (id) => {
    const run = runScenario(id, undefined, 600);
    for (const cursor of [0, 10, Math.floor(run.records.length / 2), run.records.length]) {
      for (const { v, first, count } of check(run, cursor)) {
        expect({ name: v.name, first: v.first, count: v.count, holds: v.holds }).toEqual({ name: v.name, first, count, holds: count === 0 });
      }
    }
  });

  it('a crash breaks "no process crashes" from the record after it on (supervisor)', () => {
    const run = runScenario('supervisor', undefined, 600);
    const crash = check(run, run.records.length).find((c) => c.v.name === 'no-crash')!;
    expect(crash.first).not.toBeNull();
    const at = crash.first!;
    expect(check(run, at).find((c) => c.v.name === 'no-crash')!.v.holds).toBe(true);
    expect(check(run, at + 1).find((c) => c.v.name === 'no-crash')!.v.holds).toBe(false);
  });

  it('a choice that was not available breaks "every chosen ground event was available"', () => {
    const run = runScenario('ping-pong', undefined, 100, [{ kind: 'choose', event: choiceId('packet:999999'), atStep: 2 }]);
    const [v] = check(run, run.records.length).filter((c) => c.v.name === 'no-lost-choice');
    expect(v!.first).not.toBeNull();
    expect(v!.v).toMatchObject({ holds: false, count: 1, first: v!.first });
  });
});
