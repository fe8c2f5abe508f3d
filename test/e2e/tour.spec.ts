/**
 * The guided tour: every stop opens (in order, one page, with the keyboard), and shows what its
 * text claims — its scenario, the cursor at the stop's record (computed here independently by
 * running the scenario headless and scanning for the stop's predicate), the selected process in the
 * Inspector, the highlighted panels, and the stop's own claims (`expect`: an event-log row, names in
 * the VM tree, text in the Inspector). Then the presenter view.
 */
import { expect, test, type Page } from '@playwright/test';
import { TestHistory } from '../helpers/history.ts';
import { findScenario, SCENARIOS, startScenario } from '../../src/scenarios/index.ts';
import { scanner } from '../../src/debugger/find.ts';
import { payloadPrinter } from '../../src/debugger/views/printer.ts';
import { shown } from '../../src/debugger/views/shown.ts';
import { PAYLOAD_DECODERS } from '../../src/scenarios/payloads/index.ts';
import { availableStops, PANEL_TITLES, type TourStop } from '../../src/tour/stops.ts';

const STOPS = availableStops(SCENARIOS.map((s) => s.id));

// A trace snapshots the whole DOM (two graphs, the log) around every action, which doubles the time
// of the 24-stop walk; a failure still leaves its screenshot and the assertion that failed.
test.use({ trace: 'off' });

/** Records as the app prints them: SSH and DNS bytes decoded (src/ui/engine/host.ts), shortened as shown. */
const APP_PRINTER = payloadPrinter(PAYLOAD_DECODERS);

/** Where the stop's predicate puts the cursor, and the text of that record as shown, from a headless run. */
function expected(stop: TourStop): { cursor: number; text: string } {
  const h = new TestHistory(startScenario(findScenario(stop.scenario)!));
  const test = scanner(stop.at);
  for (let i = 0; ; i++) {
    while (h.length <= i && h.canGrow) h.grow(i + 1, 64);
    const r = h.records[i];
    if (r === undefined) throw new Error(`stop ${stop.id}: no record satisfies its position`);
    if (test(r, i)) return { cursor: i + 1, text: shown(APP_PRINTER.record(r)).replace(/^#\d+(<-\d+)? /, '') };
  }
}

interface Snapshot {
  readonly title: string;
  readonly status: string | null;
  readonly progress: string;
  readonly url: string;
  readonly scenario: string;
  readonly readout: string;
  readonly current: string;
  readonly highlighted: readonly string[];
  readonly inspectorHeading: string;
  readonly inspector: string;
  readonly pastLogRows: readonly string[];
  readonly aliveNames: readonly string[];
}

/** Everything a stop's check reads, in one round trip (the page is busy laying out graphs). */
function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const tour = document.querySelector('aside[aria-label="Tour"]');
    const inspector = document.querySelector('[role="region"][aria-label="Inspector"]');
    const readout = [...document.querySelectorAll('[role="status"]')].find((e) => e.textContent?.includes('Record'));
    return {
      title: text(tour?.querySelector('h2')),
      status: tour?.getAttribute('data-status') ?? null,
      progress: text(tour?.querySelector('.tour-progress-text')),
      url: window.location.search,
      scenario: (document.querySelector('select') as HTMLSelectElement | null)?.value ?? '',
      readout: text(readout),
      current: text(document.querySelector('.current-record')),
      highlighted: [...document.querySelectorAll('[role="region"][data-highlighted="true"]')].map((e) => e.getAttribute('aria-label') ?? ''),
      inspectorHeading: text(inspector?.querySelector('h3')),
      inspector: text(inspector),
      pastLogRows: [...document.querySelectorAll('[aria-label="Event log"] li.log-row:not(.future)')].map((e) => text(e)),
      aliveNames: [...document.querySelectorAll('[aria-label="Processes by VM"] .tree-row:not(.dead) .name')].map((e) => text(e)),
    };
  });
}

