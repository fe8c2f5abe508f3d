/**
 * Small screens (issue 19): at 390 px wide nothing overflows sideways (the page scrolls only
 * down); at 1024×768 the VM tree shares its row instead of leaving the rest of it empty. Screenshots
 * at 1440×900, 1024×768 (with the presenter view) and 390 px are left in the test's output.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, expectRecord, expectRunEnded, readout, tour } from './page-helpers.ts';

const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

test('at 390 px wide the page does not overflow sideways', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?scenario=tcp-echo&step=50');
  await expectRecord(page, 50);
  await expectRunEnded(page);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('390-tcp-echo.png'), fullPage: true });

  await button(page, 'To end').click();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('ssh-nested');
  await expectRecord(page, 0);
  await page.keyboard.press('ArrowRight');
  await expectRecord(page, 1);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

  await button(page, 'Tour of the talk').click();
  await expect(tour(page)).toHaveAttribute('data-status', 'asking');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('390-tour.png'), fullPage: true });
});

/** The panels' boxes, by name. */
function panelBoxes(page: Page): Promise<Record<string, { x: number; y: number; w: number; h: number }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('section.panel')].map((el) => {
        const r = el.getBoundingClientRect();
        return [el.getAttribute('aria-label') ?? '', { x: r.x, y: r.y, w: r.width, h: r.height }];
      }),
    ),
  );
}

test('at 1024×768 the VM tree shares its row with another panel', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/?scenario=tcp-echo&step=80');
  await expectRecord(page, 80);
  const boxes = await panelBoxes(page);
  const tree = boxes['VM tree']!;
  const beside = Object.entries(boxes).filter(
    ([name, b]) => name !== 'VM tree' && b.x >= tree.x + tree.w - 1 && b.y < tree.y + tree.h && b.y + b.h > tree.y,
  );
  expect(beside.map(([name]) => name)).not.toEqual([]);
  // The row is used: the tree and what is beside it span the width of the panels' grid.
  const grid = await page.locator('main.panels').boundingBox();
  const right = Math.max(...beside.map(([, b]) => b.x + b.w));
  expect(right).toBeGreaterThan(grid!.x + grid!.width - 4);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(1024);
  await page.screenshot({ path: testInfo.outputPath('1024.png'), fullPage: true });
});

test('screenshots: 1440×900, and the presenter view at 1024×768', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?scenario=tcp-echo&step=120');
  await expectRecord(page, 120);
  await expect(page.locator('.pg-wrap')).toHaveAttribute('data-layout-state', 'idle');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(1440);
  await page.screenshot({ path: testInfo.outputPath('1440.png') });

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/?tour=presence-either-order&presenter=1');
  await expect(tour(page)).toHaveAttribute('data-status', 'asking');
  await expect(page.locator('.app')).toHaveClass(/presenter/);
  // The presenter view shows the stage beside the tour (the debugger's panels behind a toggle).
  await expect(page.locator('.st-wrap')).not.toHaveAttribute('data-layout-generation', '0');
  await expect(page.locator('.st-wrap')).toHaveAttribute('data-layout-state', 'idle');
  expect(await scrollWidth(page)).toBeLessThanOrEqual(1024);
  await page.screenshot({ path: testInfo.outputPath('1024-presenter.png') });
});
