/**
 * Where the main thread's time goes while stepping, scrubbing or playing: a Chromium trace (CDP
 * Tracing, devtools.timeline) and a CPU profile (CDP Profiler) of one action sequence on the
 * current build, summarised per action: the main thread's CPU time (thread time, which a loaded
 * machine inflates much less than wall time), its self CPU time per trace event (script, style,
 * layout, paint, …), the self and total time per JavaScript function (sampled: wall time), the
 * time in React components and the graph renderer, and the main thread's long tasks.
 *
 *   node --import tsx bench/browser/profile.ts [step|scrub|play] [--scenario dns-proxy] [--n 20]
 *                                              [--dist DIR] [--out FILE.json] [--who FUNCTION] [--deep]
 *                                              [--at RECORD]
 *
 * --dist reuses a build (BENCH_MINIFY=0 npx vite build --config bench/browser/vite.config.ts with
 * BENCH_DIST=DIR) instead of building one; --out keeps the raw trace (open it in DevTools); --who
 * lists the callers of a function (as the profile names it); --deep also records the stacks of
 * forced layouts and what invalidated style and layout (which slows the page down a lot).
 * Under load, the sampled JavaScript times are wall times and over-count long native calls (a
 * descheduled thread is sampled where it stopped); the trace's CPU times are the ones to compare.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { randomPositions } from './app-measures.ts';
import { inPage, openPage, VIEWPORT, waitExplored } from './page.ts';
import { buildCurrent, Cleanups, serve } from './server.ts';
import { runLength } from './where.ts';

type Mode = 'step' | 'scrub' | 'play';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  /** Thread (CPU) time: unlike `dur`, not inflated while the thread waits for a core. */
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly functionName?: string; readonly url?: string } };
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];
/** With --deep: stacks of forced layouts and what invalidated style and layout (slows the page). */
const DEEP = ['disabled-by-default-devtools.timeline.stack', 'disabled-by-default-devtools.timeline.invalidationTracking'];
const TOP = 25;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function trace(cdp: CDPSession, act: () => Promise<void>): Promise<{ events: TraceEvent[]; profile: CpuProfile }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (m) => events.push(...(m.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const categories = [...CATEGORIES, ...(process.argv.includes('--deep') ? DEEP : [])].join(',');
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await act();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.send('Tracing.end');
  await done;
  return { events, profile };
}

interface MainThread {
  /** Self CPU time per event name (children subtracted), µs. */
  readonly self: Map<string, number>;
  /** Top-level tasks longer than 50 ms (wall), ms. */
  readonly tasks: number[];
  /** All top-level tasks: wall and CPU time, µs. */
  readonly wall: number;
  readonly cpu: number;
}

/** The renderer main thread's complete events, summed by CPU time (thread time). */
function mainThread(events: readonly TraceEvent[]): MainThread {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (main === undefined) throw new Error('no renderer main thread in the trace');
  const xs = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const tasks: number[] = [];
  let wall = 0;
  let cpu = 0;
  const stack: { end: number; key: string; child: number; cpu: number }[] = [];
  const pop = (): void => {
    const top = stack.pop()!;
    self.set(top.key, (self.get(top.key) ?? 0) + top.cpu - top.child);
  };
  for (const e of xs) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) pop();
    const fn = e.args?.data?.functionName;
    const key = e.name === 'FunctionCall' && fn !== undefined && fn !== '' ? `FunctionCall ${fn}` : e.name;
    const t = e.tdur ?? e.dur!;
    if (stack.length > 0) stack[stack.length - 1]!.child += t;
    else {
      wall += e.dur!;
      cpu += t;
      if (e.dur! > 50_000) tasks.push(e.dur! / 1000);
    }
    stack.push({ end: e.ts + e.dur!, key, child: 0, cpu: t });
  }
  while (stack.length > 0) pop();
  return { self, tasks, wall, cpu };
}

