/**
 * `npm run bench [-- --quick] [-- --only W2,W3,RUN] [-- --browser [--compare REV] [--parts app,procs,stage,jump]] [-- --baseline DIR
 * [--swap] [--sizes 1,10] [--variants turn] [--trace on]]`: the workloads of
 * ../shared/bench/workloads.md. `--browser` runs the browser measurements (bench/browser/) instead
 * of the kernel workloads (with `--only`, after them); `--compare REV` measures REV's app too,
 * interleaved with the current one.
 * One JSON line per measurement on stdout (see bench/README.md); progress on stderr.
 * For every size, trace on then off; within each, trie and naive routing are measured as one
 * interleaved group followed by a trie/naive ratio line.
 */
import type { RoutingKind } from '../src/kernel/index.ts';
import { emitLine, FULL, load1m, measureGroup, progress, QUICK, type Case, type Json } from './harness.ts';
import type { WorldOpts } from './workloads/common.ts';
import { clearW1, w1Case } from './workloads/w1.ts';
import { clearW2, w2Case } from './workloads/w2.ts';
import { clearW3, w3Case } from './workloads/w3.ts';
import { w4Case } from './workloads/w4.ts';
import { w5 } from './workloads/w5.ts';
import { w6 } from './workloads/w6.ts';
import { q1 } from './workloads/q1.ts';
import { baselineBench, NO_FILTER, RUN_SCENARIOS, type BaselineFilter } from './baseline.ts';
import { BROWSER_PARTS, type BrowserPart } from './browser/parts.ts';
import { kernelFrom, scenarioRunCase } from './workloads/scenario-run.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a, i) => a.startsWith('--only=') || args[i - 1] === '--only');
const only = onlyArg === undefined ? null : onlyArg.replace(/^--only=/, '').toUpperCase().split(',');
const compareArg = args.find((a, i) => a.startsWith('--compare=') || args[i - 1] === '--compare');
const compare = compareArg === undefined ? null : compareArg.replace(/^--compare=/, '');
// Comparing builds is a browser measurement: --compare implies --browser.
const browser = args.includes('--browser') || compare !== null;
const baselineArg = args.find((a, i) => a.startsWith('--baseline=') || args[i - 1] === '--baseline');
const baseline = baselineArg === undefined ? null : baselineArg.replace(/^--baseline=/, '');
const valueOf = (name: string): string | null => {
  const a = args.find((x, i) => x.startsWith(`--${name}=`) || args[i - 1] === `--${name}`);
  return a === undefined ? null : a.replace(`--${name}=`, '');
};
/** `--swap`, `--sizes`, `--variants`, `--trace on|off`: which rows of `--baseline` to run (bench/baseline.ts). */
function baselineFilter(): BaselineFilter {
  const list = (name: string): string[] | null => valueOf(name)?.split(',') ?? null;
  const trace = valueOf('trace');
  return {
    swap: args.includes('--swap'),
    sizes: list('sizes')?.map(Number) ?? NO_FILTER.sizes,
    variants: list('variants') ?? NO_FILTER.variants,
    traces: trace === null ? NO_FILTER.traces : [trace === 'on'],
  };
}
/** `--parts app,procs,stage,jump`: which browser measurements to make (all by default). */
function browserParts(): ReadonlySet<BrowserPart> {
  const arg = args.find((a, i) => a.startsWith('--parts=') || args[i - 1] === '--parts');
  if (arg === undefined) return new Set(BROWSER_PARTS);
  const asked = arg.replace(/^--parts=/, '').split(',');
  const bad = asked.filter((x) => !(BROWSER_PARTS as readonly string[]).includes(x));
  if (bad.length > 0) throw new Error(`--parts: unknown ${bad.join(', ')} (the parts are ${BROWSER_PARTS.join(', ')})`);
  return new Set(asked as BrowserPart[]);
}
const want = (w: string): boolean => (only === null ? !browser : only.includes(w));
const p = quick ? QUICK : FULL;

const ROUTINGS: readonly RoutingKind[] = ['trie', 'naive'];
const TRACES: readonly boolean[] = [true, false];

/**
 * Naive routing limits (full mode): naive W4 is O(N²) in presence checks and injections (about
 * 3 s per run at N = 1000, 40 s at N = 4000), so it runs only at N = 1000; naive W2 at
 * S = 10000 is capped in M.
 */
const NAIVE_W4_MAX_N = 1_000;
const NAIVE_W2_MAX_M_AT_10K = 20_000;

const sizes = {
  W1: quick ? [1, 10] : [1, 10, 100, 1000],
  W2: quick ? [10, 100] : [10, 100, 1000, 10_000],
  W3: quick ? [1, 10] : [1, 10, 100, 1000, 10_000],
  W4: quick ? [1000] : [1000, 10_000, 30_000],
  W5: quick ? 1000 : 10_000,
  W6: quick ? [10_000] : [100_000, 1_000_000],
};
const W6_JUMPS = 1000;

