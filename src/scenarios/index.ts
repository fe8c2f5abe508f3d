/** The scenario registry: every scenario the picker and the runner know, by id. */
import { pingPong } from './ping-pong.ts';
import { tcpEcho } from './tcp-echo.ts';
import { tcpDate } from './tcp-date.ts';
import { bankTeller } from './bank-teller.ts';
import { rendezvous } from './rendezvous.ts';
import { supervisorScenario } from './supervisor.ts';
import { glitching } from './weaknesses/glitching.ts';
import { handoff } from './weaknesses/handoff.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: readonly Scenario[] = [tcpEcho, tcpDate, pingPong, bankTeller, rendezvous, supervisorScenario, glitching, handoff];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export type { Scenario } from './types.ts';
export { startScenario } from './types.ts';
