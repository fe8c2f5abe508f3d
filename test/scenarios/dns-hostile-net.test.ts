/**
 * The dns-proxy scenario against hostile datagrams (issue 11), end to end on the simulated network:
 * a query whose label holds a dot is answered for that name (not for the name the dots spell), a
 * label of bytes 00 ff 80 2e travels upstream and back intact, the reply repeats the question in
 * the letter case it was asked (RFC 4343), and the stub ignores a forged response that carries the
 * right id but comes from another address.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { isBytes, isStruct, type TraceRecord } from '../../src/kernel/index.ts';
import type { ClientSpec } from '../../src/kernel/ground/index.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { startScenario } from '../../src/scenarios/types.ts';
import { DNS_VM_HOST, dnsProxyScenario } from '../../src/scenarios/dns-proxy.ts';
import { rrLine } from '../../src/scenarios/dns/message.ts';
import { parseQuery, type StubQuery } from '../../src/scenarios/dns/queries.ts';
import { DnsRunReport } from '../../src/scenarios/dns/report.ts';
import { decodeMessage } from '../../src/scenarios/dns/wire.ts';

const enc = new TextEncoder();

/** A query datagram: id 0x0707, RD, one question of these labels, type A, class IN. */
function query(...labels: (string | readonly number[])[]): Uint8Array {
  const name = labels.flatMap((l) => {
    const b = typeof l === 'string' ? [...enc.encode(l)] : [...l];
    return [b.length, ...b];
  });
  return Uint8Array.from([7, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...name, 0, 0, 1, 0, 1]);
}

interface Datagram {
  readonly fromHost: string;
  readonly fromPort: number;
  readonly toHost: string;
  readonly toPort: number;
  readonly data: Uint8Array;
}

function run(queries: readonly string[], clients: readonly ClientSpec[]): { records: TraceRecord[]; datagrams: Datagram[]; report: DnsRunReport } {
  const stubQueries = queries.map((q) => parseQuery(q) as StubQuery);
  const s = { ...dnsProxyScenario({ queries: stubQueries, fuzz: false }), clients: () => clients };
  const started = startScenario(s, { trace: true });
  const records = [...started.records];
  runSimulation(started.sim, { maxSteps: 200_000 }, (rs) => void records.push(...rs));
  const report = new DnsRunReport(stubQueries);
  for (const r of records) report.add(r);
  const datagrams = records.flatMap((r): Datagram[] => {
    if (r.kind !== 'world' || !isStruct(r.detail, 'datagram', 5)) return [];
    const [fromHost, fromPort, toPort, data] = r.detail.fields as [string, number, number, Uint8Array];
    return isBytes(data) ? [{ fromHost, fromPort, toHost: r.host, toPort, data }] : [];
  });
  return { records, datagrams, report };
}

const asker = (data: Uint8Array): ClientSpec => ({ name: 'asker', host: 'asker', steps: [{ op: 'udp-send', host: DNS_VM_HOST, port: 53, data }] });

/** The one reply the asker got to `q`, decoded, with the bytes where `q` has its question. */
function replyTo(datagrams: readonly Datagram[], q: Uint8Array): { rcode: string; answers: string[]; question: string } {
  const replies = datagrams.filter((d) => d.toHost === 'asker');
  expect(replies).toHaveLength(1);
  const d = decodeMessage(replies[0]!.data);
  if ('error' in d) throw new Error(d.error);
  return { rcode: d.message.rcode, answers: d.message.answers.map(rrLine), question: Buffer.from(replies[0]!.data.subarray(12, q.length)).toString('hex') };
}

const questionHex = (q: Uint8Array): string => Buffer.from(q.subarray(12)).toString('hex');

describe('the proxy answers the question asked', () => {
  it('08 "www.shop" 04 "test" 00 is one name of two labels: NXDOMAIN, not www.shop.test.\'s answer', () => {
    const q = query('www.shop', 'test');
    const r = run([], [asker(q)]);
    expect(replyTo(r.datagrams, q)).toEqual({ rcode: 'NXDOMAIN', answers: [], question: questionHex(q) });
    // It was asked upstream as the same two labels.
    const upstream = r.datagrams.filter((d) => d.toPort === 53 && d.fromHost === DNS_VM_HOST && d.toHost !== DNS_VM_HOST);
    expect(upstream.map((d) => decodeMessage(d.data)).map((d) => ('message' in d ? d.message.questions[0]!.name : d.error))).toContain('www\\.shop.test.');
  });

  it('a label of bytes 00 ff 80 2e goes upstream and back intact; every datagram sent decodes', () => {
    const q = query([0x00, 0xff, 0x80, 0x2e], 'shop', 'test');
    const r = run([], [asker(q)]);
    expect(replyTo(r.datagrams, q)).toEqual({ rcode: 'NXDOMAIN', answers: [], question: questionHex(q) });
    for (const d of r.datagrams.filter((x) => x.fromHost !== 'asker')) expect(decodeMessage(d.data)).toHaveProperty('message');
    const bad = r.records.filter((x) => x.kind === 'action' && x.action.type === 'send-message' && isStruct(x.action.body, 'bad-dns-packet', 4));
    expect(bad).toEqual([]);
  });

  it('the reply repeats the question in the case it was asked (RFC 4343); the answer is found case-insensitively', () => {
    const q = query('WwW', 'sHoP', 'TeSt');
    const r = run([], [asker(q)]);
    const reply = replyTo(r.datagrams, q);
    expect(reply.question).toBe(questionHex(q));
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers[0]).toBe('www.shop.test. 20 IN CNAME shop.cdn.example.');
  });
});

describe('the stub takes only the proxy\'s response to its query', () => {
  it('a forged response with the right id from another address is ignored', () => {
    // A first run shows which port and id the stub uses (the run is deterministic).
    const plain = run(['www.shop.test A'], []);
    const sent = plain.datagrams.find((d) => d.fromHost === DNS_VM_HOST && d.toHost === DNS_VM_HOST && d.toPort === 53)!;
    const forged = Uint8Array.from(sent.data);
    forged[2] = 0x81; // QR, RD
    forged[3] = 0x80; // RA, NOERROR
    forged[7] = 1; // one answer: www.shop.test. A 6.6.6.6
    const answer = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6];
    const forger: ClientSpec = {
      name: 'forger', host: 'forger',
      steps: [{ op: 'at', ms: 20 }, { op: 'udp-send', host: DNS_VM_HOST, port: sent.fromPort, data: Uint8Array.from([...forged, ...answer]) }],
    };
    const r = run(['www.shop.test A'], [forger]);
    expect(r.datagrams.filter((d) => d.fromHost === 'forger').map((d) => [d.toHost, d.toPort])).toEqual([[DNS_VM_HOST, sent.fromPort]]);
    const result = r.report.results[0]!;
    expect(result.response?.answers.map(rrLine)).toEqual(plain.report.results[0]!.response?.answers.map(rrLine));
    expect(result.response?.answers.map(rrLine).join('\n')).not.toContain('6.6.6.6');
    expect(result.finishedAt).toBe(plain.report.results[0]!.finishedAt);
  });
});
