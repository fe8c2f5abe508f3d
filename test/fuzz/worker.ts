/**
 * One worker of the trace-mutant campaign (campaign.ts): it takes seeds, says when it starts one
 * (with its size, so the main thread can time it), and reports each mutant's verdict.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cliProblems } from './cli.ts';
import { mutant } from './mutate.ts';
import { checkBytes } from './targets.ts';

export interface Job {
  readonly seed: number;
  /** Also replay it through the CLI in a child process. */
  readonly cli: boolean;
}

export type WorkerReport =
  | { readonly type: 'start'; readonly seed: number; readonly bytes: number }
  | {
      readonly type: 'done';
      readonly seed: number;
      readonly base: string;
      readonly ops: readonly string[];
      readonly imported: 'accepted' | 'refused';
      readonly replayed: 'identical' | 'diverged' | 'invalid';
      readonly cli: boolean;
      readonly problems: readonly { readonly kind: string; readonly target: string; readonly detail: string }[];
    };

const port = parentPort!;
/** Where CLI mutants are written (the campaign's temporary directory), and the CLI's time budget. */
const { cliTimeoutMs, dir } = workerData as { cliTimeoutMs: number; dir: string };

port.on('message', (job: Job) => {
  void (async () => {
    const m = mutant(job.seed);
    port.postMessage({ type: 'start', seed: job.seed, bytes: m.bytes.length } satisfies WorkerReport);
    const v = await checkBytes(m.bytes, job.seed);
    const problems = [...v.problems, ...(job.cli ? cliProblems(m.bytes, v, dir, `seed-${job.seed}`, cliTimeoutMs) : [])];
    port.postMessage({
      type: 'done', seed: job.seed, base: m.base, ops: m.ops, imported: v.imported, replayed: v.replayed, cli: job.cli, problems,
    } satisfies WorkerReport);
  })();
});
