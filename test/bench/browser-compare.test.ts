import { describe, expect, it } from 'vitest';
import { randomPositions, type RunResult } from '../../bench/browser/app-measures.ts';
import { ratioFields } from '../../bench/browser/compare.ts';

const run = (samples: number[], longtasks: number): RunResult => ({ fields: { longtasks }, samples, error: null });

describe('ratioFields (the --compare ratio line)', () => {
  it('divides new by old over pooled samples, and round by round', () => {
    const old = [run([10, 20, 30], 2), run([40, 50, 60], 4)];
    const fresh = [run([5, 10, 15], 0), run([20, 30, 40], 1)];
    const f = ratioFields(['longtasks'], old, fresh);
    // Pooled old: 10…60, median (30 + 40) / 2 = 35, p90 = the 6th of 6 = 60. Pooled new: median
    // (15 + 20) / 2 = 17.5, p90 = max = 40. Rounds: 10 / 20 and 30 / 50.
    expect(f.median).toBe(0.5);
    expect(f.p90).toBe(0.667);
    expect(f.max).toBe(0.667);
    expect(f.per_round_median).toEqual([0.5, 0.6]);
    expect(f.rounds).toBe(2);
    expect(f.old).toEqual({ median_ms: 35, p90_ms: 60, max_ms: 60, longtasks: 3 });
    expect(f.new).toEqual({ median_ms: 17.5, p90_ms: 40, max_ms: 40, longtasks: 0.5 });
  });

  it('gives no ratio against a zero', () => {
    expect(ratioFields([], [run([0, 0], 0)], [run([1, 2], 0)]).median).toBeNull();
  });
});

describe('randomPositions', () => {
  it('stays in the run, never repeats the position before, and depends only on the seed', () => {
    const xs = randomPositions(2024, 500, 3, 0);
    expect(xs).toHaveLength(500);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= 3)).toBe(true);
    expect(xs[0]).not.toBe(0);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).not.toBe(xs[i - 1]);
    expect(new Set(xs).size).toBe(4);
    expect(randomPositions(2024, 500, 3, 0)).toEqual(xs);
  });
});
