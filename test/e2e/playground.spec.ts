/**
 * The playground (issue 14): a template run in the debugger; a syntax error at its line with the
 * previous run kept; an endless handler stopped within 2 s, named, with the page answering
 * meanwhile; the network, the DOM and importScripts out of reach; a share link that reproduces
 * the run byte for byte.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { button, content, expectReady, expectRecord, exportFrom, picker, readout } from './page-helpers.ts';

const playground = (page: Page) => page.getByRole('region', { name: 'Playground' });
const problem = (page: Page) => page.locator('.playground-problem');
const tree = (page: Page) => page.getByRole('tree', { name: 'Processes by VM' });

async function openPlayground(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expectReady(page);
  await button(page, 'Playground').click();
  await expect(playground(page)).toHaveAttribute('data-editor', 'ready');
}

/** Replaces the editor's text (as if typed: the editor's own input path). */
async function setSource(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function runAndWait(page: Page): Promise<void> {
  await button(page, 'Run').click();
  await expect(playground(page)).toHaveAttribute('data-status', 'running');
}

const EMPTY_WITH = (handler: string) => `import { _, boot, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition } from 'os2';
const hello = boot(null,
  role('voice', topicPublisher(struct('hello', _))),
  role('ears', topicSubscriber(struct('hello', _)), {
    onPresence: (_peer, state) => transition(state, sendMessage(struct('hello', 'world'))),
    onMessage: (_m, state) => { ${handler} return transition(state); },
  }));
export default { title: 'Hostile', boot: boot(null, spawn(hello, { name: 'hello' })) };
`;

test('the chat room from its template runs in the debugger: its processes in the VM tree and on the stage', async ({ page }) => {
  await openPlayground(page);
  await expect(page.getByRole('combobox', { name: 'Template' })).toHaveValue('chat-room');
  await expect(page.locator('.cm-content')).toContainText('A chat room over TCP');
  await runAndWait(page);
  await expect(picker(page).locator('option:checked')).toHaveText('Chat room');
  await button(page, 'To end').click();
  await expect(tree(page)).toContainText('listener');
  await expect(tree(page)).toContainText('tcp');
  // The worker confined itself without a complaint (a failure would be shown instead of the run).
  await expect(page.getByText('The engine stopped with an error')).toHaveCount(0);
  await button(page, 'To start').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.stage-panel')).toBeVisible();
});

test('a syntax error is shown at its line, and the previous run stays', async ({ page }) => {
  await openPlayground(page);
  await runAndWait(page);
  await button(page, 'To end').click();
  await expect(tree(page)).toContainText('listener');
  // Break the template's port constant: the error is on that line of the file, at the ';'.
  const template = readFileSync(new URL('../../src/playground/templates/chat-room.ts', import.meta.url), 'utf8');
  const line = template.split('\n').findIndex((l) => l.startsWith('const PORT = ')) + 1;
  await setSource(page, template.replace('const PORT = 6667;', 'const PORT: number = ;'));
  await button(page, 'Run').click();
  await expect(problem(page)).toContainText(`line ${line}, column 22: Unexpected token`);
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(picker(page).locator('option:checked')).toHaveText('Chat room');
  await expect(tree(page)).toContainText('listener');
});

test('an endless handler is stopped within 2 s and named; the page answers meanwhile', async ({ page }) => {
  await openPlayground(page);
  await setSource(page, EMPTY_WITH('while (true) {}'));
  await button(page, 'Run').click();
  await expect(playground(page)).toHaveAttribute('data-status', 'running');
  const started = Date.now();
  // A click answered while the worker spins: the help dialog opens and closes.
  const clickAt = Date.now();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const latency = Date.now() - clickAt;
  await page.keyboard.press('Escape');
  await expect(problem(page)).toContainText('onMessage of endpoint "ears" in process "hello" ran for more than 1.5 s and was stopped', { timeout: 5_000 });
  expect(Date.now() - started).toBeLessThan(2_500);
  expect(latency).toBeLessThan(1_000);
  // The new worker runs the program with that handler trapped: a crash in the trace.
  await button(page, 'To end').click();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('ran out of time');
});

test('fetch, document and importScripts are out of reach: a clear error, and no request is made', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openPlayground(page);
  for (const [code, message] of [
    ["fetch('/never-requested');", 'ReferenceError: fetch is not defined'],
    ["document.title = 'x';", 'ReferenceError: document is not defined'],
    ["importScripts('/never-requested.js');", 'ReferenceError: importScripts is not defined'],
  ] as const) {
    await setSource(page, `import { boot } from 'os2';\n${code}\nexport default { boot: boot(null) };\n`);
    await button(page, 'Run').click();
    await expect(problem(page)).toContainText(`line 2`);
    await expect(problem(page)).toContainText(message);
  }
  // In a handler: a crash in the trace, with the same error.
  await setSource(page, EMPTY_WITH("fetch('/never-requested');"));
  await runAndWait(page);
  await button(page, 'To end').click();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText('fetch is not defined');
  expect(requests.filter((u) => u.includes('never-requested'))).toEqual([]);
});

