/**
 * A program's run travels whole (issue 14, items 1 and 4): a share link carries the run's
 * interventions (an added client, a kill), so the receiver's run is byte for byte the sender's; a
 * program's trace file opened in the debugger shows its recorded run and puts its program in the
 * playground, where Run runs it again — the same run.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, content, expectReady, expectRecord, exportFrom, openTrace, readout } from './page-helpers.ts';

const playground = (page: Page) => page.getByRole('region', { name: 'Playground' });
const tree = (page: Page) => page.getByRole('tree', { name: 'Processes by VM' });
const dialog = (page: Page) => page.getByRole('dialog');
const treeRow = (page: Page, name: string) => tree(page).locator('.tree-row .name').filter({ hasText: new RegExp(`^${name}$`) });

async function runChatRoom(page: Page): Promise<void> {
  await page.goto('/');
  await expectReady(page);
  await button(page, 'Playground').click();
  await expect(playground(page)).toHaveAttribute('data-editor', 'ready');
  await button(page, 'Run').click();
  await expect(playground(page)).toHaveAttribute('data-status', 'running');
  await toEnd(page);
}

async function toEnd(page: Page): Promise<void> {
  await button(page, 'To end').click();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
}

/** The cursor the panels show (they are drawn after the readout). */
async function cursor(page: Page): Promise<number> {
  return Number(await page.locator('main.panels').getAttribute('data-cursor'));
}

/** Carol joins the room late, then the listener is killed: two interventions in the run. */
async function intervene(page: Page): Promise<void> {
  await button(page, 'Add client…').click();
  await dialog(page).getByRole('textbox', { name: 'Host name' }).fill('carol');
  await dialog(page).getByRole('textbox', { name: /Lines to send/ }).fill('carol\nhello room');
  await dialog(page).getByRole('button', { name: 'Add client', exact: true }).click();
  await expect(page.locator('.current-record')).toContainText('client-connect("carol"');
  await toEnd(page);
  await treeRow(page, 'listener').click();
  await button(page, 'Kill process…').click();
  await dialog(page).getByRole('button', { name: 'Kill', exact: true }).click();
  await expect(page.locator('.current-record')).toContainText('killed-by-user()');
  await toEnd(page);
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toContainText('2 recorded inputs');
}

async function nativeTrace(page: Page): Promise<string> {
  return (await content(await exportFrom(page, 'Event log', /^Native trace/))).toString('utf8');
}

test('a share link carries the run’s interventions: the receiver’s trace is byte for byte the sender’s', async ({ page }) => {
  await runChatRoom(page);
  await intervene(page);
  const at = await cursor(page);
  const first = await nativeTrace(page);
  expect(first.split('\n')[0]).toContain('"kind":"kill"');
  await button(page, 'Share').click();
  await expect(page.locator('.playground-share')).toContainText('2 interventions');
  const url = page.url();

  await page.goto('about:blank');
  await page.goto(url);
  await expectReady(page);
  await expect(playground(page)).toContainText('A program from a link');
  await button(page, 'Run').click();
  await expect(playground(page)).toHaveAttribute('data-status', 'running');
  await expectRecord(page, at);
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toContainText('2 recorded inputs');
  const second = await nativeTrace(page);
  expect(second).toBe(first);
});

test('a program’s trace file opens as its recorded run, with its program in the playground and Run to run it again', async ({ page }) => {
  await runChatRoom(page);
  await intervene(page);
  const at = await cursor(page);
  const text = await nativeTrace(page);

  // A fresh page: the playground is closed, the page's own scenario is on show.
  await page.goto('about:blank');
  await page.goto('/');
  await expectReady(page);
  await expect(playground(page)).toHaveCount(0);
  await openTrace(page, { name: 'chat-room.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await expect(page.getByRole('group', { name: 'Imported trace' })).toContainText('chat-room.jsonl');
  await expect(playground(page)).toContainText('The program of the trace you opened');
  await expect(page.locator('.cm-content')).toContainText('A chat room over TCP');
  // The recorded run is on show, and can be stepped, while the program waits for Run.
  await expectRecord(page, at);
  await expect(readout(page)).toContainText('imported trace (read-only)');
  await button(page, 'To start').click();
  await expectRecord(page, 0);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expectRecord(page, 1);
  await expect(playground(page)).toHaveAttribute('data-status', 'idle');

  await button(page, 'Run').click();
  await expect(playground(page)).toHaveAttribute('data-status', 'running');
  await expectRecord(page, at);
  await expect(readout(page)).not.toContainText('imported trace');
  expect(await nativeTrace(page)).toBe(text);
});
