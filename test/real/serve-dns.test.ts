/**
 * dns-proxy on a real UDP socket (issue 18), resolving in a world directory written here: a glueless
 * delegation (acme.lab.'s name server lives under org. and lab. gives no address for it), NXDOMAIN
 * with negative caching, MX, multi-string TXT and a wildcard (RFC 4592), asked with dns-packet over
 * dgram and with `dig` where it is installed; then the recorded trace replayed with the same hashes.
 * The expected answers are worked out from the zone files below, not from the proxy's output.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/serve-main.ts';
import { args, query, replayed, served, type Decoded } from '../helpers/serve-real.ts';
import { startServe } from '../helpers/serve-process.ts';

/** The machine is shared and loaded: a real run (and a spawned `serve`) may take minutes. */
const TIMEOUT_MS = 180_000;

/** The SOA MINIMUM of acme.lab. (below its SOA TTL): a negative answer is cached this long. */
const NEGATIVE_TTL = 600;

const WORLD: Readonly<Record<string, string>> = {
  'world.json': JSON.stringify({
    rootHints: ['198.41.0.4'],
    servers: [
      { name: 'a.root-servers.net', address: '198.41.0.4', zones: ['root.zone'] },
      { name: 'ns.nic.lab', address: '192.0.2.1', zones: ['lab.zone'] },
      { name: 'a.nic.org', address: '192.0.2.2', zones: ['org.zone'] },
      { name: 'ns1.dnsco.org', address: '203.0.113.53', zones: ['acme.lab.zone'] },
    ],
  }),
  'root.zone': `$ORIGIN .
$TTL 3600
@                   IN SOA a.root-servers.net. hostmaster.root-servers.net. ( 1 1800 900 604800 3600 )
@                   IN NS  a.root-servers.net.
a.root-servers.net. IN A   198.41.0.4
lab.                IN NS  ns.nic.lab.
ns.nic.lab.         IN A   192.0.2.1
org.                IN NS  a.nic.org.
a.nic.org.          IN A   192.0.2.2
`,
  'lab.zone': `$ORIGIN lab.
$TTL 3600
@      IN SOA ns.nic hostmaster.nic ( 1 1800 900 604800 3600 )
@      IN NS  ns.nic
ns.nic IN A   192.0.2.1
; glueless: the name server is out of this zone's bailiwick, and no address is given for it
acme   IN NS  ns1.dnsco.org.
`,
  'org.zone': `$ORIGIN org.
$TTL 3600
@         IN SOA a.nic hostmaster.nic ( 1 1800 900 604800 3600 )
@         IN NS  a.nic
a.nic     IN A   192.0.2.2
ns1.dnsco IN A   203.0.113.53
`,
  'acme.lab.zone': `$ORIGIN acme.lab.
$TTL 3600
@     IN SOA ns1.dnsco.org. hostmaster ( 1 1800 900 604800 ${NEGATIVE_TTL} )
@     IN NS  ns1.dnsco.org.
@     IN MX  10 mail
@     IN MX  20 mx2.backup.org.
@     IN TXT "v=spf1 mx" " -all"
mail  IN A   203.0.113.25
www   IN A   203.0.113.80
notes IN TXT "first string" "second; not a comment" "third \\"quoted\\""
*.apps          IN A   203.0.113.100
*.apps          IN TXT "wildcard"
host.sub.apps   IN A   203.0.113.101
`,
};

function writeWorld(): string {
  const dir = mkdtempSync(join(tmpdir(), 'os2-serve-dns-'));
  for (const [name, text] of Object.entries(WORLD)) writeFileSync(join(dir, name), text);
  return dir;
}

const rr = (d: Decoded): string[] => d.answers.map((r) => `${r.name} ${r.type} ${String(r.data)}`);
const txt = (d: Decoded): string[][] => d.answers.map((r) => (r.data as Buffer[]).map((b) => b.toString('utf8')));

