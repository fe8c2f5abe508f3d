/**
 * A real run opens in the debugger (issue 18, item 2): the test's setup runs `npm run serve --
 * tcp-echo --out` (the real command, a real TCP client, Ctrl-C), then the app opens the file through
 * "Open trace…" as an imported session: the readout counts the file's records, the event log shows
 * the real client's bytes arriving as an external input, the stage shows the connection's handler,
 * stepping works, and Re-check re-executes it identically.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lineClient, startServe } from '../helpers/serve-process.ts';
import { button, eventLog, expectReady, expectRecord, openTrace, readout } from './page-helpers.ts';

const SAID = 'hello from a real client';

interface Rec {
  readonly id?: number;
  readonly kind?: string;
  readonly what?: string;
  readonly end?: boolean;
  readonly steps?: number;
  readonly records?: number;
}

/** Serves tcp-echo for real, says one line, ends it with Ctrl-C; the trace's path and lines. */
async function servedTrace(): Promise<{ file: string; lines: Rec[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'os2-served-')), 'served-echo.jsonl');
  const p = startServe(['tcp-echo', '--out', file]);
  const c = await lineClient(await p.port('tcp'));
  expect(await c.say(SAID)).toBe(`You said: ${SAID}`);
  p.child.kill('SIGINT');
  const e = await p.exited;
  expect(e.code, e.stderr).toBe(0);
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
  return { file, lines };
}

test('a trace written by npm run serve opens in the browser: records, the event log, the stage, stepping, re-check', async ({ page }) => {
  test.setTimeout(180_000);
  const { file, lines } = await servedTrace();
  const end = lines.at(-1)!;
  expect(end.end).toBe(true);
  // The record where the client's line arrives from the real world.
  const arrival = lines.find((r) => r.kind === 'world' && r.what === 'external' && JSON.stringify(r).includes('tcp-data'))!;
  expect(arrival.id).toBeGreaterThan(1);

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/?scenario=tcp-echo');
  await expectReady(page);
  await openTrace(page, file);
  const imported = page.getByRole('group', { name: 'Imported trace' });
  await expect(imported).toContainText('served-echo.jsonl');
  await expect(readout(page)).toContainText('imported trace (read-only)');
  await expect(readout(page).locator('.position')).toHaveText(new RegExp(`^Record [\\d,]+ of ${end.records!.toLocaleString('en')}$`));

  // Travel to the arrival: the event log shows it, the stage draws the connection's handler.
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(arrival.id));
  await expectRecord(page, arrival.id!);
  const current = eventLog(page).locator('li[aria-current="step"]');
  await expect(current).toContainText('external');
  await expect(current).toContainText(SAID);
  const wrap = page.locator('.st-wrap');
  await expect(wrap).toHaveAttribute('data-cursor', String(arrival.id));
  await expect(wrap).toHaveAttribute('data-layout-state', 'idle');
  await expect(page.locator('.st-node').first()).toBeVisible();
  expect(await page.locator('.st-node').count()).toBeGreaterThanOrEqual(3);

  // Step through the real run like any other.
  await button(page, 'Step forward').click();
  await expectRecord(page, arrival.id! + 1);
  await button(page, 'Step back').click();
  await expectRecord(page, arrival.id!);

  // Re-check re-executes it from its header and recorded inputs: identical.
  await imported.getByRole('button', { name: 'Re-check' }).click();
  await expect(page.getByRole('status', { name: 'Re-check result' })).toContainText(`Identical: all ${end.steps! + 1} steps`, { timeout: 60_000 });
});
