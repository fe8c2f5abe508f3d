/**
 * The dns-proxy part of `npm run sim` (src/cli/sim-main.ts): builds the scenario from --world,
 * --query and the seed, and reports the stub's queries from the trace (report.ts).
 */
import type { Scenario } from '../types.ts';
import { DEFAULT_DNS_WORLD, dnsProxyScenario } from '../dns-proxy.ts';
import { loadWorldDir } from './load-dir.ts';
import { WorldError } from './master.ts';
import type { StubQuery } from './queries.ts';
import { DnsRunReport } from './report.ts';
import { allZones, type DnsWorld } from './world.ts';

export interface DnsRun {
  readonly scenario: Scenario;
  readonly report: DnsRunReport;
  /** Lines for the top of the output: the world, the addresses, the queries. */
  readonly header: readonly string[];
}

export interface DnsRunArgs {
  readonly world?: string;
  readonly queries?: readonly StubQuery[];
  readonly loss?: number;
}

/** The run, or the one-line error for a world that does not load (file:line: message). */
export function prepareDnsRun(args: DnsRunArgs, seed: number): DnsRun | { readonly error: string } {
  let world: DnsWorld = DEFAULT_DNS_WORLD;
  if (args.world !== undefined) {
    try {
      world = loadWorldDir(args.world);
    } catch (e) {
      if (e instanceof WorldError) return { error: `bad world: ${e.message}` };
      throw e;
    }
  }
  const scenario = dnsProxyScenario({
    ...(args.world === undefined ? {} : { world }),
    ...(args.queries === undefined ? {} : { queries: args.queries }),
    seed,
  });
  const zones = allZones(world).length;
  const servers = world.servers.map((s) => `${s.name.replace(/\.$/, '')} ${s.address}`);
  const ports = scenario.plan.mode === 'ports'
    ? `each server listens on ${scenario.plan.vmHost}:${5301}… in world.json order, the proxy on ${scenario.plan.vmHost}:53`
    : 'each server listens on its own address, port 53';
  const header = [
    `;; world: ${args.world ?? 'default (src/scenarios/dns/worlds/default)'}: ${world.servers.length} servers, ${zones} zones; root hints ${world.rootHints.join(', ')}`,
    `;; servers: ${servers.join(', ')}`,
    `;; addresses: ${ports}`,
    `;; ${scenario.queries.length} queries; seed ${seed}; udp loss ${args.loss ?? 0}`,
  ];
  return { scenario, report: new DnsRunReport(scenario.queries), header };
}
