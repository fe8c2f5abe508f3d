/** The scenario registry: every scenario the picker and the runner know, by id. */
import { pingPong } from './ping-pong.ts';
import { nestedPool } from './nested-pool.ts';
import { tcpEcho } from './tcp-echo.ts';
import { tcpDate } from './tcp-date.ts';
import { bankTeller } from './bank-teller.ts';
import { rendezvous } from './rendezvous.ts';
import { supervisorScenario } from './supervisor.ts';
import { glitching } from './weaknesses/glitching.ts';
import { handoff } from './weaknesses/handoff.ts';
import { routingQuery } from './weaknesses/routing-query.ts';
import { wart } from './weaknesses/wart.ts';
import { groundEvents } from './weaknesses/ground-events.ts';
import { dnsProxy } from './dns-proxy.ts';
import { sshNested } from './ssh/nested.ts';
import { sshNatural } from './ssh/natural.ts';
import { sshFlat } from './ssh/flat.ts';
import { broadcast } from './toys/broadcast.ts';
import { presenceOrder } from './toys/presence-order.ts';
import { absence } from './toys/absence.ts';
import { patterns } from './toys/patterns.ts';
import { feedback } from './toys/feedback.ts';
import { mailbox } from './toys/mailbox.ts';
import { contracts } from './toys/contracts.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: readonly Scenario[] = [tcpEcho, tcpDate, pingPong, nestedPool, bankTeller, rendezvous, supervisorScenario, glitching, handoff, dnsProxy, routingQuery, wart, groundEvents, sshNested, sshNatural, sshFlat,
  broadcast, presenceOrder, absence, patterns, feedback, mailbox, contracts];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export type { Scenario } from './types.ts';
export { startScenario } from './types.ts';
