/**
 * The measurement protocol of ../shared/bench/workloads.md:
 *   - gc() before each timed run (untimed); world setup untimed;
 *   - calibrate the work size M so one run takes 0.25–1 s (capped per case);
 *     calibration plus one more run are the warm-up; then `runs` timed runs;
 *   - every run (calibration and warm-up included) checks its own result; a failed check prints
 *     an error line instead of a figure;
 *   - the cases of a group (typically trie and naive routing at one size) are calibrated
 *     separately but their timed runs are interleaved (t, n, t, n, …), and a ratio line gives the
 *     median of the per-round ratios, so ratios are comparable on a noisy machine.
 * Output: one JSON line per measurement on stdout; progress on stderr.
 */

import { loadavg } from 'node:os';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** One prepared run: `run` is timed, `check` is not. */
export interface Prepared {
  /** The timed work. May return phase durations (ms) measured inside. */
  run(): Record<string, number> | void;
  /** null if the result is right, else a sentence saying what is wrong. */
  check(): string | null;
}

export interface Case {
  /** Fields identifying the measurement (workload, S, routing, trace, …). */
  readonly labels: Record<string, Json>;
  /** The rates to report: name → units of work per unit of M (e.g. deliveries_per_s: S). */
  readonly rates: Record<string, number>;
  /** The first rate is the headline (median/min/max are of it). */
  /** Smallest and largest M; a case whose work size is fixed has minM = maxM. */
  readonly minM: number;
  readonly maxM: number;
  /** Builds a run of size M (untimed). */
  prepare(M: number): Prepared;
  /** Extra fields for the JSON line (e.g. why M was capped). */
  readonly notes?: Record<string, Json>;
}

export interface Protocol {
  readonly runs: number;
  readonly minRunS: number;
  readonly targetRunS: number;
  /** Skip the extra warm-up run (quick mode). */
  readonly quick: boolean;
}

export const FULL: Protocol = { runs: 5, minRunS: 0.25, targetRunS: 0.45, quick: false };
export const QUICK: Protocol = { runs: 1, minRunS: 0.02, targetRunS: 0.04, quick: true };

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {
  throw new Error('run node with --expose-gc (npm run bench does)');
});

export function fullGc(): void {
  gc();
  gc();
}

export function emitLine(obj: Record<string, Json>): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

