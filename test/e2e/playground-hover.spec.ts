/**
 * Hover in the playground's editor (issue 14, item 1): a name the program imports from 'os2' shows
 * its declaration, its module and its doc comment, from the public surfaces' declarations.
 */
import { expect, test, type Page } from '@playwright/test';
import { button, expectReady } from './page-helpers.ts';

const playground = (page: Page) => page.getByRole('region', { name: 'Playground' });

/** Hovers the first occurrence of `word` in the editor's line that contains `inLine`. */
async function hoverWord(page: Page, inLine: string, word: string): Promise<void> {
  const line = page.locator('.cm-line').filter({ hasText: inLine }).first();
  await line.scrollIntoViewIfNeeded();
  const box = await line.evaluate((el, w) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const i = n.textContent!.indexOf(w);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 2);
      const b = r.getBoundingClientRect();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    return null;
  }, word);
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x, box!.y);
}

test('hovering a name from os2 shows its signature, module and doc comment', async ({ page }) => {
  await page.goto('/');
  await expectReady(page);
  await button(page, 'Playground').click();
  await expect(playground(page)).toHaveAttribute('data-editor', 'ready');
  await expect(page.locator('.cm-content')).toContainText('A chat room over TCP');
  const tip = page.locator('.cm-tooltip .cm-api-hover');

  await hoverWord(page, "role('inbound-handler'", 'role');
  await expect(tip).toContainText('function role<S>(name: string | null, r: Role');
  await expect(tip).toContainText("from 'os2'");
  await expect(tip).toContainText("The talk's `role` form");
  await page.screenshot({ path: 'test-results/playground-hover.png' });

  await page.mouse.move(5, 5);
  await expect(tip).toHaveCount(0);
  await hoverWord(page, "import type { Program }", 'Program');
  await expect(tip).toContainText('interface Program {');
  await expect(tip).toContainText('readonly boot: BootSpec;');
  await expect(tip).toContainText("from 'os2/program'");
});
