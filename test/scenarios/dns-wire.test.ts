/**
 * The DNS wire codec and names under hostile input (issue 11): labels are kept as bytes (a dot
 * inside a label, bytes 00 ff 80 2e), the question keeps its case, compression pointers cannot
 * loop, every field is range-checked when written, ordinary messages are byte-identical to the
 * `dns-packet` library's encoding (the codec the lab used before: traces stay the same), and
 * IPv6 addresses are parsed strictly and written as RFC 5952 says.
 */
import { Buffer } from 'node:buffer';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { struct } from '../../src/kernel/index.ts';
import { ipv6Bytes, ipv6Text } from '../../src/scenarios/dns/ip.ts';
import { makeQuery, soaTerm, type DnsMessage, type Rr } from '../../src/scenarios/dns/message.ts';
import {
  ancestry, canonicalName, isAtOrBelow, labelBytes, labels, nameFromLabels, parentName,
} from '../../src/scenarios/dns/names.ts';
import { decodeMessage, encodeMessage } from '../../src/scenarios/dns/wire.ts';

const enc = new TextEncoder();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const header = (counts: readonly number[], flags = 0x0100): number[] => [0, 7, flags >> 8, flags & 0xff, ...counts.flatMap((c) => [0, c])];
const question = (...labelList: (string | readonly number[])[]): number[] => [
  ...labelList.flatMap((l) => {
    const b = typeof l === 'string' ? [...enc.encode(l)] : [...l];
    return [b.length, ...b];
  }),
  0, 0, 1, 0, 1,
];
const decoded = (bytes: readonly number[]): DnsMessage => {
  const d = decodeMessage(Uint8Array.from(bytes));
  if ('error' in d) throw new Error(d.error);
  return d.message;
};

describe('names are label sequences', () => {
  it('a label holding a dot is one label: "www\\.shop.test." is a child of test., not of shop.test.', () => {
    const bytes = [...header([1, 0, 0, 0]), ...question('www.shop', 'test')];
    const m = decoded(bytes);
    expect(m.questions[0]!.name).toBe('www\\.shop.test.');
    expect(labels('www\\.shop.test.')).toEqual(['www\\.shop', 'test']);
    expect(parentName('www\\.shop.test.')).toBe('test.');
    expect(isAtOrBelow('www\\.shop.test.', 'shop.test.')).toBe(false);
    expect(isAtOrBelow('www\\.shop.test.', 'test.')).toBe(true);
    expect(isAtOrBelow('a\\\\.shop.test.', 'shop.test.')).toBe(true); // an escaped backslash, then a real dot
    expect(ancestry('www\\.shop.test.')).toEqual(['www\\.shop.test.', 'test.', '.']);
    expect(hex(encodeMessage(m))).toBe(hex(Uint8Array.from(bytes)));
  });

  it('any label bytes round-trip exactly (00 ff 80 2e is "\\000\\255\\128\\.")', () => {
    const bytes = [...header([1, 0, 0, 0]), ...question([0x00, 0xff, 0x80, 0x2e], 'Test')];
    const m = decoded(bytes);
    expect(m.questions[0]!.name).toBe('\\000\\255\\128\\..Test.');
    expect(hex(encodeMessage(m))).toBe(hex(Uint8Array.from(bytes)));
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 3 }), (ls) => {
      const name = nameFromLabels(ls);
      expect(labelBytes(name)).toEqual(ls);
      expect(canonicalName(name)).toBe(nameFromLabels(ls.map((l) => l.map((b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b)))));
    }), { numRuns: 300 });
  });

  it('the question keeps its letter case; record names are folded; canonicalName folds ASCII only', () => {
    const m = decoded([...header([1, 1, 0, 0], 0x8180), ...question('WwW', 'ShOp', 'TEST'), 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 192, 0, 2, 1]);
    expect(m.questions[0]!.name).toBe('WwW.ShOp.TEST.');
    expect(m.answers[0]!.name).toBe('www.shop.test.');
    expect(canonicalName('WWW.Shop.test')).toBe('www.shop.test.');
    expect(canonicalName('a\\046B.test')).toBe('a\\.b.test.');
  });

  it('labels over 63 octets, names over 255 and empty labels are refused when written', () => {
    const long = (name: string) => () => encodeMessage(makeQuery(1, { name, type: 'A', cls: 'IN' }, true));
    expect(long(`${'a'.repeat(63)}.test.`)).not.toThrow();
    expect(long(`${'a'.repeat(64)}.test.`)).toThrow(/longer than 63 octets/);
    expect(long(`${'a'.repeat(63)}.`.repeat(3) + `${'b'.repeat(61)}.`)).not.toThrow(); // 255 octets
    expect(long(`${'a'.repeat(63)}.`.repeat(3) + `${'b'.repeat(62)}.`)).toThrow(/longer than 255 octets/);
    expect(long('a..test.')).toThrow(/empty label/);
  });
});

