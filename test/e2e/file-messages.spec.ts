/**
 * Messages about files (issue 19): opening one of our own exports says what it is and where to
 * open it; several refused files show the latest problem with the earlier ones folded; an export
 * that makes several files says so before anything is downloaded, and can bundle them.
 */
import { expect, test, type Download } from '@playwright/test';
import { content, expectRecord, expectRunEnded, exportFrom, openTrace } from './page-helpers.ts';

const problem = (page: import('@playwright/test').Page) => page.locator('.import-problem');

test('opening one of our exports says what it is and where to open it', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=60');
  await expectRecord(page, 60);
  const cases: readonly { item: RegExp; says: RegExp }[] = [
    { item: /^Perfetto/, says: /is a Perfetto \/ Chrome trace.*ui\.perfetto\.dev.*os2 Lab opens its native traces \(\.jsonl\)/ },
    { item: /^ShiViz/, says: /is a ShiViz log.*ShiViz.*os2 Lab opens its native traces \(\.jsonl\)/ },
    { item: /^Mermaid/, says: /is a Mermaid sequence diagram.*mermaid\.live.*os2 Lab opens its native traces \(\.jsonl\)/ },
    { item: /^PlantUML/, says: /is a PlantUML sequence diagram.*PlantUML.*os2 Lab opens its native traces \(\.jsonl\)/ },
  ];
  for (const c of cases) {
    const d = await exportFrom(page, 'Event log', c.item);
    await openTrace(page, { name: d.suggestedFilename(), mimeType: 'text/plain', buffer: await content(d) });
    await expect(problem(page)).toContainText(d.suggestedFilename());
    await expect(problem(page)).toContainText(c.says);
    await expect(problem(page)).not.toContainText('not valid JSON');
  }
  // The live run is untouched.
  await expectRecord(page, 60);
});

test('refused files: the latest problem is shown, the earlier ones are folded', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo');
  await expectRecord(page, 0);
  for (const name of ['one.jsonl', 'two.jsonl', 'three.jsonl']) {
    await openTrace(page, { name, mimeType: 'application/x-ndjson', buffer: Buffer.from(`{"format":"nope","n":"${name}"}\n`) });
    await expect(problem(page).locator('.import-latest')).toContainText(name);
  }
  // One bar, not three.
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open' })).toHaveCount(1);
  const earlier = problem(page).locator('details');
  await expect(earlier.locator('summary')).toHaveText('2 earlier problems');
  await expect(earlier.getByText('one.jsonl')).toBeHidden();
  await earlier.locator('summary').click();
  await expect(earlier.getByText('one.jsonl')).toBeVisible();
  await expect(earlier.getByText('two.jsonl')).toBeVisible();
  await problem(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(problem(page)).toHaveCount(0);
});

test('a Mermaid export of a long run says it makes several files before downloading, and can bundle them', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?scenario=dns-proxy');
  await expectRunEnded(page);
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Export Event log', exact: true }).click();
  await page.getByRole('menu', { name: 'Export Event log as' }).getByRole('menuitem', { name: /^Mermaid/ }).click();
  const ask = page.getByRole('alertdialog', { name: /several files/ });
  await expect(ask).toContainText(/Mermaid.* (\d+) diagrams/);
  const parts = Number(/ (\d+) diagrams/.exec((await ask.textContent()) ?? '')![1]);
  expect(parts).toBeGreaterThan(1);
  expect(downloads).toHaveLength(0);

  // One Markdown file with every diagram in it.
  const [bundle] = await Promise.all([page.waitForEvent('download'), ask.getByRole('button', { name: /one Markdown file/ }).click()]);
  expect(bundle.suggestedFilename()).toMatch(/^dns-proxy-seed\d+-at\d+\.mermaid\.md$/);
  const md = (await content(bundle)).toString('utf8');
  expect(md.match(/^```mermaid\nsequenceDiagram$/gm)).toHaveLength(parts);
  await expect(ask).toHaveCount(0);

  // Or every file, as they are.
  await page.getByRole('button', { name: 'Export Event log', exact: true }).click();
  await page.getByRole('menu', { name: 'Export Event log as' }).getByRole('menuitem', { name: /^Mermaid/ }).click();
  await ask.getByRole('button', { name: `Save ${parts} files` }).click();
  await expect.poll(() => downloads.length).toBe(1 + parts);
  expect(downloads.slice(1).map((d) => d.suggestedFilename())).toEqual(
    Array.from({ length: parts }, (_, i) => expect.stringMatching(new RegExp(`\\.mermaid${i === 0 ? '' : `\\.${i + 1}`}\\.mmd$`))),
  );
});
