import { expect, test } from '@playwright/test';

test('steps the ping/pong demo and shows its trace and processes', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'os2 Lab' })).toBeVisible();

  const log = page.getByRole('region', { name: 'Event log' });
  const processes = page.getByRole('region', { name: 'Processes' });
  const step = page.getByRole('button', { name: 'Step' });
  const entries = log.getByRole('listitem');

  // Round 1 spawns the boot process; rounds 2-4 spawn client and server, rendezvous and ping.
  let seen = 0;
  for (let i = 0; i < 4; i++) {
    await step.click();
    await expect.poll(() => entries.count()).toBeGreaterThan(seen);
    seen = await entries.count();
  }

  await expect(log).toContainText(' deliver ');
  await expect(log).toContainText('pong(1)');
  await expect(processes).toContainText('client');
  await expect(processes).toContainText('server');

  await page.screenshot({ path: testInfo.outputPath('after-steps.png'), fullPage: true });

  // Running the whole demo ends with the client gone and only the server left.
  await page.getByRole('button', { name: 'Run demo' }).click();
  await expect(log).toContainText('quit false');
  await expect(processes).not.toContainText('client');
  await expect(processes).toContainText('server');
});