/** The machine's 1-minute load average (2 cores here: above 2, every figure is inflated). */
export function load1m(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

export function progress(msg: string): void {
  process.stderr.write(msg + '\n');
}

class CheckFailed extends Error {}

interface Timed {
  readonly seconds: number;
  readonly phases: Record<string, number>;
}

function timedRun(c: Case, M: number): Timed {
  const prepared = c.prepare(M);
  gc();
  const t0 = performance.now();
  const phases = prepared.run() ?? {};
  const seconds = (performance.now() - t0) / 1000;
  const err = prepared.check();
  if (err !== null) throw new CheckFailed(`M=${M}: ${err}`);
  return { seconds, phases };
}

/** Finds M with one run in [minRunS, ~1 s] (or M = maxM if that is still faster). */
function calibrate(c: Case, p: Protocol): { M: number; capped: boolean } {
  let M = c.minM;
  for (;;) {
    const { seconds } = timedRun(c, M);
    if (seconds >= p.minRunS || M >= c.maxM) return { M, capped: M >= c.maxM && seconds < p.minRunS };
    const factor = Math.min(16, p.targetRunS / Math.max(seconds, 1e-4));
    M = Math.min(c.maxM, Math.max(M + 1, Math.ceil(M * factor)));
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const round3 = (x: number): number => (x >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000);

interface CaseState {
  readonly c: Case;
  M: number;
  capped: boolean;
  times: number[];
  phases: Record<string, number>[];
  error: string | null;
}

/**
 * Measures a group of cases with interleaved timed runs. Prints one line per case and, when
 * `ratioOf` names a label (e.g. routing), a ratio line first-case / other-case of the headline rate.
 */
export function measureGroup(cases: readonly Case[], p: Protocol, ratioOf?: string): void {
  const states: CaseState[] = cases.map((c) => ({ c, M: 0, capped: false, times: [], phases: [], error: null }));
  const guard = (s: CaseState, f: () => void): void => {
    if (s.error !== null) return;
    try {
      f();
    } catch (e) {
      s.error = e instanceof CheckFailed ? `check failed: ${e.message}` : `exception: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    }
  };
  for (const s of states) {
    guard(s, () => {
      const t0 = performance.now();
      const r = calibrate(s.c, p);
      s.M = r.M;
      s.capped = r.capped;
      // The extra warm-up run; the first runs are often slower (JIT) or hit by a neighbour's
      // load, so M is re-scaled (at most 3 times) while a warm run falls outside 0.25–1 s.
      for (let i = 0; !p.quick && i < 3; i++) {
        const t = timedRun(s.c, s.M).seconds;
        const tooShort = t < p.minRunS && s.M < s.c.maxM;
        const tooLong = t > 1 && s.M > s.c.minM;
        if (!tooShort && !tooLong) break;
        const scaled = Math.round(s.M * Math.min(16, p.targetRunS / t));
        s.M = Math.min(s.c.maxM, Math.max(s.c.minM, tooShort ? Math.max(s.M + 1, scaled) : Math.min(s.M - 1, scaled)));
      }
      s.capped = s.M >= s.c.maxM && s.capped;
      progress(`  ${JSON.stringify(s.c.labels)} M=${s.M} (calibration+warm-up ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    });
  }
  for (let r = 0; r < p.runs; r++) {
    for (const s of states) {
      guard(s, () => {
        const t = timedRun(s.c, s.M);
        s.times.push(t.seconds);
        s.phases.push(t.phases);
      });
    }
  }
  const headline = (s: CaseState): string => Object.keys(s.c.rates)[0]!;
  for (const s of states) {
    if (s.error !== null) {
      emitLine({ ...s.c.labels, error: s.error });
      continue;
    }
    const line: Record<string, Json> = { ...s.c.labels };
    const rateNames = Object.keys(s.c.rates);
    const med = median(s.times);
    for (const [i, name] of rateNames.entries()) {
      const per = s.c.rates[name]! * s.M;
      line[name] = round3(per / med);
      if (i === 0) {
        line.min = round3(per / Math.max(...s.times));
        line.max = round3(per / Math.min(...s.times));
      }
    }
    // Phase rates (W4): each phase's own units are given by rates named `<phase>_per_s`.
    const phaseNames = s.phases.length > 0 ? Object.keys(s.phases[0]!) : [];
    for (const ph of phaseNames) {
      const units = s.c.rates[`${ph}_per_s`] ?? s.c.rates[headline(s)]!;
      const ms = median(s.phases.map((x) => x[ph]!));
      line[`${ph}_per_s`] = round3((units * s.M) / (ms / 1000));
    }
    line.runs = s.times.length;
    line.M = s.M;
    line.median_run_s = round3(med);
    if (s.capped) line.M_capped = true;
    if (s.c.notes) Object.assign(line, s.c.notes);
    emitLine(line);
  }
  if (ratioOf !== undefined && states.length === 2 && states.every((s) => s.error === null && s.times.length > 0)) {
    const [a, b] = states as [CaseState, CaseState];
    const h = headline(a);
    const rate = (s: CaseState, i: number): number => (s.c.rates[h]! * s.M) / s.times[i]!;
    const ratios = a.times.map((_, i) => rate(a, i) / rate(b, i));
    const { [ratioOf]: _a, ...common } = a.c.labels;
    emitLine({
      ...common,
      ratio: `${String(a.c.labels[ratioOf])}/${String(b.c.labels[ratioOf])}`,
      of: h,
      median: round3(median(ratios)),
      min: round3(Math.min(...ratios)),
      max: round3(Math.max(...ratios)),
    });
  }
}
