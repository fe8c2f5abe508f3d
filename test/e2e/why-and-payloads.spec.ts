/**
 * The "why" chain in words (actor, what, about; raw records on demand) and decoded payloads: DNS
 * datagrams read as dig does in the event log and its search.
 */
import { expect, test, type Page } from '@playwright/test';

const readout = (page: Page) => page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
const log = (page: Page) => page.getByRole('region', { name: 'Event log' });

test('the why chain says who did what, back to the world, and shows raw records on demand', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=88');
  await expect(readout(page)).toContainText('Record 88 of');
  const chain = page.getByRole('list', { name: 'Chain of causes' });
  const first = chain.getByRole('listitem').first();
  await expect(first).toContainText('p5 connection-handler');
  await expect(first).toContainText('received a message on echoer');
  await expect(chain).toContainText('server (world)');
  await expect(chain).toContainText('delivered a ground event');
  await page.getByRole('checkbox', { name: 'raw records' }).check();
  await expect(first).toContainText(/#\d+<-\d+ ground p5 deliver echoer message/);
  // A cause's button goes to it.
  const second = chain.getByRole('listitem').nth(1).getByRole('button');
  const id = Number((await second.textContent())!.slice(1));
  await second.click();
  await expect(page.locator('.current-record')).toContainText(`#${id}<-`);
});

test('a long why chain shows its nearest causes, and all of them when asked', async ({ page }) => {
  await page.goto('/?scenario=dns-proxy&step=2000');
  await expect(readout(page)).toContainText('Record 2,000 of');
  const chain = page.getByRole('list', { name: 'Chain of causes' });
  await expect(chain.getByRole('listitem')).toHaveCount(25);
  const more = page.getByRole('button', { name: /^show all \d+ causes$/ });
  const total = Number((await more.textContent())!.match(/\d+/)![0]);
  expect(total).toBeGreaterThan(25);
  await more.click();
  await expect(chain.getByRole('listitem')).toHaveCount(total);
  await page.getByRole('button', { name: 'show the nearest 25 causes' }).click();
  await expect(chain.getByRole('listitem')).toHaveCount(25);
});

test('DNS datagrams read decoded in the event log, and the search finds them by name', async ({ page }) => {
  await page.goto('/?scenario=dns-proxy&step=600');
  await expect(readout(page)).toContainText('Record 600 of');
  await log(page).getByRole('searchbox', { name: 'Search' }).fill('#<dns query');
  const rows = log(page).locator('li.log-row:not(.future)');
  await expect(rows.first()).toContainText(/#<dns query \d+ rd www\.shop\.test\. IN A>/);
  await expect(rows.first()).not.toContainText('#"');
});

test('sequence chart lanes: hide one, merge a VM into one lane, move one, and undo it all', async ({ page }) => {
  await page.goto('/?scenario=nested-pool&step=120');
  await expect(readout(page)).toContainText('Record 120 of');
  const chart = page.getByRole('region', { name: 'Sequence chart' });
  const heads = chart.getByRole('group', { name: 'Lifelines' });
  const selectButtons = heads.getByRole('button', { name: /^select p/ });
  await expect(selectButtons.first()).toBeVisible();
  const before = await selectButtons.count();
  const firstName = (await selectButtons.first().getAttribute('aria-label'))!.replace(/^select /, '');
  await heads.getByRole('button', { name: `Hide ${firstName}`, exact: true }).click();
  await expect(selectButtons).toHaveCount(before - 1);
  await expect(chart.getByRole('group', { name: 'Lane arrangement' })).toContainText(`show ${firstName}`);

  const merge = heads.getByRole('button', { name: /^Merge VM / }).first();
  const vm = (await merge.getAttribute('aria-label'))!.match(/^Merge VM (\S+) /)![1]!;
  await merge.click();
  await expect(heads.getByRole('button', { name: new RegExp(`^VM ${vm.replace('/', '\\/')} \\(\\d+ processes\\)$`) })).toBeVisible();
  await expect(heads.getByRole('button', { name: /^Merge VM / }).filter({ hasText: vm })).toHaveCount(0);

  const labels = async () => (await selectButtons.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))));
  const order = await labels();
  const mover = order[0]!.replace(/^select /, '');
  await heads.getByRole('button', { name: `Move ${mover} right`, exact: true }).click();
  await expect.poll(labels).toEqual([order[1], order[0], ...order.slice(2)]);

  await chart.getByRole('button', { name: 'reset lanes' }).click();
  await expect(selectButtons).toHaveCount(before);
  await expect(chart.getByRole('group', { name: 'Lane arrangement' })).toHaveCount(0);
});
