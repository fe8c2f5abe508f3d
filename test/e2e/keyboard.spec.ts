/**
 * The keyboard, as a newcomer uses it (issue 19): after a scenario or speed is chosen with the
 * keyboard, the arrows and Space act on the run again; Reset can be undone; the event log is one
 * Tab stop with arrows, Home and End inside it; the tour takes focus when it opens and gives it back
 * when Escape closes it; and the whole walk (pick, step, back, play, tour, next stop, close) needs
 * no mouse.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, eventLog, expectReady, expectRecord, expectRunEnded, focused, focusInside, picker, readout, tour } from './page-helpers.ts';

/**
 * Opens `url`, Tabs to the scenario picker (the page's first stop) and chooses the next scenario,
 * `next`, with ArrowDown (a closed select takes it as "the next option").
 */
async function pickNextScenario(page: Page, url: string, next: string): Promise<void> {
  await page.goto(url);
  // The readout says record 0 before the engine has answered; the picker is empty until it has.
  await expectReady(page);
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatch(/^SELECT/);
  await page.keyboard.press('ArrowDown');
  await expect(picker(page)).toHaveValue(next);
  await expectRecord(page, 0);
}

/** Step, step back, play and pause with the keys; the scenario stays `scenario`. */
async function stepBackPlay(page: Page, scenario: string): Promise<void> {
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expectRecord(page, 2);
  await page.keyboard.press('ArrowLeft');
  await expectRecord(page, 1);
  await expect(picker(page)).toHaveValue(scenario);
  await page.keyboard.press(' ');
  await expect(button(page, 'Pause')).toBeVisible();
  await page.keyboard.press(' ');
  await expect(button(page, 'Play')).toBeVisible();
}

test('after choosing a scenario or a speed with the keyboard, arrows and Space act on the run', async ({ page }) => {
  await pickNextScenario(page, '/?scenario=ping-pong', 'nested-pool');
  // The arrows now step the run instead of choosing yet another scenario.
  await stepBackPlay(page, 'nested-pool');

  const speed = page.getByRole('combobox', { name: 'Speed' });
  await speed.focus();
  const before = await speed.inputValue();
  await page.keyboard.press('ArrowDown');
  await expect(speed).not.toHaveValue(before);
  const chosen = await speed.inputValue();
  const at = Number(/Record ([\d,]+)/.exec((await readout(page).textContent()) ?? '')![1]!.replace(/,/g, ''));
  await page.keyboard.press('ArrowRight');
  await expectRecord(page, at + 1);
  await expect(speed).toHaveValue(chosen);
});

test('Reset starts the run again and can be undone', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=40');
  await expectRecord(page, 40);
  const current = (await page.locator('.current-record').textContent()) ?? '';
  // Space on the focused Reset button resets (it is a button)…
  await button(page, 'Reset').focus();
  await page.keyboard.press(' ');
  await expectRecord(page, 0);
  // …and says so, with a way back.
  const undo = page.getByRole('alert').filter({ hasText: 'reset' });
  await expect(undo).toContainText('record 40');
  await undo.getByRole('button', { name: 'Undo reset' }).click();
  await expectRecord(page, 40);
  await expect(page.locator('.current-record')).toHaveText(current);
  await expect(undo).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('40');
});

test('the event log is one Tab stop; arrows, Home and End move inside it; Enter goes to the record', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?scenario=tcp-echo&step=100');
  await expectRecord(page, 100);
  const list = eventLog(page).locator('.log-list');
  await expect(list.locator('li[aria-current="step"]')).toContainText('#100');
  // One row of the list is in the Tab order, whatever the number of rows on screen.
  await expect(list.locator('button')).not.toHaveCount(0);
  expect(await list.locator('button:not([tabindex="-1"])').count()).toBe(1);

  // Tab enters the list at the cursor's row, and the next Tab leaves it.
  await eventLog(page).getByRole('checkbox', { name: 'other' }).focus();
  await page.keyboard.press('Tab');
  expect(await focusInside(page, '.log-list')).toBe(true);
  expect(await focused(page)).toMatch(/^BUTTON #100(?!\d)/);
  await page.keyboard.press('Tab');
  expect(await focusInside(page, '.log-list')).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toMatch(/^BUTTON #100(?!\d)/);

  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toMatch(/^BUTTON #101(?!\d)/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await focused(page)).toMatch(/^BUTTON #99(?!\d)/);
  // The arrows move the focus, not the cursor.
  await expectRecord(page, 100);
  await page.keyboard.press('Home');
  await expect.poll(() => focused(page)).toMatch(/^BUTTON #1(?!\d)/);
  await expectRunEnded(page);
  await page.keyboard.press('End');
  const length = /of ([\d,]+)/.exec((await readout(page).locator('.position').textContent()) ?? '')![1]!;
  await expect.poll(() => focused(page)).toMatch(new RegExp(`^BUTTON #${length}(?!\\d)`));
  await page.keyboard.press('Enter');
  await expect(readout(page)).toContainText(`Record ${length} of ${length}`);
});

test('opening the tour moves focus into it; Escape closes it and gives focus back', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo');
  await expectRecord(page, 0);
  const opener = button(page, 'Tour of the talk');
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(tour(page)).toBeVisible();
  await expect.poll(() => focusInside(page, 'aside[aria-label="Tour"]')).toBe(true);
  await page.keyboard.press('n');
  await expect(tour(page)).toContainText('Stop 2 of');
  await page.keyboard.press('Escape');
  await expect(tour(page)).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test('keyboard only: pick a scenario, step, back, play, open the tour, next stop, close it', async ({ page }) => {
  await pickNextScenario(page, '/', 'tcp-date');
  await expect(readout(page)).toContainText('at the start');
  await stepBackPlay(page, 'tcp-date');

  // Tab on from the picker to the tour's button: a few stops, not a hundred.
  for (let i = 0; i < 6 && (await focused(page)) !== 'BUTTON Tour of the talk'; i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('BUTTON Tour of the talk');
  await page.keyboard.press('Enter');
  await expect(tour(page)).toContainText('Stop 1 of');
  await expect.poll(() => focusInside(page, 'aside[aria-label="Tour"]')).toBe(true);
  await page.keyboard.press('n');
  await expect(tour(page)).toContainText('Stop 2 of');
  await expect(tour(page)).toHaveAttribute('data-status', 'asking');
  await page.keyboard.press('Escape');
  await expect(tour(page)).toHaveCount(0);
  expect(await focused(page)).toBe('BUTTON Tour of the talk');
});
