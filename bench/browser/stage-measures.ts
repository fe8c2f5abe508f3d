/**
 * The stage's measures (issue 12), current build only:
 *
 *   stage_step_to_paint  tcp-echo (at record 80) and bench-procs-200 (inside its plateau of live
 *                        processes), once explored: 5 warm-up steps, then n clicks on Step forward,
 *                        each timed to the first painted frame after the stage has drawn the new
 *                        record (its SVG's data-cursor). Targets: median < 16 ms (tcp-echo), < 33 ms
 *                        (200 processes); no main-thread task > 50 ms.
 *   stage_play           the same runs from that record, played for 1 s at 10 records/s (every
 *                        record's motions animated): the gaps between animation frames and the
 *                        frames dropped (a gap of g ms drops round(g / 16.7) − 1). Target: none.
 */
import type { Browser } from 'playwright-core';
import { progress } from '../harness.ts';
import {
  emitLine,
  inPage,
  now,
  openPage,
  problems,
  r1,
  stats,
  tasks,
  waitExplored,
  type Timed,
} from './page.ts';
import { procsScenarioId } from './scenarios.ts';
import { plateau } from './where.ts';

const EXPLORE_TIMEOUT_MS = 10 * 60_000;
const WARM_UP = 5;
const PLAY_SPEED = 10;
const PLAY_MS = 1000;
const TCP_ECHO_AT = 80;

async function stageRun(
  browser: Browser,
  base: string,
  scenario: string,
  at: number,
  steps: number,
): Promise<void> {
  const o = await openPage(browser, `${base}/?scenario=${scenario}&step=${at}`);
  try {
    const { page } = o;
    await waitExplored(page, at, EXPLORE_TIMEOUT_MS);
    await page.waitForFunction(`__bench.stagePosition() === ${at}`, null, { timeout: 60_000 });
    const nodes = await inPage<number>(page, `document.querySelectorAll('.st-node').length`);
    await inPage(page, `__bench.stageSteps(${WARM_UP})`);
    const t0 = await now(page);
    const r = await inPage<Timed>(page, `__bench.stageSteps(${steps})`);
    const t1 = await now(page);
    emitLine({
      workload: 'browser',
      measure: 'stage_step_to_paint',
      scenario,
      at_record: at,
      stage_nodes: nodes,
      steps: r.times.length,
      ...stats(r.times),
      ...(await tasks(page, t0, t1)),
      ...errorOf(problems(o, r.wrong)),
    });
    await inPage(page, `__bench.setSpeed(${PLAY_SPEED})`);
    await page.waitForFunction(`__bench.speed() === ${PLAY_SPEED}`, null, { timeout: 10_000 });
    await inPage(page, '__bench.settle()');
    const p0 = await now(page);
    const from = await inPage<number>(page, '__bench.position()');
    await inPage(page, `__bench.button('Play').click()`);
    const gaps = await inPage<number[]>(page, `__bench.frames(${PLAY_MS})`);
    const p1 = await now(page);
    const played = (await inPage<number>(page, '__bench.position()')) - from;
    await inPage(page, `__bench.button('Pause')?.click()`);
    emitLine({
      workload: 'browser',
      measure: 'stage_play',
      scenario,
      speed: PLAY_SPEED,
      seconds: r1((p1 - p0) / 1000),
      records_played: played,
      frames: gaps.length,
      dropped_frames: await inPage<number>(page, `__bench.dropped(${JSON.stringify(gaps)})`),
      ...stats(gaps, 'frame_gap_'),
      ...(await tasks(page, p0, p1)),
      ...errorOf(played > 0 ? problems(o, 0) : 'the cursor did not move'),
    });
  } finally {
    await o.close();
  }
}

const errorOf = (e: string | null) => (e === null ? {} : { error: e });

/** The stage's lines for tcp-echo and for bench-procs-200. */
export async function stageMeasures(browser: Browser, base: string, steps: number): Promise<void> {
  progress('browser: the stage, tcp-echo');
  await stageRun(browser, base, 'tcp-echo', TCP_ECHO_AT, steps);
  const id = procsScenarioId(200);
  const where = plateau(id);
  progress(`browser: the stage, ${id} at record ${where.start}`);
  await stageRun(browser, base, id, where.start, steps);
}
