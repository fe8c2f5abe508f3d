/**
 * The oracles of the DNS fuzzers (issue 11), shared by the quick run (dns-fuzz.test.ts) and the
 * long campaign (dns.ts):
 *   wire      decodeMessage never throws; what it decodes, encodeMessage writes, and that decodes
 *             to the same message (the only refusal allowed is a message that grows past 64 KiB
 *             once its compression pointers are expanded)
 *   scenario  a batch of hostile datagrams sent by a scripted host to the proxy and the servers of
 *             the default world, while the stub asks one question: the run ends on its own (no
 *             hang), no process crashes, every datagram a DNS VM sends decodes, every writer could
 *             encode what it was given, every reply answers a query that was sent, with that
 *             query's question byte for byte (letter case and odd label bytes included: read
 *             without the codec under test), and every query with an id of its own gets exactly
 *             one reply
 *   zones     see dns-zone-checks.ts
 * Each problem is { kind: crash | escape | hang, seed, detail }.
 */
import { Buffer } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { isBytes, isCrashReason, isStruct, pretty, type TraceRecord } from '../../src/kernel/index.ts';
import { makeRun, runToEnd, type ClientSpec } from '../../src/kernel/ground/index.ts';
import { startScenario } from '../../src/scenarios/types.ts';
import { DNS_VM_HOST, dnsProxyScenario } from '../../src/scenarios/dns-proxy.ts';
import { DNS_PORT } from '../../src/scenarios/dns/addressing.ts';
import type { DnsMessage } from '../../src/scenarios/dns/message.ts';
import { parseQuery, type StubQuery } from '../../src/scenarios/dns/queries.ts';
import { decodeMessage, encodeMessage, MAX_MESSAGE_OCTETS } from '../../src/scenarios/dns/wire.ts';
import type { PacketMutant } from './dns-packets.ts';

export interface DnsProblem {
  readonly kind: 'crash' | 'escape' | 'hang';
  readonly seed: number;
  readonly detail: string;
}

/** A datagram's wire checks may take this long before they count as a hang. */
export const WIRE_BUDGET_MS = 2_000;
/** A scenario run's step budget and its time budget per datagram (on top of a base). */
export const RUN_MAX_STEPS = 200_000;
export const RUN_BASE_BUDGET_MS = 30_000;
export const RUN_BUDGET_PER_PACKET_MS = 2_000;

const short = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** The wire oracle for one datagram: whether it decoded, and its problems. */
export function wireProblems(m: PacketMutant): { decoded: boolean; problems: DnsProblem[] } {
  const problems: DnsProblem[] = [];
  const p = (kind: DnsProblem['kind'], detail: string): void => void problems.push({ kind, seed: m.seed, detail });
  const t0 = performance.now();
  let decoded = false;
  try {
    const d = decodeMessage(m.bytes);
    if ('message' in d) {
      decoded = true;
      roundTrip(m.bytes, d.message, p);
    }
  } catch (e) {
    p('crash', `the wire codec threw: ${short(String(e))}`);
  }
  const ms = performance.now() - t0;
  if (ms > WIRE_BUDGET_MS) p('hang', `the wire checks took ${Math.round(ms)} ms`);
  return { decoded, problems };
}

/** What decodes, encodes again: to the same message, with the question's bytes unchanged. */
function roundTrip(bytes: Uint8Array, message: DnsMessage, p: (kind: DnsProblem['kind'], detail: string) => void): void {
  let again: Uint8Array;
  try {
    again = encodeMessage(message);
  } catch (e) {
    if (String(e).includes(`longer than ${MAX_MESSAGE_OCTETS} bytes`)) return;
    return p('escape', `decoded, but cannot be encoded again: ${short(String(e))}`);
  }
  const back = decodeMessage(again);
  if (!('message' in back) || !isDeepStrictEqual(back.message, message)) {
    p('escape', `decode → encode → decode differs: ${short(JSON.stringify('error' in back ? back : back.message.questions))}`);
  }
  const before = rawQuestion(bytes);
  if (before !== null && !before.endsWith('questions') && rawQuestion(again) !== before) {
    p('escape', `the question's bytes changed: ${short(before)} → ${short(rawQuestion(again) ?? '(unreadable)')}`);
  }
}

// ---- the scenario ------------------------------------------------------------------------------------

const FUZZER = 'fuzzer';
const STUB_QUERIES: readonly StubQuery[] = [parseQuery('www.shop.test A') as StubQuery];

/** Where a mutant goes: host and port. */
const destination = (m: PacketMutant): [string, number] => (m.to === 'proxy' ? [DNS_VM_HOST, DNS_PORT] : [m.to, DNS_PORT]);

function fuzzerClient(ms: readonly PacketMutant[]): ClientSpec {
  return {
    name: FUZZER, host: FUZZER,
    steps: ms.flatMap((m, i) => {
      const [host, port] = destination(m);
      return [{ op: 'at' as const, ms: 1 + 7 * i }, { op: 'udp-send' as const, host, port, data: m.bytes }];
    }),
  };
}

interface Datagram {
  readonly fromHost: string;
  readonly fromPort: number;
  readonly toHost: string;
  readonly data: Uint8Array;
}

/** The datagrams that arrived, from the world records. */
function datagrams(records: readonly TraceRecord[]): Datagram[] {
  const out: Datagram[] = [];
  for (const r of records) {
    if (r.kind !== 'world' || (r.what !== 'udp-datagram' && r.what !== 'client-udp-recv') || !isStruct(r.detail, 'datagram', 5)) continue;
    const [fromHost, fromPort, , data] = r.detail.fields;
    if (typeof fromHost === 'string' && typeof fromPort === 'number' && isBytes(data!)) out.push({ fromHost, fromPort, toHost: r.host, data });
  }
  return out;
}

