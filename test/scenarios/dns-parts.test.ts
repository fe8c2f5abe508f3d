/**
 * The DNS scenario's pure parts: wire format, master files, world.json,
 * the authoritative answer function, the cache, and the shipped default world.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { struct } from '../../src/kernel/index.ts';
import { authoritativeAnswer } from '../../src/scenarios/dns/authority.ts';
import { cacheKey, EMPTY_CACHE, expire, lookup, merge, startingPoint } from '../../src/scenarios/dns/cache.ts';
import { parseZone } from '../../src/scenarios/dns/master.ts';
import {
  makeQuery, messageOf, messageTerm, rrLine, soaTerm, type DnsMessage, type Question, type Rr,
} from '../../src/scenarios/dns/message.ts';
import { parseQuery } from '../../src/scenarios/dns/queries.ts';
import { decodeMessage, encodeMessage } from '../../src/scenarios/dns/wire.ts';
import { loadWorld, type WorldFiles } from '../../src/scenarios/dns/world.ts';
import { DEFAULT_WORLD_FILES } from '../../src/scenarios/dns/worlds/default-world.ts';
import { DEFAULT_WORLD_MODULE, defaultWorldModule } from '../../src/scenarios/dns/worlds/generate.ts';
import { DEFAULT_DNS_WORLD } from '../../src/scenarios/dns-proxy.ts';
import { loadWorldDir } from '../../src/scenarios/dns/load-dir.ts';
import { worldProblem } from '../helpers/world-error.ts';

const readText = (path: string): string => readFileSync(path, 'utf8');

const rr = (name: string, type: string, ttl: number, data: Rr['data']): Rr => ({ name, type, cls: 'IN', ttl, data });
const q = (name: string, type: string): Question => ({ name, type, cls: 'IN' });
const soa = soaTerm({ mname: 'ns1.shop.test.', rname: 'hostmaster.shop.test.', serial: 7, refresh: 1800, retry: 900, expire: 604800, minimum: 15 });

const problem = worldProblem;

describe('wire format', () => {
  const response: DnsMessage = {
    id: 4242, kind: 'response', opcode: 'QUERY', rcode: 'NXDOMAIN', flags: ['aa', 'rd', 'ra'],
    questions: [q('www.shop.test.', 'A')],
    answers: [
      rr('www.shop.test.', 'CNAME', 20, 'shop.cdn.example.'),
      rr('edge.cdn.example.', 'A', 20, '198.51.100.80'),
      rr('edge.cdn.example.', 'AAAA', 20, '2001:db8::1'),
      rr('shop.test.', 'MX', 30, struct('mx', 10, 'mail.shop.test.')),
      rr('info.shop.test.', 'TXT', 30, ['open 9-17', 'closed on sundays']),
      rr('1.2.0.192.in-addr.arpa.', 'PTR', 30, 'host.shop.test.'),
    ],
    authorities: [rr('shop.test.', 'SOA', 15, soa), rr('shop.test.', 'NS', 60, 'ns1.shop.test.')],
    additionals: [rr('ns1.shop.test.', 'A', 60, '192.0.2.20')],
  };

  it('encodes and decodes every supported record type, flags and rcode unchanged', () => {
    const bytes = encodeMessage(response);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeMessage(bytes)).toEqual({ message: response });
    // and the os2 term form round-trips too
    expect(messageOf(messageTerm(response))).toEqual(response);
  });

  it('a query is 12 header bytes plus the question, with RD when asked', () => {
    const bytes = encodeMessage(makeQuery(1, q('a.test.', 'A'), true));
    expect(bytes.length).toBe(12 + 8 + 4);
    expect([...bytes.slice(0, 4)]).toEqual([0, 1, 0x01, 0x00]);
  });

  it('malformed datagrams are errors, never exceptions', () => {
    expect(decodeMessage(new Uint8Array(0))).toEqual({ error: 'Header must be 12 bytes' });
    expect(decodeMessage(new TextEncoder().encode('hello, is this DNS?'))).toHaveProperty('error');
    const truncated = encodeMessage(response).slice(0, 40);
    expect(decodeMessage(truncated)).toHaveProperty('error');
    const trailing = new Uint8Array([...encodeMessage(makeQuery(1, q('a.test.', 'A'), true)), 0, 0]);
    expect(decodeMessage(trailing)).toEqual({ error: '2 bytes after the end of the message' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      const d = decodeMessage(b);
      expect('message' in d || 'error' in d).toBe(true);
    }), { numRuns: 500 });
  });
});

describe('master files and world.json', () => {
  it('parses $ORIGIN, $TTL, relative names, blank owners, parentheses and comments', () => {
    const z = parseZone('x.zone', [
      '; a comment', '$ORIGIN shop.test.', '$TTL 30',
      '@ 60 IN SOA ns1 hostmaster ( 1 ; serial', '   1800 900 604800 15 )',
      '@ IN NS ns1', 'ns1 IN A 192.0.2.20', '@ A 192.0.2.80', '   MX 10 mail', 'info TXT "a; b" "c"',
      'www CNAME shop.cdn.example.', '$ORIGIN sub', 'deep A 192.0.2.99',
    ].join('\n'));
    expect(z.origin).toBe('shop.test.');
    expect(z.records.map((r) => `${r.line}: ${rrLine(r)}`)).toEqual([
      '4: shop.test. 60 IN SOA ns1.shop.test. hostmaster.shop.test. 1 1800 900 604800 15',
      '6: shop.test. 30 IN NS ns1.shop.test.',
      '7: ns1.shop.test. 30 IN A 192.0.2.20',
      '8: shop.test. 30 IN A 192.0.2.80',
      '9: shop.test. 30 IN MX 10 mail.shop.test.',
      '10: info.shop.test. 30 IN TXT "a; b" "c"',
      '11: www.shop.test. 30 IN CNAME shop.cdn.example.',
      '13: deep.sub.shop.test. 30 IN A 192.0.2.99',
    ]);
  });

  const head = '$ORIGIN x.test.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n';
  it.each([
    ['foo CH A 1.2.3.4', 'x.zone:6: class CH is not supported (only IN)'],
    ['foo A 1.2.3', 'x.zone:6: "1.2.3" is not an IPv4 address'],
    ['foo SRV 1 2 3 x', 'x.zone:6: record type "SRV" is not supported (supported: A, AAAA, NS, CNAME, SOA, MX, TXT, PTR)'],
    ['foo A', 'x.zone:6: the A record has no data'],
    ['foo 1x A 192.0.2.2', 'x.zone:6: record type "1x" is not supported (supported: A, AAAA, NS, CNAME, SOA, MX, TXT, PTR)'],
    ['foo 100000w A 192.0.2.2', 'x.zone:6: the TTL "100000w" is out of range (0 … 2147483647 seconds) (RFC 2181 §8)'],
    ['foo.other.test. A 192.0.2.2', 'x.zone:6: foo.other.test. is outside the zone x.test.'],
    ['sub NS ns.sub', 'x.zone:6: the delegation of sub.x.test. to ns.sub.x.test. needs glue (an A or AAAA record for ns.sub.x.test.)'],
    ['www CNAME a\nwww A 192.0.2.3', 'x.zone:7: www.x.test. has a CNAME and other data'],
    ['$INCLUDE other.zone', 'x.zone:6: cannot include "other.zone" here (no world directory)'],
    ['$GENERATE 1-2 h$ A 192.0.2.$', 'x.zone:6: directive "$GENERATE" is not supported (only $ORIGIN, $TTL and $INCLUDE)'],
    ['foo A (192.0.2.2', 'x.zone:6: a "(" is never closed'],
    ['@ SOA ns hm 2 2 3 4 5', 'x.zone:6: a second SOA record (a zone has exactly one)'],
  ])('%s → %s', (line, message) => {
    expect(problem(() => parseZone('x.zone', head + line + '\n'))).toBe(message);
  });

  it('a zone needs an SOA and NS at its apex; records need a TTL', () => {
    expect(problem(() => parseZone('a.zone', '$ORIGIN a.\n$TTL 5\n@ NS ns\n'))).toBe('a.zone:1: the zone has no SOA record');
    expect(problem(() => parseZone('a.zone', '$ORIGIN a.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n'))).toBe('a.zone:3: the zone a. has no NS record at its apex');
    expect(problem(() => parseZone('a.zone', '$ORIGIN a.\n@ 5 SOA ns hm 1 2 3 4 5\n@ NS ns\n'))).toBe('a.zone:3: the record has no TTL and there is no $TTL before it');
  });

  const world = (json: string, extra: WorldFiles = {}): WorldFiles => ({ ...DEFAULT_WORLD_FILES, 'world.json': json, ...extra });
  it('world.json problems name the file and line', () => {
    expect(problem(() => loadWorld(world('{\n  "rootHints": ["198.41.0.4"],\n  "servers": [\n}')))).toMatch(/^world\.json:4: not valid JSON/);
    const bad = '{\n  "rootHints": ["198.41.0.4"],\n  "servers": [\n    {"name": "a.root-servers.net", "address": "198.41.0.400", "zones": ["root.zone"]}\n  ]\n}';
    expect(problem(() => loadWorld(world(bad)))).toBe('world.json:4: servers[0]: "address" must be an IPv4 address');
    const missing = '{\n  "rootHints": ["198.41.0.4"],\n  "servers": [\n    {"name": "a", "address": "198.41.0.4",\n     "zones": ["nowhere.zone"]}\n  ]\n}';
    expect(problem(() => loadWorld(world(missing)))).toBe('world.json:5: servers[0]: zone file "nowhere.zone" is not in the world directory');
    const hint = '{\n  "rootHints": ["198.41.0.9"],\n  "servers": [{"name": "a", "address": "198.41.0.4", "zones": ["root.zone"]}]\n}';
    expect(problem(() => loadWorld(world(hint)))).toBe('world.json:2: root hint 198.41.0.9 is not the address of any server');
    expect(problem(() => loadWorld(world(DEFAULT_WORLD_FILES['world.json']!, { 'shop.test.zone': '$ORIGIN shop.test.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 300.1.1.1\n' }))))
      .toBe('shop.test.zone:5: "300.1.1.1" is not an IPv4 address');
  });

  it('a world directory on disk: errors carry the directory', () => {
    expect(loadWorldDir('src/scenarios/dns/worlds/default', readText).world.servers).toHaveLength(6);
    expect(problem(() => loadWorldDir('/nonexistent', readText))).toBe('/nonexistent/world.json:1: cannot read the file');
  });

  it('queries are NAME TYPE [@MS]', () => {
    expect(parseQuery('WWW.Shop.test a')).toEqual({ name: 'www.shop.test.', type: 'A', at: null });
    expect(parseQuery('www.shop.test. MX @30000')).toEqual({ name: 'www.shop.test.', type: 'MX', at: 30000 });
    expect(parseQuery('www.shop.test')).toMatch(/must be "NAME TYPE \[@MS\]"/);
    expect(parseQuery('www.shop.test SRV')).toMatch(/type "SRV" is not one of/);
    expect(parseQuery('www.shop.test A 30')).toMatch(/"30" must be @MS/);
  });
});

describe('the shipped default world', () => {
  it('default-world.ts is generated from the files in worlds/default/ (run generate.ts after editing them)', () => {
    expect(readFileSync(DEFAULT_WORLD_MODULE, 'utf8')).toBe(defaultWorldModule());
  });

  it('has a root, two TLDs, glue, a glueless delegation, a cross-zone CNAME chain, short TTLs', () => {
    const w = DEFAULT_DNS_WORLD;
    const zones = w.servers.flatMap((s) => s.zones.map((z) => z.origin));
    expect(zones).toEqual(['.', 'test.', 'example.', 'shop.test.', 'cdn.example.', 'hosting.example.', 'blog.test.']);
    const test = w.servers[1]!.zones[0]!;
    expect(test.records.filter((r) => r.type === 'NS' && r.name !== 'test.').map(rrLine)).toEqual([
      'shop.test. 60 IN NS ns1.shop.test.', 'blog.test. 60 IN NS ns1.hosting.example.',
    ]);
    expect(test.records.some((r) => r.name === 'ns1.hosting.example.')).toBe(false); // glueless
    const ttls = w.servers.flatMap((s) => s.zones.flatMap((z) => z.records.map((r) => r.ttl)));
    expect(Math.max(...ttls)).toBeLessThanOrEqual(60);
  });
});

describe('authoritative answers (RFC 1034 §4.3.2, RFC 2308)', () => {
  const byName = (n: string) => DEFAULT_DNS_WORLD.servers.find((s) => s.name === n)!.zones;
  const ask = (server: string, name: string, type: string) => authoritativeAnswer(byName(server), makeQuery(9, q(name, type), false));
  const lines = (m: DnsMessage) => ({
    rcode: m.rcode, aa: m.flags.includes('aa'),
    an: m.answers.map(rrLine), ns: m.authorities.map(rrLine), ar: m.additionals.map(rrLine),
  });

  it('refers to the child zone with glue, without AA', () => {
    expect(lines(ask('a.root-servers.net.', 'www.shop.test.', 'A'))).toEqual({
      rcode: 'NOERROR', aa: false, an: [], ns: ['test. 60 IN NS ns1.nic.test.'], ar: ['ns1.nic.test. 60 IN A 192.0.2.10'],
    });
    expect(lines(ask('ns1.nic.test.', 'www.blog.test.', 'A'))).toEqual({
      rcode: 'NOERROR', aa: false, an: [], ns: ['blog.test. 60 IN NS ns1.hosting.example.'], ar: [],
    });
  });

  it('answers, follows in-zone CNAMEs, stops at the zone edge and at loops', () => {
    expect(lines(ask('ns.cdn.example.', 'shop.cdn.example.', 'A')).an).toEqual([
      'shop.cdn.example. 20 IN CNAME edge.cdn.example.', 'edge.cdn.example. 20 IN A 198.51.100.80', 'edge.cdn.example. 20 IN A 198.51.100.81',
    ]);
    expect(lines(ask('ns1.shop.test.', 'www.shop.test.', 'A'))).toMatchObject({ rcode: 'NOERROR', aa: true, an: ['www.shop.test. 20 IN CNAME shop.cdn.example.'] });
    expect(lines(ask('ns1.shop.test.', 'loop1.shop.test.', 'A')).an).toEqual([
      'loop1.shop.test. 20 IN CNAME loop2.shop.test.', 'loop2.shop.test. 20 IN CNAME loop1.shop.test.',
    ]);
  });

  it('NXDOMAIN and NODATA carry the SOA with TTL min(SOA TTL, MINIMUM); other zones are REFUSED', () => {
    const soaLine = 'shop.test. 15 IN SOA ns1.shop.test. hostmaster.shop.test. 1 1800 900 604800 15';
    expect(lines(ask('ns1.shop.test.', 'nope.shop.test.', 'A'))).toMatchObject({ rcode: 'NXDOMAIN', aa: true, an: [], ns: [soaLine] });
    expect(lines(ask('ns1.shop.test.', 'mail.shop.test.', 'AAAA'))).toMatchObject({ rcode: 'NOERROR', aa: true, an: [], ns: [soaLine] });
    expect(ask('ns1.shop.test.', 'www.cdn.example.', 'A').rcode).toBe('REFUSED');
    const two = { ...makeQuery(1, q('shop.test.', 'A'), false), questions: [q('shop.test.', 'A'), q('shop.test.', 'MX')] };
    expect(authoritativeAnswer(byName('ns1.shop.test.'), two).rcode).toBe('FORMERR');
  });
});

describe('the cache (RFC 2308 negative caching, TTLs on the virtual clock)', () => {
  const referral: DnsMessage = {
    ...makeQuery(1, q('www.shop.test.', 'A'), false), kind: 'response',
    authorities: [rr('shop.test.', 'NS', 60, 'ns1.shop.test.')], additionals: [rr('ns1.shop.test.', 'A', 60, '192.0.2.20'), rr('evil.example.', 'A', 60, '6.6.6.6')],
  };
  const answer: DnsMessage = {
    ...makeQuery(2, q('www.shop.test.', 'A'), false), kind: 'response', flags: ['aa'],
    answers: [rr('www.shop.test.', 'CNAME', 20, 'shop.cdn.example.')],
  };
  const nx: DnsMessage = {
    ...makeQuery(3, q('nope.shop.test.', 'A'), false), kind: 'response', rcode: 'NXDOMAIN', flags: ['aa'],
    authorities: [rr('shop.test.', 'SOA', 15, soa)],
  };

  it('keeps records in bailiwick only, and counts their TTL down to expiry', () => {
    const m = merge(EMPTY_CACHE, referral, 'test.', q('www.shop.test.', 'A'), 1000);
    expect(m.stored).toEqual([{ key: cacheKey('shop.test.', 'NS', 'IN'), expiresAt: 61_000 }, { key: cacheKey('ns1.shop.test.', 'A', 'IN'), expiresAt: 61_000 }]);
    expect(startingPoint(m.cache, 'www.shop.test.', 2000, ['198.41.0.4'])).toEqual({ zone: 'shop.test.', servers: [{ name: 'ns1.shop.test.', addresses: ['192.0.2.20'] }] });
    expect(startingPoint(m.cache, 'www.shop.test.', 61_000, ['198.41.0.4'])).toEqual({ zone: '.', servers: [{ name: '198.41.0.4', addresses: ['198.41.0.4'] }] });
    const c = merge(m.cache, answer, 'shop.test.', q('www.shop.test.', 'A'), 1000).cache;
    expect(lookup(c, q('www.shop.test.', 'A'), 5500)).toEqual({ miss: { chain: [rr('www.shop.test.', 'CNAME', 15, 'shop.cdn.example.')], target: 'shop.cdn.example.' } });
    expect(lookup(c, q('www.shop.test.', 'CNAME'), 5500)).toEqual({ hit: { rcode: 'NOERROR', answers: [rr('www.shop.test.', 'CNAME', 15, 'shop.cdn.example.')], authorities: [] } });
    const key = cacheKey('www.shop.test.', 'CNAME', 'IN');
    expect(expire(c, key, 20_999)[key]).toBeDefined();
    expect(expire(c, key, 21_000)[key]).toBeUndefined();
  });

  it('caches NXDOMAIN for the SOA TTL, for every type of the name', () => {
    const c = merge(EMPTY_CACHE, nx, 'shop.test.', q('nope.shop.test.', 'A'), 0).cache;
    expect(lookup(c, q('nope.shop.test.', 'MX'), 1000)).toEqual({ hit: { rcode: 'NXDOMAIN', answers: [], authorities: [rr('shop.test.', 'SOA', 14, soa)] } });
    expect(lookup(c, q('nope.shop.test.', 'A'), 15_000)).toEqual({ miss: { chain: [], target: 'nope.shop.test.' } });
  });
});
