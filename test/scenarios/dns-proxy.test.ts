/**
 * The dns-proxy scenario end to end: the stub client's queries through the proxy's processes and
 * the simulated hierarchy, checked against the zone data, with caching, expiry, negative caching,
 * glueless delegations, CNAME chains, loss, malformed packets, limits and determinism.
 */
import { describe, expect, it } from 'vitest';
import {
  isStruct, pretty, prettyRecord, type Process, type Term, type TraceRecord, type VM,
} from '../../src/kernel/index.ts';
import { type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { startScenario } from '../../src/scenarios/index.ts';
import {
  DEFAULT_DNS_WORLD, DEMO_STUB_QUERIES, dnsProxy, dnsProxyScenario, worldQueries, type DnsProxyOptions,
} from '../../src/scenarios/dns-proxy.ts';
import { rdataText, type Rr } from '../../src/scenarios/dns/message.ts';
import { canonicalName, isAtOrBelow } from '../../src/scenarios/dns/names.ts';
import { parseQuery, type StubQuery } from '../../src/scenarios/dns/queries.ts';
import { DnsRunReport, type QueryResult } from '../../src/scenarios/dns/report.ts';
import type { DispatcherState } from '../../src/scenarios/dns/proxy.ts';
import type { LoggerState } from '../../src/scenarios/dns/io.ts';
import { allZones, loadWorld, type DnsWorld } from '../../src/scenarios/dns/world.ts';
import { DEFAULT_WORLD_FILES } from '../../src/scenarios/dns/worlds/default-world.ts';
import { runSim } from '../../src/cli/sim-main.ts';
import { parseSimArgs } from '../../src/cli/sim-args.ts';

interface Run {
  readonly sim: Simulation;
  readonly report: DnsRunReport;
  readonly records: TraceRecord[];
  readonly results: QueryResult[];
}

function run(o: DnsProxyOptions, keep = false): Run {
  const s = dnsProxyScenario(o);
  const started = startScenario(s, { seed: s.seed, trace: true });
  const report = new DnsRunReport(s.queries);
  const records: TraceRecord[] = [];
  const take = (rs: readonly TraceRecord[]): void => {
    for (const r of rs) report.add(r);
    if (keep) records.push(...rs);
  };
  take(started.records);
  const sim = runSimulation(started.sim, { maxSteps: 200_000 }, take);
  return { sim, report, records, results: [...report.results].sort((a, b) => a.index - b.index) };
}

const queries = (...texts: string[]): StubQuery[] => texts.map((t) => parseQuery(t) as StubQuery);

/** A process by VM name and process name (ground → nested VM → process). */
function processIn(sim: Simulation, vmName: string, name: string): Process | undefined {
  const vm = sim.ground.vm.processes.find((p) => p.name === vmName);
  if (vm === undefined) return undefined;
  return (vm.state as VM).processes.find((p) => p.name === name);
}

// ---- the oracle: what the zone data says --------------------------------------------------------------

interface Expected {
  readonly rcode: string;
  /** "name TYPE data" of the answer section (TTLs aside), in any order. */
  readonly answers: readonly string[];
}

const key = (r: Rr): string => `${r.name} ${r.type} ${rdataText(r)}`;

/** Resolves from the zones directly: the deepest zone holding a name is its authority. */
function oracle(world: DnsWorld, name: string, type: string): Expected {
  const zones = allZones(world);
  const answers: string[] = [];
  const seen = new Set<string>();
  let n = name;
  for (;;) {
    if (seen.has(n)) return { rcode: 'SERVFAIL', answers: [] };
    seen.add(n);
    const zone = zones.filter((z) => isAtOrBelow(n, z.origin)).sort((a, b) => b.origin.length - a.origin.length)[0]!;
    const here = zone.records.filter((r) => r.name === n);
    const exact = here.filter((r) => r.type === type);
    if (exact.length > 0) return { rcode: 'NOERROR', answers: [...answers, ...exact.map(key)] };
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname !== undefined) {
      answers.push(key(cname));
      n = String(cname.data);
      continue;
    }
    const exists = here.length > 0 || zone.records.some((r) => r.name.endsWith(`.${n}`));
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers };
  }
}

