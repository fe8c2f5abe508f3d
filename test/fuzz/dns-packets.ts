/**
 * Deterministic hostile DNS datagrams (issue 11): from a seed, a base — random bytes, a query for
 * a name of the default world or for a name with odd labels (a dot, bytes 00 ff 80 2e, mixed
 * case, 63-byte labels, 255-byte names, unknown types and classes), an authoritative server's real
 * response, a hand-compressed response — and (six times in ten) one to three mutations: truncation, byte flips,
 * inserted bytes, huge or wrong section counts, compression pointers that loop, point forwards,
 * into the header or out of range, labels of the reserved kinds 0x40/0x80, trailing garbage, flag
 * and opcode changes, and (rarely) a datagram over 64 KiB. Each datagram goes to the proxy or to
 * an authoritative server.
 *
 * Data definition: PacketMutant = { seed, ops (for the report), bytes, to: 'proxy' | server IP }.
 * Rule: packetMutant(seed) depends on the seed alone (mutate.ts's seeded Rng), so a failing seed
 * can be pinned and replayed.
 */
import { authoritativeAnswer } from '../../src/scenarios/dns/authority.ts';
import { makeQuery } from '../../src/scenarios/dns/message.ts';
import { encodeMessage } from '../../src/scenarios/dns/wire.ts';
import { DEFAULT_DNS_WORLD } from '../../src/scenarios/dns-proxy.ts';
import { Rng } from './mutate.ts';

export interface PacketMutant {
  readonly seed: number;
  readonly ops: readonly string[];
  readonly bytes: Uint8Array;
  /** 'proxy', or the IP address of an authoritative server of the default world. */
  readonly to: string;
}

const enc = new TextEncoder();
const WORLD_NAMES = [
  'www.shop.test', 'shop.test', 'blog.test', 'www.blog.test', 'nope.shop.test', 'edge.cdn.example', 'a.root-servers.net',
  'test', 'loop1.shop.test', 'mail.shop.test', 'gone.shop.test', 'info.shop.test', 'ns1.hosting.example', 'example',
];
/** Labels as bytes that a host name cannot hold but a datagram can. */
const ODD_LABELS: readonly (readonly number[])[] = [
  [...enc.encode('www.shop')], [0x00, 0xff, 0x80, 0x2e], [0x2e], [0x5c], [0x5c, 0x2e], [...enc.encode('a b')], [0x22, 0x28, 0x29, 0x3b, 0x40, 0x24],
  [...enc.encode('é')], [0x2a], Array<number>(63).fill(0x61), [0x7f, 0x20, 0x09], [...enc.encode('WwW')],
];
/** Type and class codes: the supported ones, meta types, and codes without a mnemonic. */
const TYPES = [1, 1, 1, 2, 5, 6, 12, 15, 16, 28, 41, 255, 252, 0, 65280, 65535, 99];
const CLASSES = [1, 1, 1, 1, 3, 4, 254, 255, 0, 32769];

function nameBytes(labels: readonly (readonly number[])[]): number[] {
  return [...labels.flatMap((l) => [l.length, ...l]), 0];
}

/** A name's labels: a world name (maybe in mixed case), with odd labels mixed in, or a long one. */
function labelsFor(r: Rng, ops: string[]): number[][] {
  const base = r.pick(WORLD_NAMES).split('.').map((l) => [...enc.encode(l)]);
  const kind = r.int(6);
  if (kind === 0) {
    ops.push('mixed-case name');
    return base.map((l) => l.map((b) => (b >= 0x61 && b <= 0x7a && r.chance(0.5) ? b - 32 : b)));
  }
  if (kind === 1 || kind === 2) {
    ops.push('odd label');
    const at = r.int(base.length + 1);
    return [...base.slice(0, at), [...r.pick(ODD_LABELS)], ...base.slice(at)];
  }
  if (kind === 3) {
    ops.push('255-byte name');
    return [...Array.from({ length: 3 }, () => Array<number>(63).fill(0x62)), Array<number>(61).fill(0x63)];
  }
  return base;
}

function header(id: number, flags: number, counts: readonly number[]): number[] {
  return [id >> 8, id & 0xff, flags >> 8, flags & 0xff, ...counts.flatMap((c) => [c >> 8, c & 0xff])];
}

function rawQuery(r: Rng, ops: string[]): number[] {
  const flags = r.chance(0.8) ? 0x0100 : r.int(0x10000) & 0x7fff;
  const t = r.pick(TYPES);
  const c = r.pick(CLASSES);
  return [...header(r.int(65536), flags, [1, 0, 0, 0]), ...nameBytes(labelsFor(r, ops)), t >> 8, t & 0xff, c >> 8, c & 0xff];
}

