/**
 * Runs an app measure on one or two builds, interleaved: round 1 old then new, round 2 old then
 * new, …, so that a change in the machine's load hits both alike. One line per run (`build`,
 * `round`); with two builds, a ratio line: new/old of the median, p90 and max of all the runs'
 * samples pooled per build, the per-round ratios of the medians, and each build's `keys` (the
 * median over its rounds).
 */
import type { Browser } from 'playwright-core';
import type { AppMeasure, RunResult } from './app-measures.ts';
import { emitLine, median, p90, r1, type Fields } from './page.ts';
import { progress, type Json } from '../harness.ts';

export interface Build {
  readonly build: 'old' | 'new';
  /** The abbreviated commit (old) or "working tree" (new). */
  readonly commit: string;
  readonly base: string;
}

const ratio = (a: number, b: number): number | null => (b > 0 && Number.isFinite(a) ? Math.round((a / b) * 1000) / 1000 : null);

async function runOnce(browser: Browser, m: AppMeasure, b: Build): Promise<RunResult> {
  try {
    return await m.run(browser, b.base);
  } catch (e) {
    return { fields: {}, samples: [], error: `exception: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}` };
  }
}

function keysOf(keys: readonly string[], runs: readonly RunResult[]): Fields {
  const out: Fields = {};
  for (const k of keys) {
    const xs = runs.map((r) => r.fields[k]).filter((x): x is number => typeof x === 'number');
    if (xs.length > 0) out[k] = r1(median(xs));
  }
  return out;
}

/** The ratio line's figures: new/old over the samples pooled per build, and round by round. */
export function ratioFields(keys: readonly string[], oldRuns: readonly RunResult[], newRuns: readonly RunResult[]): Fields {
  const pooled = (rs: readonly RunResult[]): number[] => rs.flatMap((r) => r.samples);
  const o = pooled(oldRuns);
  const n = pooled(newRuns);
  const summary = (xs: readonly number[], rs: readonly RunResult[]): Fields => ({
    median_ms: r1(median(xs)), p90_ms: r1(p90(xs)), max_ms: r1(Math.max(...xs)), ...keysOf(keys, rs),
  });
  return {
    rounds: oldRuns.length, median: ratio(median(n), median(o)), p90: ratio(p90(n), p90(o)), max: ratio(Math.max(...n), Math.max(...o)),
    per_round_median: oldRuns.map((r, i): Json => ratio(median(newRuns[i]!.samples), median(r.samples))),
    old: summary(o, oldRuns), new: summary(n, newRuns),
  };
}

/** `rounds` rounds of `m` over `builds` (old first), one line per run, then the ratio line. */
export async function interleaved(browser: Browser, m: AppMeasure, builds: readonly Build[], rounds: number): Promise<void> {
  const runs = new Map<Build, RunResult[]>(builds.map((b) => [b, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const b of builds) {
      progress(`browser: ${m.measure} ${m.scenario}, ${b.build} build, round ${round} of ${rounds}`);
      const r = await runOnce(browser, m, b);
      emitLine({
        workload: 'browser', measure: m.measure, scenario: m.scenario, build: b.build, commit: b.commit, round, ...r.fields,
        ...(r.error === null ? {} : { error: r.error }),
      });
      if (r.error === null) runs.get(b)!.push(r);
    }
  }
  const complete = [...runs.values()].every((rs) => rs.length === rounds);
  const [oldB, newB] = builds;
  const labels = { workload: 'browser', measure: m.measure, scenario: m.scenario, ratio: 'new/old' };
  if (oldB !== undefined && newB !== undefined && complete) {
    emitLine({ ...labels, old_commit: oldB.commit, ...ratioFields(m.keys, runs.get(oldB)!, runs.get(newB)!) });
  } else if (builds.length === 2) emitLine({ ...labels, error: 'some runs failed: no ratio' });
}
