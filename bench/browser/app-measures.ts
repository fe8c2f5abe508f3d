/**
 * Issue 10's targets on the app's own scenarios: measures that run on any build of the app (the
 * current one, and an older revision with --compare), since they read only the DOM.
 *
 *   step_to_paint  dns-proxy / ssh-nested opened by URL at 40% of their run, once the run is fully
 *                  explored (no "+"), the presence graph shown; 5 warm-up steps, then n clicks on
 *                  Step forward, each timed to the first painted frame whose readout shows the next
 *                  record. Targets: median < 50 ms; no main-thread task > 50 ms during the steps.
 *   scrub_to_paint dns-proxy, explored; the timeline slider set (value + input event) to 3 warm-up
 *                  and 20 random positions (mulberry32(2024)). Target: < 100 ms each. The
 *                  readout and the stage are painted first; settled_* is to the painted frame in
 *                  which the debugger's panels (drawn at low priority) show the record too.
 *   play           dns-proxy, explored, from record 0 at Speed 100 rec/s for a number of seconds:
 *                  the intervals between animation frames, and the long tasks. Target: no task
 *                  over 100 ms.
 * Each run gives its fields and its samples (ms); compare.ts makes the lines.
 */
import type { Browser, Page } from 'playwright-core';
import { mulberry32 } from '../workloads/common.ts';
import {
  inPage,
  now,
  openPage,
  problems,
  r1,
  stats,
  tasks,
  waitExplored,
  type Fields,
  type Opened,
  type Timed,
} from './page.ts';

export interface RunResult {
  readonly fields: Fields;
  /** The measure's per-action times (ms): the ratio line compares their medians. */
  readonly samples: readonly number[];
  readonly error: string | null;
}

export interface AppMeasure {
  readonly measure: string;
  readonly scenario: string;
  /** Fields whose values (median over rounds) the ratio line shows for each build. */
  readonly keys: readonly string[];
  run(browser: Browser, base: string): Promise<RunResult>;
}

/** Opening and exploring a run is slow on a loaded machine (the old build explores on the main thread). */
const EXPLORE_TIMEOUT_MS = 5 * 60_000;
const WARM_UP_STEPS = 5;
const WARM_UP_JUMPS = 3;
const SCRUB_JUMPS = 20;
const SCRUB_SEED = 2024;
const PLAY_SPEED = 100;
const TASK_KEYS = ['longtasks', 'longtask_max_ms', 'loaf', 'loaf_max_ms'] as const;

async function withPage(
  browser: Browser,
  url: string,
  f: (o: Opened) => Promise<RunResult>,
): Promise<RunResult> {
  const o = await openPage(browser, url);
  try {
    return await f(o);
  } finally {
    await o.close();
  }
}

/** The presence graph's region is shown, and how many processes it says it draws. */
async function graphShown(page: Page): Promise<{ visible: boolean; processes: number }> {
  const visible = await page.getByRole('region', { name: 'Presence graph' }).isVisible();
  const summary = await inPage<string>(page, '__bench.graphSummary()');
  return { visible, processes: Number(/^(\d+) process/.exec(summary)?.[1] ?? -1) };
}

export function stepMeasure(scenario: string, at: number, steps: number): AppMeasure {
  return {
    measure: 'step_to_paint',
    scenario,
    keys: ['median_ms', 'p90_ms', 'max_ms', ...TASK_KEYS],
    run: (browser, base) =>
      withPage(browser, `${base}/?scenario=${scenario}&step=${at}`, async (o) => {
        const { page } = o;
        await waitExplored(page, at, EXPLORE_TIMEOUT_MS);
        const graph = await graphShown(page);
        await inPage(page, `__bench.steps('forward', ${WARM_UP_STEPS})`);
        const t0 = await now(page);
        const r = await inPage<Timed>(page, `__bench.steps('forward', ${steps})`);
        const t1 = await now(page);
        const t = await tasks(page, t0, t1);
        const fields: Fields = {
          at_record: at,
          records: await inPage<number>(page, '__bench.length()'),
          graph_processes: graph.processes,
          steps: r.times.length,
          ...stats(r.times),
          ...t,
        };
        const error = graph.visible ? problems(o, r.wrong) : 'the presence graph is not shown';
        return { fields, samples: r.times, error };
      }),
  };
}

/** `n` positions in [0, length], each unlike the one before (a jump must move the cursor). */
export function randomPositions(seed: number, n: number, length: number, from = 0): number[] {
  const rnd = mulberry32(seed);
  const out: number[] = [];
  let prev = from;
  while (out.length < n) {
    const v = Math.floor(rnd() * (length + 1));
    if (v === prev) continue;
    out.push(v);
    prev = v;
  }
  return out;
}

export function scrubMeasure(scenario: string): AppMeasure {
  return {
    measure: 'scrub_to_paint',
    scenario,
    keys: ['median_ms', 'p90_ms', 'max_ms', 'settled_median_ms', 'settled_max_ms', ...TASK_KEYS],
    run: (browser, base) =>
      withPage(browser, `${base}/?scenario=${scenario}`, async (o) => {
        const { page } = o;
        await waitExplored(page, 0, EXPLORE_TIMEOUT_MS);
        const length = await inPage<number>(page, '__bench.length()');
        const positions = randomPositions(SCRUB_SEED, WARM_UP_JUMPS + SCRUB_JUMPS, length);
        const t0 = await now(page);
        const r = await inPage<Timed>(page, `__bench.jumps(${JSON.stringify(positions)})`);
        const t1 = await now(page);
        const times = r.times.slice(WARM_UP_JUMPS);
        const settled = (r.settled ?? r.times).slice(WARM_UP_JUMPS);
        const fields: Fields = {
          records: length,
          jumps: times.length,
          ...stats(times),
          ...stats(settled, 'settled_'),
          ...(await tasks(page, t0, t1)),
        };
        return { fields, samples: times, error: problems(o, r.wrong) };
      }),
  };
}

export function playMeasure(scenario: string, seconds: number): AppMeasure {
  return {
    measure: 'play',
    scenario,
    keys: [
      'records_per_s',
      'frame_gap_median_ms',
      'frame_gap_p90_ms',
      'frame_gap_max_ms',
      'longtasks_over_100ms',
      ...TASK_KEYS,
    ],
    run: (browser, base) =>
      withPage(browser, `${base}/?scenario=${scenario}`, async (o) => {
        const { page } = o;
        await waitExplored(page, 0, EXPLORE_TIMEOUT_MS);
        await inPage(page, `__bench.setSpeed(${PLAY_SPEED})`);
        await page.waitForFunction(`__bench.speed() === ${PLAY_SPEED}`, null, { timeout: 10_000 });
        await inPage(page, '__bench.settle()');
        const t0 = await now(page);
        await inPage(page, `__bench.button('Play').click()`);
        const gaps = await inPage<number[]>(page, `__bench.frames(${seconds * 1000})`);
        const played = await inPage<number>(page, '__bench.position()');
        const t1 = await now(page);
        await inPage(page, `__bench.button('Pause')?.click()`);
        const t = await tasks(page, t0, t1);
        const fields: Fields = {
          speed: PLAY_SPEED,
          seconds: r1((t1 - t0) / 1000),
          records_played: played,
          records_per_s: r1(played / ((t1 - t0) / 1000)),
          frames: gaps.length,
          ...stats(gaps, 'frame_gap_'),
          ...t,
        };
        return { fields, samples: gaps, error: played > 0 ? problems(o, 0) : 'the cursor did not move' };
      }),
  };
}
