/**
 * Three stage bugs of issue 12, in the built app: a short jump (a scrub of the timeline) was drawn
 * as a step, its records animated; an edge of bank-teller ran straight through process boxes; a
 * long scenario description pushed the stage below the fold at 1440×900.
 */
import { expect, test, type Page } from '@playwright/test';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { edgeCrossings } from './stage-geometry.ts';

/** Opens `query` and waits until the stage shows record `at` (or the run's end) laid out and still. */
async function open(page: Page, query: string, at: number | null): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  const wrap = page.locator('.st-wrap');
  if (at !== null) await expect(wrap).toHaveAttribute('data-cursor', String(at));
  else await expect(page.getByRole('alert').filter({ hasText: 'past the end of this run' })).toBeVisible();
  await still(page);
}

/** The layout is idle, boxes are drawn, nothing animates, and two frames have been painted. */
async function still(page: Page): Promise<void> {
  const wrap = page.locator('.st-wrap');
  await expect(wrap).toHaveAttribute('data-layout-state', 'idle');
  await expect(page.locator('.st-node').first()).toBeVisible();
  await expect(wrap).toHaveAttribute('data-animating', 'false');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** From now on, remembers (in the page) whether anything on the stage moved: read with `moved`. */
async function watchMotion(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { moved: boolean; motionWatch?: MutationObserver };
    w.moved = false;
    w.motionWatch?.disconnect();
    const wrap = document.querySelector('.st-wrap')!;
    const look = () => {
      if (wrap.getAttribute('data-animating') === 'true' || wrap.querySelector('.st-moving') !== null) w.moved = true;
    };
    w.motionWatch = new MutationObserver(look);
    w.motionWatch.observe(wrap, { attributes: true, childList: true, subtree: true });
  });
}

const moved = (page: Page) => page.evaluate(() => (window as unknown as { moved: boolean }).moved);

test('a step moves; a jump of a few records (a scrub of the timeline) is drawn without motion', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, '?scenario=tcp-echo&step=87', 87);
  const wrap = page.locator('.st-wrap');
  const timeline = page.getByRole('slider', { name: 'Timeline' });

  await watchMotion(page);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(wrap).toHaveAttribute('data-cursor', '88');
  await expect(wrap).toHaveAttribute('data-move', 'step');
  await still(page);
  expect(await moved(page)).toBe(true);

  await timeline.fill('80');
  await expect(wrap).toHaveAttribute('data-cursor', '80');
  await expect(wrap).toHaveAttribute('data-move', 'jump');
  await still(page);
  // Records 80…87 include record 87's delivery (the token of the step above): a step would move it.
  await watchMotion(page);
  await timeline.fill('88');
  await expect(wrap).toHaveAttribute('data-cursor', '88');
  await expect(wrap).toHaveAttribute('data-move', 'jump');
  await still(page);
  expect(await moved(page)).toBe(false);
  // Drawn where it ends: the delivered token at rest, the caption saying where we are.
  await expect(page.locator('.st-token[data-index="87"]')).toHaveCount(1);
  await expect(page.locator('.st-caption')).toContainText('connection-handler echoer');
});

for (const step of [30, 60, 120, 200]) {
  test(`bank-teller at record ${step}: no edge runs through a box`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, `?scenario=bank-teller&step=${step}`, step);
    expect(await page.locator('path.st-edge').count()).toBeGreaterThan(0);
    expect(await edgeCrossings(page)).toEqual([]);
  });
}

test('at 1440×900 the whole stage is above the fold for every scenario; a long description opens on "more"', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const s of SCENARIOS) {
    await page.goto(`/?scenario=${s.id}`);
    await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue(s.id);
    await expect(page.locator('.st-wrap')).toHaveAttribute('data-layout-state', 'idle');
    const stage = await page.getByRole('region', { name: 'Stage' }).boundingBox();
    expect(stage!.y + stage!.height, s.id).toBeLessThanOrEqual(900);
  }
  await page.goto('/?scenario=bank-teller&step=60');
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-cursor', '60');
  await page.screenshot({ path: testInfo.outputPath('bank-teller-1440.png') });
  const more = page.getByRole('button', { name: 'Show more of the description' });
  await more.click();
  await expect(page.locator('#scenario-description')).toContainText('compare the presence events');
  await expect(page.getByRole('button', { name: 'Show less of the description' })).toHaveAttribute('aria-expanded', 'true');
});
