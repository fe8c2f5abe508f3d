/**
 * The stage's work per step, counted rather than timed (so load does not change it): for n steps
 * forward on a scenario at a record, the DOM mutation records per stage layer and the animation
 * frames in which labels or the camera changed, each step counted until its motions are over.
 *
 *   node --import tsx bench/browser/stage-work.ts [--scenario tcp-echo] [--at 80] [--n 10] [--dist DIR]
 *
 * --dist reuses a build (BENCH_DIST=DIR npx vite build --config bench/browser/vite.config.ts);
 * without it the current tree is built. One JSON line per run.
 */
import { chromium } from 'playwright-core';
import { emitLine, inPage, openPage, waitExplored, type Fields } from './page.ts';
import { buildCurrent, Cleanups, serve } from './server.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const scenario = arg('scenario', 'tcp-echo');
  const at = Number(arg('at', '80'));
  const n = Number(arg('n', '10'));
  const cleanups = new Cleanups();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const dist = arg('dist', '') || buildCurrent(cleanups);
    const base = await serve(dist, cleanups);
    const o = await openPage(browser, `${base}/?scenario=${scenario}&step=${at}`);
    await waitExplored(o.page, at, 600_000);
    await o.page.waitForFunction(`__bench.stagePosition() === ${at}`, null, { timeout: 60_000 });
    await inPage(o.page, '__bench.settle(1000)');
    const r = await inPage<Fields>(o.page, `__bench.stageWork(${n})`);
    emitLine({ workload: 'browser', measure: 'stage_work', scenario, at_record: at, ...r });
    await o.close();
  } finally {
    await browser.close();
    cleanups.runAll();
  }
}

await main();
