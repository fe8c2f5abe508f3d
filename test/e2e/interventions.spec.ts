/**
 * User interventions on the live run: kill (at the frontier, and in the past with confirmation),
 * inject (with parse errors shown), add a client — each recorded as an input of the run.
 */
import { expect, test, type Page } from '@playwright/test';

const readout = (page: Page) => page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
const tree = (page: Page) => page.getByRole('tree', { name: 'Processes by VM' });
const log = (page: Page) => page.getByRole('region', { name: 'Event log' });
const dialog = (page: Page) => page.getByRole('dialog');

/** A process's row in the VM tree, by its exact name. */
const treeRow = (page: Page, name: string) =>
  tree(page).locator('.tree-row .name').filter({ hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) });

async function toEnd(page: Page) {
  await page.getByRole('button', { name: 'To end', exact: true }).click();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
}

/** The log's rows (up to the cursor) that contain `text`, found with the log's search. */
async function searchLog(page: Page, text: string) {
  await log(page).getByRole('searchbox', { name: 'Search' }).fill(text);
  return log(page).locator('li.log-row:not(.future)');
}

test('kill the tcp-echo listener at the end: the listener manager sees its absence, both leave the tree', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo');
  await toEnd(page);
  await expect(treeRow(page, 'listener')).toHaveCount(1);
  await expect(treeRow(page, 'tcp-listener tcp-listener(5999)')).toHaveCount(1);
  await treeRow(page, 'listener').click();

  await page.getByRole('button', { name: 'Kill process…' }).click();
  await expect(dialog(page)).toContainText('p2 listener');
  await expect(dialog(page).getByRole('textbox', { name: /Reason/ })).toHaveValue('killed-by-user()');
  await dialog(page).getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(dialog(page)).toHaveCount(0);
  // The cursor lands after the kill's records: the ground event, the quit, the endpoints withdrawn
  // and the absences they cause (decision 28: the quit comes first).
  await expect(page.locator('.current-record')).toContainText('absence');
  await expect(page.locator('.current-record')).toContainText('killed-by-user()');
  await expect((await searchLog(page, 'p2 quit')).last()).toContainText('ground p2 quit killed-by-user()');
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toContainText('1 recorded input');

  await toEnd(page);
  await expect((await searchLog(page, 'user kill')).first()).toContainText('ground-event (user kill) kill([], 2, killed-by-user())');
  const rows = await searchLog(page, 'observe-publishers absence');
  await expect(rows.filter({ hasText: 'killed-by-user()' }).first()).toContainText('p3 deliver observe-publishers absence');
  await expect(treeRow(page, 'listener')).toHaveCount(0);
  await expect(treeRow(page, 'tcp-listener tcp-listener(5999)')).toHaveCount(0);
  await expect(treeRow(page, 'tcp')).toHaveCount(1);
});

test('kill in the past asks first, then re-simulates: alice is never echoed', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=56');
  await expect(readout(page)).toContainText('Record 56 of');
  await expect(readout(page)).toContainText('finished'); // explored to the end: there is a future to lose
  await treeRow(page, 'listener').click();
  await page.getByRole('button', { name: 'Kill process…' }).click();
  await dialog(page).getByRole('button', { name: 'Kill', exact: true }).click();
  const confirm = dialog(page).getByRole('alert');
  await expect(confirm).toContainText(/discards the [\d,]+ records after it/);
  await dialog(page).getByRole('button', { name: 'Discard the future and kill' }).click();
  await expect(dialog(page)).toHaveCount(0);
  // The same first 56 records, then the kill (record 57 on): the listener's queued spawn is dropped.
  await expect(page.locator('.current-record')).toContainText('killed-by-user()');
  await expect((await searchLog(page, 'p2 quit')).last()).toContainText('ground p2 quit killed-by-user() dropped 1');
  await expect((await searchLog(page, 'user kill')).first()).toContainText(/^#57\s*ground/);
  await expect((await searchLog(page, 'user kill')).first()).toContainText('kill([], 2, killed-by-user())');
  await toEnd(page);
  await expect(await searchLog(page, 'You said')).toHaveCount(0);
  await expect(treeRow(page, 'listener')).toHaveCount(0);
});

test('inject: notation and JSON, with errors that say what is wrong', async ({ page }) => {
  await page.goto('/?scenario=ping-pong');
  await toEnd(page);
  await page.getByRole('button', { name: 'Inject message…' }).click();
  const body = dialog(page).getByRole('textbox', { name: 'Message' });
  await body.fill('hello("world", 1');
  await expect(dialog(page)).toContainText('hello(…) is not closed: expected ")"');
  await expect(dialog(page).getByRole('button', { name: 'Inject', exact: true })).toBeDisabled();
  await body.fill('ping(?)');
  await expect(dialog(page)).toContainText('a message cannot contain a wildcard');
  await dialog(page).getByRole('radio', { name: 'JSON' }).check();
  await body.fill('{"struct": "hello"}');
  await expect(dialog(page)).toContainText('object with keys [struct] is not a term');
  await body.fill('{"struct": "hello", "fields": ["world", 1]}');
  await expect(dialog(page)).toContainText('message: hello("world", 1)');
  await dialog(page).getByRole('button', { name: 'Inject', exact: true }).click();
  await expect(page.locator('.current-record')).toContainText('ground-event (user inject) hello("world", 1)');
});

test('add a client to tcp-echo and see its echo in the event log', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo');
  await toEnd(page);
  await page.getByRole('button', { name: 'Add client…' }).click();
  await dialog(page).getByRole('textbox', { name: 'Host name' }).fill('carol');
  await expect(dialog(page).getByRole('textbox', { name: 'Port' })).toHaveValue('5999');
  await dialog(page).getByRole('textbox', { name: /Lines to send/ }).fill('late');
  await dialog(page).getByRole('button', { name: 'Add client', exact: true }).click();
  await expect(page.locator('.current-record')).toContainText('client-connect("carol", "server:5999")');
  await toEnd(page);
  const rows = await searchLog(page, 'You said: late');
  await expect(rows.filter({ hasText: 'carol client-recv' }).first()).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toContainText('1 recorded input');
});
