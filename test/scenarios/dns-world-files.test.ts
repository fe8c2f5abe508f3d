/**
 * World directories under hostile input (issue 11): zone files named like Object.prototype members
 * are files like any other, zone paths stay inside the world directory (absolute paths, "..", and
 * symbolic links leading out are refused at their line in world.json), record data is checked
 * against its wire limits when the zone loads (with the file and line), and world.json problems are
 * reported at the line of the value at fault.
 */
import { mkdtempSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorldDir } from '../../src/scenarios/dns/load-dir.ts';
import { parseZone, WorldError } from '../../src/scenarios/dns/master.ts';
import { worldProblem } from '../helpers/world-error.ts';
import { rrLine } from '../../src/scenarios/dns/message.ts';
import { loadWorld, type WorldFiles } from '../../src/scenarios/dns/world.ts';

const problem = worldProblem;

const ZONE = '$ORIGIN x.test.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n';
const world = (zones: readonly string[], address = '192.0.2.1'): string =>
  `{\n  "rootHints": ["${address}"],\n  "servers": [\n    {"name": "ns.x.test", "address": "${address}",\n     "zones": ${JSON.stringify(zones)}}\n  ]\n}`;

describe('zone files are looked up as own properties', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('a zone file named %s loads when it is there', (name) => {
    const files: WorldFiles = { 'world.json': world([name]), [name]: ZONE };
    expect(loadWorld(files).servers[0]!.zones[0]!.origin).toBe('x.test.');
  });

  it.each(['constructor', 'toString', 'valueOf', 'isPrototypeOf'])('a missing zone file named %s is reported at its line', (name) => {
    expect(problem(() => loadWorld({ 'world.json': world([name]) }))).toBe(`world.json:5: servers[0]: zone file "${name}" is not in the world directory`);
  });

  it('"__proto__" cannot name a zone file (a trace header keeps the files as a JSON object)', () => {
    expect(problem(() => loadWorld({ 'world.json': world(['__proto__']) }))).toBe('world.json:5: servers[0]: a zone file cannot be named "__proto__"');
  });
});

