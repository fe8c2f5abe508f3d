/** Keys (records with named processes), the folded side-by-side lines and the one-line summary. */
import { describe, expect, it } from 'vitest';
import { prettyRecord } from '../../../src/kernel/index.ts';
import { SCENARIOS, findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { compareToEnd, type Comparison } from '../../../src/debugger/variants/compare.ts';
import { keyOf, type NameBook } from '../../../src/debugger/variants/keys.ts';
import { DIFF_CONTEXT, summaryLine, variantView, type DiffLine } from '../../../src/debugger/variants/view.ts';
import { TestHistory } from '../../helpers/history.ts';

describe('keyOf', () => {
  const h = new TestHistory(startScenario(findScenario('tcp-echo')!)).growAll();
  const book: NameBook = new Map();
  const keys = h.records.map((r) => keyOf(r, book));

  it('drops ids and causes, and names the actor, the parent and the peer', () => {
    const i = h.records.findIndex((r) => /p2 deliver inbound-handler presence/.test(prettyRecord(r)));
    expect(prettyRecord(h.records[i]!)).toMatch(/^#\d+<-\d+ ground p2 deliver inbound-handler presence .* from p4 inbound => ok/);
    expect(keys[i]).toMatch(/^ground listener deliver inbound-handler presence .* from tcp-connection tcp-address\("alice", 49152\) inbound => ok/);
    expect(keys.find((k) => k.includes(' boot connection-handler '))).toMatch(/^ground connection-handler boot connection-handler parent listener => ok/);
    expect(keys.some((k) => /#\d/.test(k.slice(0, 10)) || / p\d+ /.test(k))).toBe(false);
  });

  it('the same run gives the same keys', () => {
    const again = new TestHistory(startScenario(findScenario('tcp-echo')!)).growAll();
    const b2: NameBook = new Map();
    expect(again.records.map((r) => keyOf(r, b2))).toEqual(keys);
  });
});

/** How many records of run a (or b) the lines stand for. */
function count(lines: readonly DiffLine[], side: 'a' | 'b'): number {
  return lines.reduce((n, l) => n + (l.kind === 'gap' ? l.count : l.kind === 'same' ? 1 : l[side] === null ? 0 : 1), 0);
}

describe('variantView', () => {
  const c = compareToEnd(SCENARIOS, { scenario: 'glitching', flag: '--restart', values: ['delete-then-add', 're-add'], seed: null }) as Comparison;
  const v = variantView(c, true);

  it('says in one line which process the knob changes and how many records differ', () => {
    expect(v.summary).toBe(
      'With --restart re-add instead of delete-then-add: watcher is alive at the end (with delete-then-add: quits: ' +
        `service-lost("one", false)); ${v.onlyA + v.onlyB} records differ (${v.onlyA} only with delete-then-add, ${v.onlyB} only with re-add).`,
    );
    expect(v.onlyA).toBeGreaterThan(0);
    expect(v.onlyB).toBeGreaterThan(0);
  });

  it('stands for every record of both runs; folds only what is far from a difference', () => {
    expect(count(v.lines, 'a')).toBe(c.a.keys.length);
    expect(count(v.lines, 'b')).toBe(c.b.keys.length);
    v.lines.forEach((l, i) => {
      if (l.kind !== 'same') return;
      const near = v.lines.slice(Math.max(0, i - DIFF_CONTEXT), i + DIFF_CONTEXT + 1).some((x) => x.kind === 'change');
      expect(near).toBe(true);
    });
    expect(v.lines.filter((l) => l.kind === 'change').length).toBeGreaterThanOrEqual(Math.max(v.onlyA, v.onlyB));
  });

  it('a run against itself: no difference, everything folded', () => {
    const same = compareToEnd(SCENARIOS, { scenario: 'glitching', flag: '--restart', values: ['re-add', 're-add'], seed: null }) as Comparison;
    const sv = variantView(same, true);
    expect(sv.summary).toBe('With --restart re-add instead of re-add: the two runs are the same, record for record.');
    expect(sv.lines).toEqual([{ kind: 'gap', count: same.a.keys.length }]);
  });

  it('without a changed fate, names what happens in one run only', () => {
    const req = { scenario: 'x', flag: '--k', values: ['a', 'b'] as const, seed: null };
    expect(summaryLine(req, [], [], 1, 2, 'p is told of q’s presence (on e) only with b')).toBe(
      'With --k b instead of a: p is told of q’s presence (on e) only with b; 3 records differ (1 only with a, 2 only with b).',
    );
  });
});
