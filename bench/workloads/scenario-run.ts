/**
 * RUN: a whole scenario run with the trace on, as the debugger records it (`tcp-echo`, `dns-proxy`):
 * the number a user feels when stepping, playing, exploring and importing.
 * A run is driven as `npm run sim -- <id>` drives it (RunDriver, the scenario's default seed and
 * maxSteps); every step's records are kept until the run's check. M = whole runs per timed run.
 * Check: every run has the record count and end status of the first, untimed run.
 * The kernel is loaded from a checkout's root (`kernelFrom`), so `--baseline DIR` can run the same
 * workload against another checkout's kernel (bench/baseline.ts).
 */
import { pathToFileURL } from 'node:url';
import type { Case } from '../harness.ts';

interface Driver {
  next(): { readonly records: readonly unknown[] } | null;
  readonly simulation: { readonly status: string };
}
interface ScenarioLike {
  readonly id: string;
  readonly seed: number;
  readonly maxSteps?: number;
}
/** What a checkout must provide (its src/debugger/replay, src/scenarios, src/kernel/ground). */
export interface RunKernel {
  readonly RunDriver: new (s: ScenarioLike, config: object) => Driver;
  readonly SCENARIOS: readonly ScenarioLike[];
  readonly DEFAULT_MAX_STEPS: number;
}

export async function kernelFrom(root: string): Promise<RunKernel> {
  const at = (p: string): string => pathToFileURL(`${root}/${p}`).href;
  const replay = (await import(at('src/debugger/replay/index.ts'))) as Pick<RunKernel, 'RunDriver'>;
  const scenarios = (await import(at('src/scenarios/index.ts'))) as Pick<RunKernel, 'SCENARIOS'>;
  const run = (await import(at('src/kernel/ground/run.ts'))) as Pick<RunKernel, 'DEFAULT_MAX_STEPS'>;
  return { RunDriver: replay.RunDriver, SCENARIOS: scenarios.SCENARIOS, DEFAULT_MAX_STEPS: run.DEFAULT_MAX_STEPS };
}

/** One whole run: its records (kept, as the debugger keeps them) and end status. */
function wholeRun(k: RunKernel, s: ScenarioLike, keep: (readonly unknown[])[]): { records: number; status: string } {
  const config = { scenario: s.id, seed: s.seed, maxSteps: s.maxSteps ?? k.DEFAULT_MAX_STEPS, untilMs: null, inputs: [] };
  const driver = new k.RunDriver(s, config);
  let records = 0;
  for (let step = driver.next(); step !== null; step = driver.next()) {
    records += step.records.length;
    keep.push(step.records);
  }
  return { records, status: driver.simulation.status };
}

export function scenarioRunCase(k: RunKernel, id: string, quick: boolean): Case {
  const s = k.SCENARIOS.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  const expected = wholeRun(k, s, []);
  return {
    labels: { workload: 'RUN', scenario: id, trace: true, records_per_run: expected.records },
    rates: { records_per_s: expected.records, runs_per_s: 1 },
    minM: 1,
    maxM: quick ? 20 : 10_000,
    prepare(M) {
      const results: { records: number; status: string }[] = [];
      let keep: (readonly unknown[])[] = [];
      return {
        run() {
          for (let i = 0; i < M; i++) results.push(wholeRun(k, s, keep));
        },
        check() {
          keep = [];
          const bad = results.find((r) => r.records !== expected.records || r.status !== expected.status);
          return bad === undefined ? null : `a run gave ${bad.records} records (${bad.status}), expected ${expected.records} (${expected.status})`;
        },
      };
    },
  };
}
