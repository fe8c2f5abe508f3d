/**
 * The alignment of two runs: laws (a run against itself differs nowhere; each side of the rows is
 * its run, in order; 'same' rows join equal records) and minimality against a naive longest common
 * subsequence (the reference), under fast-check.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { align, differing, MAX_EDIT_DISTANCE, type Row } from '../../../src/debugger/variants/diff.ts';

/** The reference: the length of a longest common subsequence, by dynamic programming. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

function sides(rows: readonly Row[]): { as: number[]; bs: number[] } {
  const as: number[] = [];
  const bs: number[] = [];
  for (const r of rows) {
    if (r.kind !== 'only-b') as.push(r.a);
    if (r.kind !== 'only-a') bs.push(r.b);
  }
  return { as, bs };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Runs over a small alphabet, so that they share much (as two variants do). */
const run = fc.array(fc.constantFrom('spawn a', 'boot a', 'presence', 'absence', 'msg 1', 'msg 2', 'quit'), { maxLength: 40 });

describe('align', () => {
  it('a run against itself: every record the same', () => {
    fc.assert(
      fc.property(run, (a) => {
        const { rows, exact } = align(a, a);
        expect(exact).toBe(true);
        expect(differing(rows)).toEqual({ onlyA: 0, onlyB: 0 });
        expect(rows).toEqual(a.map((_, i) => ({ kind: 'same', a: i, b: i })));
      }),
    );
  });

  it("each side of the rows is its run, in order, and 'same' joins equal records", () => {
    fc.assert(
      fc.property(run, run, (a, b) => {
        const { rows } = align(a, b);
        const { as, bs } = sides(rows);
        expect(as).toEqual(range(a.length));
        expect(bs).toEqual(range(b.length));
        for (const r of rows) if (r.kind === 'same') expect(a[r.a]).toBe(b[r.b]);
      }),
    );
  });

  it('keeps as many records in common as a longest common subsequence (naive reference)', () => {
    fc.assert(
      fc.property(run, run, (a, b) => {
        const { rows, exact } = align(a, b);
        expect(exact).toBe(true);
        const same = rows.filter((r) => r.kind === 'same').length;
        expect(same).toBe(lcsLength(a, b));
        expect(differing(rows)).toEqual({ onlyA: a.length - same, onlyB: b.length - same });
      }),
      { numRuns: 300 },
    );
  });

  it('a small example, by hand', () => {
    expect(align(['boot', 'presence', 'quit'], ['boot', 'absence', 'presence']).rows).toEqual([
      { kind: 'same', a: 0, b: 0 },
      { kind: 'only-b', b: 1 },
      { kind: 'same', a: 1, b: 2 },
      { kind: 'only-a', a: 2 },
    ]);
  });

  it('runs that differ beyond MAX_EDIT_DISTANCE still align (not minimally): prefix, the rest removed then added, suffix', () => {
    const n = MAX_EDIT_DISTANCE;
    const a = ['start', ...range(n).map((i) => `a${i}`), 'end'];
    const b = ['start', ...range(n).map((i) => `b${i}`), 'end'];
    const { rows, exact } = align(a, b);
    expect(exact).toBe(false);
    expect(sides(rows)).toEqual({ as: range(a.length), bs: range(b.length) });
    expect(differing(rows)).toEqual({ onlyA: n, onlyB: n });
    expect(rows[0]).toEqual({ kind: 'same', a: 0, b: 0 });
    expect(rows[rows.length - 1]).toEqual({ kind: 'same', a: n + 1, b: n + 1 });
  });
});