function got(r: QueryResult): Expected {
  return { rcode: r.response?.rcode ?? 'no response', answers: (r.response?.answers ?? []).map(key) };
}

const sorted = (e: Expected): Expected => ({ ...e, answers: [...e.answers].sort() });

// ---- the tests ------------------------------------------------------------------------------------------

describe('dns-proxy: answers', () => {
  it('answers every name of the default world as its zone data says', () => {
    const qs = worldQueries(DEFAULT_DNS_WORLD);
    expect(qs.length).toBeGreaterThan(20);
    const r = run({ queries: qs });
    expect(r.results).toHaveLength(qs.length);
    for (const res of r.results) {
      const q = res.query;
      expect(sorted(got(res)), `${q.name} ${q.type}`).toEqual(sorted(oracle(DEFAULT_DNS_WORLD, q.name, q.type)));
      for (const a of res.response!.answers) expect(a.ttl).toBeLessThanOrEqual(60);
    }
    expect(r.results.filter((x) => x.response?.rcode !== 'NOERROR')).toEqual([]);
    expect(r.sim.status).toBe('blocked');
  });

  it('the demonstration set: chains, cache hits, glueless, negative answers, expiry', () => {
    const r = run({});
    const view = r.results.map((x) => [x.index, x.response?.rcode, x.fromCache, x.upstreamPackets]);
    expect(view).toEqual([
      [1, 'NOERROR', false, 6], // www.shop.test A, cold: root, test., shop.test., then root, example., cdn.example.
      [2, 'NOERROR', true, 0], // again: from the cache
      [3, 'NOERROR', false, 1], // shop.test MX: the cached delegation of shop.test. saves the walk
      [4, 'NOERROR', false, 4], // blog.test A: glueless, ns1.hosting.example looked up first
      [5, 'NXDOMAIN', false, 1],
      [6, 'NXDOMAIN', true, 0], // negative caching
      [7, 'NOERROR', false, 1], // NODATA
      [8, 'NXDOMAIN', false, 2], // a CNAME into a name that does not exist
      [9, 'SERVFAIL', false, 1], // a CNAME loop
      [10, 'NOERROR', false, 2], // at 30 s the records have expired: upstream again (NS still cached)
      [11, 'NOERROR', true, 0],
    ]);
    for (const res of r.results) {
      expect(sorted(got(res)), res.query.name).toEqual(sorted(oracle(DEFAULT_DNS_WORLD, res.query.name, res.query.type)));
    }
    // TTLs count down on cache hits; the refetch at 30 s starts again from the zone's TTL
    expect(r.results.map((x) => x.response!.answers[0]?.ttl ?? null)).toEqual([20, 19, 20, 20, null, null, null, 20, null, 20, 19]);
    expect(r.results.map((x) => x.response!.authorities[0]?.ttl ?? null)).toEqual([null, null, null, null, 15, 14, 15, 15, null, null, null]);
    expect(r.results[9]!.sentAt).toBe(30_000);
  });

  it('NODATA is cached too, and expires after the SOA minimum', () => {
    const r = run({ queries: queries('mail.shop.test AAAA', 'mail.shop.test AAAA', 'mail.shop.test AAAA @20000') });
    expect(r.results.map((x) => [x.response?.rcode, x.response?.answers.length, x.fromCache, x.upstreamPackets])).toEqual([
      ['NOERROR', 0, false, 3], ['NOERROR', 0, true, 0], ['NOERROR', 0, false, 1],
    ]);
  });

  it('the cache expires on the timer driver: after the last TTL the cache is empty', () => {
    const r = run({});
    const qd = processIn(r.sim, 'dns-proxy', 'question-dispatcher')!;
    expect(Object.keys((qd.state as { cache: object }).cache)).toEqual([]);
    expect(r.sim.world.now).toBeGreaterThan(60_000);
    expect(r.sim.world.now).toBeLessThan(91_000);
  });
});

