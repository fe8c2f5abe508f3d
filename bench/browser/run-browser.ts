/**
 * Browser measurements (issue 4): `npm run bench -- --browser [--quick]` or `npm run bench:browser`.
 *
 * Builds the app with the bench scenarios (bench/browser/vite.config.ts, into a temporary
 * directory), serves it with `vite preview` on a free port in its own process group (killed at the
 * end), and drives Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH) with playwright-core,
 * headless, 1280×800. All timing happens in the page (page-script.js): performance.now() before the
 * action, and after the next painted frame (a task posted from requestAnimationFrame).
 *
 *   step_to_paint   bench-procs-20 / -200 opened at a record where all their processes are live
 *                   (the URL's step; found here by folding the run in Node), background exploration
 *                   stopped; 5 warm-up steps, then 50 × Step forward (button click), 50 × → key,
 *                   50 × Step back. Each painted frame must show the expected record.
 *   jump_to_paint   bench-echo-100k run To end (timed), then the timeline slider set to 3 warm-up
 *                   and 20 random positions (mulberry32(2024)); each painted frame must show it.
 *   longtask        PerformanceObserver 'longtask' (≥ 50 ms) and 'long-animation-frame' entries
 *                   on bench-procs-200 while opening it (first layout of 200 processes), while
 *                   striding through its start in 100-record jumps (processes appear: the graph's
 *                   layout grows), and while stepping; and on bench-echo-100k while running to the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { applyRecord, emptyModel, type Model } from '../../src/debugger/model.ts';
import { runSimulation } from '../../src/kernel/ground/index.ts';
import type { TraceRecord } from '../../src/kernel/index.ts';
import { startScenario } from '../../src/scenarios/types.ts';
import { emitLine as emit, load1m, progress, type Json } from '../harness.ts';
import { mulberry32 } from '../workloads/common.ts';
import {
  BENCH_SCENARIOS,
  LONG_RECORDS,
  longScenarioId,
  PROCS_TARGETS,
  procsScenarioId,
} from './scenarios.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../..');
const config = join(here, 'vite.config.ts');
const viteBin = join(root, 'node_modules/vite/bin/vite.js');
const pageScript = readFileSync(join(here, 'page-script.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
const WATCHDOG_MS = 40 * 60_000;

interface Options {
  readonly quick: boolean;
}

// ---- statistics -----------------------------------------------------------------------------------

const r1 = (x: number): number => Math.round(x * 10) / 10;
function stats(xs: readonly number[], prefix: string): Record<string, number> {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return {
    [`${prefix}median_ms`]: r1(median),
    [`${prefix}p90_ms`]: r1(s[Math.min(s.length - 1, Math.floor(0.9 * s.length))]!),
    [`${prefix}min_ms`]: r1(s[0]!),
    [`${prefix}max_ms`]: r1(s[s.length - 1]!),
  };
}

// ---- where to measure: found by folding the run in Node -----------------------------------------

const liveCount = (m: Model): number => {
  let n = 0;
  for (const p of m.procs.values()) if (p.alive) n++;
  return n;
};

/** The live-process count the run holds longest, and a record index well inside that plateau. */
function plateau(id: string): { start: number; live: number; records: number; end: number } {
  const scenario = BENCH_SCENARIOS.find((s) => s.id === id)!;
  const STRIDE = 10;
  const counts = new Map<number, { n: number; first: number; last: number }>();
  let m = emptyModel;
  let i = 0;
  const fold = (records: readonly TraceRecord[]): void => {
    for (const r of records) {
      m = applyRecord(m, r);
      i++;
      if (i % STRIDE !== 0) continue;
      const live = liveCount(m);
      const c = counts.get(live) ?? { n: 0, first: i, last: i };
      counts.set(live, { n: c.n + 1, first: c.first, last: i });
    }
  };
  const start = startScenario(scenario);
  fold(start.records);
  runSimulation(start.sim, { maxSteps: scenario.maxSteps ?? 100_000 }, fold);
  const [live, c] = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0]!;
  return { start: c.first + 200, live, records: i, end: c.last };
}

// ---- the server and the browser -----------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url: string, server: ChildProcess, ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with status ${server.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (performance.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
    await sleep(200);
  }
}

function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (p.pid !== undefined) process.kill(-p.pid, signal);
  } catch {
    // already gone
  }
}