function group(make: (o: WorldOpts) => Case | null): void {
  for (const trace of TRACES) {
    const cases = ROUTINGS.map((routing) => make({ routing, trace })).filter((c): c is Case => c !== null);
    measureGroup(cases, p, cases.length === 2 ? 'routing' : undefined);
  }
}

const t0 = performance.now();
emitLine({ bench: 'start', mode: quick ? 'quick' : 'full', runs: p.runs, node: process.version, only: only ?? (browser ? 'browser' : 'all'), compare, baseline, load_1m: load1m() });

if (baseline !== null) {
  // Only the interleaved comparison with another checkout's kernel (bench/baseline.ts).
  await baselineBench(baseline, { quick, only, sizes, p, filter: baselineFilter() });
  emitLine({ bench: 'done', total_s: Math.round((performance.now() - t0) / 100) / 10, load_1m: load1m() });
  process.exit(0);
}

if (want('W1')) {
  for (const S of sizes.W1) {
    progress(`W1 S=${S}`);
    for (const v of ['batch', 'turn'] as const) group((o) => w1Case(v, S, o, quick));
    clearW1();
  }
}

if (want('W2')) {
  for (const S of sizes.W2) {
    progress(`W2 S=${S}`);
    for (const v of ['batch', 'turn'] as const) {
      group((o) => {
        const limited = o.routing === 'naive' && S >= 10_000 && !quick;
        const notes: Record<string, Json> | undefined = limited ? { naive_M_cap: NAIVE_W2_MAX_M_AT_10K } : undefined;
        return w2Case(v, S, o, quick, limited ? NAIVE_W2_MAX_M_AT_10K : undefined, notes);
      });
    }
    clearW2();
  }
}

if (want('W3')) {
  for (const S of sizes.W3) {
    progress(`W3 S=${S}`);
    for (const v of ['spawn', 'retract'] as const) group((o) => w3Case(v, S, o, quick));
    clearW3();
  }
}

if (want('W4')) {
  for (const N of sizes.W4) {
    progress(`W4 N=${N}`);
    group((o) => {
      if (o.routing === 'naive' && N > NAIVE_W4_MAX_N && !quick) return null;
      return w4Case(N, o, quick);
    });
    if (N > NAIVE_W4_MAX_N && !quick) {
      emitLine({ workload: 'W4', N, routing: 'naive', skipped: `naive W4 is O(N²); run only up to N=${NAIVE_W4_MAX_N}` });
    }
  }
}

if (want('RUN')) {
  // Whole scenario runs with the trace on (records/s), this checkout's kernel.
  const k = await kernelFrom(new URL('..', import.meta.url).pathname.replace(/\/$/, ''));
  for (const id of RUN_SCENARIOS) {
    progress(`RUN ${id}`);
    measureGroup([scenarioRunCase(k, id, quick)], p);
  }
}

if (want('W5')) {
  progress(`W5 S=${sizes.W5}`);
  for (const trace of TRACES) for (const routing of ROUTINGS) w5(sizes.W5, routing, trace);
}

if (want('W6')) {
  for (const records of sizes.W6) {
    progress(`W6 records=${records}`);
    await w6(records, W6_JUMPS);
  }
}

if (want('Q1')) {
  // Issue 15: the query index's cost, size and query times over a long history.
  for (const records of quick ? [10_000] : [1_000_000]) {
    progress(`Q1 records=${records}`);
    await q1(records);
  }
}

if (want('TRACE')) {
  // Issue 6: writing, importing, exporting and replaying a large native trace, all streamed.
  const steps = quick ? 5_000 : 100_000;
  progress(`TRACE steps=${steps}`);
  const { measureTraceStreaming } = await import('../src/debugger/export/large.ts');
  const r = measureTraceStreaming(() => performance.now(), steps);
  if (!r.replayOk) emitLine({ workload: 'TRACE', steps, error: 'replay of the written trace did not match' });
  else {
    emitLine({
      workload: 'TRACE', steps, lines: r.lines, native_bytes: r.native.bytes, native_ms: Math.round(r.native.ms),
      largest_chunk_bytes: r.native.largestChunk, import_ms: Math.round(r.importMs), replay_ms: Math.round(r.replayMs),
      exports_ms: Object.fromEntries(Object.entries(r.exports).map(([k, v]) => [k, Math.round(v.ms)])),
      heap_mb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    });
  }
}

if (browser) {
  const { browserBench } = await import('./browser/run-browser.ts');
  await browserBench({ quick, compare, parts: browserParts() });
}

emitLine({ bench: 'done', total_s: Math.round((performance.now() - t0) / 100) / 10 });
