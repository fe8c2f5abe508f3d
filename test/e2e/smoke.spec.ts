import { expect, test } from '@playwright/test';

const PANELS = ['VM tree', 'Presence graph', 'Inspector', 'Event log', 'Sequence chart'];

test('opens the debugger with its panels and runs every scenario to the end', async ({ page }, testInfo) => {
  test.setTimeout(240_000); // every scenario, to its end, in one page
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'os2 Lab' })).toBeVisible();
  for (const name of PANELS) await expect(page.getByRole('region', { name })).toBeVisible();

  // The scenario list comes with the engine's first answer.
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  const options = await picker
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options).toContain('tcp-echo');
  expect(options.length).toBeGreaterThanOrEqual(6);

  const readout = page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
  for (const id of options) {
    await picker.selectOption(id);
    await expect(readout).toContainText('Record 0 of');
    await page.getByRole('button', { name: 'To end', exact: true }).click();
    await expect(readout).toContainText(/Record ([\d,]+) of \1(?!\+)/);
    await expect(readout).toContainText('finished');
    // The log lists every record; the tree shows the ground VM.
    await expect(page.getByRole('region', { name: 'Event log' })).toContainText(/[\d,]+ of [\d,]+ records/);
    await expect(page.getByRole('tree', { name: 'Processes by VM' })).toContainText('ground VM');
    // Nothing overflows sideways at 1280 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: testInfo.outputPath(`${id}-end.png`), fullPage: true });
  }
});

test('ping-pong: the panels agree with the run at its end', async ({ page }) => {
  await page.goto('/?scenario=ping-pong');
  await page.getByRole('button', { name: 'To end', exact: true }).click();
  const tree = page.getByRole('tree', { name: 'Processes by VM' });
  await expect(tree).toContainText('server');
  await expect(tree).not.toContainText('client');
  await page.getByRole('checkbox', { name: 'show exited' }).check();
  await expect(tree).toContainText('client');
  const log = page.getByRole('region', { name: 'Event log' });
  await log.getByRole('searchbox', { name: 'Search' }).fill('pong(1)');
  await expect(log.getByRole('listitem').first()).toContainText('pong(1)');
});
