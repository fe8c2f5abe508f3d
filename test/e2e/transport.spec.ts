import { expect, test, type Page } from '@playwright/test';
import { button, pause, readout } from './page-helpers.ts';

/** The readout at record n (the transport's own check: the panels may still be drawing). */
async function expectRecord(page: Page, n: number) {
  await expect(readout(page)).toContainText(new RegExp(`Record ${n.toLocaleString('en')} of`));
}

async function currentRecordText(page: Page): Promise<string> {
  return (await page.locator('.current-record').textContent()) ?? '';
}

test.describe('transport on tcp-echo', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?scenario=tcp-echo');
    await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('tcp-echo');
    await expectRecord(page, 0);
  });

  test('step forward and back', async ({ page }) => {
    const current = page.locator('.current-record');
    for (let i = 1; i <= 5; i++) {
      await button(page, 'Step forward').click();
      await expectRecord(page, i);
    }
    // The readout's number is shown at once; the record itself comes with the engine's frame.
    await expect(current).toHaveText(/^#5\b/);
    const fifth = await currentRecordText(page);
    await button(page, 'Step back').click();
    await expectRecord(page, 4);
    await expect(current).toHaveText(/^#4\b/);
    await button(page, 'Step forward').click();
    await expect(current).toHaveText(fifth);
    // The event log marks the cursor's record.
    const log = page.getByRole('region', { name: 'Event log' });
    await expect(log.locator('[aria-current="step"]')).toContainText(fifth.split(' ')[0]!);
    await button(page, 'To start').click();
    await expectRecord(page, 0);
    await expect(button(page, 'Step back')).toBeDisabled();
  });

  test('step over runs to the next round', async ({ page }) => {
    const current = page.locator('.current-record');
    await button(page, 'Step over').click();
    await expect(current).toHaveText(/ round \d+/);
    const first = await currentRecordText(page);
    await button(page, 'Step over').click();
    await expect(current).not.toHaveText(first);
    await expect(current).toHaveText(/ (round \d+|@\d+ms (ground-event|world))/);
  });

  test('scrub with the timeline', async ({ page }) => {
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    // The run is explored in the background; wait for its end so the slider covers it.
    await expect(readout(page)).toContainText('finished');
    const max = Number(await timeline.getAttribute('max'));
    expect(max).toBeGreaterThan(200);
    await timeline.fill('150');
    await expectRecord(page, 150);
    await timeline.focus();
    await page.keyboard.press('ArrowRight');
    await expectRecord(page, 151);
    await timeline.fill(String(max));
    await expectRecord(page, max);
    await expect(button(page, 'Step forward')).toBeDisabled();
  });

  test('keyboard shortcuts drive the transport, but not while typing', async ({ page }) => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expectRecord(page, 2);
    await page.keyboard.press('ArrowLeft');
    await expectRecord(page, 1);
    await page.keyboard.press('Shift+ArrowRight');
    await expect(page.locator('.current-record')).toContainText(/ round \d+/);
    await page.keyboard.press('End');
    await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
    await page.keyboard.press('Home');
    await expectRecord(page, 0);

    await page.keyboard.press(' ');
    await expect(button(page, 'Pause')).toBeVisible();
    await page.keyboard.press(' ');
    await expect(button(page, 'Play')).toBeVisible();

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.click();
    const before = await readout(page).textContent();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('? ');
    await expect(search).toHaveValue('? ');
    expect(await readout(page).textContent()).toBe(before);
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('the help overlay lists the shortcuts; Escape closes it', async ({ page }) => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    for (const label of ['Step forward', 'Step back', 'Step over', 'Play / pause', 'To start', 'To end']) {
      await expect(dialog).toContainText(label);
    }
    // Shortcuts are off while the dialog is open.
    await page.keyboard.press('ArrowRight');
    await expectRecord(page, 0);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await button(page, 'Keyboard shortcuts').click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    // `?` still works with focus in the VM tree (which keeps only its arrows, Enter and Space).
    await page.getByRole('treeitem', { name: /ground VM/ }).focus();
    await page.keyboard.press('?');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('play advances at the chosen speed and the URL follows the cursor', async ({ page }) => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
    await button(page, 'Play').click();
    await expect(readout(page)).toContainText(/Record ([2-9]\d|\d{3,}) of/);
    const n = await pause(page);
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(String(n));
    expect(new URL(page.url()).searchParams.get('scenario')).toBe('tcp-echo');
  });
});

test('a link with a step opens that state', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&seed=1&step=123');
  await expectRecord(page, 123);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('tcp-echo');
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue('1');
  const current = page.locator('.current-record');
  await expect(current).toHaveText(/^#123\b/);
  const fromLink = await currentRecordText(page);

  // The same state reached by hand shows the same record.
  await page.goto('/?scenario=tcp-echo');
  await expect(readout(page)).toContainText('finished');
  await page.getByRole('slider', { name: 'Timeline' }).fill('123');
  await expectRecord(page, 123);
  await expect(current).toHaveText(fromLink);

  await page.keyboard.press('ArrowRight');
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('124');
});

test('a link with bad values falls back to defaults with a dismissable notice', async ({ page }) => {
  await page.goto('/?scenario=no-such-thing&seed=banana&step=-4');
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(3);
  await expect(alerts.filter({ hasText: 'no-such-thing' })).toBeVisible();
  await expect(alerts.filter({ hasText: 'banana' })).toBeVisible();
  await expect(alerts.filter({ hasText: '-4' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('tcp-echo');
  await expectRecord(page, 0);
  await alerts.filter({ hasText: 'banana' }).getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(alerts).toHaveCount(2);
  await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('tcp-echo');
});

test('a step past the end of the run stops at the end with a notice', async ({ page }) => {
  await page.goto('/?scenario=ping-pong&step=99999');
  await expect(page.getByRole('alert').filter({ hasText: 'past the end' })).toBeVisible();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
});
