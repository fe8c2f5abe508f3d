/**
 * Queries and breakpoints in the app (issue 15): a breakpoint set by the query bar, all its hits on
 * the timeline, play stopping at each, previous hit, a bad query's column, the results table, a
 * watch, the breakpoints in the link. tcp-echo's connection handlers are booted by records #59 and #156
 * (docs/queries.md's examples, checked by test/debugger/query/docs-examples.test.ts); its quits are
 * #216, #225, #236, #282, #291 and #302.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, expectReady, expectRecord, expectRunEnded, readout } from './page-helpers.ts';

const queries = (page: Page) => page.getByRole('region', { name: 'Queries and breakpoints' });
const queryBar = (page: Page) => page.getByRole('textbox', { name: 'Query' });

async function addBreakpoint(page: Page, text: string): Promise<void> {
  await queryBar(page).fill(text);
  await queries(page).getByRole('button', { name: 'Add breakpoint' }).click();
}

test('a breakpoint set by the query bar: its hits on the timeline, play stops at each, previous hit goes back', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?scenario=tcp-echo');
  await expectReady(page);
  await expectRunEnded(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('500');

  await addBreakpoint(page, 'spawn to connection-handler');
  const list = queries(page).getByRole('list', { name: 'Breakpoints' });
  await expect(list.getByRole('listitem')).toHaveAttribute('data-hits', '2');
  const hits = page.getByRole('group', { name: /Breakpoint hits/ }).locator('.hit-mark');
  await expect(hits).toHaveCount(2);
  expect(await hits.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-record')))).toEqual(['59', '156']);
  await expect(page).toHaveURL(/break=spawn%20to%20connection-handler/);

  await button(page, 'Play').click();
  await expectRecord(page, 59);
  await expect(queries(page).getByRole('status')).toContainText('Stopped at spawn to connection-handler (record 59)');
  await page.locator('.transport-area').screenshot({ path: testInfo.outputPath('queries-1440.png') });
  await button(page, 'Play').click();
  await expectRecord(page, 156);
  await button(page, 'Play').click();
  await expectRecord(page, 304);

  await queries(page).getByRole('button', { name: '◀ Previous hit' }).click();
  await expectRecord(page, 156);
  await queries(page).getByRole('button', { name: '◀ Previous hit' }).click();
  await expectRecord(page, 59);
  await queries(page).getByRole('button', { name: 'Next hit ▶' }).click();
  await expectRecord(page, 156);

  // Disabled, it is not stopped at and leaves the timeline.
  await list.getByRole('checkbox', { name: 'Enable breakpoint spawn to connection-handler' }).uncheck();
  await expect(hits).toHaveCount(0);
  await expect(page).toHaveURL(/break-off=spawn/);
});

test('the query bar: a bad query shows its column, results travel, the link keeps the breakpoints', async ({ page }, testInfo) => {
  await page.goto('/?scenario=tcp-echo&break=quit');
  await expectReady(page);
  await expectRunEnded(page);
  await expect(queries(page).getByRole('list', { name: 'Breakpoints' }).getByRole('listitem')).toHaveAttribute('data-hits', '6');

  await queryBar(page).fill('presence to');
  await queryBar(page).press('Enter');
  const alert = queries(page).getByRole('alert');
  await expect(alert).toHaveAttribute('data-column', '12');
  await expect(alert).toContainText('Column 12: expected a process');

  await queryBar(page).fill('quit by connection-handler');
  await queryBar(page).press('Enter');
  const table = queries(page).getByRole('table', { name: 'Query results' });
  await expect(table.getByRole('row')).toHaveCount(3); // the header and the two handlers' quits
  await table.getByRole('button', { name: '#225' }).click();
  await expectRecord(page, 225);
  await expect(readout(page)).toContainText('Record 225 of');

  // A watch: the quits up to the cursor (#216, #225) and the one at it.
  await queryBar(page).fill('quit');
  await queries(page).getByRole('button', { name: 'Watch', exact: true }).click();
  const watch = queries(page).getByRole('list', { name: 'Watches' }).getByRole('listitem');
  await expect(watch).toHaveAttribute('data-so-far', '2');
  await expect(watch).toHaveAttribute('data-now', '1');
  await expect(watch).toContainText('1 now · 2 so far');

  // Completion: a process name from the run.
  await queryBar(page).fill('presence to list');
  await expect(queries(page).getByRole('list', { name: /Completions/ })).toContainText('listener');
  await queryBar(page).press('Tab');
  await expect(queryBar(page)).toHaveValue('presence to listener ');

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator('.transport-area').screenshot({ path: testInfo.outputPath('queries-390.png') });
});