describe('hostile datagrams are errors, never exceptions or loops', () => {
  const q = question('www', 'shop', 'test');
  it.each([
    ['a pointer to itself', [...header([1, 0, 0, 0]), 0xc0, 12, 0, 1, 0, 1], 'Cannot decode name (bad pointer)'],
    ['a pointer forwards', [...header([1, 0, 0, 0]), 0xc0, 14, 0, 1, 0, 1, 0], 'Cannot decode name (bad pointer)'],
    ['a pointer into the header', [...header([1, 0, 0, 0]), 0xc0, 2, 0, 1, 0, 1], 'Cannot decode name (bad pointer)'],
    ['two pointers to each other', [...header([1, 1, 0, 0]), ...q, 0xc0, 33, 0xc0, 31, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0], 'Cannot decode name (bad pointer)'],
    ['a pointer out of range', [...header([1, 0, 0, 0]), 0xff, 0xff, 0, 1, 0, 1], 'Cannot decode name (bad pointer)'],
    ['a label of kind 0x40', [...header([1, 0, 0, 0]), 0x41, 0x61, 0, 0, 1, 0, 1], 'Cannot decode name (bad label)'],
    ['a count of 65535 with nothing behind it', [0, 7, 1, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0], 'Cannot decode name (buffer overflow)'],
    ['an A record of 5 bytes', [...header([1, 1, 0, 0], 0x8000), ...q, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 9, 0, 5, 1, 2, 3, 4, 5], 'the data of a A record does not fill its RDLENGTH'],
    ['trailing bytes', [...header([1, 0, 0, 0]), ...q, 9, 9], '2 bytes after the end of the message'],
    ['a datagram over 64 KiB', [...header([0, 0, 0, 0]), ...Array<number>(65_600).fill(0)], 'longer than 65535 bytes'],
  ])('%s', (_what, bytes, error) => {
    expect(decodeMessage(Uint8Array.from(bytes))).toEqual({ error });
  });

  it('a compression pointer backwards is followed', () => {
    const m = decoded([...header([1, 1, 0, 0], 0x8180), ...q, 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 9, 0, 6, 3, ...enc.encode('cdn'), 0xc0, 16]);
    expect(m.answers[0]).toEqual({ name: 'www.shop.test.', type: 'CNAME', cls: 'IN', ttl: 9, data: 'cdn.shop.test.' });
  });

  it('unknown types, classes and opcodes keep their numbers; TXT bytes that are not UTF-8 stay bytes', () => {
    const answer = [0, /* type ANY */ 0, 255, /* class 0 */ 0, 0, /* TTL */ 0, 0, 0, 1, /* RDLENGTH */ 0, 3, 2, 0xff, 0x61];
    const bytes = [0, 7, 0x18, 0, 0, 1, 0, 1, 0, 0, 0, 0, ...question('x').slice(0, -4), 0xff, 0, 0x80, 1, ...answer];
    const m = decoded(bytes);
    expect(m.opcode).toBe('OPCODE_3');
    expect(m.questions[0]).toEqual({ name: 'x.', type: 'TYPE65280', cls: 'CLASS32769' });
    expect(m.answers[0]).toMatchObject({ type: 'ANY', cls: 'CLASS0', data: Uint8Array.from([2, 0xff, 0x61]) });
    expect(hex(encodeMessage(m))).toBe(hex(Uint8Array.from(bytes)));
    const txt: Rr = { name: 'x.', type: 'TXT', cls: 'IN', ttl: 1, data: [Uint8Array.from([0xff, 0x00]), 'é'] };
    const back = decoded([...encodeMessage({ ...makeQuery(1, { name: 'x.', type: 'TXT', cls: 'IN' }, false), kind: 'response', answers: [txt] })]);
    expect(back.answers[0]!.data).toEqual([Uint8Array.from([0xff, 0x00]), 'é']);
  });
});

