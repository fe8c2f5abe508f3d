/**
 * What a scenario is: a ground VM boot plus the world it runs in.
 *
 * Data definition:
 *   Scenario = { id, title, description, seed, boot, bootFor, clients, net, vmHost, maxSteps }
 *     description  a paragraph a student understands: what to watch for
 *     seed         the default seed for the world's PRNG
 *     boot         the ground VM's boot spec (drivers and programs are spawned from it)
 *     clients      scripted client hosts on the virtual network (may depend on the seed)
 *     net          network settings (latency, faults); defaults are a clean 5 ms network
 *     maxSteps     a step budget for runs that never go quiet (servers wait forever)
 */
import type { BootSpec } from '../kernel/index.ts';
import type { ClientSpec } from '../kernel/ground/clients.ts';
import { createSimulation, type SimOptions, type SimStep } from '../kernel/ground/sim.ts';
import type { NetConfig } from '../kernel/ground/world.ts';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly seed: number;
  readonly boot: BootSpec;
  /** When the programs themselves depend on the seed (e.g. a PRNG state in a process): the boot for a seed. */
  readonly bootFor?: (seed: number) => BootSpec;
  readonly clients?: (seed: number) => readonly ClientSpec[];
  readonly net?: Partial<NetConfig>;
  readonly vmHost?: string;
  readonly maxSteps?: number;
}

export interface StartOptions {
  readonly seed?: number;
  readonly trace?: boolean;
  readonly routing?: SimOptions['routing'];
  readonly net?: Partial<NetConfig>;
}

/** A fresh simulation of the scenario (same seed ⇒ same run). */
export function startScenario(s: Scenario, o: StartOptions = {}): SimStep {
  const seed = o.seed ?? s.seed;
  return createSimulation(s.bootFor?.(seed) ?? s.boot, {
    seed,
    clients: s.clients?.(seed) ?? [],
    net: { ...s.net, ...o.net },
    ...(s.vmHost === undefined ? {} : { vmHost: s.vmHost }),
    ...(o.trace === undefined ? {} : { trace: o.trace }),
    ...(o.routing === undefined ? {} : { routing: o.routing }),
  });
}
