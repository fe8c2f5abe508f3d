/**
 * Trace files in the browser (issue 6): a native trace exported from tcp-echo at some step re-opens
 * (file picker, and drag-and-drop) as a new session at the same step, showing the same event-log row;
 * Re-check says identical; truncated and garbage files are refused with a notice naming the line
 * (and field), and the session that was open stays there and usable; "Back to … (live)" returns to
 * the live run; Perfetto and ShiViz exports are produced; SVG and PNG pictures are not empty.
 */
import { expect, test, type Page } from '@playwright/test';
import { content, exportFrom, openTrace } from './page-helpers.ts';

const STEP = 60;

const readout = (page: Page) => page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
const log = (page: Page) => page.getByRole('region', { name: 'Event log' });
const currentRow = (page: Page) => log(page).locator('li[aria-current="step"]');
const notices = (page: Page) => page.locator('.notices [role="alert"]');
/** Why the last refused file was refused. */
const refusal = (page: Page) => page.locator('.import-problem .import-latest');
const imported = (page: Page) => page.getByRole('group', { name: 'Imported trace' });

async function expectRecord(page: Page, n: number) {
  await expect(readout(page)).toContainText(new RegExp(`Record ${n.toLocaleString('en')} of`));
}

test('export native at a step, re-open it at that step, re-check, refuse damaged files, go back', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/?scenario=tcp-echo&step=${STEP}`);
  await expectRecord(page, STEP);
  await expect(currentRow(page)).toHaveCount(1);
  const row = (await currentRow(page).textContent())!;
  expect(row).toMatch(/^#\d+/);

  // Export the native trace from the event log's menu.
  const native = await exportFrom(page, 'Event log', /^Native trace/);
  expect(native.suggestedFilename()).toBe(`tcp-echo-seed1-at${STEP}.jsonl`);
  const text = (await content(native)).toString('utf8');
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  const parsed = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(parsed[0]).toMatchObject({ format: 'os2-lab-trace', version: 4, scenario: 'tcp-echo', seed: 1, ui: { cursor: STEP } });
  expect(parsed.at(-1)).toMatchObject({ end: true });
  expect(parsed.filter((v) => 'kind' in v).length).toBeGreaterThan(STEP);

  // Re-open it: a new, imported session at the same step, the same row at the cursor.
  await openTrace(page, { name: native.suggestedFilename(), mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await expect(imported(page)).toBeVisible();
  await expect(imported(page)).toContainText(`tcp-echo-seed1-at${STEP}.jsonl`);
  await expectRecord(page, STEP);
  await expect(readout(page)).toContainText('imported trace (read-only)');
  await expect(currentRow(page)).toHaveText(row);
  // No interventions on an imported trace.
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toHaveCount(0);

  // Steppable and scrubbable like a live run.
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expectRecord(page, STEP + 1);
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expectRecord(page, STEP);
  await page.getByRole('slider', { name: 'Timeline' }).fill('10');
  await expectRecord(page, 10);
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(STEP));
  await expectRecord(page, STEP);

  // Re-check: re-executed from the header, identical.
  await imported(page).getByRole('button', { name: 'Re-check' }).click();
  await expect(page.getByRole('status', { name: 'Re-check result' })).toContainText(/^Identical: all \d+ steps/, { timeout: 30_000 });

  // A truncated file is refused, naming the line; the imported session is untouched and usable.
  const cut = lines.slice(0, 40).join('\n') + '\n' + lines[40]!.slice(0, 25);
  await openTrace(page, { name: 'cut.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(cut) });
  await expect(refusal(page)).toContainText(/Could not open “cut\.jsonl”: line 41: not valid JSON \(truncated\?\).*Your session is unchanged\./);
  await expectRecord(page, STEP);
  await expect(currentRow(page)).toHaveText(row);
  await expect(imported(page)).toContainText(`tcp-echo-seed1-at${STEP}.jsonl`);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expectRecord(page, STEP + 1);

  // A record with a damaged field: the line and the field are named.
  const bad = [...lines];
  const rec = JSON.parse(bad[5]!) as Record<string, unknown>;
  rec.vm = 'ground';
  bad[5] = JSON.stringify(rec);
  await openTrace(page, { name: 'field.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bad.join('\n')) });
  await expect(refusal(page)).toContainText(/Could not open “field\.jsonl”: line 6, field vm: /);

  // Back to the live run, as it was; garbage is refused there too, and the live run still works.
  await imported(page).getByRole('button', { name: /^Back to .* \(live\)$/ }).click();
  await expect(imported(page)).toHaveCount(0);
  await expectRecord(page, STEP);
  await expect(readout(page)).not.toContainText('imported');
  await expect(page.getByRole('toolbar', { name: 'Interventions' })).toBeVisible();
  await openTrace(page, { name: 'garbage.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0x0d, 0x0a]) });
  await expect(refusal(page)).toContainText(/Could not open “garbage\.bin”: line 1: not valid JSON/);
  // A picture we exported is named as such.
  await openTrace(page, { name: 'graph.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]) });
  await expect(refusal(page)).toContainText(/Could not open “graph\.png”: it is a PNG picture; open it in a browser or an image viewer/);
  await expectRecord(page, STEP);
  await expect(currentRow(page)).toHaveText(row);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expectRecord(page, STEP + 1);

  // Drag and drop the trace anywhere: it opens too.
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'dropped.jsonl', { type: 'application/x-ndjson' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.querySelector('main')!.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, text);
  await expect(imported(page)).toContainText('dropped.jsonl');
  await expectRecord(page, STEP);
});

test('Perfetto and ShiViz exports, and SVG and PNG pictures of the diagrams', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/?scenario=tcp-echo&step=${STEP}`);
  await expectRecord(page, STEP);

  const perfetto = await exportFrom(page, 'Sequence chart', /^Perfetto/);
  expect(perfetto.suggestedFilename()).toBe(`tcp-echo-seed1-at${STEP}.perfetto.json`);
  const trace = JSON.parse((await content(perfetto)).toString('utf8')) as { traceEvents: { ph: string }[] };
  expect(trace.traceEvents.some((e) => e.ph === 'X')).toBe(true);

  const shiviz = await exportFrom(page, 'Event log', /^ShiViz/);
  const log = (await content(shiviz)).toString('utf8');
  expect(log.split('\n').length).toBeGreaterThan(10);
  expect(log).toMatch(/\{"[^"]+":\d+/);

  const mermaid = await exportFrom(page, 'VM tree', /^Mermaid/);
  expect((await content(mermaid)).toString('utf8')).toMatch(/^sequenceDiagram/m);

  // Pictures: the graph's layout first.
  const wrap = page.locator('.pg-wrap');
  await expect.poll(async () => Number(await wrap.getAttribute('data-layout-generation')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(wrap).toHaveAttribute('data-layout-state', 'idle', { timeout: 20_000 });
  for (const panel of ['VM tree', 'Presence graph', 'Sequence chart']) {
    const svg = await exportFrom(page, panel, /SVG/);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const doc = (await content(svg)).toString('utf8');
    expect(doc).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(doc.length).toBeGreaterThan(500);
    expect(doc).toContain('<text');
    // It is a well-formed document.
    expect(await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror'), doc)).toBeNull();

    const png = await exportFrom(page, panel, /PNG/);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await content(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(1000);
  }
  await expect(notices(page)).toHaveCount(0);
});

test('the export menu is a keyboard menu with accessible names', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=5');
  await expectRecord(page, 5);
  const button = page.getByRole('button', { name: 'Export Presence graph', exact: true });
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export Presence graph as' });
  await expect(menu.getByRole('menuitem')).toHaveCount(7);
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem').last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();
  // Escape in the menu did not reach the transport's shortcuts; the cursor stayed.
  await expectRecord(page, 5);
  await expect(page.getByRole('button', { name: 'Export Inspector' })).toHaveCount(0);
});
