/**
 * dns-proxy — the talk's largest example: a caching DNS proxy structured as many small
 * conversational processes, resolving against a simulated DNS hierarchy whose authoritative
 * servers are os2 processes too, on real DNS wire format.
 *
 * Ground VM:   timer, udp (drivers)
 *              one nested VM per authoritative server of the world (server.ts: reader, writer,
 *                error-logger, respondent), named after the server
 *              dns-proxy, a nested VM (proxy.ts: timer-relay, query-id-allocator, reader/writer on
 *                both sides, error-logger, packet-dispatcher, question-dispatcher, and per request
 *                packet-relay, question-handler, glueless-question-handler, network-query)
 *              stub, the client (stub.ts)
 * World:       one host ("server") for the VM; the default demo adds a scripted host "fuzzer" that
 *              sends two datagrams that are not DNS messages.
 * Options:    --world DIR and --query "NAME TYPE [@MS]" (dns/options.ts), recorded in a trace header.
 * Report:      the world and the queries, then each query's answer (dns/report.ts).
 * See docs/scenarios.md (dns-proxy) for the design and src/scenarios/dns/ for the parts.
 */
import { boot, bytes, nestedVm, spawn, type BootSpec } from '../kernel/index.ts';
import { timerDriver, udpDriver, type ClientSpec } from '../kernel/ground/index.ts';
import { addressPlan, ADDRESS_MODE, type AddressMode, type AddressPlan } from './dns/addressing.ts';
import { dnsProxyServer, proxyConfig } from './dns/proxy.ts';
import { DNS_OPTION_FLAGS, dnsOptionsFromConfig } from './dns/options.ts';
import { DEMO_QUERIES, parseQuery, type StubQuery } from './dns/queries.ts';
import { dnsReport } from './dns/report.ts';
import { DEFAULT_RESOLVER_LIMITS, type ResolverLimits } from './dns/resolver.ts';
import { authoritativeServer } from './dns/server.ts';
import { DEFAULT_STUB_TIMEOUT_MS, DEFAULT_STUB_TRIES, stubClient } from './dns/stub.ts';
import { DEFAULT_WORLD_FILES } from './dns/worlds/default-world.ts';
import { allZones, loadWorld, type DnsWorld } from './dns/world.ts';
import { cutFor } from './dns/authority.ts';
import { isAtOrBelow } from './dns/names.ts';
import type { Scenario } from './types.ts';

export const DNS_VM_HOST = 'server';
export const DNS_DEFAULT_SEED = 1;
/** How the report names the shipped world. */
const DEFAULT_WORLD_NAME = 'default (src/scenarios/dns/worlds/default)';

/** The shipped world (src/scenarios/dns/worlds/default/), loaded from its compiled-in files. */
export const DEFAULT_DNS_WORLD: DnsWorld = loadWorld(DEFAULT_WORLD_FILES);

function parsed(texts: readonly string[]): StubQuery[] {
  return texts.map((t) => {
    const q = parseQuery(t);
    if (typeof q === 'string') throw new Error(q);
    return q;
  });
}

export const DEMO_STUB_QUERIES: readonly StubQuery[] = parsed(DEMO_QUERIES);

/**
 * One query per (name, type) that some zone of the world holds authoritatively (not delegations,
 * not glue, not the SOA), then the first again (a cache hit): the default for a world given with
 * --world and no --query.
 */