describe('zone paths stay inside the world directory', () => {
  it.each([
    ['../../etc/hostname', 'zone file "../../etc/hostname" must stay inside the world directory (no "..", "." or empty parts)'],
    ['/etc/hostname', 'zone file "/etc/hostname" is an absolute path (name it relative to the world directory)'],
    ['zones/../x.zone', 'zone file "zones/../x.zone" must stay inside the world directory (no "..", "." or empty parts)'],
    ['./x.zone', 'zone file "./x.zone" must stay inside the world directory (no "..", "." or empty parts)'],
    ['C:x.zone', 'zone file "C:x.zone" is an absolute path (name it relative to the world directory)'],
    ['a\\b', 'zone file "a\\\\b": a name with a backslash or a NUL character'],
    ['', 'an empty zone file name'],
  ])('%s is refused', (path, message) => {
    // Even when the files given claim to have it (a trace header may be edited).
    expect(problem(() => loadWorld({ 'world.json': world([path]), [path]: ZONE }))).toBe(`world.json:5: servers[0]: ${message}`);
  });

  describe('on disk', () => {
    const root = mkdtempSync(join(tmpdir(), 'os2-dns-world-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'w');
    mkdirSync(join(dir, 'zones'), { recursive: true });
    writeFileSync(join(root, 'secret.zone'), ZONE);
    writeFileSync(join(dir, 'zones', 'x.zone'), ZONE);
    symlinkSync(join(root, 'secret.zone'), join(dir, 'out.zone'));
    symlinkSync(root, join(dir, 'up'));
    symlinkSync(join(dir, 'zones', 'x.zone'), join(dir, 'in.zone'));
    mkdirSync(`${dir}2`);
    writeFileSync(join(`${dir}2`, 'x.zone'), ZONE);
    symlinkSync(join(`${dir}2`, 'x.zone'), join(dir, 'sibling.zone'));
    const reads: string[] = [];
    const readText = (p: string): string => {
      reads.push(realpathSync(p));
      return readFileSync(p, 'utf8');
    };
    const load = (zones: readonly string[]): string => {
      writeFileSync(join(dir, 'world.json'), world(zones));
      try {
        return `loaded ${loadWorldDir(dir, readText, realpathSync).world.servers[0]!.zones[0]!.origin}`;
      } catch (e) {
        if (e instanceof WorldError) return e.message;
        throw e;
      }
    };

    it('reads files below the directory, and links that stay inside it', () => {
      expect(load(['zones/x.zone'])).toBe('loaded x.test.');
      expect(load(['in.zone'])).toBe('loaded x.test.');
    });

    it.each([
      ['out.zone', 'a link to a file outside'], ['up/secret.zone', 'a link to a directory outside'],
      ['sibling.zone', 'a link into a sibling directory whose name starts like this one'],
    ])('refuses %s (%s), without reading it', (zone) => {
      reads.length = 0;
      expect(load([zone])).toBe(`${dir}/world.json:5: servers[0]: zone file "${zone}" leads outside the world directory (a symbolic link)`);
      expect(reads.filter((r) => !r.startsWith(`${realpathSync(dir)}/`))).toEqual([]);
    });

    it('never reads ../ or absolute paths', () => {
      reads.length = 0;
      expect(load(['../secret.zone'])).toMatch(/must stay inside the world directory/);
      expect(load([join(root, 'secret.zone')])).toMatch(/is an absolute path/);
      expect(reads.filter((r) => !r.startsWith(`${realpathSync(dir)}/`))).toEqual([]);
    });
  });
});

describe('record data is checked against its wire limits when the zone loads', () => {
  const head = '$ORIGIN x.test.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n';
  it.each([
    ['v6 AAAA 1::2::3', 'x.zone:6: "1::2::3" is not an IPv6 address'],
    ['v6 AAAA 1:2:3:4:5:6:7', 'x.zone:6: "1:2:3:4:5:6:7" is not an IPv6 address'],
    ['big 2147483648 A 192.0.2.2', 'x.zone:6: the TTL 2147483648 is out of range (0 … 2147483647) (RFC 2181 §8)'],
    ['$TTL 2147483648', 'x.zone:6: $TTL 2147483648 is out of range (0 … 2147483647) (RFC 2181 §8)'],
    ['mx MX 70000 mail', 'x.zone:6: the MX preference 70000 is out of range (0 … 65535)'],
    ['mx MX 10abc mail', 'x.zone:6: the MX preference must be a number of decimal digits (is "10abc")'],
    ['mx MX 10', 'x.zone:6: a MX record needs: preference exchange (found 1 item)'],
    [`t TXT "${'x'.repeat(256)}"`, 'x.zone:6: a TXT string of 256 bytes (a character-string holds at most 255)'],
    [`t TXT "${'\\255'.repeat(256)}"`, 'x.zone:6: a TXT string of 256 bytes (a character-string holds at most 255)'],
    [`t TXT "${'é'.repeat(128)}"`, 'x.zone:6: a TXT string of 256 bytes (a character-string holds at most 255)'],
    ['t TXT "\\300"', 'x.zone:6: \\300 in a TXT string is not a byte'],
    ['@ SOA ns hm 4294967296 2 3 4 5', 'x.zone:6: the SOA serial 4294967296 is out of range (0 … 4294967295)'],
    ['@ SOA ns hm 1 2 3 4 5 6', 'x.zone:6: a SOA record needs: mname rname serial refresh retry expire minimum (found 8 items)'],
    [`${'a'.repeat(64)} A 192.0.2.2`, `x.zone:6: "${'a'.repeat(60)}…" is not a valid domain name`],
    [`${'abcdefghi.'.repeat(24)}abcdefghi A 192.0.2.2`, 'x.zone:6: "abcdefghi.abcdefghi.abcdefghi.abcdefghi.abcdefghi.abcdefghi.…" is not a valid domain name'],
    ['a 1.2.3.4 A 192.0.2.2', 'x.zone:6: record type "1.2.3.4" is not supported (supported: A, AAAA, NS, CNAME, SOA, MX, TXT, PTR)'],
    ['a A 192.0.2.2 192.0.2.3', 'x.zone:6: a A record needs: an IPv4 address (found 2 items)'],
  ])('%s', (line, message) => {
    expect(problem(() => parseZone('x.zone', head + line + '\n'))).toBe(message);
  });

  it('at the limits, records load: TTL 2³¹−1, MX 65535, a 255-byte TXT string, SOA serial 2³²−1', () => {
    const z = parseZone('x.zone', head.replace('1 2 3 4 5', '4294967295 2 3 4 5') +
      `a 2147483647 A 192.0.2.2\nmx MX 65535 mail\nt TXT "${'x'.repeat(255)}" bare "\\104\\105\\"y"\nv6 AAAA 2001:0DB8::0:1\n`);
    expect(z.soa.serial).toBe(4294967295);
    expect(z.records.slice(3).map(rrLine)).toEqual([
      'a.x.test. 2147483647 IN A 192.0.2.2', 'mx.x.test. 5 IN MX 65535 mail.x.test.',
      `t.x.test. 5 IN TXT "${'x'.repeat(255)}" "bare" "hi\\"y"`, 'v6.x.test. 5 IN AAAA 2001:db8::1',
    ]);
  });

  it('a zone of many records loads in linear time', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `h${i} A 192.0.${i >> 8}.${i & 255}`).join('\n');
    const t0 = performance.now();
    expect(parseZone('x.zone', `${head}${many}\n`).records).toHaveLength(20_003);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('world.json problems are reported at the line of the value at fault', () => {
  const zones = { 'a.zone': ZONE.replace('x.test.', 'a.test.').replace('192.0.2.1', '192.0.2.7'), 'b.zone': ZONE.replace('x.test.', 'b.test.') };
  const two = (a: string, b: string): string =>
    `{\n  "rootHints": ["${a}"],\n  "servers": [\n    {"name": "ns.a.test", "address": "${a}", "zones": ["a.zone"]},\n` +
    `    {"name": "ns.b.test",\n     "address": "${b}",\n     "zones": ["b.zone"]}\n  ]\n}`;

  it('a duplicate server address: at the second, naming the first', () => {
    expect(problem(() => loadWorld({ 'world.json': two('192.0.2.7', '192.0.2.7'), ...zones })))
      .toBe('world.json:6: servers[1]: address 192.0.2.7 is already the address of servers[0] (ns.a.test., line 4)');
    expect(loadWorld({ 'world.json': two('192.0.2.7', '192.0.2.8'), ...zones }).servers).toHaveLength(2);
  });

  it('a duplicate key, a wrong type, an unknown key, deep nesting: each at its line', () => {
    expect(problem(() => loadWorld({ 'world.json': '{\n"rootHints": [],\n"rootHints": []\n}' }))).toBe('world.json:3: not valid JSON (the key "rootHints" is written twice)');
    expect(problem(() => loadWorld({ 'world.json': two('192.0.2.7', '192.0.2.8').replace('["b.zone"]', '"b.zone"'), ...zones })))
      .toBe('world.json:7: servers[1]: "zones" must be a non-empty list of master files');
    expect(problem(() => loadWorld({ 'world.json': '{\n "rootHints": ["1.2.3.4"],\n "__proto__": 1\n}' }))).toBe('world.json:3: unknown key "__proto__"');
    const deep = `{"a":\n${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(problem(() => loadWorld({ 'world.json': deep }))).toBe('world.json:2: not valid JSON (nested deeper than 32 levels)');
  });
});