describe('dns-proxy: the processes of the talk', () => {
  it('runs the talk’s processes in the ground VM, the server VMs and the proxy VM', () => {
    const r = run({}, true);
    const names = (vm: VM) => [...vm.processes.values()].map((p) => p.name);
    const ground = names(r.sim.ground.vm);
    expect(ground.slice(0, 2)).toEqual(['timer', 'udp']);
    expect(ground).toContain('dns-proxy');
    expect(ground).toContain('a.root-servers.net');
    expect(names(r.sim.ground.vm.processes.find((p) => p.name === 'dns-proxy')!.state as VM)).toEqual([
      'timer-relay', 'query-id-allocator', 'reader (server)', 'writer (server)', 'error-logger',
      'reader (client)', 'writer (client)', 'packet-dispatcher', 'question-dispatcher',
    ]);
    expect(names(r.sim.ground.vm.processes.find((p) => p.name === 'ns1.shop.test')!.state as VM)).toEqual([
      'reader (server)', 'writer (server)', 'error-logger', 'respondent',
    ]);
    // the per-request processes came and went inside the proxy VM
    const proxyPid = r.sim.ground.vm.processes.find((p) => p.name === 'dns-proxy')!.pid;
    const booted = new Set(r.records.filter((x) => x.kind === 'boot' && x.vm.length === 1 && x.vm[0] === proxyPid).map((x) => (x.kind === 'boot' ? x.name : '')));
    for (const n of ['packet-relay', 'question-handler', 'glueless-question-handler', 'network-query']) expect(booted).toContain(n);
    expect(r.records.filter((x) => (x.kind === 'deliver' || x.kind === 'boot') && x.outcome === 'crashed')).toEqual([]);
  });

  it('query ids come from the allocator’s seeded PRNG, are never in use twice, and are released', () => {
    const r = run({}, true);
    const ids = r.records.flatMap((x) =>
      x.kind === 'action' && x.action.type === 'send-message' && isStruct(x.action.body, 'query-id', 2) ? [x.action.body.fields[1] as number] : []);
    expect(ids.length).toBe(18);
    expect(new Set(ids).size).toBe(ids.length);
    const alloc = processIn(r.sim, 'dns-proxy', 'query-id-allocator')!;
    expect((alloc.state as { inUse: number[] }).inUse).toEqual([]);
    const other = run({ seed: 2 }, true);
    const ids2 = other.records.flatMap((x) =>
      x.kind === 'action' && x.action.type === 'send-message' && isStruct(x.action.body, 'query-id', 2) ? [x.action.body.fields[1] as number] : []);
    expect(ids2).not.toEqual(ids);
  });

  it('malformed packets become bad-dns-packet events that the error-loggers record; nothing crashes', () => {
    const r = run({}, true);
    const proxyLog = processIn(r.sim, 'dns-proxy', 'error-logger')!.state as LoggerState;
    expect(proxyLog.logged).toBe(1);
    expect(proxyLog.entries[0]).toMatch(/^udp-remote-address\("fuzzer", \d+\) → udp-listener\(53\): .+ \(19 bytes\)$/);
    const rootLog = processIn(r.sim, 'a.root-servers.net', 'error-logger')!.state as LoggerState;
    expect(rootLog.logged).toBe(1);
    expect(r.report.bad.map((b) => b.vm)).toEqual(['dns-proxy', 'a.root-servers.net']);
    expect(r.records.filter((x) => (x.kind === 'deliver' || x.kind === 'boot') && x.outcome === 'crashed')).toEqual([]);
  });

  it('the packet-dispatcher drops a client’s retransmissions while it is still answering', () => {
    // The stub retransmits every 25 ms; the cold lookup takes 60 ms (the answer leaves the proxy at 65 ms).
    const r = run({ queries: queries('www.shop.test A'), stubTimeoutMs: 25, stubTries: 10 }, true);
    const d = processIn(r.sim, 'dns-proxy', 'packet-dispatcher')!.state as DispatcherState;
    expect(d.relayed).toBe(1);
    expect(d.duplicates).toBeGreaterThanOrEqual(2);
    expect(d.active).toEqual([]);
    expect(r.results[0]!.response?.rcode).toBe('NOERROR');
    expect(r.results[0]!.upstreamPackets).toBe(6);
  });
});

