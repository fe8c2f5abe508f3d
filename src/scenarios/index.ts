/** The scenario registry: every scenario the picker and the runner know, by id. */
import { pingPong } from './ping-pong.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: readonly Scenario[] = [pingPong];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export type { Scenario } from './types.ts';
export { startScenario } from './types.ts';