async function stopServer(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  killGroup(p, 'SIGTERM');
  const t = setTimeout(() => killGroup(p, 'SIGKILL'), 3000);
  t.unref();
  await exited;
  clearTimeout(t);
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript({ content: pageScript });
  await page.goto(url);
  return { page, errors };
}

/** Every browser line carries the load average at its end (the machine is shared). */
const emitLine = (o: Record<string, Json>): void => emit({ ...o, load_1m: load1m() });

const inPage = <T>(page: Page, js: string): Promise<T> => page.evaluate(js) as Promise<T>;
const now = (page: Page): Promise<number> => inPage<number>(page, 'performance.now()');
type Tasks = Record<string, number>;
async function tasks(page: Page, from: number, to: number): Promise<Tasks> {
  await sleep(150); // observers deliver entries asynchronously
  const t = await inPage<Tasks>(page, `__bench.tasks(${from}, ${to})`);
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, r1(v)]));
}

interface Steps {
  times: number[];
  wrong: number;
}

// ---- the measurements ---------------------------------------------------------------------------

async function stepToPaint(browser: Browser, base: string, target: number): Promise<void> {
  const id = procsScenarioId(target);
  const labels = { workload: 'browser', measure: 'step_to_paint', scenario: id };
  const where = plateau(id);
  progress(
    `browser: ${id}: ${where.live} live processes from record ${where.start - 200} to ${where.end} of ${where.records}`,
  );
  const { page, errors } = await openPage(browser, `${base}/?scenario=${id}&seed=1&step=${where.start}`);
  try {
    await page.waitForFunction(`window.__bench.position() === ${where.start}`, null, {
      timeout: 120_000,
      polling: 100,
    });
    const opened = await now(page);
    // Stop background exploration, so the steps measure stepping alone.
    await inPage(page, `(() => { const b = __bench.button('Stop'); if (b) b.click(); return !!b; })()`);
    await sleep(500);
    const summary = await inPage<string>(page, '__bench.graphSummary()');
    const shown = Number(/^(\d+) processes/.exec(summary)?.[1] ?? -1);

    const t0 = await now(page);
    await inPage<Steps>(page, `__bench.steps('forward', 5)`);
    const fwd = await inPage<Steps>(page, `__bench.steps('forward', 50)`);
    const key = await inPage<Steps>(page, `__bench.steps('key', 50)`);
    const back = await inPage<Steps>(page, `__bench.steps('back', 50)`);
    const t1 = await now(page);
    const stepTasks = await tasks(page, t0, t1);
    const wrong = fwd.wrong + key.wrong + back.wrong;
    const line: Record<string, Json> = {
      ...labels,
      processes: where.live,
      graph_processes: shown,
      at_record: where.start,
      steps: fwd.times.length,
      ...stats(fwd.times, ''),
      ...stats(key.times, 'key_'),
      ...stats(back.times, 'back_'),
      longtask_max_ms: stepTasks.longtask_max_ms!,
      loaf_max_ms: stepTasks.loaf_max_ms!,
    };
    if (wrong > 0 || errors.length > 0) {
      emitLine({
        ...line,
        error: `${wrong} painted frames did not show the expected record; page errors: ${errors.join(' | ')}`,
      });
    } else {
      emitLine(line);
    }

    if (target === Math.max(...PROCS_TARGETS)) {
      const openTasks = await tasks(page, 0, opened);
      emitLine({
        workload: 'browser',
        measure: 'longtask',
        scenario: id,
        phase: 'open',
        what: `load, seek to record ${where.start} (${where.live} processes laid out)`,
        ...openTasks,
      });
      const strideValues: number[] = [];
      for (let v = 0; v <= where.start; v += 100) strideValues.push(v);
      const s0 = await now(page);
      const strides = await inPage<Steps>(page, `__bench.jumps(${JSON.stringify(strideValues)}, 0)`);
      const s1 = await now(page);
      const strideTasks = await tasks(page, s0, s1);
      emitLine({
        workload: 'browser',
        measure: 'longtask',
        scenario: id,
        phase: 'strides',
        what: `${strideValues.length} jumps of 100 records from 0 to ${where.start}, to paint (processes appear)`,
        ...strideTasks,
        ...stats(strides.times, 'jump_'),
        ...(strides.wrong > 0
          ? { error: `${strides.wrong} painted frames did not show the expected record` }
          : {}),
      });
      emitLine({
        workload: 'browser',
        measure: 'longtask',
        scenario: id,
        phase: 'steps',
        what: '155 steps forward, by key and back, to paint',
        ...stepTasks,
      });
    }
  } finally {
    await page.close();
  }
}

