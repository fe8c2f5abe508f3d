/**
 * The scenario registry of the bench build: the app's registry plus BENCH_SCENARIOS. The bench's
 * vite config resolves every import of src/scenarios/index.ts to this module (except this
 * module's own import below), so the app itself is unchanged. Local exports take precedence over
 * `export *`, so SCENARIOS and findScenario are replaced and everything else passes through.
 */
import { SCENARIOS as APP_SCENARIOS } from '../../src/scenarios/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { BENCH_SCENARIOS } from './scenarios.ts';

export * from '../../src/scenarios/index.ts';

export const SCENARIOS: readonly Scenario[] = [
  ...APP_SCENARIOS,
  ...BENCH_SCENARIOS.filter((b) => !APP_SCENARIOS.some((a) => a.id === b.id)),
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