describe('dns-proxy: limits', () => {
  const LOOPY = '$ORIGIN test.\n$TTL 60\n@ SOA ns1.nic hm 1 2 3 4 15\n@ NS ns1.nic\nns1.nic A 192.0.2.10\n' +
    '; two zones whose name servers are each in the other: no glue can break the circle\n' +
    'a NS ns.b\nb NS ns.a\n';
  const world = (): DnsWorld => loadWorld({ ...DEFAULT_WORLD_FILES, 'test.zone': LOOPY });

  it('a circle of glueless delegations ends in SERVFAIL', () => {
    const w = world();
    const r = run({ world: w, queries: queries('www.a.test A', 'www.b.test A', 'shop.test A') });
    expect(r.results.map((x) => x.response?.rcode)).toEqual(['SERVFAIL', 'SERVFAIL', 'NXDOMAIN']);
    expect(r.sim.status).toBe('blocked');
  });

  it('sub-questions nest at most maxDepth deep', () => {
    const r = run({ queries: queries('blog.test A'), limits: { maxDepth: 0, maxReferrals: 12, maxTries: 5, timeoutMs: 400 } });
    expect(r.results[0]!.response?.rcode).toBe('SERVFAIL');
    const ok = run({ queries: queries('blog.test A'), limits: { maxDepth: 1, maxReferrals: 12, maxTries: 5, timeoutMs: 400 } });
    expect(ok.results[0]!.response?.rcode).toBe('NOERROR');
  });

  it('a server that never answers costs maxTries packets, then SERVFAIL', () => {
    const files = { ...DEFAULT_WORLD_FILES };
    const json = JSON.parse(files['world.json']!) as { servers: { name: string; address: string; zones: string[] }[] };
    // shop.test's glue points at an address where nothing listens
    files['test.zone'] = files['test.zone']!.replace('ns1.shop    IN A    192.0.2.20', 'ns1.shop    IN A    192.0.2.99');
    files['world.json'] = JSON.stringify(json);
    const r = run({ world: loadWorld(files), queries: queries('shop.test A') });
    expect(r.results.map((x) => [x.response?.rcode, x.upstreamPackets])).toEqual([['SERVFAIL', 2 + 5]]);
  });
});

describe('dns-proxy: loss, determinism', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6];

  it('with 30% UDP loss every query ends — the right answer or SERVFAIL — and the run stops on its own', () => {
    let servfails = 0;
    let correct = 0;
    for (const seed of SEEDS) {
      const r = run({ seed, loss: 0.3 });
      expect(r.report.lost, `seed ${seed}`).toBeGreaterThan(0);
      expect(['blocked', 'quiescent'], `seed ${seed}`).toContain(r.sim.status);
      expect(r.results, `seed ${seed}`).toHaveLength(DEMO_STUB_QUERIES.length);
      for (const res of r.results) {
        const g = got(res);
        if (g.rcode === 'SERVFAIL' && res.query.name !== 'loop1.shop.test.') servfails++;
        else if (g.rcode !== 'no response') {
          expect(sorted(g), `seed ${seed}: ${res.query.name}`).toEqual(sorted(oracle(DEFAULT_DNS_WORLD, res.query.name, res.query.type)));
          correct++;
        }
      }
    }
    expect(correct).toBeGreaterThan(servfails * 3);
  });

  it('is deterministic: the same seed gives the same trace; other seeds give the same answers', () => {
    const lines = (seed: number) => run({ seed, loss: 0.3 }, true).records.map((r) => prettyRecord(r));
    expect(lines(7)).toEqual(lines(7));
    const answers = (seed: number) => run({ seed }).results.map((x) => pretty(x.response!.answers.map(key) as Term));
    expect(answers(3)).toEqual(answers(1));
    const ids = (seed: number) => run({ seed }).results.map((x) => x.id);
    expect(ids(3)).not.toEqual(ids(1));
  });
});