function hasDig(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v dig'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('npm run serve -- dns-proxy --world DIR: zone data as it is really written, asked by real clients', () => {
  it('answers glueless, NXDOMAIN (cached: no upstream packet the second time), MX, multi-string TXT and wildcards; replays', async () => {
    const world = writeWorld();
    const out = join(world, 'dns.jsonl');
    const s = await serve(args('dns-proxy', '--world', world, '--out', out), () => undefined);
    const port = served(s, 'udp');
    const packets = (): number => s.ground.current.sim.world.net.seq;

    // glueless: root → lab. → acme.lab. NS ns1.dnsco.org. (no glue) → root → org. → its address → www
    const www = await query(port, 'www.acme.lab', 'A', 1);
    expect(www.rcode).toBe('NOERROR');
    expect(rr(www)).toEqual(['www.acme.lab A 203.0.113.80']);

    const before = packets();
    const nx = await query(port, 'nope.acme.lab', 'A', 2);
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.answers).toEqual([]);
    // RFC 2308: the zone's SOA, with TTL min(SOA TTL 3600, MINIMUM)
    expect(nx.authorities.map((r) => [r.name, r.type, r.ttl])).toEqual([['acme.lab', 'SOA', NEGATIVE_TTL]]);
    // acme.lab.'s server was asked: more than the reply went through the world
    expect(packets() - before).toBeGreaterThan(1);
    const cachedFrom = packets();
    const again = await query(port, 'nope.acme.lab', 'A', 3);
    expect(again.rcode).toBe('NXDOMAIN');
    expect(again.answers).toEqual([]);
    expect(again.authorities.map((r) => [r.name, r.type])).toEqual([['acme.lab', 'SOA']]);
    // the cache counts the TTL down (far less than NEGATIVE_TTL seconds have passed)
    expect(again.authorities[0]!.ttl).toBeGreaterThan(0);
    expect(again.authorities[0]!.ttl).toBeLessThanOrEqual(NEGATIVE_TTL);
    // the negative answer came from the cache: the only packet is the reply
    expect(packets() - cachedFrom).toBe(1);

    const mx = await query(port, 'acme.lab', 'MX', 4);
    expect(mx.rcode).toBe('NOERROR');
    expect(mx.answers.map((r) => r.data).sort((a, b) => (a as { preference: number }).preference - (b as { preference: number }).preference))
      .toEqual([{ preference: 10, exchange: 'mail.acme.lab' }, { preference: 20, exchange: 'mx2.backup.org' }]);
    expect(mx.answers.every((r) => r.name === 'acme.lab' && r.type === 'MX')).toBe(true);

    const notes = await query(port, 'notes.acme.lab', 'TXT', 5);
    expect(txt(notes)).toEqual([['first string', 'second; not a comment', 'third "quoted"']]);
    const spf = await query(port, 'acme.lab', 'TXT', 6);
    expect(txt(spf)).toEqual([['v=spf1 mx', ' -all']]);

    // RFC 4592: synthesised from *.apps (the closest encloser is apps), owned by the name asked
    expect(rr(await query(port, 'foo.apps.acme.lab', 'A', 7))).toEqual(['foo.apps.acme.lab A 203.0.113.100']);
    const deep = await query(port, 'a.b.apps.acme.lab', 'TXT', 8);
    expect(deep.answers.map((r) => r.name)).toEqual(['a.b.apps.acme.lab']);
    expect(txt(deep)).toEqual([['wildcard']]);
    // sub.apps exists (an empty non-terminal): the closest encloser of x.sub.apps, and no *.sub.apps
    expect((await query(port, 'x.sub.apps.acme.lab', 'A', 9)).rcode).toBe('NXDOMAIN');
    // an existing name is never synthesised: sub.apps has no data, so NODATA
    const ent = await query(port, 'sub.apps.acme.lab', 'A', 10);
    expect([ent.rcode, ent.answers]).toEqual(['NOERROR', []]);
    expect(rr(await query(port, 'host.sub.apps.acme.lab', 'A', 11))).toEqual(['host.sub.apps.acme.lab A 203.0.113.101']);

    const lines = await s.stop();
    expect(lines.at(-1)).toBe(`trace: ${out} (the whole run; replays against the simulated ground)`);
    // every step's hash checked against the simulated ground's (the replay counts step 0 too)
    expect(replayed(out)).toEqual({ ok: true, steps: s.ground.current.sim.steps + 1 });
  }, TIMEOUT_MS);

  it.skipIf(!hasDig())('answers dig (the real command, a child process) for www.acme.lab A through the glueless delegation', async () => {
    const world = writeWorld();
    const p = startServe(['dns-proxy', '--world', world]);
    try {
      const port = await p.port('udp');
      const { stdout } = await promisify(execFile)('dig', ['@127.0.0.1', '-p', String(port), '+short', '+tries=1', '+time=60', 'www.acme.lab', 'A']);
      expect(stdout).toBe('203.0.113.80\n');
    } finally {
      p.child.kill('SIGINT');
    }
    const e = await p.exited;
    expect(e.code).toBe(0);
  }, TIMEOUT_MS);
});