test('a share link reproduces the run byte for byte, and runs only after Run', async ({ page }) => {
  await openPlayground(page);
  await runAndWait(page);
  await button(page, 'To end').click();
  await expect(tree(page)).toContainText('listener');
  const first = (await content(await exportFrom(page, 'Event log', /^Native trace/))).toString('utf8');
  await button(page, 'Share').click();
  await expect(page.locator('.playground-share')).toContainText('Link to this run');
  const url = page.url();
  expect(url).toMatch(/#program=[A-Za-z0-9_-]+$/);

  await page.goto('about:blank');
  await page.goto(url);
  await expectReady(page);
  await expect(playground(page)).toContainText('A program from a link: read it, then press Run.');
  await expect(page.locator('.cm-content')).toContainText('A chat room over TCP');
  await expect(picker(page).locator('option:checked')).not.toHaveText('Chat room');
  await runAndWait(page);
  await expect(tree(page)).toContainText('listener');
  const second = (await content(await exportFrom(page, 'Event log', /^Native trace/))).toString('utf8');
  const lastHash = (t: string) => t.trim().split('\n').at(-1);
  expect(lastHash(second)).toBe(lastHash(first));
  expect(second).toBe(first);
});

test('an edited reply: the new run is compared with the previous one, its first divergence marked and reachable', async ({ page }) => {
  await openPlayground(page);
  await runAndWait(page);
  // Run the same text again: the same run, record for record.
  await button(page, 'Run').click();
  await expect(page.locator('.playground-divergence')).toContainText('the same as the run before the edit');
  await expect(page.locator('.divergence-marker')).toHaveCount(0);
  // Change how the room announces a departure.
  const template = readFileSync(new URL('../../src/playground/templates/chat-room.ts', import.meta.url), 'utf8');
  expect(template).toContain('has left`');
  await setSource(page, template.replace('has left`', 'went away`'));
  await button(page, 'Run').click();
  const note = page.locator('.playground-divergence');
  await expect(note).toContainText('departs from the run before the edit at record');
  const at = Number(await note.getAttribute('data-record'));
  expect(at).toBeGreaterThan(0);
  const marker = page.locator('.divergence-marker');
  await expect(marker).toHaveAttribute('data-record', String(at));
  await marker.click();
  await expectRecord(page, at);
  // The record there is the room's new announcement; the one before it is the same in both runs.
  await expect(readout(page).locator('.current-record')).toContainText('went away');
  await button(page, 'Compare').click();
  const table = page.getByRole('region', { name: 'The runs side by side: the previous run and the edited run' });
  await expect(table.locator('[data-diff="only-b"]').first()).toContainText('went away');
  await expect(table.locator('[data-diff="only-a"]').first()).toContainText('has left');
});
