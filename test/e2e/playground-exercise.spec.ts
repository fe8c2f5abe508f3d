/**
 * A playground exercise (issue 14, item 6): `?exercise=blind-client` opens its template with its
 * task; Run judges the run — "Not yet" for the template as shipped, "Passed" once the client asks
 * on the server's presence.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { button, expectReady } from './page-helpers.ts';

const playground = (page: Page) => page.getByRole('region', { name: 'Playground' });
const exercise = (page: Page) => page.getByRole('region', { name: 'Exercise' });

async function setSource(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const template = readFileSync(new URL('../../src/playground/templates/blind-client.ts', import.meta.url), 'utf8');
const ASK_AT_BOOT = "  sendFeedback(ask('me', 'is anybody there?')));";
const ASK_ON_PRESENCE = `  C.role('server', topicSubscriber(ask('me', _)), {
    onPresence: (_peer, s) => C.transition(s, sendFeedback(ask('me', 'is anybody there?'))),
  }));`;

test('the blind client exercise: not yet as shipped, passed once the client waits for the server’s presence', async ({ page }) => {
  await page.goto('/?exercise=blind-client');
  await expectReady(page);
  await expect(playground(page)).toHaveAttribute('data-editor', 'ready');
  await expect(exercise(page)).toContainText('Fix the blind client');
  await expect(exercise(page)).toHaveAttribute('data-verdict', 'unrun');
  await expect(page.locator('.cm-content')).toContainText('Exercise: the blind client');

  await button(page, 'Run').click();
  await expect(exercise(page)).toHaveAttribute('data-verdict', 'not-yet');
  await expect(exercise(page)).toContainText('Not yet: the server never hears the client’s question');
  await expect(playground(page)).toHaveAttribute('data-status', 'running');

  expect(template).toContain(ASK_AT_BOOT);
  await setSource(page, template.replace(ASK_AT_BOOT, ASK_ON_PRESENCE));
  await button(page, 'Run').click();
  await expect(exercise(page)).toHaveAttribute('data-verdict', 'passed');
  await expect(exercise(page)).toContainText('Passed: The client waits for the server’s presence');
  await page.screenshot({ path: 'test-results/playground-exercise-passed.png' });
});
