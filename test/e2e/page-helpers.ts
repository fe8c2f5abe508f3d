/** Helpers the specs share: the readout, waiting on records, the focused element, trace files. */
import { readFile } from 'node:fs/promises';
import { expect, type Download, type Page } from '@playwright/test';

export const readout = (page: Page) => page.getByRole('status').filter({ hasText: /Record [\d,]+ of/ });
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const picker = (page: Page) => page.getByRole('combobox', { name: 'Scenario' });
export const eventLog = (page: Page) => page.getByRole('region', { name: 'Event log' });
export const tour = (page: Page) => page.getByRole('complementary', { name: 'Tour' });

/**
 * Clicks Pause and waits until the app shows the run paused (the button offers Play, the readout
 * says "paused"): on a busy machine the readout read at once can still show a frame from before.
 * Returns the record the run paused at.
 */
export async function pause(page: Page): Promise<number> {
  await button(page, 'Pause').click();
  await expect(button(page, 'Play')).toBeVisible();
  await expect(readout(page)).toContainText(/paused|at the end/);
  return recordShown(page);
}

/** The record the readout shows now. */
export async function recordShown(page: Page): Promise<number> {
  const text = (await readout(page).textContent()) ?? '';
  return Number(/Record ([\d,]+) of/.exec(text)![1]!.replace(/,/g, ''));
}

/** Waits until the engine has answered (the scenario list and the first frame are in). */
export async function expectReady(page: Page): Promise<void> {
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
}

/** Waits until the readout shows record n, and the debugger's panels (drawn after it, at low priority) too. */
export async function expectRecord(page: Page, n: number): Promise<void> {
  await expect(readout(page)).toContainText(new RegExp(`Record ${n.toLocaleString('en')} of`));
  const panels = page.locator('main.panels');
  if ((await panels.count()) > 0) await expect(panels).toHaveAttribute('data-cursor', String(n));
}

/** Waits until the run has been simulated to its end (the timeline covers all of it). */
export async function expectRunEnded(page: Page): Promise<void> {
  await expect(readout(page)).toContainText('finished');
}

/** A short description of the focused element: its tag, and its accessible label or text. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (a === null || a === document.body) return 'BODY';
    return `${a.tagName} ${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}`;
  });
}

/** Is the focused element inside the element `selector` designates? */
export function focusInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => document.activeElement?.closest(sel) != null, selector);
}

/** Chooses `item` in a panel's Export menu and returns the download. */
export async function exportFrom(page: Page, panel: string, item: string | RegExp): Promise<Download> {
  await page.getByRole('button', { name: `Export ${panel}`, exact: true }).click();
  const menu = page.getByRole('menu', { name: `Export ${panel} as` });
  await expect(menu).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.getByRole('menuitem', { name: item }).click(),
  ]);
  return download;
}

/** A download's bytes (it must have succeeded). */
export async function content(d: Download): Promise<Buffer> {
  expect(await d.failure()).toBeNull();
  return readFile((await d.path())!);
}

/** Opens a file through the "Open trace…" button's file picker. */
export async function openTrace(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open trace…' }).click(),
  ]);
  await chooser.setFiles(file);
}
