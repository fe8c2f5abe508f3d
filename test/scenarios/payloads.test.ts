/**
 * Payload decoders: DNS datagrams and SSH packets read as the protocol says; anything else (other
 * carriers, partial packets, random bytes) gives null and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyRecord, prettyWith, struct } from '../../src/kernel/index.ts';
import { runSimulation } from '../../src/kernel/ground/index.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { makeQuery, type DnsMessage } from '../../src/scenarios/dns/message.ts';
import { encodeMessage as encodeDns } from '../../src/scenarios/dns/wire.ts';
import { dnsPayload } from '../../src/scenarios/payloads/dns.ts';
import { PAYLOAD_DECODERS } from '../../src/scenarios/payloads/index.ts';
import { sshPayload } from '../../src/scenarios/payloads/ssh.ts';
import { packet } from '../../src/scenarios/ssh/codec.ts';
import { concatBytes } from '../../src/scenarios/ssh/framing.ts';
import { PLAIN_PRINTER, payloadPrinter } from '../../src/debugger/views/printer.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const query = encodeDns(makeQuery(21097, { name: 'www.shop.test.', type: 'A', cls: 'IN' }, true));
const answer: DnsMessage = {
  id: 21097, kind: 'response', opcode: 'QUERY', rcode: 'NOERROR', flags: ['aa', 'rd'],
  questions: [{ name: 'www.shop.test.', type: 'A', cls: 'IN' }],
  answers: [{ name: 'www.shop.test.', type: 'A', cls: 'IN', ttl: 300, data: '192.0.2.10' }],
  authorities: [], additionals: [],
};

describe('DNS datagrams', () => {
  it('a query reads as its id, flags and question', () => {
    expect(dnsPayload(query, 'udp-packet')?.summary).toBe('dns query 21097 rd www.shop.test. IN A');
  });

  it('a response reads as dig does: status, flags, question, the answer in master-file form', () => {
    const d = dnsPayload(encodeDns(answer), 'udp-packet')!;
    expect(d.summary).toBe('dns response 21097 NOERROR aa rd www.shop.test. IN A; answer A 192.0.2.10');
    expect(d.lines).toEqual([
      ';; response id 21097, opcode QUERY, status NOERROR, flags: aa rd',
      ';; QUESTION SECTION:',
      ';www.shop.test. IN A',
      ';; ANSWER SECTION:',
      'www.shop.test. 300 IN A 192.0.2.10',
    ]);
  });

  it('not on TCP, and only whole messages', () => {
    expect(dnsPayload(query, 'tcp-channel')).toBeNull();
    expect(dnsPayload(query, null)?.protocol).toBe('dns'); // e.g. a list in a ground event
    expect(dnsPayload(query, 'datagram')?.protocol).toBe('dns');
    expect(dnsPayload(query.subarray(0, query.length - 1), 'udp-packet')).toBeNull();
    expect(dnsPayload(concatBytes(query, new Uint8Array([0])), 'udp-packet')).toBeNull();
  });
});

describe('SSH on TCP', () => {
  it('a version line and whole packets read as their messages', () => {
    expect(sshPayload(ascii('SSH-2.0-os2lab\r\n'), 'tcp-channel')?.summary).toBe('ssh version SSH-2.0-os2lab');
    const two = concatBytes(packet({ type: 'newkeys' }), packet({ type: 'channel-eof', recipient: 7 }));
    expect(sshPayload(two, 'tcp-channel')).toEqual({
      protocol: 'ssh', summary: 'ssh NEWKEYS; CHANNEL_EOF 7', lines: ['NEWKEYS', 'CHANNEL_EOF 7'],
    });
  });

  it('a chunk that splits a packet, or plain text, stays bytes', () => {
    const p = packet({ type: 'channel-data', recipient: 0, data: ascii('ls\n') });
    expect(sshPayload(p.subarray(0, p.length - 2), 'tcp-channel')).toBeNull();
    expect(sshPayload(ascii('hello\n'), 'tcp-channel')).toBeNull();
    expect(sshPayload(p, 'udp-packet')).toBeNull();
  });

  it('an unframed payload reads only where a …packet struct holds it, and only a known message', () => {
    const newkeys = new Uint8Array([21]);
    expect(sshPayload(newkeys, 'outbound-packet')?.summary).toBe('ssh NEWKEYS');
    expect(sshPayload(newkeys, 'tcp-channel')).toBeNull();
    expect(sshPayload(new Uint8Array([200, 1, 2]), 'inbound-packet')).toBeNull();
  });
});

describe('hostile bytes', () => {
  it('no decoder throws on any bytes under any carrier', () => {
    const carriers = fc.constantFrom(null, 'udp-packet', 'tcp-channel', 'udp-recv', 'tcp-send');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), carriers, (bytes, carrier) => {
        for (const d of PAYLOAD_DECODERS) d(bytes, carrier);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('mutated DNS and SSH bytes decode or give null', () => {
    const valid = [query, encodeDns(answer), packet({ type: 'newkeys' })];
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.integer({ min: 0, max: 255 }), (bytes, at, value) => {
        const b = bytes.slice();
        b[at % b.length] = value;
        for (const d of PAYLOAD_DECODERS) for (const c of ['udp-packet', 'tcp-channel']) d(b, c);
      }),
      { seed: 12, numRuns: 3000 },
    );
  });
});

describe('the views printer', () => {
  it('reaches every term of every record kind (no bytes escape a bytes printer)', () => {
    const print = prettyWith(() => '#<B>');
    for (const id of ['dns-proxy', 'ssh-nested', 'nested-pool']) {
      const s = startScenario(findScenario(id)!, {});
      const records = [...s.records];
      runSimulation(s.sim, { maxSteps: 1500, untilMs: null }, (rs) => records.push(...rs));
      const kinds = new Set(records.map((r) => r.kind));
      expect(kinds.size).toBeGreaterThan(8);
      for (const r of records) expect(prettyRecord(r, print)).not.toContain('#"');
    }
  });

  const term = struct('udp-packet', struct('udp-handle', 'stub'), struct('udp-remote-address', 'server', 53), query);

  it('prints a decoded payload in the kernel notation for opaque values, the rest as pretty does', () => {
    const print = payloadPrinter(PAYLOAD_DECODERS);
    expect(print.term(term)).toBe(
      'udp-packet(udp-handle("stub"), udp-remote-address("server", 53), #<dns query 21097 rd www.shop.test. IN A>)',
    );
    expect(print.payloads(term).map((d) => d.protocol)).toEqual(['dns']);
  });

  it('the plain printer keeps the bytes', () => {
    expect(PLAIN_PRINTER.term(term)).toContain('#"Ri\\x01\\x00');
    expect(PLAIN_PRINTER.payloads(term)).toEqual([]);
  });
});
