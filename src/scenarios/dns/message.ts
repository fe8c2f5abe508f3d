/**
 * DNS messages as os2 terms, and as plain TypeScript views for the code that reasons about them.
 *
 * Data definition (terms, as they appear in topics and in the trace):
 *   dns-message(id, kind, opcode, rcode, flags, questions, answers, authorities, additionals)
 *     id       0 … 65535
 *     kind     "query" | "response"          (the QR bit)
 *     opcode   "QUERY", …                    rcode  "NOERROR" | "NXDOMAIN" | "SERVFAIL" | …
 *     flags    a list of "aa" | "tc" | "rd" | "ra" | "ad" | "cd"
 *   dns-question(name, type, class)          a question; the name in presentation form (names.ts)
 *                                            with the letter case it was asked with ("WWW.Shop.test.")
 *   rr(name, type, class, ttl, data)         a resource record, its names canonical; data by type:
 *     A, AAAA             the address, a string          NS, CNAME, PTR  a canonical name
 *     SOA                 soa(mname, rname, serial, refresh, retry, expire, minimum)
 *     MX                  mx(preference, exchange)      TXT   a list of strings (bytes if not UTF-8)
 *     anything else       the raw RDATA bytes
 *   types and classes are mnemonics ("A", "IN", "TYPE65280", "CLASS3": wire-codes.ts)
 * The id leads the message so that a topic can select one exchange: dns-message(id, ?, …).
 */
import { _, isStruct, struct, type Term } from '../../kernel/index.ts';

export interface Question {
  readonly name: string;
  readonly type: string;
  readonly cls: string;
}

export interface Rr {
  readonly name: string;
  readonly type: string;
  readonly cls: string;
  readonly ttl: number;
  readonly data: Term;
}

export interface DnsMessage {
  readonly id: number;
  readonly kind: 'query' | 'response';
  readonly opcode: string;
  readonly rcode: string;
  readonly flags: readonly string[];
  readonly questions: readonly Question[];
  readonly answers: readonly Rr[];
  readonly authorities: readonly Rr[];
  readonly additionals: readonly Rr[];
}

/** The record types the lab's zones, stub and printer know (others travel as raw bytes). */
export const SUPPORTED_TYPES: readonly string[] = ['A', 'AAAA', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'PTR'];

export const FLAG_NAMES: readonly string[] = ['aa', 'tc', 'rd', 'ra', 'ad', 'cd'];

export interface Soa {
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

export const soaTerm = (s: Soa): Term => struct('soa', s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum);

export function soaOf(data: Term): Soa | null {
  if (!isStruct(data, 'soa', 7)) return null;
  const [mname, rname, serial, refresh, retry, expire, minimum] = data.fields;
  if (typeof mname !== 'string' || typeof rname !== 'string') return null;
  const nums = [serial, refresh, retry, expire, minimum];
  if (!nums.every((n) => typeof n === 'number')) return null;
  return {
    mname, rname, serial: serial as number, refresh: refresh as number, retry: retry as number,
    expire: expire as number, minimum: minimum as number,
  };
}

// ---- terms ⇄ views ---------------------------------------------------------------------------------

export const questionTerm = (q: Question): Term => struct('dns-question', q.name, q.type, q.cls);
export const rrTerm = (r: Rr): Term => struct('rr', r.name, r.type, r.cls, r.ttl, r.data);

export function messageTerm(m: DnsMessage): Term {
  return struct('dns-message', m.id, m.kind, m.opcode, m.rcode, [...m.flags],
    m.questions.map(questionTerm), m.answers.map(rrTerm), m.authorities.map(rrTerm), m.additionals.map(rrTerm));
}

/** A topic matching every dns-message with this id (and kind, if given). */
export const messageWithId = (id: number, kind: Term = _): Term => struct('dns-message', id, kind, _, _, _, _, _, _, _);

export function questionOf(t: Term): Question | null {
  if (!isStruct(t, 'dns-question', 3)) return null;
  const [name, type, cls] = t.fields;
  return typeof name === 'string' && typeof type === 'string' && typeof cls === 'string' ? { name, type, cls } : null;
}

export function rrOf(t: Term): Rr | null {
  if (!isStruct(t, 'rr', 5)) return null;
  const [name, type, cls, ttl, data] = t.fields;
  if (typeof name !== 'string' || typeof type !== 'string' || typeof cls !== 'string' || typeof ttl !== 'number') return null;
  return { name, type, cls, ttl, data: data! };
}

function listOf<T>(t: Term | undefined, f: (x: Term) => T | null): T[] | null {
  if (!Array.isArray(t)) return null;
  const out: T[] = [];
  for (const x of t as readonly Term[]) {
    const v = f(x);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** The view of a dns-message term, or null if the term is not one. */
export function messageOf(t: Term): DnsMessage | null {
  if (!isStruct(t, 'dns-message', 9)) return null;
  const [id, kind, opcode, rcode, flags, qs, an, ns, ar] = t.fields;
  if (typeof id !== 'number' || (kind !== 'query' && kind !== 'response')) return null;
  if (typeof opcode !== 'string' || typeof rcode !== 'string') return null;
  const fl = listOf(flags, (f) => (typeof f === 'string' ? f : null));
  const questions = listOf(qs, questionOf);
  const answers = listOf(an, rrOf);
  const authorities = listOf(ns, rrOf);
  const additionals = listOf(ar, rrOf);
  if (fl === null || questions === null || answers === null || authorities === null || additionals === null) return null;
  return { id, kind, opcode, rcode, flags: fl, questions, answers, authorities, additionals };
}

// ---- helpers -----------------------------------------------------------------------------------------

export const questionKey = (q: Question): string => `${q.name} ${q.type} ${q.cls}`;
export const hasFlag = (m: DnsMessage, f: string): boolean => m.flags.includes(f);

/** A query for one question (recursion desired, as a stub sends it; or not, as a resolver does). */
export function makeQuery(id: number, q: Question, recursionDesired: boolean): DnsMessage {
  return {
    id, kind: 'query', opcode: 'QUERY', rcode: 'NOERROR', flags: recursionDesired ? ['rd'] : [],
    questions: [q], answers: [], authorities: [], additionals: [],
  };
}

const encoder = new TextEncoder();

/** A TXT character-string as master-file text: quoted, with `"` and `\` escaped and bytes outside printable ASCII as `\DDD`. */
function quotedString(t: Term): string {
  const b = typeof t === 'string' ? encoder.encode(t) : t instanceof Uint8Array ? t : encoder.encode(String(t));
  let out = '';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c < 0x20 || c > 0x7e) out += `\\${String(c).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return `"${out}"`;
}

/** The data of an RR as master-file text. */
export function rdataText(r: Rr): string {
  const d = r.data;
  const soa = soaOf(d);
  if (soa !== null) return `${soa.mname} ${soa.rname} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`;
  if (isStruct(d, 'mx', 2)) return `${String(d.fields[0])} ${String(d.fields[1])}`;
  if (Array.isArray(d)) return (d as readonly Term[]).map(quotedString).join(' ');
  if (d instanceof Uint8Array) return `\\# ${d.length} ${[...d].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  return String(d);
}

/** One record as a master-file line: `name TTL IN TYPE data`. */
export const rrLine = (r: Rr): string => `${r.name} ${r.ttl} ${r.cls} ${r.type} ${rdataText(r)}`;

/** Same record set member? (Everything but the TTL.) */
export const sameRecord = (a: Rr, b: Rr): boolean =>
  a.name === b.name && a.type === b.type && a.cls === b.cls && rdataText(a) === rdataText(b);