describe('npm run sim -- dns-proxy', () => {
  function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const status = runSim(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
  }

  it('prints each query: question, rcode, sections as master-file lines, cache, upstream packets', () => {
    const r = cli('dns-proxy', '--query', 'www.shop.test A', '--query', 'www.shop.test A', '--query', 'nope.shop.test MX @500');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = r.stdout;
    expect(text).toContain([
      ';; query 1: www.shop.test. IN A  (sent at 0 ms)',
      ';; status: NOERROR, answered at 70 ms after 1 try; from cache: no; upstream packets: 6',
      ';; ANSWER SECTION:',
      'www.shop.test. 20 IN CNAME shop.cdn.example.',
      'shop.cdn.example. 20 IN CNAME edge.cdn.example.',
      'edge.cdn.example. 20 IN A 198.51.100.80',
      'edge.cdn.example. 20 IN A 198.51.100.81',
      ';; AUTHORITY SECTION:',
      ';; (empty)',
      '',
      ';; query 2: www.shop.test. IN A  (sent at 70 ms)',
      ';; status: NOERROR, answered at 80 ms after 1 try; from cache: yes; upstream packets: 0',
    ].join('\n'));
    expect(text).toContain([
      ';; query 3: nope.shop.test. IN MX  (sent at 500 ms, as asked: nope.shop.test. MX @500)',
      ';; status: NXDOMAIN, answered at 520 ms after 1 try; from cache: no; upstream packets: 1',
      ';; ANSWER SECTION:',
      ';; (empty)',
      ';; AUTHORITY SECTION:',
      'shop.test. 15 IN SOA ns1.shop.test. hostmaster.shop.test. 1 1800 900 604800 15',
    ].join('\n'));
    expect(text).toMatch(/^crashes +none$/m);
  });

  it('the report (the scenario\'s report hook) prints every answer as the zone data says', () => {
    const r = cli('dns-proxy', '--world', 'src/scenarios/dns/worlds/default', '--pretty');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    // the setup comes before the trace, the report after it
    expect(lines[1]).toMatch(/^;; world: src\/scenarios\/dns\/worlds\/default: /);
    expect(lines[5]).toMatch(/^#1 /);
    const qs = worldQueries(DEFAULT_DNS_WORLD);
    const printed: { q: string; e: Expected }[] = [];
    for (let i = 0; i < lines.length; i++) {
      const head = /^;; query (\d+): (\S+) IN (\S+) /.exec(lines[i]!);
      if (head === null) continue;
      const rcode = /^;; status: (\S+),/.exec(lines[i + 1]!)![1]!;
      expect(lines[i + 2]).toBe(';; ANSWER SECTION:');
      const answers: string[] = [];
      for (let k = i + 3; lines[k] !== ';; AUTHORITY SECTION:'; k++) {
        if (lines[k] === ';; (empty)') continue;
        const [name, , cls, type, ...data] = lines[k]!.split(' ');
        expect(cls).toBe('IN');
        answers.push(`${name} ${type} ${data.join(' ')}`);
      }
      printed.push({ q: `${head[2]} ${head[3]}`, e: { rcode, answers } });
    }
    expect(printed.map((p) => p.q)).toEqual(qs.map((q) => `${q.name} ${q.type}`));
    for (const p of printed) {
      const [name, type] = p.q.split(' ') as [string, string];
      expect(sorted(p.e), p.q).toEqual(sorted(oracle(DEFAULT_DNS_WORLD, name, type)));
    }
  });

  it('--world DIR loads a world from disk; --loss sets UDP loss', () => {
    const r = cli('dns-proxy', '--world', 'src/scenarios/dns/worlds/default', '--loss', '0.3', '--seed', '4');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(';; world: src/scenarios/dns/worlds/default: 6 servers, 7 zones; root hints 198.41.0.4');
    expect(r.stdout).toMatch(/^;; network: \d+ datagrams lost$/m);
    expect(r.stdout.match(/^;; query \d+:/gm)).toHaveLength(worldQueries(DEFAULT_DNS_WORLD).length);
  });

  it('a bad world is exit 2 with the file and line; bad flags are exit 2', () => {
    const r = cli('dns-proxy', '--world', 'test/scenarios');
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'sim: --world: test/scenarios/world.json:1: cannot read the file\n']);
    expect(cli('dns-proxy', '--query', 'www.shop.test').stderr).toMatch(/^sim: --query: query "www.shop.test" must be "NAME TYPE \[@MS\]"\n$/);
    expect(cli('ping-pong', '--world', 'x').stderr).toBe('sim: --world is only for the dns-proxy scenario\n');
    expect(cli('dns-proxy', '--loss', '1.5').stderr).toBe('sim: --loss needs a probability from 0 to 1, got "1.5"\n');
  });

  it('parses --query (repeatable, in order), --world and --loss; rejects them where they do not apply', () => {
    const known = [{ id: 'ping-pong' }, dnsProxy];
    const reads: string[] = [];
    const files = {
      readText: (path: string): string => {
        reads.push(path);
        const text = path.startsWith('w/') ? DEFAULT_WORLD_FILES[path.slice(2)] : undefined;
        if (text === undefined) throw new Error(`ENOENT ${path}`);
        return text;
      },
    };
    const p = parseSimArgs(['dns-proxy', '--query', 'b.test MX @5', '--query=a.test A', '--world', 'w', '--loss', '.25'], known, files);
    expect(p).toEqual({
      kind: 'run',
      args: {
        scenario: 'dns-proxy', quiet: false, pretty: false, loss: 0.25,
        scenarioConfig: { queries: ['b.test. MX @5', 'a.test. A'], world: { dir: 'w', files: DEFAULT_WORLD_FILES } },
      },
    });
    // world.json first, then each zone file it names, once
    expect(reads[0]).toBe('w/world.json');
    expect([...reads].sort()).toEqual(Object.keys(DEFAULT_WORLD_FILES).map((f) => `w/${f}`).sort());
    expect(parseSimArgs(['ping-pong', '--loss', '0.1'], known, files)).toMatchObject({ kind: 'run', args: { loss: 0.1 } });
    expect(parseSimArgs(['ping-pong', '--query', 'a.test A'], known, files)).toEqual({ kind: 'error', error: '--query is only for the dns-proxy scenario' });
    expect(parseSimArgs(['--replay', 'x.jsonl', '--loss', '0.1'], known, files)).toEqual({
      kind: 'error', error: "--replay takes the run's options from the trace's header: --loss is not allowed",
    });
    expect(parseSimArgs(['dns-proxy', '--world', 'a', '--world', 'b'], known, files)).toEqual({ kind: 'error', error: '--world given more than once' });
  });

  it('is registered with a description for the picker', () => {
    expect(dnsProxy.id).toBe('dns-proxy');
    expect(dnsProxy.description).toMatch(/question-dispatcher/);
    expect(canonicalName('a.b')).toBe('a.b.');
  });
});
