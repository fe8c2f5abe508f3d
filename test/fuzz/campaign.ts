/**
 * `npm run fuzz`: the long trace-mutant campaign (issue 11). Mutants 1…N (mutate.ts) go through
 * the importer, the engine's view-models and the re-check (targets.ts) in worker threads, every
 * CLI_EVERY-th also through `npm run sim -- --replay` in a child process (cli.ts). Each mutant has
 * a time budget that grows with its size; a worker over it is terminated and the mutant counted as
 * a hang. First, the corpus itself (and its equivalent forms: CRLF line ends, no final newline)
 * must be read and replay identical, else it counts as unreadable.
 *
 * Then the hostile-program campaign (program-campaign.ts): programs 1…P (programs.ts) run, written,
 * read back and run again (program-check.ts); then the DNS part (dns.ts): D hostile datagrams and
 * D hostile worlds.
 *
 *   npm run fuzz [-- --count 10000 --from 1 --workers 2 --cli-every 200 --programs 10000 --programs-from 1 --dns 10000]
 *
 * `--count 0`, `--programs 0` or `--dns 0` skips a part. Prints the counts (mutants: accepted,
 * refused, crashes, escapes, hangs, unreadable; programs: escapes, crashes, hangs, unreadable,
 * nondeterministic, unpaired, shared; DNS: dns.ts) and the seeds of every problem (pin them in
 * trace-mutants.test.ts, programs.test.ts or dns-fuzz.test.ts); exits 1 if there is any.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliProblems } from './cli.ts';
import { corpus } from './corpus.ts';
import { dnsCampaign } from './dns.ts';
import { runPool } from './pool.ts';
import { runProgramCampaign } from './program-campaign.ts';
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
    programs: { type: 'string', default: '10000' },
    'programs-from': { type: 'string', default: '1' },
    dns: { type: 'string', default: '10000' },
  },
});
const COUNT = Number(args.count);
const FROM = Number(args.from);
const WORKERS = Math.max(1, Number(args.workers));
const CLI_EVERY = Math.max(1, Number(args['cli-every']));
const PROGRAMS = Number(args.programs);
const PROGRAMS_FROM = Number(args['programs-from']);

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

/** Runs seeds FROM … FROM+COUNT−1 on WORKERS threads (pool.ts); resolves when all are done. */
function runMutants(): Promise<void> {
  const seeds = Array.from({ length: COUNT }, (_, i) => FROM + i);
  return runPool<Extract<WorkerReport, { type: 'done' }>>(new URL('./worker.ts', import.meta.url).href, { cliTimeoutMs: CLI_TIMEOUT_MS, dir }, seeds, WORKERS, {
    job: (seed) => ({ seed, cli: seed % CLI_EVERY === 0 }) satisfies Job,
    budget: (start) => BASE_BUDGET_MS + (start.bytes ?? 0) / BUDGET_BYTES_PER_MS,
    done: record,
    hang: (seed, ms) => {
      tally.hangs++;
      tally.mutants++;
      tally.failures.push(`seed ${seed}: hang: over its budget of ${Math.round(ms)} ms`);
    },
    crash: (seed, message) => {
      tally.crashes++;
      tally.mutants++;
      tally.failures.push(`seed ${seed ?? '?'}: crash of the worker: ${message}`);
    },
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
let failed = false;
if (COUNT > 0) {
  await checkCorpus();
  await runMutants();
  report((performance.now() - t0) / 1000);
  failed = tally.failures.length > 0;
}
rmSync(dir, { recursive: true, force: true });
if (PROGRAMS > 0) {
  const programs = await runProgramCampaign(PROGRAMS, PROGRAMS_FROM, WORKERS);
  console.log('\n' + programs.lines.join('\n'));
  failed ||= programs.failed;
}
const dnsProblems = await dnsCampaign({ count: Number(args.dns), from: FROM, workers: WORKERS });
process.exitCode = failed || dnsProblems > 0 ? 1 : 0;
