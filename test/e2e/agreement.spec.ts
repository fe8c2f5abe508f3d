/**
 * Every panel agrees with the kernel: for each scenario, the page opened at a step shows the
 * processes and endpoints that the same run, computed here in Node with the same kernel, holds at
 * that step.
 */
import { expect, test } from '@playwright/test';
import { TestHistory } from '../helpers/history.ts';
import { SCENARIOS, startScenario } from '../../src/scenarios/index.ts';
import { expectRecord } from './page-helpers.ts';

for (const scenario of SCENARIOS) {
  test(`${scenario.id}: the VM tree and the inspector match the kernel at a mid-run step`, async ({ page }) => {
    const history = new TestHistory(startScenario(scenario));
    history.growAll(scenario.maxSteps ?? 20_000);
    const step = Math.max(1, Math.floor(history.length * 0.6));
    const model = history.modelAt(step);
    const live = [...model.procs.values()].filter((p) => p.alive);

    await page.goto(`/?scenario=${scenario.id}&seed=${scenario.seed}&step=${step}`);
    await expectRecord(page, step);

    const tree = page.getByRole('tree', { name: 'Processes by VM' });
    const keys = await tree.locator('[role="treeitem"][data-key]').evaluateAll((items) =>
      items.map((i) => i.getAttribute('data-key')).filter((k): k is string => k !== null && k !== 'ground'),
    );
    expect(keys.sort()).toEqual(live.map((p) => p.key).sort());

    // Select a process with endpoints: the inspector lists exactly the kernel's endpoints.
    const chosen = live.find((p) => p.endpoints.size + p.metaEndpoints.size > 0) ?? live[0];
    if (chosen === undefined) return;
    await tree.locator(`[role="treeitem"][data-key="${chosen.key}"]`).first().click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await expect(inspector).toContainText(chosen.name);
    await expect(inspector).toContainText(`Endpoints (${chosen.endpoints.size + chosen.metaEndpoints.size})`);
    for (const e of [...chosen.endpoints.values(), ...chosen.metaEndpoints.values()]) await expect(inspector).toContainText(e.name);
  });
}