function serverResponse(r: Rng, ops: string[]): number[] {
  const server = r.pick(DEFAULT_DNS_WORLD.servers);
  const name = `${r.pick(WORLD_NAMES)}.`;
  const type = r.pick(['A', 'AAAA', 'NS', 'MX', 'TXT', 'CNAME', 'SOA']);
  ops.push(`response of ${server.name} to ${name} ${type}`);
  return [...encodeMessage(authoritativeAnswer(server.zones, makeQuery(r.int(65536), { name, type, cls: 'IN' }, false)))];
}

/** www.shop.test A with the answer's owner a pointer to the question's name (offset 12). */
function compressedResponse(r: Rng): number[] {
  const q = nameBytes(['www', 'shop', 'test'].map((l) => [...enc.encode(l)]));
  return [...header(r.int(65536), 0x8180, [1, 1, 0, 0]), ...q, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 20, 0, 4, 192, 0, 2, 80];
}

function base(r: Rng, ops: string[]): number[] {
  const k = r.int(10);
  if (k === 0) {
    ops.push('random bytes');
    return Array.from({ length: r.int(600) }, () => r.int(256));
  }
  if (k <= 5) {
    ops.push('query');
    return rawQuery(r, ops);
  }
  if (k <= 7) return serverResponse(r, ops);
  ops.push('compressed response');
  return compressedResponse(r);
}

type Mutation = (b: number[], r: Rng) => [number[], string];

const at = (b: number[], r: Rng, from = 12): number => (b.length <= from ? b.length : from + r.int(b.length - from));

const MUTATIONS: readonly Mutation[] = [
  (b, r) => {
    const n = r.int(b.length + 1);
    return [b.slice(0, n), `truncated at ${n}`];
  },
  (b, r) => {
    const c = b.slice();
    const k = 1 + r.int(8);
    for (let i = 0; i < k && c.length > 0; i++) c[r.int(c.length)] = r.int(256);
    return [c, `${k} byte flips`];
  },
  (b, r) => {
    const c = b.slice();
    const i = 4 + 2 * r.int(4);
    const v = r.pick([0xffff, 0, 1, 2, r.int(65536)]);
    c.splice(i, 2, v >> 8, v & 0xff);
    return [c.slice(0, Math.max(c.length, 12)), `count at ${i} set to ${v}`];
  },
  (b, r) => {
    const i = at(b, r);
    const kind = r.int(4);
    const target = [i, b.length + 5, 2, r.int(0x4000)][kind]!;
    const c = [...b.slice(0, i), 0xc0 | ((target >> 8) & 0x3f), target & 0xff, ...b.slice(i + 2)];
    return [c, `pointer at ${i} to ${target} (${['itself', 'forwards', 'the header', 'anywhere'][kind]})`];
  },
  (b, r) => {
    const i = at(b, r);
    const c = b.slice();
    c[i] = r.pick([0x40, 0x80, 0x7f, 0xbf]);
    return [c, `reserved label kind at ${i}`];
  },
  (b, r) => {
    const extra = Array.from({ length: 1 + r.int(20) }, () => r.int(256));
    return [[...b, ...extra], `${extra.length} trailing bytes`];
  },
  (b, r) => {
    const i = at(b, r);
    const ins = Array.from({ length: 1 + r.int(6) }, () => r.int(256));
    return [[...b.slice(0, i), ...ins, ...b.slice(i)], `${ins.length} bytes inserted at ${i}`];
  },
  (b, r) => {
    const c = b.slice();
    if (c.length >= 4) [c[2], c[3]] = [r.int(256), r.int(256)];
    return [c, 'flags, opcode and rcode changed'];
  },
  (b, r) => (r.chance(0.1) ? [[...b, ...Array<number>(66_000).fill(0)], 'padded past 64 KiB'] : [[...b, ...b], 'the message twice']),
];

/** Hostile datagram `seed`. */
export function packetMutant(seed: number): PacketMutant {
  const r = new Rng(seed * 2654435761);
  const ops: string[] = [];
  let b = base(r, ops);
  const n = r.chance(0.4) ? 0 : 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const [next, what] = r.pick(MUTATIONS)(b, r);
    b = next;
    ops.push(what);
  }
  const to = r.chance(0.7) ? 'proxy' : r.pick(DEFAULT_DNS_WORLD.servers).address;
  return { seed, ops, bytes: Uint8Array.from(b), to };
}
