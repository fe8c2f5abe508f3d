/**
 * The guided tour, walked by keyboard only: the tour's button, then at every stop its question is
 * asked (the cursor where the question's predicate puts it), answered with the arrow keys in its
 * radio group, revealed (Enter or r), and judged — right or wrong as the run says, computed here
 * independently from a headless run — and the stop then shows what its text claims: its scenario,
 * the cursor at the stop's record, the selected process in the Inspector (and in view in the VM
 * tree), the highlighted panels, and the stop's own claims (`expect`). Then a stop from a link, its
 * try-this buttons, and the presenter view (the stage, the lecturer's notes, no predicate line).
 */
import { expect, test, type Page } from '@playwright/test';
import type { TraceRecord } from '../../src/kernel/index.ts';
import { TestHistory } from '../helpers/history.ts';
import { stopHistory } from '../helpers/tour-run.ts';
import { findScenario, SCENARIOS, startScenario } from '../../src/scenarios/index.ts';
import { locate, scanner, type Position } from '../../src/debugger/find.ts';
import { payloadPrinter } from '../../src/debugger/views/printer.ts';
import { shown } from '../../src/debugger/views/shown.ts';
import { PAYLOAD_DECODERS } from '../../src/scenarios/payloads/index.ts';
import { checkPositions, verdicts } from '../../src/tour/question.ts';
import { availableStops, PANEL_TITLES, type TourStop } from '../../src/tour/stops.ts';
import { movesOf } from '../../src/tour/task.ts';
import { button, focused, tour } from './page-helpers.ts';

const STOPS = availableStops(SCENARIOS.map((s) => s.id));

// A trace snapshots the whole DOM (two graphs, the log) around every action, which doubles the time
// of the walk; a failure still leaves its screenshot and the assertion that failed.
test.use({ trace: 'off' });

/** Records as the app prints them: SSH and DNS bytes decoded (src/ui/engine/host.ts), shortened as shown. */
const APP_PRINTER = payloadPrinter(PAYLOAD_DECODERS);

interface Expected {
  /** The cursor just after the record `pos` designates, and that record's text as shown. */
  readonly cursor: number;
  readonly text: string;
  /** Which choice the run bears out at the stop's record (only for `at`). */
  readonly right: number;
}

/**
 * From a headless run of the stop's scenario (an exercise's record: with its task applied where the
 * question is asked): where `pos` puts the cursor, and the question's answer there.
 */
