/**
 * Choosing the ground's next event (issue 17): the "Next ground event" dialog lists what the
 * ground could deliver next at the cursor, the default marked; picking another (here: dropping a
 * DNS query's datagram) branches the run there, and the run differs.
 */
import { expect, test, type Page } from '@playwright/test';

const readout = (page: Page) => page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
const log = (page: Page) => page.getByRole('region', { name: 'Event log' });
const dialog = (page: Page) => page.getByRole('dialog');
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Interventions' });

/** The log's rows (up to the cursor) that contain `text`, found with the log's search. */
async function searchLog(page: Page, text: string) {
  await log(page).getByRole('searchbox', { name: 'Search' }).fill(text);
  return log(page).locator('li.log-row:not(.future)');
}

test('dns-proxy: drop a datagram in flight instead of the default round; the run goes on without it', async ({ page }) => {
  // After record 647 (step 28) the VM has work, and the first DNS query is in flight.
  await page.goto('/?scenario=dns-proxy&step=647');
  await expect(readout(page)).toContainText('Record 647 of');
  await expect(await searchLog(page, 'fault-udp-loss')).toHaveCount(0);

  await toolbar(page).getByRole('button', { name: 'Next ground event…' }).click();
  const list = dialog(page).getByRole('list', { name: 'Next ground events' });
  await expect(dialog(page)).toContainText('After step 28 (record 647');
  await expect(list.getByRole('button', { name: /\(default\)$/ })).toHaveText('run a scheduler round (the VM’s queued work) (default)');
  const drop = list.getByRole('button', { name: /^drop the datagram / });
  await expect(drop).toHaveCount(1);
  await drop.click();

  // The cursor is in the past (the run was explored on): the future is discarded only if confirmed.
  await expect(dialog(page).getByRole('alert')).toContainText(/discards the [\d,]+ records after it/);
  await dialog(page).getByRole('button', { name: 'Discard the future and choose it' }).click();
  await expect(dialog(page)).toHaveCount(0);

  await expect(toolbar(page)).toContainText('1 recorded input');
  await toolbar(page).getByText('1 recorded input').click();
  await expect(toolbar(page)).toContainText(/after step 28 \(record 648\): the ground chose drop:\d+/);
  await expect(page.locator('.current-record')).toContainText('fault-udp-loss');
  await expect(await searchLog(page, 'fault-udp-loss')).toHaveCount(1);
});

test('supervisor: the invariants strip says "no process crashes" is broken after the first crash, and jumps to it', async ({ page }) => {
  await page.goto('/?scenario=supervisor');
  await expect(readout(page)).toContainText('Record 0 of');
  await page.getByText('Invariants', { exact: true }).click();
  const strip = page.getByRole('region', { name: 'Invariants' });
  await expect(strip.locator('li[data-holds="true"]')).toHaveCount(3);
  await page.getByRole('button', { name: 'To end', exact: true }).click();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
  const crash = strip.locator('li', { hasText: 'no process crashes' });
  await expect(crash).toHaveAttribute('data-holds', 'false');
  await crash.getByRole('button', { name: /first at record/ }).click();
  await expect(page.locator('.current-record')).toContainText('crash');
});
