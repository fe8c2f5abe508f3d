/**
 * What the page says (issue 19): the readout tells where the cursor is apart from how the run
 * ended; the `#30<-29` notation is explained where it first appears; counts agree with their nouns;
 * every character on the page has a glyph in the fonts the page uses; and the timeline's marker
 * strip survives Reset and a change of seed.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, expectRecord, expectRunEnded, readout } from './page-helpers.ts';

test('the readout says where the cursor is, and separately how the run ended', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo');
  await expectRecord(page, 0);
  await expectRunEnded(page);
  const cursor = readout(page).locator('.cursor-state');
  const run = readout(page).locator('.run-status');
  await expect(cursor).toHaveText('at the start');
  await expect(run).toContainText('run finished');
  await expect(readout(page)).not.toContainText('finished (blocked');
  await page.keyboard.press('ArrowRight');
  await expectRecord(page, 1);
  await expect(cursor).toHaveText('paused');
  await page.keyboard.press('End');
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
  await expect(cursor).toHaveText('at the end');
  await expect(run).toContainText('run finished');
});

test('the cause notation #a<-b is explained where it first appears', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&step=30');
  await expectRecord(page, 30);
  const current = page.locator('.current-record');
  await expect(current).toHaveText(/^#30<-(\d+) /);
  const cause = /^#30<-(\d+)/.exec((await current.textContent()) ?? '')![1]!;
  const head = current.locator('abbr');
  await expect(head).toHaveText(`#30<-${cause}`);
  await expect(head).toHaveAttribute('title', `record #30, caused by record #${cause}`);
  // The "Why?" chain in words has no notation; its raw records use it on every line, with a legend.
  const why = page.getByRole('region', { name: 'Inspector' }).locator('.why');
  await expect(why).not.toContainText('#a<-b: record a, caused by record b');
  await why.getByRole('checkbox', { name: 'raw records' }).check();
  await expect(why).toContainText('#a<-b: record a, caused by record b');
});

/** Counts with the wrong number: "1 boxes", "1 overlaps", "1 records", … */
const BAD_PLURAL = /(^|[^\d.,])1 (processes|overlaps|boxes|records|endpoints|edges|steps|inputs|lines|files|diagrams|interventions)\b/;

test('counts agree with their nouns (1 process, 1 overlap, 1 box)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?scenario=ping-pong');
  await expectRecord(page, 0);
  const seen: string[] = [];
  for (let i = 0; i <= 24; i++) {
    if (i > 0) await page.keyboard.press('ArrowRight');
    await expectRecord(page, i);
    const text = await page.evaluate(() => document.body.innerText);
    const summary = await page.locator('.graph-summary').textContent();
    seen.push(summary ?? '');
    expect(BAD_PLURAL.exec(text)?.[0] ?? null, `record ${i}`).toBeNull();
  }
  // The walk did meet the singulars.
  expect(seen.join('\n')).toMatch(/\b1 process\b/);
  expect(seen.join('\n')).toMatch(/\b1 overlap\b/);
});

/** The characters of the app's text that the page's fonts have no glyph for (drawn as the "missing" box). */
function missingGlyphs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (ch: string, font: string): string => {
      g.clearRect(0, 0, 48, 48);
      g.font = font;
      g.fillText(ch, 6, 34);
      return g.getImageData(0, 0, 48, 48).data.join(',');
    };
    const missing = new Set<string>();
    const walker = document.createTreeWalker(document.querySelector('.app')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const style = getComputedStyle(n.parentElement!);
      const font = `${style.fontStyle} ${style.fontWeight} 28px ${style.fontFamily}`;
      // U+0378 is unassigned: no font has it, so it is drawn as the missing-glyph box.
      const tofu = draw('\u0378', font);
      for (const ch of new Set(n.textContent ?? '')) {
        if (ch.codePointAt(0)! < 0x80 || /\s/.test(ch)) continue;
        if (draw(ch, font) === tofu) missing.add(ch);
      }
    }
    return [...missing];
  });
}

test('every character on the page has a glyph in the fonts it uses (queued actions included)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?scenario=ping-pong&step=5');
  await expectRecord(page, 5);
  // At this record a process has queued actions: its badge is shown.
  const queued = page.getByRole('tree', { name: 'Processes by VM' }).locator('[title="queued actions"]');
  await expect(queued.first()).toBeVisible();
  expect(await missingGlyphs(page)).toEqual([]);
});

/** The number of marks in the timeline's strip, once it is drawn (the run explored to its end). */
async function markers(page: Page): Promise<number> {
  await expectRunEnded(page);
  const strip = page.locator('svg.markers rect.marker');
  await expect(strip).not.toHaveCount(0);
  return strip.count();
}

test('the timeline marker strip survives Reset, stepping, To end and a new seed', async ({ page }) => {
  await page.goto('/?scenario=tcp-echo&seed=1&step=50');
  await expectRecord(page, 50);
  const seed1 = await markers(page);
  await button(page, 'Reset').click();
  await expectRecord(page, 0);
  expect(await markers(page)).toBe(seed1);
  await button(page, 'Step forward').click();
  await expectRecord(page, 1);
  await button(page, 'To end').click();
  await expect(readout(page)).toContainText(/Record ([\d,]+) of \1(?!\+)/);
  expect(await markers(page)).toBe(seed1);

  await page.getByRole('textbox', { name: 'Seed' }).fill('2');
  await page.keyboard.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('2');
  await expectRecord(page, 0);
  const seed2 = await markers(page);
  // The same run opened afresh from a link draws the same strip.
  await page.goto('/?scenario=tcp-echo&seed=2');
  await expectRecord(page, 0);
  expect(await markers(page)).toBe(seed2);
});