export function worldQueries(world: DnsWorld): StubQuery[] {
  const seen = new Set<string>();
  const out: StubQuery[] = [];
  for (const z of allZones(world)) {
    for (const r of z.records) {
      if (r.type === 'SOA' || cutFor(z, r.name) !== undefined || !isAtOrBelow(r.name, z.origin)) continue;
      const key = `${r.name} ${r.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: r.name, type: r.type, at: null });
    }
  }
  return out.length > 0 ? [...out, out[0]!] : out;
}

export interface DnsProxyOptions {
  readonly world?: DnsWorld;
  /** How the report names the world (its directory). */
  readonly worldName?: string;
  /** The stub's queries (default: the demonstration set for the default world, every name for another world). */
  readonly queries?: readonly StubQuery[];
  /** Seeds the query-id-allocator and the stub's ids (and, through startScenario, the world). */
  readonly seed?: number;
  /** UDP loss probability on the simulated network (0 … 1). */
  readonly loss?: number;
  /** Add the scripted "fuzzer" host that sends non-DNS datagrams (default: with the demo queries). */
  readonly fuzz?: boolean;
  readonly addressMode?: AddressMode;
  readonly limits?: ResolverLimits;
  readonly stubTimeoutMs?: number;
  readonly stubTries?: number;
}

export interface DnsProxyScenario extends Scenario {
  readonly world: DnsWorld;
  readonly queries: readonly StubQuery[];
  readonly plan: AddressPlan;
  /** The ground boot for another seed (the allocator's PRNG is seeded from it). */
  readonly bootFor: (seed: number) => BootSpec;
}

const FUZZ_TEXT = 'hello, is this DNS?';

function fuzzer(world: DnsWorld, plan: AddressPlan): ClientSpec {
  const root = plan.remoteFor(world.rootHints[0]!);
  const [host, port] = (root as unknown as { fields: readonly [string, number] }).fields;
  return {
    name: 'fuzzer', host: 'fuzzer',
    steps: [
      { op: 'at', ms: 1 },
      { op: 'udp-send', host: DNS_VM_HOST, port: 53, data: bytes(FUZZ_TEXT) },
      // a DNS header that announces a question and then ends
      { op: 'udp-send', host, port, data: new Uint8Array([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]) },
    ],
  };
}

export function dnsProxyScenario(o: DnsProxyOptions = {}): DnsProxyScenario {
  const world = o.world ?? DEFAULT_DNS_WORLD;
  const demo = o.queries === undefined;
  const queries = o.queries ?? (o.world === undefined ? DEMO_STUB_QUERIES : worldQueries(world));
  const seed = o.seed ?? DNS_DEFAULT_SEED;
  const plan = addressPlan(world.servers.map((s) => s.address), DNS_VM_HOST, o.addressMode ?? ADDRESS_MODE);
  const bootFor = (sd: number): BootSpec => boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(udpDriver, { name: 'udp' }),
    world.servers.map((s) => nestedVm(authoritativeServer(s, plan), { name: s.name.replace(/\.$/, '') })),
    nestedVm(dnsProxyServer(proxyConfig({ plan, rootHints: world.rootHints, seed: sd, limits: o.limits ?? DEFAULT_RESOLVER_LIMITS })), { name: 'dns-proxy' }),
    spawn(stubClient({
      queries, plan, seed: sd, timeoutMs: o.stubTimeoutMs ?? DEFAULT_STUB_TIMEOUT_MS, tries: o.stubTries ?? DEFAULT_STUB_TRIES,
    }), { name: 'stub' }),
  );
  const fuzz = o.fuzz ?? demo;
  return {
    id: 'dns-proxy',
    title: 'DNS caching proxy (the talk’s largest example)',
    description:
      'A stub client (like dig) asks a caching DNS proxy for names; the proxy resolves them by asking a simulated ' +
      'DNS hierarchy — a root server, the test. and example. top-level domains and five zones — whose servers are ' +
      'os2 programs too, each in its own nested VM. All packets are real DNS messages on the simulated UDP network. ' +
      'Open the dns-proxy VM and watch one query fan out: the reader turns the datagram into a dns-request, the ' +
      'packet-dispatcher spawns a packet-relay, which publishes a question; the question-dispatcher (the cache) ' +
      'spawns a question-handler, which follows referrals from the root down with one network-query per upstream ' +
      'exchange (ids from the query-id-allocator, timeouts via the timer-relay), asks a sub-question to chase a CNAME ' +
      'into another zone and, for blog.test, spawns a glueless-question-handler to find a name server\'s address ' +
      'first. Repeated questions are answered from the cache at once (no upstream packets); negative answers ' +
      '(NXDOMAIN, NODATA) are cached too; at 30 s the records have expired and the proxy asks again. A fuzzer host ' +
      'sends two datagrams that are not DNS: the error-loggers record them and nothing crashes.',
    seed,
    boot: bootFor(seed),
    bootFor,
    ...(fuzz ? { clients: () => [fuzzer(world, plan)] } : {}),
    ...(o.loss === undefined ? {} : { net: { udpLoss: o.loss } }),
    vmHost: DNS_VM_HOST,
    maxSteps: 400_000,
    options: { flags: DNS_OPTION_FLAGS, configure: (config) => dnsProxyScenario(dnsOptionsFromConfig(config)) },
    report: dnsReport({ world, worldName: o.worldName ?? (o.world === undefined ? DEFAULT_WORLD_NAME : 'a world given in code'), plan, queries }),
    world,
    queries,
    plan,
  };
}

/** The registered scenario: the default world and the demonstration queries. */
export const dnsProxy: DnsProxyScenario = dnsProxyScenario();