function expected(stop: TourStop, pos: Position = stop.at): Expected {
  const h = stop.task !== undefined && pos === stop.at ? stopHistory(stop, findScenario(stop.scenario)!.seed).h : new TestHistory(startScenario(findScenario(stop.scenario)!));
  const test = scanner(pos);
  for (let i = 0; ; i++) {
    while (h.length <= i && h.canGrow) h.grow(i + 1, 64);
    const r = h.records[i];
    if (r === undefined) throw new Error(`stop ${stop.id}: no record satisfies its position`);
    if (!test(r, i)) continue;
    const upTo: readonly TraceRecord[] = h.records.slice(0, i + 1);
    const holds = verdicts(stop.question, checkPositions(stop.question).map((p) => locate(upTo, p)));
    return { cursor: i + 1, text: shown(APP_PRINTER.record(r)).replace(/^#\d+(<-\d+)? /, ''), right: holds.indexOf(true) };
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
  readonly firstHighlightInView: boolean;
  readonly inspectorHeading: string;
  readonly inspector: string;
  readonly pastLogRows: readonly string[];
  readonly aliveNames: readonly string[];
  /** Is the VM tree's selected row inside the tree's scroll box (null: no selected row shown)? */
  readonly selectedRowInView: boolean | null;
  readonly verdict: string | null;
  readonly checked: number;
}

/** Everything a stop's check reads, in one round trip (the page is busy laying out graphs). */
function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const inBox = (el: Element, box: Element) => {
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    };
    /** At least 100 px of it (or all of it, if smaller) on screen. */
    const inViewport = (el: Element) => {
      const r = el.getBoundingClientRect();
      return Math.min(r.bottom, innerHeight) - Math.max(r.top, 0) >= Math.min(100, r.height);
    };
    const tour = document.querySelector('aside[aria-label="Tour"]');
    const inspector = document.querySelector('[role="region"][aria-label="Inspector"]');
    const readout = [...document.querySelectorAll('[role="status"]')].find((e) => e.textContent?.includes('Record'));
    const highlighted = [...document.querySelectorAll('[role="region"][data-highlighted="true"]')];
    const row = document.querySelector('[aria-label="Processes by VM"] .tree-row.selected');
    const radios = [...(tour?.querySelectorAll<HTMLInputElement>('[role="radiogroup"] input[type="radio"]') ?? [])];
    return {
      title: text(tour?.querySelector('h2')),
      status: tour?.getAttribute('data-status') ?? null,
      progress: text(tour?.querySelector('.tour-progress-text')),
      url: window.location.search,
      scenario: (document.querySelector('select') as HTMLSelectElement | null)?.value ?? '',
      readout: text(readout),
      current: text(document.querySelector('.current-record')),
      highlighted: highlighted.map((e) => e.getAttribute('aria-label') ?? ''),
      firstHighlightInView: highlighted[0] === undefined || inViewport(highlighted[0]),
      inspectorHeading: text(inspector?.querySelector('h3')),
      inspector: text(inspector),
      pastLogRows: [...document.querySelectorAll('[aria-label="Event log"] li.log-row:not(.future)')].map((e) => text(e)),
      aliveNames: [...document.querySelectorAll('[aria-label="Processes by VM"] .tree-row:not(.dead) .name')].map((e) => text(e)),
      selectedRowInView: row === null ? null : inBox(row, row.closest('.panel-body')!),
      verdict: tour?.querySelector('.tour-verdict')?.getAttribute('data-verdict') ?? null,
      checked: radios.findIndex((r) => r.checked),
    };
  });
}

/** Waits (polling inside the page) until the tour shows `title` with `status`. */
async function waitForStop(page: Page, title: string, status: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([t, st]) => {
        const aside = document.querySelector('aside[aria-label="Tour"]');
        return aside?.getAttribute('data-status') === st && aside.querySelector('h2')?.textContent === t;
      },
      [title, status] as const,
      { timeout: 180_000 },
    );
  } catch (e) {
    // Say where the tour was, so a failure on a busy machine can be read from the log alone.
    const s = await snapshot(page);
    throw new Error(`the tour never showed "${title}" ${status}; it shows ${JSON.stringify({ ...s, inspector: undefined, pastLogRows: s.pastLogRows.length })}`, { cause: e });
  }
}

