/**
 * Playing: the readout and the stage follow every display frame, while the debugger's panels take
 * in the run at most every PLAY_PANELS_MS (src/ui/throttled-session.ts) so the page keeps its frame
 * rate; a pause shows the same record everywhere.
 */
import { expect, test } from '@playwright/test';
import { button, expectRecord, expectReady, pause, readout, recordShown } from './page-helpers.ts';

const PLAY_PANELS_MS = 200;

test('while playing, the panels follow the readout a few times a second; paused, they agree', async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto('/?scenario=dns-proxy');
  await expectReady(page);
  await page.locator('.speed select').selectOption('100');
  await expect(page.locator('.speed select')).toHaveValue('100');
  // Count the records the readout and the panels show while the run plays for a while.
  await page.evaluate(() => {
    const w = window as unknown as { seen: { readout: Set<string>; panels: Set<string> } };
    w.seen = { readout: new Set(), panels: new Set() };
    const panels = document.querySelector('main.panels')!;
    const status = document.querySelector('.readout')!;
    new MutationObserver(() => w.seen.panels.add(panels.getAttribute('data-cursor') ?? '')).observe(panels, { attributes: true });
    new MutationObserver(() => w.seen.readout.add(status.textContent ?? '')).observe(status, { subtree: true, childList: true, characterData: true });
  });
  const started = Date.now();
  await button(page, 'Play').click();
  // Wait on the run, not on a clock: until the readout has shown 60 different records, or the run
  // has played to its end (a busy machine may paint less than once a second).
  const ended = readout(page).filter({ hasText: 'at the end' });
  await expect
    .poll(async () => (await ended.count()) > 0 || (await page.evaluate(() => (window as unknown as { seen: { readout: Set<string> } }).seen.readout.size)) > 60, { timeout: 300_000 })
    .toBe(true);
  const n = (await ended.count()) > 0 ? await recordShown(page) : await pause(page);
  const elapsed = Date.now() - started;
  const seen = await page.evaluate(() => {
    const s = (window as unknown as { seen: { readout: Set<string>; panels: Set<string> } }).seen;
    return { readout: s.readout.size, panels: s.panels.size };
  });
  // At most one panel update per PLAY_PANELS_MS of play (and the pause's), far fewer than records shown.
  expect(seen.panels).toBeLessThanOrEqual(Math.ceil(elapsed / PLAY_PANELS_MS) + 2);
  expect(seen.panels).toBeLessThan(seen.readout);
  expect(seen.panels).toBeGreaterThan(0);
  // Paused: the panels show the readout's record.
  await expectRecord(page, n);
});