/** Self and total (inclusive) time per JavaScript function (name and place), in ms. */
function functionTimes(p: CpuProfile, who: string): { self: Map<string, number>; total: Map<string, number>; callers: Map<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode): string => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const callers = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const k = keyOf(byId.get(id)!);
    self.set(k, (self.get(k) ?? 0) + ms);
    if (who !== '' && k.startsWith(`${who} `)) {
      // The chain of callers (innermost first, a few deep) that spent this sample in `who`.
      const chain: string[] = [];
      for (let n = parent.get(id); n !== undefined && chain.length < 6; n = parent.get(n)) chain.push(keyOf(byId.get(n)!).split(' ')[0]!);
      const c = chain.join(' < ');
      callers.set(c, (callers.get(c) ?? 0) + ms);
    }
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf(byId.get(n)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  return { self, total, callers };
}

function printTop(title: string, m: Map<string, number>, scale: number, n: number): void {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`${(v / scale / n).toFixed(2).padStart(9)} ms  ${k}`);
}

async function act(page: Page, mode: Mode, n: number): Promise<void> {
  if (mode === 'step') await inPage(page, `__bench.steps('forward', ${n})`);
  else if (mode === 'scrub') {
    const length = await inPage<number>(page, '__bench.length()');
    await inPage(page, `__bench.jumps(${JSON.stringify(randomPositions(2024, n, length))})`);
  } else {
    await inPage(page, `__bench.button('Play').click()`);
    await inPage(page, `__bench.frames(${n * 1000})`);
    await inPage(page, `__bench.button('Pause')?.click()`);
  }
}

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'step') as Mode;
  const scenario = arg('scenario', 'dns-proxy');
  const n = Number(arg('n', mode === 'play' ? '5' : '20'));
  const cleanups = new Cleanups();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const dist = arg('dist', '') || buildCurrent(cleanups);
    const base = await serve(dist, cleanups);
    const at = Number(arg('at', String(mode === 'step' ? Math.floor(0.4 * runLength(scenario)) : 0)));
    const o = await openPage(browser, `${base}/?scenario=${scenario}&step=${at}`);
    await waitExplored(o.page, at, 300_000);
    // Profile the steady state: the graph's first layout (a one-off of opening) is done.
    await o.page.waitForFunction(
      `(() => { const w = document.querySelector('.pg-wrap'); return w === null || (w.dataset.layoutState === 'idle' && Number(w.dataset.layoutGeneration) > 0); })()`,
      null,
      { timeout: 300_000, polling: 100 },
    );
    if (mode === 'play') await inPage(o.page, '__bench.setSpeed(100)');
    else await act(o.page, mode, 5);
    const cdp = await o.page.context().newCDPSession(o.page);
    const { events, profile } = await trace(cdp, () => act(o.page, mode, n));
    const out = arg('out', '');
    if (out !== '') writeFileSync(out, JSON.stringify({ traceEvents: events }));
    const { self, tasks, wall, cpu } = mainThread(events);
    console.log(`${mode} × ${n} on ${scenario} (${VIEWPORT.width}×${VIEWPORT.height}), load ${loadavg()[0]!.toFixed(2)}; per action:`);
    console.log(`main thread tasks: ${(cpu / 1000 / n).toFixed(1)} ms CPU, ${(wall / 1000 / n).toFixed(1)} ms wall`);
    printTop('main thread, self CPU time per trace event', self, 1000, n);
    const who = arg('who', '');
    const fns = functionTimes(profile, who);
    printTop('JavaScript, self time per function (CPU profile)', fns.self, 1, n);
    printTop('JavaScript, total time per function (CPU profile)', fns.total, 1, n);
    printTop('React components and renderer, total time', new Map([...fns.total].filter(([k]) => /^([A-Z]\w*|update|draw\w*|join\w*) /.test(k))), 1, n);
    if (who !== '') printTop(`callers of ${who}`, fns.callers, 1, n);
    console.log(`\ntasks > 50 ms: ${tasks.length} (${tasks.map((t) => t.toFixed(0)).join(', ')})`);
    await o.close();
  } finally {
    await browser.close();
    cleanups.runAll();
  }
}

await main();
