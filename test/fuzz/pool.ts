/**
 * The worker threads of a fuzz campaign (campaign.ts): seeds go to `workers` threads, each running
 * `entry` (through worker-boot.mjs, which registers the TypeScript loader). A worker says when it
 * starts a seed ({type: 'start', seed, bytes?}) and reports it done ({type: 'done', seed, …}); a
 * seed gets its time budget when it starts, and a worker over it is terminated and replaced (the
 * seed is a hang); a worker that dies is replaced too (the seed is a crash).
 */
import { Worker } from 'node:worker_threads';

export interface StartReport {
  readonly type: 'start';
  readonly seed: number;
  /** The size of the job, for budgets that grow with it. */
  readonly bytes?: number;
}

export interface PoolHandlers<R> {
  /** What the worker is sent for a seed. */
  readonly job: (seed: number) => unknown;
  /** The time budget (ms) of a seed that has started. */
  readonly budget: (start: StartReport) => number;
  readonly done: (report: R) => void;
  readonly hang: (seed: number, budgetMs: number) => void;
  readonly crash: (seed: number | null, message: string) => void;
}

/** Runs every seed on `workers` threads of `entry`; resolves when all are done. */
export function runPool<R extends { readonly type: 'done'; readonly seed: number }>(
  entry: string, workerData: object, seeds: readonly number[], workers: number, h: PoolHandlers<R>,
): Promise<void> {
  const todo = [...seeds];
  let open = Math.max(1, workers);
  return new Promise((resolve) => {
    const spawn = (): void => {
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { ...workerData, entry } });
      let current: { seed: number; since: number; budget: number } | null = null;
      const next = (): void => {
        const seed = todo.shift();
        current = seed === undefined ? null : { seed, since: performance.now(), budget: Number.POSITIVE_INFINITY };
        if (seed !== undefined) {
          w.postMessage(h.job(seed));
          return;
        }
        void w.terminate();
        if (--open === 0) resolve();
      };
      const replace = (): void => {
        clearInterval(watch);
        current = null;
        void w.terminate();
        spawn();
      };
      const watch = setInterval(() => {
        if (current !== null && performance.now() - current.since > current.budget) {
          h.hang(current.seed, current.budget);
          replace();
        }
      }, 250);
      w.on('message', (r: StartReport | R) => {
        if (r.type === 'start' && current !== null) current.budget = h.budget(r);
        if (r.type === 'done') {
          h.done(r);
          next();
        }
      });
      w.on('error', (e) => {
        h.crash(current?.seed ?? null, e.message);
        replace();
      });
      w.on('exit', () => clearInterval(watch));
      next();
    };
    for (let i = 0; i < open; i++) spawn();
  });
}
