/**
 * The hostile-program part of `npm run fuzz` (`--programs N`): programs FROM … FROM+N−1
 * (programs.ts) checked by program-check.ts on worker threads (pool.ts). A program over
 * PROGRAM_BUDGET_MS (plus slack for a loaded machine) is stopped and counted as a hang; a worker
 * that dies counts as a crash. Returns the report's lines and whether anything failed.
 */
import { PROGRAM_BUDGET_MS, type ProblemKind } from './program-check.ts';
import type { ProgramReport } from './program-worker.ts';
import { runPool } from './pool.ts';

/** What the watchdog allows a program beyond its own budget before it stops the worker. */
const SLACK_MS = 10_000;

export interface ProgramTally {
  programs: number;
  records: number;
  counts: Record<ProblemKind, number>;
  failures: string[];
}

export async function runProgramCampaign(count: number, from: number, workers: number): Promise<{ lines: string[]; failed: boolean }> {
  const t0 = performance.now();
  const t: ProgramTally = {
    programs: 0, records: 0, failures: [],
    counts: { escape: 0, crash: 0, hang: 0, unreadable: 0, nondeterministic: 0, unpaired: 0, shared: 0 },
  };
  const fail = (seed: number | null, kind: ProblemKind, detail: string): void => {
    t.counts[kind]++;
    t.failures.push(`seed ${seed ?? '?'}: ${kind}: ${detail}`);
  };
  const seeds = Array.from({ length: count }, (_, i) => from + i);
  await runPool<ProgramReport>(new URL('./program-worker.ts', import.meta.url).href, {}, seeds, workers, {
    job: (seed) => seed,
    budget: () => PROGRAM_BUDGET_MS + SLACK_MS,
    done: (r) => {
      t.programs++;
      t.records += r.records;
      for (const p of r.problems) fail(r.seed, p.kind, p.detail);
      if (t.programs % 1000 === 0) console.log(`… ${t.programs} programs, ${t.failures.length} problems`);
    },
    hang: (seed, ms) => (t.programs++, fail(seed, 'hang', `stopped after ${Math.round(ms)} ms`)),
    crash: (seed, message) => (t.programs++, fail(seed, 'crash', `the worker died: ${message}`)),
  });
  const c = t.counts;
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  const lines = [
    `hostile programs   ${t.programs} (seeds ${from} … ${from + count - 1}, ${t.records} records) in ${seconds} s on ${workers} workers`,
    `  escapes          ${c.escape} (the kernel threw)`,
    `  crashes          ${c.crash} (the writer, the pretty-printer or the model threw; a worker died)`,
    `  hangs            ${c.hang}`,
    `  unreadable       ${c.unreadable} (the reader refused, or read back something else)`,
    `  nondeterministic ${c.nondeterministic}`,
    `  unpaired         ${c.unpaired} (presence and absence)`,
    `  shared           ${c.shared} (a receiver's change reached another receiver or a record)`,
    ...t.failures.map((f) => `  ${f.slice(0, 500)}`),
  ];
  return { lines, failed: t.failures.length > 0 };
}
