/**
 * The Node side of the page: opening the app in a fresh browser context with page-script.js
 * installed, evaluating the script's helpers, waiting on the app's states, the statistics, and the
 * JSON lines (each with the load average: the machine is shared).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { emitLine as emit, load1m, type Json } from '../harness.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const pageScript = readFileSync(join(here, 'page-script.js'), 'utf8');
export const VIEWPORT = { width: 1280, height: 800 };

export type Fields = Record<string, Json>;

/** Every browser line carries the load average at its end. */
export const emitLine = (o: Fields): void => emit({ ...o, load_1m: load1m() });

export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function p90(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.9 * s.length))]!;
}

/** median, p90, min and max of `xs` (ms), named `<prefix>median_ms` and so on. */
export function stats(xs: readonly number[], prefix = ''): Record<string, number> {
  return {
    [`${prefix}median_ms`]: r1(median(xs)),
    [`${prefix}p90_ms`]: r1(p90(xs)),
    [`${prefix}min_ms`]: r1(Math.min(...xs)),
    [`${prefix}max_ms`]: r1(Math.max(...xs)),
  };
}

export interface Opened {
  readonly page: Page;
  /** Uncaught errors in the page (a run with any is reported as an error). */
  readonly errors: string[];
  close(): Promise<void>;
}

/** The app at `url` in a fresh context (nothing kept from another run). */
export async function openPage(browser: Browser, url: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript({ content: pageScript });
  await page.goto(url);
  // An experiment's extra style (e.g. a view hidden), to see what a part of the page costs.
  const css = process.env['BENCH_CSS'];
  if (css !== undefined && css !== '') await page.addStyleTag({ content: css });
  return { page, errors, close: () => context.close() };
}

export const inPage = <T>(page: Page, js: string): Promise<T> => page.evaluate(js) as Promise<T>;
export const now = (page: Page): Promise<number> => inPage<number>(page, 'performance.now()');

export type Tasks = Record<string, number>;

/** Long tasks and long animation frames that started in [from, to] (page times, ms). */
export async function tasks(page: Page, from: number, to: number): Promise<Tasks> {
  await sleep(150); // observers deliver entries asynchronously
  const t = await inPage<Tasks>(page, `__bench.tasks(${from}, ${to})`);
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, r1(v)]));
}

/** The app has answered, shows record `at` and knows its whole run (no "+": growth is over). */
export async function waitExplored(page: Page, at: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(`__bench.explored() && __bench.position() === ${at}`, null, {
    timeout: timeoutMs,
    polling: 100,
  });
}

export interface Timed {
  readonly times: number[];
  /** For jumps: to the painted frame in which the debugger's panels show the record too. */
  readonly settled?: number[];
  /** Actions whose painted frame never showed the expected record (within the timeout). */
  readonly wrong: number;
}

/** The page's errors and wrong frames as one sentence, or null. */
export function problems(
  o: Opened,
  wrong: number,
  what = 'painted frames did not show the expected record',
): string | null {
  const parts: string[] = [];
  if (wrong > 0) parts.push(`${wrong} ${what}`);
  if (o.errors.length > 0) parts.push(`page errors: ${o.errors.join(' | ')}`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** Runs `f`; an exception becomes an error line with `labels`. */
export async function guard(labels: Fields, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    emitLine({
      ...labels,
      error: `exception: ${e instanceof Error ? e.message.split('\n')[0]! : String(e)}`,
    });
  }
}
