/**
 * `npm run fuzz`: the long trace-mutant campaign (issue 11). Mutants 1…N (mutate.ts) go through
 * the importer, the engine's view-models and the re-check (targets.ts) in worker threads, every
 * CLI_EVERY-th also through `npm run sim -- --replay` in a child process (cli.ts). Each mutant has
 * a time budget that grows with its size; a worker over it is terminated and the mutant counted as
 * a hang. First, the corpus itself (and its equivalent forms: CRLF line ends, no final newline)
 * must be read and replay identical, else it counts as unreadable.
 *
 *   npm run fuzz [-- --count 10000 --from 1 --workers 2 --cli-every 200 --dns 10000]
 *
 * Prints the counts (accepted, refused, crashes, escapes, hangs, unreadable) and the seeds of
 * every problem (pin them in trace-mutants.test.ts); exits 1 if there is any. Then the DNS part
 * (dns.ts): --dns N hostile datagrams and N hostile worlds (0: skip it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { cliProblems } from './cli.ts';
import { corpus } from './corpus.ts';
import { dnsCampaign } from './dns.ts';
import { checkBytes } from './targets.ts';
import type { Job, WorkerReport } from './worker.ts';

/** A mutant's time budget: BASE_BUDGET_MS plus one ms per BUDGET_BYTES_PER_MS of its size. */
const BASE_BUDGET_MS = 20_000;
const BUDGET_BYTES_PER_MS = 2_000;
const CLI_TIMEOUT_MS = 60_000;

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    from: { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    'cli-every': { type: 'string', default: '200' },
    dns: { type: 'string', default: '10000' },
  },
});
const COUNT = Number(args.count);
const FROM = Number(args.from);
const WORKERS = Math.max(1, Number(args.workers));
const CLI_EVERY = Math.max(1, Number(args['cli-every']));

interface Tally {
  mutants: number;
  accepted: number;
  refused: number;
  replay: Record<'identical' | 'diverged' | 'invalid', number>;
  cli: number;
  crashes: number;
  escapes: number;
  hangs: number;
  unreadable: number;
  failures: string[];
}

const tally: Tally = {
  mutants: 0, accepted: 0, refused: 0, replay: { identical: 0, diverged: 0, invalid: 0 }, cli: 0,
  crashes: 0, escapes: 0, hangs: 0, unreadable: 0, failures: [],
};
const dir = mkdtempSync(join(tmpdir(), 'os2-fuzz-'));

/** The corpus and its equivalent forms must be read, and replay identical, in the UI and the CLI. */
async function checkCorpus(): Promise<void> {
  const enc = new TextEncoder();
  for (const t of corpus()) {
    const forms = { plain: t.text, crlf: t.text.replaceAll('\n', '\r\n'), 'no final newline': t.text.replace(/\n$/, '') };
    for (const [form, text] of Object.entries(forms)) {
      const bytes = enc.encode(text);
      const v = await checkBytes(bytes);
      const cli = form === 'plain' ? cliProblems(bytes, v, dir, t.name, CLI_TIMEOUT_MS) : [];
      if (v.imported !== 'accepted' || v.replayed !== 'identical' || v.problems.length + cli.length > 0) {
        tally.unreadable++;
        tally.failures.push(`unreadable ${t.name} (${form}): ${v.message ?? ''} ${JSON.stringify([...v.problems, ...cli])}`);
      }
    }
  }
}

function record(r: Extract<WorkerReport, { type: 'done' }>): void {
  tally.mutants++;
  tally[r.imported]++;
  tally.replay[r.replayed]++;
  if (r.cli) tally.cli++;
  for (const p of r.problems) {
    if (p.kind === 'crash') tally.crashes++;
    else tally.escapes++;
    tally.failures.push(`seed ${r.seed} (${r.base}: ${r.ops.join('; ')}): ${p.kind} in ${p.target}: ${p.detail}`);
  }
  if (tally.mutants % 500 === 0) console.log(`… ${tally.mutants} mutants, ${tally.failures.length} problems`);
}

/** Runs seeds FROM … FROM+COUNT−1 on WORKERS threads; resolves when all are done. */
function runMutants(): Promise<void> {
  const seeds = Array.from({ length: COUNT }, (_, i) => FROM + i);
  let open = WORKERS;
  return new Promise((resolve) => {
    const spawn = (): void => {
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { cliTimeoutMs: CLI_TIMEOUT_MS, dir } });
      let current: { seed: number; since: number; budget: number } | null = null;
      const next = (): void => {
        const seed = seeds.shift();
        if (seed === undefined) {
          current = null;
          void w.terminate();
          if (--open === 0) resolve();
          return;
        }
        current = { seed, since: performance.now(), budget: Number.POSITIVE_INFINITY };
        w.postMessage({ seed, cli: seed % CLI_EVERY === 0 } satisfies Job);
      };
      const replace = (problem: string): void => {
        clearInterval(watch);
        if (current !== null) tally.failures.push(`seed ${current.seed}: ${problem}`);
        current = null;
        void w.terminate();
        spawn();
      };
      const watch = setInterval(() => {
        if (current !== null && performance.now() - current.since > current.budget) {
          tally.hangs++;
          tally.mutants++;
          replace(`hang: over its budget of ${Math.round(current.budget)} ms`);
        }
      }, 250);
      w.on('message', (r: WorkerReport) => {
        if (r.type === 'start' && current !== null) current.budget = BASE_BUDGET_MS + r.bytes / BUDGET_BYTES_PER_MS;
        if (r.type === 'done') {
          record(r);
          next();
        }
      });
      w.on('error', (e) => {
        tally.crashes++;
        tally.mutants++;
        replace(`crash of the worker: ${e.message}`);
      });
      w.on('exit', () => clearInterval(watch));
      next();
    };
    for (let i = 0; i < WORKERS; i++) spawn();
  });
}

function report(seconds: number): void {
  const t = tally;
  console.log(`
trace mutants      ${t.mutants} (seeds ${FROM} … ${FROM + COUNT - 1}) in ${seconds.toFixed(0)} s on ${WORKERS} workers
  accepted         ${t.accepted} (imported and stepped through every panel)
  refused          ${t.refused} (TraceParseError naming the line and field)
  re-check         identical ${t.replay.identical}, diverged ${t.replay.diverged}, invalid ${t.replay.invalid}
  through the CLI  ${t.cli}
crashes            ${t.crashes}
escapes            ${t.escapes}
hangs              ${t.hangs}
unreadable         ${t.unreadable} (of ${corpus().length * 3} corpus traces and equivalent forms)`);
  for (const f of t.failures) console.log(`  ${f.slice(0, 500)}`);
}

const t0 = performance.now();
await checkCorpus();
await runMutants();
rmSync(dir, { recursive: true, force: true });
report((performance.now() - t0) / 1000);
const dnsProblems = await dnsCampaign({ count: Number(args.dns), from: FROM, workers: WORKERS });
process.exitCode = tally.failures.length > 0 || dnsProblems > 0 ? 1 : 0;
