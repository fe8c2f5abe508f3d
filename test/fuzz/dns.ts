/**
 * The DNS part of `npm run fuzz` (issue 11): hostile datagrams 1…N (dns-packets.ts) through the
 * wire codec and, in batches of PACKETS_PER_RUN, through the dns-proxy scenario (dns-checks.ts);
 * hostile worlds 1…N (dns-zones.ts) through the world loaders (dns-zone-checks.ts). Jobs run in
 * worker threads; a job over its time budget is terminated and counted as a hang.
 *
 *   npm run fuzz -- --dns 10000      (the default; --dns 0 skips this part)
 *
 * Prints the counts (datagrams decoded and refused, scenario runs, datagrams the DNS programs sent,
 * replies; worlds loaded and refused) and every problem with its seed (pin it in dns-fuzz.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { DnsProblem } from './dns-checks.ts';
import { RUN_BASE_BUDGET_MS, RUN_BUDGET_PER_PACKET_MS, WIRE_BUDGET_MS } from './dns-checks.ts';
import { ZONE_BUDGET_MS } from './dns-zone-checks.ts';
import { NO_COUNTS, type DnsCounts, type DnsJob, type DnsWorkerReport } from './dns-worker.ts';

/** Datagrams per scenario run, worlds per job. */
export const PACKETS_PER_RUN = 20;
const ZONES_PER_JOB = 50;

/** A job's time budget: what its checks may take, with room for a loaded machine. */
const budgetMs = (j: DnsJob): number =>
  j.kind === 'zones' ? 2 * ZONE_BUDGET_MS * j.count : 2 * (RUN_BASE_BUDGET_MS + (RUN_BUDGET_PER_PACKET_MS + WIRE_BUDGET_MS) * j.count);

function jobs(kind: DnsJob['kind'], from: number, count: number, per: number): DnsJob[] {
  const out: DnsJob[] = [];
  for (let s = from; s < from + count; s += per) out.push({ kind, from: s, count: Math.min(per, from + count - s) });
  return out;
}

interface Tally {
  counts: DnsCounts;
  packets: number;
  zones: number;
  hangs: number;
  problems: DnsProblem[];
  failures: string[];
}

/** Runs the jobs on `workers` threads; resolves when all are done. */
function runJobs(queue: DnsJob[], workers: number, t: Tally): Promise<void> {
  let open = workers;
  return new Promise((resolve) => {
    const spawn = (): void => {
      const w = new Worker(new URL('./dns-worker-boot.mjs', import.meta.url));
      let current: { job: DnsJob; since: number } | null = null;
      let replaced = false;
      const next = (): void => {
        const job = queue.shift();
        current = job === undefined ? null : { job, since: performance.now() };
        if (job !== undefined) return void w.postMessage(job);
        void w.terminate();
        if (--open === 0) resolve();
      };
      const replace = (why: string): void => {
        replaced = true;
        clearInterval(watch);
        if (current !== null) t.failures.push(`${current.job.kind} ${current.job.from} … ${current.job.from + current.job.count - 1}: ${why}`);
        current = null;
        void w.terminate();
        spawn();
      };
      const watch = setInterval(() => {
        if (current !== null && performance.now() - current.since > budgetMs(current.job)) {
          t.hangs++;
          replace(`hang: the job took over ${budgetMs(current.job)} ms`);
        }
      }, 500);
      w.on('message', (r: DnsWorkerReport) => {
        if (r.type !== 'done' || replaced) return; // a terminated worker's last word
        for (const [k, v] of Object.entries(r.counts) as [keyof DnsCounts, number][]) t.counts[k] += v;
        t[r.job.kind] += r.job.count;
        t.problems.push(...r.problems);
        next();
      });
      w.on('error', (e) => replace(`crash of the worker: ${e.message}`));
      w.on('exit', () => clearInterval(watch));
      next();
    };
    for (let i = 0; i < workers; i++) spawn();
  });
}

function report(t: Tally, from: number, seconds: number, workers: number): void {
  const c = t.counts;
  const n = (kind: DnsProblem['kind']): number => t.problems.filter((p) => p.kind === kind).length;
  console.log(`
dns packets        ${t.packets} (seeds ${from} … ${from + t.packets - 1}) and dns worlds ${t.zones}, in ${seconds.toFixed(0)} s on ${workers} workers
  decoded          ${c.decoded} (and encoded again to the same message)
  refused          ${c.undecodable} (a decode error, never an exception)
  scenario runs    ${c.runs} (${PACKETS_PER_RUN} datagrams each): ${c.datagrams} datagrams sent by the servers, proxy and stub, ${c.replies} replies to the fuzzer
dns worlds         loaded ${c.loaded}, refused ${c.refused} (a WorldError naming a file of the world and a line in it)
crashes            ${n('crash')}
escapes            ${n('escape')}
hangs              ${n('hang') + t.hangs}`);
  for (const p of t.problems) console.log(`  ${p.kind} at seed ${p.seed}: ${p.detail.slice(0, 400)}`);
  for (const f of t.failures) console.log(`  ${f}`);
}

/** Runs hostile datagrams and worlds `from` … `from + count − 1`; prints the counts; resolves to the number of problems. */
export async function dnsCampaign(o: { readonly count: number; readonly from?: number; readonly workers: number }): Promise<number> {
  if (o.count <= 0) return 0;
  const from = o.from ?? 1;
  const t: Tally = { counts: { ...NO_COUNTS }, packets: 0, zones: 0, hangs: 0, problems: [], failures: [] };
  const t0 = performance.now();
  await runJobs([...jobs('packets', from, o.count, PACKETS_PER_RUN), ...jobs('zones', from, o.count, ZONES_PER_JOB)], Math.max(1, o.workers), t);
  report(t, from, (performance.now() - t0) / 1000, o.workers);
  return t.problems.length + t.failures.length;
}