describe('writing checks every field against its wire range', () => {
  const base = (r: Rr): DnsMessage => ({ ...makeQuery(1, { name: 'x.test.', type: r.type, cls: 'IN' }, false), kind: 'response', answers: [r] });
  const rr = (type: string, data: Rr['data'], ttl = 60): Rr => ({ name: 'x.test.', type, cls: 'IN', ttl, data });
  it.each([
    ['MX preference 70000', rr('MX', struct('mx', 70000, 'mail.test.')), /preference must be an integer 0 … 65535/],
    ['a TTL of 2³²', rr('A', '192.0.2.1', 2 ** 32), /TTL of x.test. A must be an integer 0 … 4294967295/],
    ['a TXT string of 256 bytes', rr('TXT', ['x'.repeat(256)]), /a string of 256 bytes \(at most 255\)/],
    ['SOA serial 2³²', rr('SOA', soaTerm({ mname: 'a.', rname: 'b.', serial: 2 ** 32, refresh: 1, retry: 1, expire: 1, minimum: 1 })), /serial must be an integer/],
    ['AAAA 1::2::3', rr('AAAA', '1::2::3'), /"1::2::3" is not an IPv6 address/],
    ['A 1.2.3', rr('A', '1.2.3'), /is not an IPv4 address/],
    ['an unknown type with a string', rr('TYPE98', 'x'), /cannot encode a TYPE98 record/],
  ])('%s', (_what, r, error) => {
    expect(() => encodeMessage(base(r))).toThrow(error);
  });

  it('an id above 65535 and an unknown rcode are refused', () => {
    expect(() => encodeMessage(makeQuery(65536, { name: 'a.', type: 'A', cls: 'IN' }, true))).toThrow(/the id must be an integer 0 … 65535/);
    expect(() => encodeMessage({ ...makeQuery(1, { name: 'a.', type: 'A', cls: 'IN' }, true), rcode: 'OOPS' })).toThrow(/"OOPS" is not a DNS rcode/);
    expect(() => encodeMessage(makeQuery(1, { name: 'a.', type: 'TYPE1', cls: 'IN' }, true))).toThrow(/"TYPE1" is not a DNS type/);
  });
});

describe('ordinary messages: the same bytes as dns-packet (the codec the lab used before)', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => `${ls.join('.')}.`);
  const ip4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
  const rdata: fc.Arbitrary<[string, Rr['data']]> = fc.oneof(
    ip4.map((a) => ['A', a] as [string, Rr['data']]),
    name.map((n) => ['CNAME', n] as [string, Rr['data']]),
    fc.tuple(fc.nat(65535), name).map(([p, n]) => ['MX', struct('mx', p, n)] as [string, Rr['data']]),
    fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 3 }).map((xs) => ['TXT', xs] as [string, Rr['data']]),
  );
  const message = fc.record({
    id: fc.nat(65535), q: name, rrs: fc.array(fc.tuple(name, rdata, fc.nat(2 ** 31 - 1)), { maxLength: 5 }), rd: fc.boolean(),
  }).map(({ id, q, rrs, rd }): DnsMessage => ({
    ...makeQuery(id, { name: q, type: 'A', cls: 'IN' }, rd), kind: 'response', flags: rd ? ['rd', 'ra'] : ['aa'],
    answers: rrs.map(([n, [type, data], ttl]) => ({ name: n, type, cls: 'IN', ttl, data })),
  }));

  it('encodes byte for byte as dns-packet does, and dns-packet reads it back', () => {
    fc.assert(fc.property(message, (m) => {
      const ours = encodeMessage(m);
      const theirs = dnsPacket.encode(dnsPacket.decode(Buffer.from(ours)));
      expect(hex(ours)).toBe(theirs.toString('hex'));
      expect(decodeMessage(ours)).toEqual({ message: m });
    }), { numRuns: 300 });
  });
});

describe('IPv6 addresses (RFC 4291 text, RFC 5952 output)', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'], ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], ['::', '::'], ['::1', '::1'],
    ['1::', '1::'], ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('%s → %s', (text, canonical) => {
    expect(ipv6Text(ipv6Bytes(text)!)).toBe(canonical);
  });

  it.each(['1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', ':1::2', 'g::', '1.2.3.4', '', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4'])('%s is refused', (text) => {
    expect(ipv6Bytes(text)).toBeNull();
  });
});
