/**
 * Measures on the bench scenarios (bench/browser/scenarios.ts), current build only.
 *
 *   step_to_paint  bench-procs-20 / -200 opened at a record inside their plateau of live processes
 *                  (found in Node: where.ts), once fully explored; 5 warm-up steps, then n × Step
 *                  forward (click), n × → key, n × Step back, each timed to the painted frame that
 *                  shows the expected record. bench-procs-200 also gives `longtask` lines by phase:
 *                  open (load, explore, seek), strides (jumps of 100 records from 0 to the plateau:
 *                  processes appear), steps.
 *   jump_to_paint  bench-echo-1m (10k with --quick): To end, timed to the readout's last record
 *                  (a watchdog, no fixed wait), then the slider set to 3 warm-up and 20 random
 *                  positions (mulberry32(2024)). Target: < 100 ms to paint each.
 */
import type { Browser } from 'playwright-core';
import type { Json } from '../harness.ts';
import { progress } from '../harness.ts';
import { randomPositions } from './app-measures.ts';
import {
  emitLine, inPage, now, openPage, problems, r1, sleep, stats, tasks, waitExplored, type Fields, type Opened, type Tasks, type Timed,
} from './page.ts';
import { longScenarioId, procsScenarioId } from './scenarios.ts';
import { plateau, type Plateau } from './where.ts';

const EXPLORE_TIMEOUT_MS = 10 * 60_000;
const WARM_UP = 3;
const JUMPS = 20;
const JUMP_SEED = 2024;

async function strides(o: Opened, id: string, where: Plateau): Promise<void> {
  const values: number[] = [];
  for (let v = 100; v <= where.start; v += 100) values.push(v);
  await inPage(o.page, `__bench.jumps([0])`);
  const s0 = await now(o.page);
  const r = await inPage<Timed>(o.page, `__bench.jumps(${JSON.stringify(values)}, 0)`);
  const s1 = await now(o.page);
  emitLine({
    workload: 'browser', measure: 'longtask', scenario: id, phase: 'strides',
    what: `${values.length} jumps of 100 records from 0 to ${where.start}, to paint (processes appear)`,
    ...(await tasks(o.page, s0, s1)), ...stats(r.times, 'jump_'),
    ...(r.wrong > 0 ? { error: `${r.wrong} painted frames did not show the expected record` } : {}),
  });
}

/** Steps through bench-procs-`target`'s plateau; with `phases`, the longtask lines too. */
export async function procsSteps(browser: Browser, base: string, target: number, n: number, phases: boolean): Promise<void> {
  const id = procsScenarioId(target);
  const where = plateau(id);
  progress(`browser: ${id}: ${where.live} live processes from record ${where.start - 200} to ${where.end} of ${where.records}`);
  const o = await openPage(browser, `${base}/?scenario=${id}&step=${where.start}`);
  try {
    const { page } = o;
    await waitExplored(page, where.start, EXPLORE_TIMEOUT_MS);
    const opened = await now(page);
    const summary = await inPage<string>(page, '__bench.graphSummary()');
    const t0 = await now(page);
    await inPage<Timed>(page, `__bench.steps('forward', 5)`);
    const fwd = await inPage<Timed>(page, `__bench.steps('forward', ${n})`);
    const key = await inPage<Timed>(page, `__bench.steps('key', ${n})`);
    const back = await inPage<Timed>(page, `__bench.steps('back', ${n})`);
    const stepTasks = await tasks(page, t0, await now(page));
    const error = problems(o, fwd.wrong + key.wrong + back.wrong);
    emitLine({
      workload: 'browser', measure: 'step_to_paint', scenario: id, processes: where.live,
      graph_processes: Number(/^(\d+) process/.exec(summary)?.[1] ?? -1), at_record: where.start, records: where.records,
      steps: fwd.times.length, ...stats(fwd.times), ...stats(key.times, 'key_'), ...stats(back.times, 'back_'),
      longtasks: stepTasks.longtasks!, longtask_max_ms: stepTasks.longtask_max_ms!, loaf: stepTasks.loaf!, loaf_max_ms: stepTasks.loaf_max_ms!,
      ...(error === null ? {} : { error }),
    });
    if (!phases) return;
    const open: Tasks = await tasks(page, 0, opened);
    const labels = { workload: 'browser', measure: 'longtask', scenario: id };
    emitLine({ ...labels, phase: 'open', what: `load, explore ${where.records} records, seek to ${where.start} (${where.live} processes laid out)`, ...open });
    emitLine({ ...labels, phase: 'steps', what: `${5 + 3 * n} steps forward, by key and back, to paint`, ...stepTasks });
    await strides(o, id, where);
  } finally {
    await o.close();
  }
}

/** To end on the long run: the time, and the long tasks meanwhile; the run's length. */
async function toEnd(o: Opened, id: string, timeoutMs: number): Promise<{ length: number; seconds: number }> {
  const { page } = o;
  await page.waitForFunction('__bench.ready() && __bench.position() === 0', null, { timeout: 120_000 });
  const t0 = await now(page);
  await inPage(page, `__bench.button('To end').click()`);
  // The end: the readout says finished and shows the last record. Polled, up to the watchdog.
  await page.waitForFunction('__bench.explored() && __bench.readout().includes("finished") && __bench.position() === __bench.length()', null, {
    timeout: timeoutMs,
    polling: 1000,
  });
  const t1 = await now(page);
  const length = await inPage<number>(page, '__bench.length()');
  const seconds = r1((t1 - t0) / 1000);
  emitLine({
    workload: 'browser', measure: 'longtask', scenario: id, phase: 'to-end', what: `To end: ${length} records in bounded slices`,
    to_end_s: seconds, ...(await tasks(page, t0, t1)),
  });
  return { length, seconds };
}

export async function longJumps(browser: Browser, base: string, records: number, toEndTimeoutMs: number): Promise<void> {
  const id = longScenarioId(records);
  const o = await openPage(browser, `${base}/?scenario=${id}&seed=1`);
  try {
    const { length, seconds } = await toEnd(o, id, toEndTimeoutMs);
    await sleep(500);
    const positions = randomPositions(JUMP_SEED, WARM_UP + JUMPS, length, length);
    const j0 = await now(o.page);
    const r = await inPage<Timed>(o.page, `__bench.jumps(${JSON.stringify(positions)})`);
    const jumpTasks = await tasks(o.page, j0, await now(o.page));
    const times = r.times.slice(WARM_UP);
    const line: Fields = {
      workload: 'browser', measure: 'jump_to_paint', scenario: id, records: length, to_end_s: seconds, jumps: times.length,
      ...stats(times), ...jumpTasks,
    };
    const error: Json = length < records ? `the run has ${length} records, fewer than ${records}` : problems(o, r.wrong, "painted frames did not show the jump's record");
    emitLine(error === null ? line : { ...line, error });
  } finally {
    await o.close();
  }
}
