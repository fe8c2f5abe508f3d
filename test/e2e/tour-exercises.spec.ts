/**
 * The tour's exercises and its question in the browser (issue 13): a knob exercise (the run is made
 * again with the knob, the answer judged on it), a view move (a view setting turned on after an
 * intervention), judging when the learner steps onto the answer by
 * hand, no peeking (the event log stops at the cursor while the question is open), and a variant's
 * run opened in the main debugger. Expected places come from headless runs (test/helpers/tour-run.ts).
 */
import { expect, test } from '@playwright/test';
import { TOUR_STOPS } from '../../src/tour/stops.ts';
import { runTourStop } from '../helpers/tour-run.ts';
import { eventLog, expectReady, expectRecord, readout, tour } from './page-helpers.ts';

const stopOf = (id: string) => TOUR_STOPS.find((s) => s.id === id)!;

test('a knob exercise: set the knob, the question is asked again in its run, and the reveal judges that run', async ({ page }) => {
  const stop = stopOf('exercise-restart-intensity');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/?tour=${stop.id}`);
  const aside = tour(page);
  await expect(aside).toHaveAttribute('data-status', 'asking');
  await aside.getByRole('radio', { name: stop.question.choices[1]!.label }).check();
  await expect(aside.getByRole('button', { name: 'Reveal (after your move)' })).toBeDisabled();
  await aside.getByRole('button', { name: 'Run it with --max-restarts 4' }).click();
  await expect(aside.locator('.tour-moves li[data-move="knob"]')).toHaveAttribute('data-done', 'true');
  await expect(aside).toHaveAttribute('data-status', 'asking');
  await expect(page.locator('.knob-note')).toHaveText('with --max-restarts 4');
  await page.screenshot({ path: test.info().outputPath('knob-exercise-1440.png') });
  await aside.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(aside).toHaveAttribute('data-status', 'ready');
  await expect(aside.locator('.tour-verdict')).toHaveAttribute('data-verdict', 'right');
  await expectRecord(page, runTourStop(stop, 1).at! + 1);
  // The Variants panel is open on the stop's knob.
  await expect(page.getByRole('region', { name: 'Variants' })).toContainText('--max-restarts 3 (left) and 4 (right)');
  await page.setViewportSize({ width: 390, height: 844 });
  await aside.getByRole('button', { name: 'Run it with --max-restarts 4' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('knob-exercise-390.png') });
});

test('a view move: after the injection, turning on “this conversation only” allows the reveal', async ({ page }) => {
  const stop = stopOf('exercise-extra-news');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/?tour=${stop.id}`);
  const aside = tour(page);
  await expect(aside).toHaveAttribute('data-status', 'asking');
  await aside.getByRole('radio', { name: stop.question.choices[2]!.label }).check();
  const view = aside.getByRole('button', { name: 'Turn on “this conversation only”' });
  await expect(view).toBeDisabled(); // the intervention comes first
  await aside.getByRole('button', { name: 'Inject…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Inject', exact: true }).click();
  const discard = page.getByRole('button', { name: 'Discard the future and inject' });
  if (await discard.isVisible()) await discard.click();
  await expect(aside.locator('.tour-moves li[data-move="action"]')).toHaveAttribute('data-done', 'true');
  await expect(aside.getByRole('button', { name: 'Reveal (after your move)' })).toBeDisabled();
  await view.click();
  await expect(aside.locator('.tour-moves li[data-move="view"]')).toHaveAttribute('data-done', 'true');
  await expect(page.getByRole('region', { name: 'Sequence chart' }).getByRole('checkbox', { name: 'this conversation only' })).toBeChecked();
  await aside.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(aside).toHaveAttribute('data-status', 'ready');
  await expect(aside.locator('.tour-verdict')).toHaveAttribute('data-verdict', 'right');
  await expectRecord(page, runTourStop(stop, 1).at! + 1);
  await page.screenshot({ path: test.info().outputPath('view-exercise-1440.png') });
});

test('stepping onto the answer by hand judges it, as the reveal button would', async ({ page }) => {
  const stop = stopOf('receivers-many');
  const { ask, at } = runTourStop(stop, 1);
  await page.goto(`/?tour=${stop.id}`);
  const aside = tour(page);
  await expect(aside).toHaveAttribute('data-status', 'asking');
  await expectRecord(page, ask! + 1);
  await aside.getByRole('radio', { name: stop.question.choices[2]!.label }).check();
  const step = page.getByRole('button', { name: 'Step forward', exact: true });
  for (let n = ask! + 1; n <= at!; n++) {
    await expect(aside).toHaveAttribute('data-status', 'asking');
    await step.click();
    await expectRecord(page, n + 1);
  }
  await expect(aside).toHaveAttribute('data-status', 'ready');
  await expect(aside.locator('.tour-verdict')).toHaveAttribute('data-verdict', 'right');
  await expect(readout(page)).toContainText(`Record ${at! + 1} of`);
});

test('no peeking: while the question is open the event log ends at the cursor', async ({ page }) => {
  const stop = stopOf('absence-reason');
  const { ask } = runTourStop(stop, 1);
  await page.goto(`/?tour=${stop.id}`);
  const aside = tour(page);
  await expect(aside).toHaveAttribute('data-status', 'asking');
  await expectRecord(page, ask! + 1);
  const log = eventLog(page);
  await expect(log.locator('.log-hidden')).toBeVisible();
  await expect(log.locator('.log-count')).toContainText(`of ${(ask! + 1).toLocaleString('en')} records`);
  await expect(log.locator('li.log-row.future')).toHaveCount(0);
  await expect(log).not.toContainText('absence pub status("crasher")');
  await aside.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(aside).toHaveAttribute('data-status', 'ready');
  await expect(log.locator('.log-hidden')).toHaveCount(0);
});

test('a variant’s run opens in the main debugger, knob and all', async ({ page }) => {
  await page.goto('/?scenario=supervisor');
  await expectReady(page);
  const panel = page.getByRole('region', { name: 'Variants' });
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole('button', { name: 'Compare the two runs' }).click();
  await expect(panel.locator('.variants-result')).toHaveAttribute('data-state', 'done');
  await panel.getByRole('button', { name: 'Open the run with 4 in the debugger' }).click();
  await expect(page.locator('.knob-note')).toHaveText('with --max-restarts 4');
  await expectRecord(page, 0);
  await page.keyboard.press('End');
  await expect(readout(page)).toContainText('finished');
  // With MaxR 4 the supervisor restarts a fifth incarnation: it is in the run the debugger now shows.
  const log = eventLog(page);
  await log.getByRole('searchbox').fill('spawn adder#5');
  await expect(log.locator('li.log-row').first()).toContainText('spawn adder#5');
});