async function jumpToPaint(browser: Browser, base: string, records: number): Promise<void> {
  const id = longScenarioId(records);
  const labels = { workload: 'browser', measure: 'jump_to_paint', scenario: id };
  const { page, errors } = await openPage(browser, `${base}/?scenario=${id}&seed=1`);
  try {
    await page.waitForFunction('window.__bench.position() === 0', null, { timeout: 60_000 });
    const t0 = await now(page);
    await inPage(page, `__bench.button('To end').click()`);
    await page.waitForFunction(
      `__bench.readout().includes('finished') && __bench.position() === __bench.length() && __bench.length() > 0`,
      null,
      { timeout: 30 * 60_000, polling: 250 },
    );
    const t1 = await now(page);
    const length = await inPage<number>(page, '__bench.length()');
    const endTasks = await tasks(page, t0, t1);
    emitLine({
      workload: 'browser',
      measure: 'longtask',
      scenario: id,
      phase: 'to-end',
      what: `To end: record ${length} records in bounded slices`,
      to_end_s: r1((t1 - t0) / 1000),
      ...endTasks,
    });
    await sleep(500);

    const rnd = mulberry32(2024);
    const positions = Array.from({ length: 23 }, () => Math.floor(rnd() * (length + 1)));
    const j0 = await now(page);
    const res = await inPage<Steps>(page, `__bench.jumps(${JSON.stringify(positions)})`);
    const j1 = await now(page);
    const jumpTasks = await tasks(page, j0, j1);
    const times = res.times.slice(3);
    const line: Record<string, Json> = {
      ...labels,
      records: length,
      to_end_s: r1((t1 - t0) / 1000),
      jumps: times.length,
      ...stats(times, ''),
      worst_ms: r1(Math.max(...times)),
      longtask_max_ms: jumpTasks.longtask_max_ms!,
      loaf_max_ms: jumpTasks.loaf_max_ms!,
    };
    if (length < records) line.error = `the run has ${length} records, fewer than ${records}`;
    else if (res.wrong > 0 || errors.length > 0)
      line.error = `${res.wrong} painted frames did not show the jump's record; page errors: ${errors.join(' | ')}`;
    emitLine(line);
  } finally {
    await page.close();
  }
}

// ---- the run ------------------------------------------------------------------------------------

export async function browserBench(o: Options): Promise<void> {
  const dist = join(tmpdir(), `os2-lab-bench-dist-${process.pid}`);
  const env = { ...process.env, BENCH_DIST: dist };
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  const watchdog = setTimeout(() => {
    emitLine({
      workload: 'browser',
      error: `the browser measurements took longer than ${WATCHDOG_MS / 60_000} min`,
    });
    if (server !== null) killGroup(server, 'SIGKILL');
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  try {
    progress('browser: building the app with the bench scenarios');
    const b = spawnSync(process.execPath, [viteBin, 'build', '--config', config], {
      cwd: root,
      env,
      stdio: ['ignore', 2, 2],
    });
    if (b.status !== 0) throw new Error(`vite build failed (status ${String(b.status)})`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      [viteBin, 'preview', '--config', config, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
      {
        cwd: root,
        env,
        detached: true,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await waitForHttp(base, server, 30_000);
    progress(`browser: serving ${base} (vite preview, process group ${server.pid})`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    emitLine({
      bench: 'browser',
      chromium: browser.version(),
      viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
      headless: true,
    });

    for (const n of PROCS_TARGETS) {
      progress(`browser: step to paint, ${procsScenarioId(n)}`);
      await guard({ workload: 'browser', measure: 'step_to_paint', scenario: procsScenarioId(n) }, () =>
        stepToPaint(browser!, base, n),
      );
    }
    const records = o.quick ? Math.min(...LONG_RECORDS) : Math.max(...LONG_RECORDS);
    progress(`browser: jump to paint, ${longScenarioId(records)} (To end first)`);
    await guard({ workload: 'browser', measure: 'jump_to_paint', scenario: longScenarioId(records) }, () =>
      jumpToPaint(browser!, base, records),
    );
  } catch (e) {
    emitLine({ workload: 'browser', error: `exception: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    if (browser !== null) await browser.close().catch(() => {});
    if (server !== null) await stopServer(server);
    rmSync(dist, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

async function guard(labels: Record<string, Json>, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    emitLine({
      ...labels,
      error: `exception: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`,
    });
  }
}
