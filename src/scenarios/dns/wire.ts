/**
 * Real DNS wire format (RFC 1035 §4), encoded and decoded by the `dns-packet` library; this module
 * only translates between its objects and the lab's message views (message.ts).
 *
 * decodeMessage never throws: bytes that are not a well-formed DNS message give { error }, which
 * the readers turn into a bad-dns-packet event. encodeMessage throws on data the library cannot
 * encode (the writers catch it). In the browser, dns-packet's require('buffer') is served by the
 * npm `buffer` package (see ../shared/guide/toolchain.md, trap 4).
 */
import { Buffer } from 'buffer';
import dnsPacket from 'dns-packet';
import type { Term } from '../../kernel/index.ts';
import { struct } from '../../kernel/index.ts';
import { FLAG_NAMES, RCODES, soaOf, type DnsMessage, type Question, type Rr } from './message.ts';
import { canonicalName, wireName } from './names.ts';

const FLAG_BITS: Readonly<Record<string, number>> = { aa: 1 << 10, tc: 1 << 9, rd: 1 << 8, ra: 1 << 7, ad: 1 << 5, cd: 1 << 4 };
const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE_3', 'NOTIFY', 'UPDATE'];

type WireRecord = { name: string; type: string; class?: string; ttl?: number; data?: unknown };

function rdataToWire(r: Rr): unknown {
  const d = r.data;
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return String(d);
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return wireName(String(d));
    case 'SOA': {
      const s = soaOf(d);
      if (s === null) throw new Error(`SOA record ${r.name} has no SOA data`);
      return { ...s, mname: wireName(s.mname), rname: wireName(s.rname) };
    }
    case 'MX': {
      const f = (d as { fields?: readonly Term[] }).fields ?? [];
      return { preference: Number(f[0]), exchange: wireName(String(f[1])) };
    }
    case 'TXT':
      return Array.isArray(d) ? (d as readonly Term[]).map((s) => Buffer.from(String(s))) : [Buffer.from(String(d))];
    default:
      if (d instanceof Uint8Array) return Buffer.from(d);
      throw new Error(`cannot encode a ${r.type} record`);
  }
}

function rrToWire(r: Rr): WireRecord {
  return { name: wireName(r.name), type: r.type, class: r.cls, ttl: r.ttl, data: rdataToWire(r) };
}

/** The wire bytes of a message (a plain Uint8Array, so that it can travel in terms). */
export function encodeMessage(m: DnsMessage): Uint8Array {
  let flags = 0;
  for (const f of m.flags) flags |= FLAG_BITS[f] ?? 0;
  const op = OPCODES.indexOf(m.opcode);
  flags |= (op < 0 ? 0 : op) << 11;
  const rc = RCODES.indexOf(m.rcode);
  flags |= rc < 0 ? 2 : rc;
  const packet = {
    id: m.id,
    type: m.kind,
    flags,
    questions: m.questions.map((q) => ({ name: wireName(q.name), type: q.type, class: q.cls })),
    answers: m.answers.map(rrToWire),
    authorities: m.authorities.map(rrToWire),
    additionals: m.additionals.map(rrToWire),
  };
  const buf = dnsPacket.encode(packet as unknown as dnsPacket.Packet);
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

function rdataFromWire(type: string, d: unknown): Term {
  switch (type) {
    case 'A':
    case 'AAAA':
      return String(d);
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return canonicalName(String(d));
    case 'SOA': {
      const s = d as Record<string, unknown>;
      return struct('soa', canonicalName(String(s.mname)), canonicalName(String(s.rname)),
        Number(s.serial ?? 0), Number(s.refresh ?? 0), Number(s.retry ?? 0), Number(s.expire ?? 0), Number(s.minimum ?? 0));
    }
    case 'MX': {
      const m = d as Record<string, unknown>;
      return struct('mx', Number(m.preference ?? 0), canonicalName(String(m.exchange)));
    }
    case 'TXT': {
      const parts = Array.isArray(d) ? d : [d];
      return parts.map((p) => (p instanceof Uint8Array ? new TextDecoder().decode(p) : String(p)));
    }
    default:
      return d instanceof Uint8Array ? new Uint8Array(d) : new Uint8Array(0);
  }
}

function rrFromWire(a: WireRecord): Rr | null {
  if (a.type === 'OPT') return null; // EDNS pseudo-records: the lab does not speak EDNS
  return {
    name: canonicalName(a.name),
    type: a.type,
    cls: a.class ?? 'IN',
    ttl: a.ttl ?? 0,
    data: rdataFromWire(a.type, a.data),
  };
}

export type Decoded = { readonly message: DnsMessage } | { readonly error: string };

/** Decodes a datagram. Anything that is not exactly one well-formed DNS message is an error. */
export function decodeMessage(bytes: Uint8Array): Decoded {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const p = dnsPacket.decode(buf) as unknown as {
      id: number; type: 'query' | 'response'; flags: number; opcode: string; rcode: string;
      questions: { name: string; type: string; class?: string }[];
      answers: WireRecord[]; authorities: WireRecord[]; additionals: WireRecord[];
    };
    const used = dnsPacket.decode.bytes;
    if (used !== bytes.length) return { error: `${bytes.length - used} bytes after the end of the message` };
    const flags = FLAG_NAMES.filter((f) => (p.flags & (FLAG_BITS[f] ?? 0)) !== 0);
    const keep = (xs: WireRecord[]): Rr[] => xs.map(rrFromWire).filter((r): r is Rr => r !== null);
    const questions: Question[] = p.questions.map((q) => ({ name: canonicalName(q.name), type: q.type, cls: q.class ?? 'IN' }));
    return {
      message: {
        id: p.id, kind: p.type, opcode: p.opcode, rcode: p.rcode, flags, questions,
        answers: keep(p.answers), authorities: keep(p.authorities), additionals: keep(p.additionals),
      },
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
