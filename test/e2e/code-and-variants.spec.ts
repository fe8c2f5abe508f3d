/**
 * The code beside the picture and the one-knob variants (issue 13, items 4 and 5): the Code panel
 * shows the scenario's real source with the current record's handler marked and follows the cursor
 * (by keyboard too); the Variants panel runs a scenario with a knob at two values, and flipping the
 * knob re-runs it and shows both runs side by side with the differences marked.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectRecord, expectReady } from './page-helpers.ts';

test('the Code panel marks the handler of the current record, beside the talk’s Racket, and follows the cursor', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=88');
  await expectRecord(page, 88);
  const code = page.getByRole('region', { name: 'Code' });
  const source = code.getByRole('region', { name: 'Source: scenarios/tcp-echo.ts' });
  // Record 88: the connection handler's echoer handles alice's first line.
  await expect(source.locator('.code-line[data-mark="handler"]').first()).toContainText("role('echoer'");
  await expect(code.locator('.code-focus')).toContainText('endpoint echoer');
  const talk = code.getByRole('region', { name: "The talk's Racket code" });
  await expect(talk.locator('.code-line[data-mark="handler"]').first()).toContainText("(role 'echoer");
  await page.screenshot({ path: test.info().outputPath('code-1440.png'), fullPage: true });

  // Keyboard: the source is a Tab stop; inside it the arrows ← → still step the run.
  await source.focus();
  await expect(source).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expectRecord(page, 87);
  await page.keyboard.press('ArrowRight');
  await expectRecord(page, 88);

  // Another record, another place: the driver's code in its own file.
  await page.goto('/?scenario=tcp-echo&step=56');
  await expectRecord(page, 56);
  await expect(code.locator('.code-focus')).toContainText('endpoint inbound-handler');
  await expect(code.locator('.code-focus')).toContainText('peer');
  await expect(code.locator('.code-line[data-mark="handler"]').first()).toContainText("role('inbound-handler'");
  // The peer (the connection manager's inbound endpoint) is the driver's: its place shows that file.
  await code.locator('.code-focus').getByRole('button', { name: /^tcp\.ts:\d+$/ }).last().click();
  await expect(code.getByRole('combobox', { name: 'File' })).toHaveValue('src/kernel/drivers/tcp.ts');
  await expect(code.locator('.code-line[data-mark="peer"]').first()).toContainText("Conn.role('inbound'");
  await expect(code.getByRole('checkbox', { name: 'follow the cursor' })).not.toBeChecked();
});

test('the source view draws only the lines near what is shown, and a scroll by hand reaches the end', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=56');
  await expectRecord(page, 56);
  const code = page.getByRole('region', { name: 'Code' });
  await code.getByRole('combobox', { name: 'File' }).selectOption('src/kernel/drivers/tcp.ts');
  const view = code.getByRole('region', { name: 'Source: kernel/drivers/tcp.ts' });
  const lines = view.locator('.code-line');
  await view.scrollIntoViewIfNeeded();
  // The peer's line is drawn and in view, though the file is longer than the lines drawn.
  const peer = view.locator('.code-line[data-mark="peer"]').first();
  await expect(peer).toContainText("Conn.role('inbound'");
  await expect(peer).toBeInViewport();
  const drawn = await lines.count();
  const last = Number(await lines.last().getAttribute('data-line'));
  expect(drawn).toBeLessThan(120);
  // Scrolled to the bottom by hand: the file's last line (numbered as the file is) is drawn.
  await view.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(async () => Number(await lines.last().getAttribute('data-line'))).toBeGreaterThan(last);
  // As many lines as the file has newlines, plus one (the text after the last newline, maybe empty).
  const fileLines = readFileSync('src/kernel/drivers/tcp.ts', 'utf8').split('\n').length;
  await expect(lines.last().locator('.code-ln')).toHaveText(String(fileLines));
  await expect(lines.last()).toBeInViewport();
  expect(await lines.count()).toBeLessThan(120);
});

test('a variant: open it, flip the knob, see both runs side by side with the difference marked', async ({ page }) => {
  await page.goto('/?scenario=glitching');
  await expectReady(page);
  const panel = page.getByRole('region', { name: 'Variants' });
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole('button', { name: 'Compare the two runs' }).click();
  const summary = panel.locator('.variants-summary');
  await expect(summary).toContainText('With --restart re-add instead of delete-then-add: watcher is alive at the end');
  await expect(summary).toContainText(/\d+ records differ/);

  // Flip the knob: the comparison runs again at once.
  await panel.getByRole('radio', { name: 'add-then-delete' }).check();
  await expect(summary).toContainText('With --restart add-then-delete instead of delete-then-add');
  await expect(summary).toContainText('watcher is alive at the end');
  const table = panel.getByRole('region', { name: /The runs side by side: delete-then-add and add-then-delete/ });
  await expect(table.locator('td[data-diff="only-a"]').first()).toBeVisible();
  await expect(table.locator('td[data-diff="only-b"]').first()).toBeVisible();
  // The watcher's absence (it gives up) happens only with delete-then-add.
  await expect(table.locator('td[data-diff="only-a"]', { hasText: 'watcher quit service-lost' }).first()).toBeAttached();
  await panel.screenshot({ path: test.info().outputPath('variants.png') });

  // The radio group keeps its arrows: ArrowRight moves the flip, not the run.
  await panel.getByRole('radio', { name: 'add-then-delete' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(panel.getByRole('radio', { name: 're-add' })).toBeChecked();
  await expect(summary).toContainText('With --restart re-add instead of delete-then-add');
  await expectRecord(page, 0);
});

test('a scenario without a knob lists those that have one', async ({ page }) => {
  await page.goto('/?scenario=ping-pong');
  await expectReady(page);
  const panel = page.getByRole('region', { name: 'Variants' });
  await expect(panel).toContainText('no one-knob variant');
  await panel.getByRole('button', { name: 'handoff' }).click();
  await expect(panel.getByRole('radio', { name: 'blip' })).toBeChecked();
});
