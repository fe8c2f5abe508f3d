/**
 * The ready-made checks on every shipped scenario; the weakness scenarios must show what they are
 * about (expected records read off `npm run sim -- ID --pretty`).
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../src/scenarios/index.ts';
import { CHECKS, droppedResponsibility, flapping, lostMessages, orphanedInterest, runChecks, type Finding } from '../../../src/debugger/query/checks.ts';
import { ask, sourceOf } from './helpers.ts';
import { runScenario } from './runs.ts';

const ids = (run: ReturnType<typeof runScenario>, fs: readonly Finding[]) => fs.map((f) => run.records[f.at]!.id);

describe('ready-made checks', () => {
  for (const s of SCENARIOS) {
    it(`run on ${s.id}: every finding names its records and says what it is`, () => {
      const run = runScenario(s.id, undefined, 2000);
      const findings = runChecks(sourceOf(run));
      for (const f of findings) {
        expect(CHECKS).toContain(f.check);
        expect(f.records).toContain(f.at);
        for (const r of f.records) expect(r).toBeLessThan(run.records.length);
        expect(f.sentence.length).toBeGreaterThan(10);
      }
      expect(findings.map((f) => f.at)).toEqual([...findings.map((f) => f.at)].sort((a, b) => a - b));
    });
  }

  it('glitching: the careless pair flaps (#81 absence, #85 presence again), the careful pair does not', () => {
    const run = runScenario('glitching');
    const f = flapping(sourceOf(run));
    expect(ids(run, f)).toEqual([85, 86]);
    expect(f.map((x) => x.records.map((r) => run.records[r]!.id))).toEqual([[81, 85], [82, 86]]);
    expect(f[0]!.sentence).toBe('careless-watcher (3) at watch lost careless-service (2) and saw it again 0 steps later');
    expect(f.some((x) => x.sentence.includes('careful'))).toBe(false);
  });

  it('handoff: the blip customer is left by a manager that stays up; take and monitor hand over', () => {
    const run = runScenario('handoff');
    const f = droppedResponsibility(sourceOf(run));
    expect(ids(run, f)).toEqual([143]);
    expect(f[0]!.sentence).toBe('customer (blip) (6) was left with no publisher at need when manager (blip) (3) withdrew, and manager (blip) (3) did not quit within 5 steps');
  });

  it("rendezvous: the blind client's question is lost (#22); the patient client's is not", () => {
    const run = runScenario('rendezvous');
    const f = lostMessages(sourceOf(run));
    expect(ids(run, f)).toEqual([22]);
    expect(f[0]!.sentence).toBe('blind-client (2) sent a message nobody received');
  });

  it('orphaned interest is the query "alone sub longer than N steps"', () => {
    const run = runScenario('tcp-echo');
    const src = sourceOf(run);
    const f = orphanedInterest(src, 3);
    expect(f.map((x) => x.at)).toEqual(ask(src, 'alone sub longer than 3 steps').hits.map((h) => (h.kind === 'record' ? h.at : h.from)));
    expect(f.some((x) => x.sentence.startsWith('listener (2) subscribed with no publisher'))).toBe(true);
  });

  it('lost messages agree with their naive reading: a send with no delivery right after it', () => {
    for (const id of ['rendezvous', 'glitching', 'tcp-echo', 'contracts']) {
      const run = runScenario(id);
      const src = sourceOf(run);
      const naive = ask(src, 'send not followed by message or feedback within 1 records').hits.map((h) => (h.kind === 'record' ? h.at : -1));
      expect(lostMessages(src).map((x) => x.at), id).toEqual(naive);
    }
  });
});