/** Crashed handlers and processes that quit with a crash or limit reason. */
function crashes(records: readonly TraceRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if ((r.kind === 'deliver' || r.kind === 'boot') && r.outcome === 'crashed') out.push(`a ${r.kind} crashed in vm ${r.vm.join('/')}`);
    if (r.kind === 'quit' && isCrashReason(r.reason)) out.push(`a process quit with ${short(pretty(r.reason))}`);
    if (r.kind === 'action' && r.action.type === 'send-message' && isStruct(r.action.body, 'bad-dns-packet', 4)) {
      const reason = r.action.body.fields[3];
      if (typeof reason === 'string' && /^(cannot encode|not a dns-message)/.test(reason)) out.push(`a writer could not send: ${short(reason)}`);
    }
  }
  return out;
}

export interface RunVerdict {
  readonly problems: DnsProblem[];
  readonly datagrams: number;
  readonly replies: number;
}

/** The scenario oracle for a batch of datagrams (the problems name the seed they concern, or the first). */
export function runProblems(ms: readonly PacketMutant[]): RunVerdict {
  const seed0 = ms[0]?.seed ?? 0;
  const scenario = { ...dnsProxyScenario({ queries: STUB_QUERIES, fuzz: false }), clients: () => [fuzzerClient(ms)] };
  const records: TraceRecord[] = [];
  const problems: DnsProblem[] = [];
  const t0 = performance.now();
  let status: string;
  try {
    const start = startScenario(scenario, { trace: true });
    records.push(...start.records);
    status = runToEnd(makeRun(start, [], { maxSteps: RUN_MAX_STEPS, untilMs: null }), (u) => void records.push(...u.records)).status;
  } catch (e) {
    return { problems: [{ kind: 'crash', seed: seed0, detail: `the run threw: ${short(String(e))}` }], datagrams: 0, replies: 0 };
  }
  const ms0 = performance.now() - t0;
  if (status === 'limit' || ms0 > RUN_BASE_BUDGET_MS + RUN_BUDGET_PER_PACKET_MS * ms.length) {
    problems.push({ kind: 'hang', seed: seed0, detail: `the run ended with status ${status} after ${Math.round(ms0)} ms` });
  }
  for (const c of crashes(records)) problems.push({ kind: 'crash', seed: seed0, detail: c });
  const all = datagrams(records);
  const fromDns = all.filter((d) => d.fromHost !== FUZZER);
  for (const d of fromDns) {
    const dec = decodeMessage(d.data);
    if ('error' in dec) problems.push({ kind: 'escape', seed: seed0, detail: `${d.fromHost}:${d.fromPort} sent a malformed datagram (${dec.error})` });
  }
  const replies = fromDns.filter((d) => d.toHost === FUZZER);
  problems.push(...replyProblems(ms, replies));
  return { problems, datagrams: fromDns.length, replies: replies.length };
}

/**
 * The question section of a datagram as raw bytes (its count, then the name's labels as they are,
 * type and class), read without the codec under test; null if it cannot be read that way (a
 * compression pointer, or the datagram ends).
 */
export function rawQuestion(b: Uint8Array): string | null {
  if (b.length < 12) return null;
  const count = (b[4]! << 8) | b[5]!;
  if (count !== 1) return `${count} questions`;
  let at = 12;
  while (at < b.length && b[at] !== 0) {
    if ((b[at]! & 0xc0) !== 0) return null;
    at += b[at]! + 1;
  }
  return at + 5 <= b.length ? Buffer.from(b.subarray(12, at + 5)).toString('hex') : null;
}

/** Every reply answers a query that was sent, with its question; every query with its own id is answered once. */
function replyProblems(ms: readonly PacketMutant[], replies: readonly Datagram[]): DnsProblem[] {
  const problems: DnsProblem[] = [];
  const asked = new Map<string, { seed: number; question: string | null }[]>();
  for (const m of ms) {
    const d = decodeMessage(m.bytes);
    if (!('message' in d) || d.message.kind !== 'query') continue;
    const key = `${destination(m).join(':')} ${d.message.id}`;
    // A reply repeats a request's one question byte for byte, and has none if it had several.
    const question = d.message.questions.length === 1 ? rawQuestion(m.bytes) : '0 questions';
    asked.set(key, [...(asked.get(key) ?? []), { seed: m.seed, question }]);
  }
  const answered = new Map<string, number>();
  for (const r of replies) {
    if (!('message' in decodeMessage(r.data))) continue;
    const key = `${r.fromHost}:${r.fromPort} ${(r.data[0]! << 8) | r.data[1]!}`;
    answered.set(key, (answered.get(key) ?? 0) + 1);
    const requests = asked.get(key) ?? [];
    if (requests.length === 0) {
      problems.push({ kind: 'escape', seed: ms[0]?.seed ?? 0, detail: `a reply from ${key} that answers no query sent` });
      continue;
    }
    const got = rawQuestion(r.data);
    if (!requests.some((q) => q.question === got)) {
      const detail = `the reply from ${key} has the question ${got ?? '(unreadable)'}, not ${requests[0]!.question ?? '(unreadable)'}`;
      problems.push({ kind: 'escape', seed: requests[0]!.seed, detail: short(detail) });
    }
  }
  for (const [key, requests] of asked) {
    const n = answered.get(key) ?? 0;
    if (requests.length === 1 && n !== 1) problems.push({ kind: 'escape', seed: requests[0]!.seed, detail: `the query ${key} got ${n} replies` });
  }
  return problems;
}