async function checkStop(page: Page, stop: TourStop, index: number) {
  const want = expected(stop);
  // Polled inside the page: one action, not one per poll.
  await page.waitForFunction((title) => {
    const tour = document.querySelector('aside[aria-label="Tour"]');
    return tour?.getAttribute('data-status') === 'ready' && tour.querySelector('h2')?.textContent === title;
  }, stop.title);
  await expect(async () => {
    const s = await snapshot(page);
    expect(s.title).toBe(stop.title);
    expect(s.status).toBe('ready');
    expect(s.progress).toBe(`Stop ${index + 1} of ${STOPS.length}`);
    expect(new URLSearchParams(s.url).get('tour')).toBe(stop.id);

    // The scenario, and the cursor at the stop's record: the readout shows its number and text.
    expect(s.scenario).toBe(stop.scenario);
    expect(s.readout).toContain(`Record ${want.cursor.toLocaleString('en')} of`);
    expect(s.current.replace(/^#\d+(<-\d+)? /, '')).toBe(want.text);

    // The stop's panels are outlined, and only those.
    expect([...s.highlighted].sort()).toEqual(stop.panels.map((id) => PANEL_TITLES[id]).sort());

    // The selected process is shown in the Inspector.
    if (stop.select !== undefined) expect(s.inspectorHeading).toContain(stop.select.name);

    // What the text claims.
    const e = stop.expect;
    if (e.logContains !== undefined) expect(s.pastLogRows.some((r) => r.includes(e.logContains!))).toBe(true);
    for (const name of e.treeContains ?? []) expect(s.aliveNames).toContain(name);
    if (e.inspectorContains !== undefined) expect(s.inspector).toContain(e.inspectorContains);
  }).toPass({ timeout: 15_000, intervals: [50, 100, 250, 500] });
}

test('every tour stop opens and shows what its text claims', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  expect(STOPS.length).toBeGreaterThanOrEqual(20);
  await page.goto(`/?tour=${STOPS[0]!.id}`);
  for (let i = 0; i < STOPS.length; i++) {
    const stop = STOPS[i]!;
    if (i > 0) {
      // Keyboard navigation: n, and Page Down once.
      await page.locator('body').press(i === 1 ? 'PageDown' : 'n');
    }
    await checkStop(page, stop, i);
    if (i === 0) await page.screenshot({ path: testInfo.outputPath(`stop-${stop.id}.png`) });
  }
  // p goes back one stop.
  await page.locator('body').press('p');
  await checkStop(page, STOPS.at(-2)!, STOPS.length - 2);
});

test('a stop from a link, its try-this buttons, and the presenter view', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const stop = STOPS.find((s) => s.id === 'pubsub-presence')!;
  await page.goto(`/?tour=${stop.id}`);
  await checkStop(page, stop, STOPS.indexOf(stop));
  await page.screenshot({ path: testInfo.outputPath('tour-stop.png') });

  // "Step back two records": the server's endpoint is not there yet.
  const tour = page.getByRole('complementary', { name: 'Tour' });
  const readout = page.getByRole('status').filter({ hasText: 'Record' });
  const at = expected(stop).cursor;
  await tour.getByRole('button', { name: 'Step back 2' }).click();
  await expect(readout).toContainText(`Record ${at - 2} of`);
  await expect(page.locator('.current-record')).toContainText('p2 action add-role service pub ping(?0)');

  // The presenter view: the stage and the stop's text, large type; the debugger's panels behind one
  // toggle, then only the stop's; the URL keeps it.
  await tour.getByRole('checkbox', { name: 'Presenter view' }).check();
  await expect(page.locator('.app')).toHaveClass(/presenter/);
  await expect(page.getByRole('region', { name: 'Stage' })).toBeVisible();
  for (const title of Object.values(PANEL_TITLES)) await expect(page.getByRole('region', { name: title })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the debugger panels' }).click();
  for (const [id, title] of Object.entries(PANEL_TITLES)) {
    const region = page.getByRole('region', { name: title });
    if (stop.panels.includes(id as keyof typeof PANEL_TITLES)) await expect(region).toBeVisible();
    else await expect(region).toHaveCount(0);
  }
  await expect(page).toHaveURL(/presenter=1/);
  const size = await tour.locator('.tour-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(22);
  await page.screenshot({ path: testInfo.outputPath('presenter.png') });

  // Closing the tour restores the debugger and the scenario link.
  await tour.getByRole('button', { name: 'Close the tour' }).click();
  await expect(page.getByRole('complementary', { name: 'Tour' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Sequence chart' })).toBeVisible();
  await expect(page).toHaveURL(/scenario=ping-pong/);
});