/** At the question: the cursor where the question is asked, nothing judged yet. */
async function checkAsking(page: Page, stop: TourStop, index: number): Promise<void> {
  await waitForStop(page, stop.title, 'asking');
  const want = expected(stop, stop.question.ask);
  await expect(async () => {
    const s = await snapshot(page);
    expect(s.progress).toBe(`Stop ${index + 1} of ${STOPS.length}`);
    expect(s.scenario).toBe(stop.scenario);
    expect(s.readout).toContain(`Record ${want.cursor.toLocaleString('en')} of`);
    expect(s.current.replace(/^#\d+(<-\d+)? /, '')).toBe(want.text);
    expect(s.verdict).toBeNull();
    expect(s.firstHighlightInView).toBe(true);
  }).toPass({ timeout: 15_000, intervals: [50, 100, 250, 500] });
}

/**
 * Answers with the keyboard: Tab from the stop's title into its radio group (past a card's links,
 * a bounded number of stops), arrows to choice `choice` (Space for the first), then Enter or r reveals.
 */
async function answer(page: Page, choice: number, reveal: 'Enter' | 'r'): Promise<void> {
  for (let i = 0; i < 40 && !(await focused(page)).startsWith('INPUT'); i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toMatch(/^INPUT/);
  if (choice === 0) await page.keyboard.press('Space');
  for (let i = 0; i < choice; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press(reveal);
}

/** Tabs (a bounded number of times) until the focused element's description starts with `prefix`. */
async function tabTo(page: Page, prefix: string): Promise<void> {
  for (let i = 0; i < 40 && !(await focused(page)).startsWith(prefix); i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toMatch(new RegExp(`^${prefix}`));
}

/**
 * An exercise's moves, by keyboard, in order: a knob's button makes the run again with it (and the
 * question is asked again there); an intervention's opens its dialog, prefilled, and the dialog's
 * Kill / Inject applies it (and, the cursor being in the past, "Discard the future and …"); a view
 * setting's turns it on.
 */
async function makeMoves(page: Page, stop: TourStop): Promise<void> {
  const task = stop.task!;
  for (const move of movesOf(task)) {
    if (move === 'knob') {
      await tabTo(page, 'BUTTON Run it with');
      await page.keyboard.press('Enter');
      // The new run is in (its origin has the knob), then the question is asked again in it.
      await expect(page.locator('.tour-moves li[data-move="knob"]')).toHaveAttribute('data-done', 'true');
      await waitForStop(page, stop.title, 'asking');
    } else if (move === 'view') {
      await tabTo(page, 'BUTTON Turn on');
      await page.keyboard.press('Enter');
    } else await intervene(page, task.action!.kind === 'kill' ? 'Kill' : 'Inject');
    await expect(page.locator(`.tour-moves li[data-move="${move}"]`)).toHaveAttribute('data-done', 'true');
  }
}

async function intervene(page: Page, verb: 'Kill' | 'Inject'): Promise<void> {
  await tabTo(page, `BUTTON ${verb}…`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await tabTo(page, `BUTTON ${verb}`);
  await page.keyboard.press('Enter');
  const discard = page.getByRole('button', { name: `Discard the future and ${verb.toLowerCase()}` });
  if (await discard.isVisible()) {
    await tabTo(page, 'BUTTON Discard the future');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** After the reveal: the verdict, the cursor at the stop's record, and what the stop's text claims. */
async function checkRevealed(page: Page, stop: TourStop, index: number, choice: number): Promise<void> {
  await waitForStop(page, stop.title, 'ready');
  const want = expected(stop);
  await expect(async () => {
    const s = await snapshot(page);
    expect(new URLSearchParams(s.url).get('tour')).toBe(stop.id);
    expect(s.progress).toBe(`Stop ${index + 1} of ${STOPS.length}`);
    expect(s.checked).toBe(choice);
    expect(s.verdict).toBe(choice === want.right ? 'right' : 'wrong');
    expect(s.scenario).toBe(stop.scenario);
    expect(s.readout).toContain(`Record ${want.cursor.toLocaleString('en')} of`);
    expect(s.current.replace(/^#\d+(<-\d+)? /, '')).toBe(want.text);
    expect([...s.highlighted].sort()).toEqual(stop.panels.map((id) => PANEL_TITLES[id]).sort());
    if (stop.select !== undefined) expect(s.inspectorHeading).toContain(stop.select.name);
    if (stop.select !== undefined && stop.panels.includes('vm-tree')) expect(s.selectedRowInView).toBe(true);
    const e = stop.expect;
    if (e.logContains !== undefined) expect(s.pastLogRows.some((r) => r.includes(e.logContains!))).toBe(true);
    for (const name of e.treeContains ?? []) expect(s.aliveNames).toContain(name);
    if (e.inspectorContains !== undefined) expect(s.inspector).toContain(e.inspectorContains);
  }).toPass({ timeout: 15_000, intervals: [50, 100, 250, 500] });
}

test('the whole tour by keyboard: every stop asks, is answered, reveals, and shows what it claims', async ({ page }, testInfo) => {
  test.setTimeout(900_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  expect(STOPS.length).toBeGreaterThanOrEqual(30);
  await page.goto('/');
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  for (let i = 0; i < 12 && (await focused(page)) !== 'BUTTON Tour of the talk'; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  for (let i = 0; i < STOPS.length; i++) {
    const stop = STOPS[i]!;
    // Next stop: Page Down once, n after that (from the verdict, which has focus after a reveal).
    if (i > 0) await page.keyboard.press(i === 1 ? 'PageDown' : 'n');
    await checkAsking(page, stop, i);
    if (stop.task !== undefined) await makeMoves(page, stop);
    // Some answers right, some wrong: the verdict must follow the run either way.
    const choice = i % stop.question.choices.length;
    await answer(page, choice, i % 2 === 0 ? 'Enter' : 'r');
    await checkRevealed(page, stop, i, choice);
    if (i === 0) await page.screenshot({ path: testInfo.outputPath(`stop-${stop.id}.png`) });
  }
  // p goes back one stop, and asks again.
  await page.keyboard.press('p');
  await checkAsking(page, STOPS.at(-2)!, STOPS.length - 2);
});

test('a stop from a link, its try-this buttons, and the presenter view', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const stop = STOPS.find((s) => s.id === 'sets-of-messages')!;
  const index = STOPS.indexOf(stop);
  await page.goto(`/?tour=${stop.id}`);
  await checkAsking(page, stop, index);
  const aside = tour(page);
  await expect(aside.getByRole('radiogroup', { name: stop.question.prompt })).toBeVisible();
  await expect(aside.getByRole('button', { name: 'Step forward 2' })).toHaveCount(0); // not before the reveal
  await aside.getByRole('radio', { name: stop.question.choices[2]!.label }).check();
  await aside.getByRole('button', { name: 'Reveal the answer' }).click();
  await checkRevealed(page, stop, index, 2);
  await expect(aside.getByRole('status').filter({ hasText: 'Right.' })).toContainText(stop.question.why);
  await expect(aside.locator('.tour-claim .tour-badge').first()).toHaveText('the talk says');
  await page.screenshot({ path: testInfo.outputPath('tour-stop.png') });

  // "Step forward 2": the rain reaches the paris-fan alone.
  const readout = page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
  const at = expected(stop).cursor;
  await aside.getByRole('button', { name: 'Step forward 2' }).click();
  await expect(readout).toContainText(`Record ${at + 2} of`);
  await expect(page.locator('.current-record')).toContainText('forecasts message weather("paris", "rain")');

  // The presenter view: the stage and the stop's text, large type, the lecturer's notes, no
  // predicate line; the debugger's panels behind one toggle, then only the stop's; the URL keeps it.
  await aside.getByRole('checkbox', { name: 'Presenter view' }).check();
  await expect(page.locator('.app')).toHaveClass(/presenter/);
  await expect(page.getByRole('region', { name: 'Stage' })).toBeVisible();
  await expect(aside.locator('.tour-where')).not.toContainText('Cursor');
  await aside.getByText('Notes for the lecturer').click();
  await expect(aside.locator('.tour-notes p')).toHaveText(stop.notes);
  for (const title of Object.values(PANEL_TITLES)) await expect(page.getByRole('region', { name: title })).toHaveCount(0);
  await button(page, 'Show the debugger panels').click();
  for (const [id, title] of Object.entries(PANEL_TITLES)) {
    const region = page.getByRole('region', { name: title });
    if (stop.panels.includes(id as keyof typeof PANEL_TITLES)) await expect(region).toBeVisible();
    else await expect(region).toHaveCount(0);
  }
  await expect(page).toHaveURL(/presenter=1/);
  const size = await aside.locator('.tour-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(22);
  await page.screenshot({ path: testInfo.outputPath('presenter.png') });
  // On a projector's 1024×768, with the page at its top, the drawer starts in the window's top two
  // thirds (it scrolls inside itself): the engineer's tools (queries, invariants, schedules) do not
  // push the stop's text below the fold.
  await page.setViewportSize({ width: 1024, height: 768 });
  const drawerTop = () =>
    aside.evaluate((el) => {
      window.scrollTo(0, 0);
      return el.getBoundingClientRect().top;
    });
  await expect.poll(drawerTop).toBeLessThan((768 * 2) / 3);
  await page.setViewportSize({ width: 1600, height: 1000 });

  // Escape in the drawer closes the tour and restores the debugger and the scenario link.
  await aside.getByRole('heading', { level: 2 }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('complementary', { name: 'Tour' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Sequence chart' })).toBeVisible();
  await expect(page).toHaveURL(/scenario=patterns/);
});
