/**
 * Browser measurements (issues 4 and 10): `npm run bench:browser [-- --quick] [-- --compare REV]`.
 *
 * Builds the app with the bench scenarios (server.ts) and serves it; with --compare, also builds
 * revision REV in a temporary git worktree and serves it. Drives Debian's chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH) with playwright-core, headless, 1280×800. All timing is
 * done in the page (page-script.js): performance.now() before the action, and after the first
 * painted frame whose readout shows the record asked for.
 *
 * Order: the app-scenario measures of issue 10 (app-measures.ts), on both builds interleaved with
 * --compare (compare.ts); then the bench-scenario measures on the current build
 * (bench-measures.ts): stepping with 20 and 200 processes, and jumps in a 10⁶-record history.
 * Lines are described in bench/README.md.
 */
import { chromium, type Browser } from 'playwright-core';
import { progress } from '../harness.ts';
import { playMeasure, scrubMeasure, stepMeasure, type AppMeasure } from './app-measures.ts';
import { longJumps, procsSteps } from './bench-measures.ts';
import { stageMeasures } from './stage-measures.ts';
import { interleaved, type Build } from './compare.ts';
import { emitLine, guard, VIEWPORT } from './page.ts';
import { LONG_RECORDS, PROCS_TARGETS, procsScenarioId, longScenarioId } from './scenarios.ts';
import { buildCurrent, buildRevision, Cleanups, serve } from './server.ts';
import { runLength } from './where.ts';
import type { BrowserPart } from './parts.ts';

export interface Options {
  readonly quick: boolean;
  /** A git revision to compare with (its app built and measured interleaved with this one). */
  readonly compare: string | null;
  /** Which measurements to make. */
  readonly parts: ReadonlySet<BrowserPart>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WATCHDOG_MS = 3 * 60 * 60_000;
const TO_END_TIMEOUT_MS = 90 * 60_000;
/** Where the step measures open a run: this fraction of its length. */
const STEP_AT = 0.4;
const STEP_SCENARIOS = ['dns-proxy', 'ssh-nested'] as const;
const SCRUB_PLAY_SCENARIO = 'dns-proxy';

interface Plan {
  readonly rounds: number;
  readonly steps: number;
  readonly playSeconds: number;
  readonly procsSteps: number;
  readonly longRecords: number;
}

function planOf(o: Options): Plan {
  const rounds = o.compare === null ? 1 : o.quick ? 2 : 3;
  return o.quick
    ? { rounds, steps: 10, playSeconds: 5, procsSteps: 10, longRecords: Math.min(...LONG_RECORDS) }
    : { rounds, steps: 30, playSeconds: 10, procsSteps: 50, longRecords: Math.max(...LONG_RECORDS) };
}

function appMeasures(plan: Plan): AppMeasure[] {
  const steps = STEP_SCENARIOS.map((id) => {
    const length = runLength(id);
    progress(`browser: ${id} has ${length} records; stepping from record ${Math.floor(STEP_AT * length)}`);
    return stepMeasure(id, Math.floor(STEP_AT * length), plan.steps);
  });
  return [...steps, scrubMeasure(SCRUB_PLAY_SCENARIO), playMeasure(SCRUB_PLAY_SCENARIO, plan.playSeconds)];
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

async function measureAll(browser: Browser, builds: readonly Build[], plan: Plan, parts: ReadonlySet<BrowserPart>): Promise<void> {
  const current = builds.find((b) => b.build === 'new')!;
  if (parts.has('app')) for (const m of appMeasures(plan)) await interleaved(browser, m, builds, plan.rounds);
  for (const n of parts.has('procs') ? PROCS_TARGETS : []) {
    progress(`browser: step to paint, ${procsScenarioId(n)}`);
    await guard({ workload: 'browser', measure: 'step_to_paint', scenario: procsScenarioId(n) }, () =>
      procsSteps(browser, current.base, n, plan.procsSteps, n === Math.max(...PROCS_TARGETS)),
    );
  }
  if (parts.has('stage')) await guard({ workload: 'browser', measure: 'stage_step_to_paint' }, () => stageMeasures(browser, current.base, plan.steps));
  if (!parts.has('jump')) return;
  const id = longScenarioId(plan.longRecords);
  progress(`browser: jump to paint, ${id} (To end first)`);
  await guard({ workload: 'browser', measure: 'jump_to_paint', scenario: id }, () =>
    longJumps(browser, current.base, plan.longRecords, TO_END_TIMEOUT_MS),
  );
}

export async function browserBench(o: Options): Promise<void> {
  const cleanups = new Cleanups();
  let browser: Browser | null = null;
  const abort = (why: string): void => {
    emitLine({ workload: 'browser', error: why });
    cleanups.runAll();
    process.exit(1);
  };
  const watchdog = setTimeout(() => abort(`the browser measurements took longer than ${WATCHDOG_MS / 60_000} min`), WATCHDOG_MS);
  watchdog.unref();
  const onSignal = (sig: NodeJS.Signals): void => abort(`interrupted (${sig})`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const builds: Build[] = [];
    if (o.compare !== null) {
      const old = buildRevision(o.compare, cleanups);
      builds.push({ build: 'old', commit: old.commit, base: await serve(old.dist, cleanups) });
    }
    builds.push({ build: 'new', commit: 'working tree', base: await serve(buildCurrent(cleanups), cleanups) });
    browser = await launch();
    const plan = planOf(o);
    emitLine({
      bench: 'browser', chromium: browser.version(), viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, headless: true,
      compare: o.compare, parts: [...o.parts], builds: builds.map((b) => `${b.build}: ${b.commit}`), rounds: plan.rounds,
    });
    await measureAll(browser, builds, plan, o.parts);
  } catch (e) {
    emitLine({ workload: 'browser', error: `exception: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    if (browser !== null) await browser.close().catch(() => {});
    cleanups.runAll();
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
