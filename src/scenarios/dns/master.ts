/**
 * Zones from RFC 1035 master files (§5), parsed with the `dns-zonefile` library.
 *
 * dns-zonefile maps the tokens of a record to its fields, but it has no error reporting and no line
 * numbers, keeps names relative, keeps only the last $ORIGIN, and fills a blank owner from the
 * previous record *of the same type* (RFC 1035 says: of the previous record). So this module feeds
 * it one logical record at a time — comments stripped, parenthesised continuations joined, the
 * blank owner replaced by the previous owner, preceded by the current $ORIGIN — checks that the
 * library understood exactly one record, then makes every name absolute and checks the zone:
 * one SOA at the apex, NS at the apex, nothing out of zone, no data beside a CNAME, nothing but
 * glue below a delegation, and glue for every in-bailiwick delegation. Every problem is reported
 * as { file, line, message }.
 *
 * Data definition:
 *   Zone = { origin, file, soa, records }   records: every RR with the line it came from
 */
import * as zonefileModule from 'dns-zonefile';
import { soaOf, soaTerm, SUPPORTED_TYPES, type Rr, type Soa } from './message.ts';
import { canonicalName, isAtOrBelow, isBelow, isIPv4, isIPv6, isValidName } from './names.ts';
import { struct } from '../../kernel/index.ts';

export interface WorldProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export class WorldError extends Error {
  constructor(readonly problem: WorldProblem) {
    super(`${problem.file}:${problem.line}: ${problem.message}`);
  }
}

export interface ZoneRecord extends Rr {
  readonly line: number;
}

export interface Zone {
  readonly origin: string;
  readonly file: string;
  readonly soa: Soa;
  readonly soaRecord: Rr;
  readonly records: readonly ZoneRecord[];
}

// The library's published types declare named exports, but the module only has a default export.
interface ParsedZone {
  $origin?: string;
  $ttl?: string | number;
  soa?: { name: string; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number; ttl?: number };
  ns?: { name: string; host: string; ttl?: number }[];
  a?: { name: string; ip: string; ttl?: number }[];
  aaaa?: { name: string; ip: string; ttl?: number }[];
  cname?: { name: string; alias: string; ttl?: number }[];
  mx?: { name: string; preference: number; host: string; ttl?: number }[];
  txt?: { name: string; txt: string; ttl?: number }[];
  ptr?: { name: string; host: string; ttl?: number }[];
  [other: string]: unknown;
}
const zonefile = (zonefileModule as unknown as { default: { parse(text: string): ParsedZone } }).default;

interface LogicalLine {
  readonly line: number;
  readonly text: string;
}

/** Comments stripped, parentheses joined: one entry per record or directive, with its first line. */
function logicalLines(file: string, text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let depth = 0;
  let buf = '';
  let start = 0;
  let openedAt = 0;
  const physical = text.split(/\r?\n/);
  physical.forEach((raw, i) => {
    const lineNo = i + 1;
    let inQuote = false;
    let cleaned = '';
    for (let k = 0; k < raw.length; k++) {
      const ch = raw[k]!;
      if (ch === '\\' && inQuote) {
        cleaned += ch + (raw[k + 1] ?? '');
        k++;
        continue;
      }
      if (ch === '"') inQuote = !inQuote;
      if (!inQuote && ch === ';') break;
      if (!inQuote && ch === '(') {
        if (depth === 0) openedAt = lineNo;
        depth++;
        cleaned += ' ';
        continue;
      }
      if (!inQuote && ch === ')') {
        depth--;
        if (depth < 0) throw new WorldError({ file, line: lineNo, message: 'a ")" without a matching "("' });
        cleaned += ' ';
        continue;
      }
      cleaned += ch;
    }
    if (inQuote) throw new WorldError({ file, line: lineNo, message: 'a quoted string is not closed on its line' });
    if (buf === '') start = lineNo;
    buf = buf === '' ? cleaned : `${buf} ${cleaned.trim()}`;
    if (depth === 0) {
      if (buf.trim() !== '') out.push({ line: start, text: buf.replace(/\s+$/, '') });
      buf = '';
    }
  });
  if (depth > 0) throw new WorldError({ file, line: openedAt, message: 'a "(" is never closed' });
  return out;
}

function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);
const isNumber = (t: string | undefined): boolean => t !== undefined && /^[0-9]+$/.test(t);

/** Owner, TTL, class and type of a record line (RFC 1035 §5.1: [TTL] [class] or [class] [TTL]). */
function recordShape(file: string, l: LogicalLine, toks: string[]): { type: string; ttl: number | null } {
  let i = 1;
  let ttl: number | null = null;
  let cls: string | null = null;
  for (let n = 0; n < 2 && i < toks.length; n++) {
    const t = toks[i]!;
    if (ttl === null && isNumber(t)) {
      ttl = Number(t);
      i++;
    } else if (ttl === null && /^[0-9]+[smhdwSMHDW]/.test(t)) {
      throw new WorldError({ file, line: l.line, message: `TTL "${t}" uses units; write it in seconds` });
    } else if (cls === null && CLASSES.has(t.toUpperCase())) {
      cls = t.toUpperCase();
      i++;
    }
  }
  if (cls !== null && cls !== 'IN') throw new WorldError({ file, line: l.line, message: `class ${cls} is not supported (only IN)` });
  const type = toks[i]?.toUpperCase();
  if (type === undefined) throw new WorldError({ file, line: l.line, message: 'a record needs a type and data' });
  if (!SUPPORTED_TYPES.includes(type)) {
    throw new WorldError({ file, line: l.line, message: `record type ${JSON.stringify(toks[i])} is not supported (supported: ${SUPPORTED_TYPES.join(', ')})` });
  }
  if (toks.length <= i + 1) throw new WorldError({ file, line: l.line, message: `the ${type} record has no data` });
  return { type, ttl };
}

function absolute(file: string, line: number, name: string, origin: string): string {
  let n: string;
  if (name === '@') n = origin;
  else if (name.endsWith('.')) n = canonicalName(name);
  else n = canonicalName(origin === '.' ? `${name}.` : `${name}.${origin}`);
  if (!isValidName(n)) throw new WorldError({ file, line, message: `"${name}" is not a valid domain name` });
  return n;
}

function txtStrings(raw: string): string[] {
  const quoted = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return quoted.length > 0 ? quoted : [raw];
}

/** The one record dns-zonefile made of a line, with absolute names. */
function fromLibrary(file: string, line: number, p: ParsedZone, origin: string, defaultTtl: number | null): Rr {
  const abs = (n: string): string => absolute(file, line, n, origin);
  const ttlOf = (t: number | undefined): number => {
    const v = t ?? defaultTtl;
    if (v === null || !Number.isInteger(v) || v < 0) {
      throw new WorldError({ file, line, message: 'the record has no TTL and there is no $TTL before it' });
    }
    return v;
  };
  const mk = (name: string, type: string, ttl: number | undefined, data: Rr['data']): Rr => ({
    name: abs(name), type, cls: 'IN', ttl: ttlOf(ttl), data,
  });
  const found: Rr[] = [];
  if (p.soa !== undefined) {
    const s = p.soa;
    const nums = [s.serial, s.refresh, s.retry, s.expire, s.minimum];
    if (nums.some((n) => !Number.isInteger(n) || n < 0)) {
      throw new WorldError({ file, line, message: 'the SOA record needs: mname rname serial refresh retry expire minimum' });
    }
    const soa: Soa = {
      mname: abs(s.mname), rname: abs(s.rname), serial: s.serial, refresh: s.refresh, retry: s.retry, expire: s.expire, minimum: s.minimum,
    };
    found.push(mk(s.name, 'SOA', s.ttl, soaTerm(soa)));
  }
  for (const r of p.ns ?? []) found.push(mk(r.name, 'NS', r.ttl, abs(r.host)));
  for (const r of p.a ?? []) {
    if (!isIPv4(r.ip)) throw new WorldError({ file, line, message: `"${r.ip}" is not an IPv4 address` });
    found.push(mk(r.name, 'A', r.ttl, r.ip));
  }
  for (const r of p.aaaa ?? []) {
    if (!isIPv6(r.ip)) throw new WorldError({ file, line, message: `"${r.ip}" is not an IPv6 address` });
    found.push(mk(r.name, 'AAAA', r.ttl, r.ip.toLowerCase()));
  }
  for (const r of p.cname ?? []) found.push(mk(r.name, 'CNAME', r.ttl, abs(r.alias)));
  for (const r of p.mx ?? []) {
    if (!Number.isInteger(r.preference)) throw new WorldError({ file, line, message: 'an MX record needs: preference exchange' });
    found.push(mk(r.name, 'MX', r.ttl, struct('mx', r.preference, abs(r.host))));
  }
  for (const r of p.txt ?? []) found.push(mk(r.name, 'TXT', r.ttl, txtStrings(r.txt)));
  for (const r of p.ptr ?? []) found.push(mk(r.name, 'PTR', r.ttl, abs(r.host)));
  if (found.length !== 1) throw new WorldError({ file, line, message: 'the record could not be understood' });
  return found[0]!;
}

/** Parses and checks one master file. Throws WorldError naming the file and line. */
export function parseZone(file: string, text: string): Zone {
  let origin: string | null = null;
  let defaultTtl: number | null = null;
  let prevOwner: string | null = null;
  const records: ZoneRecord[] = [];
  for (const l of logicalLines(file, text)) {
    const toks = tokens(l.text);
    if (l.text.startsWith('$')) {
      const directive = toks[0]!.toUpperCase();
      if (directive === '$ORIGIN') {
        if (toks.length !== 2) throw new WorldError({ file, line: l.line, message: '$ORIGIN needs exactly one domain name' });
        const t = toks[1]!;
        if (!t.endsWith('.') && origin === null) {
          throw new WorldError({ file, line: l.line, message: 'the first $ORIGIN must be absolute (end with ".")' });
        }
        origin = absolute(file, l.line, t, origin ?? '.');
      } else if (directive === '$TTL') {
        if (toks.length !== 2 || !isNumber(toks[1])) throw new WorldError({ file, line: l.line, message: '$TTL needs a number of seconds' });
        defaultTtl = Number(toks[1]);
      } else {
        throw new WorldError({ file, line: l.line, message: `directive ${toks[0]} is not supported (only $ORIGIN and $TTL)` });
      }
      continue;
    }
    if (origin === null) throw new WorldError({ file, line: l.line, message: 'a record before any $ORIGIN' });
    const blankOwner = /^\s/.test(l.text);
    if (blankOwner && prevOwner === null) throw new WorldError({ file, line: l.line, message: 'the first record has no owner name' });
    const owner = blankOwner ? prevOwner! : toks[0]!;
    const recordToks = blankOwner ? [owner, ...toks] : toks;
    recordShape(file, l, recordToks);
    const libraryText = `$ORIGIN ${origin}\n${recordToks.join(' ')}\n`;
    let parsed: ParsedZone;
    try {
      parsed = zonefile.parse(libraryText);
    } catch (e) {
      throw new WorldError({ file, line: l.line, message: `unreadable record (${e instanceof Error ? e.message : String(e)})` });
    }
    const rr = fromLibrary(file, l.line, parsed, origin, defaultTtl);
    prevOwner = rr.name;
    if (!records.some((x) => x.name === rr.name && x.type === rr.type && JSON.stringify(x.data) === JSON.stringify(rr.data))) {
      records.push({ ...rr, line: l.line });
    }
  }
  return checkZone(file, records);
}

function checkZone(file: string, records: readonly ZoneRecord[]): Zone {
  const soas = records.filter((r) => r.type === 'SOA');
  if (soas.length === 0) throw new WorldError({ file, line: 1, message: 'the zone has no SOA record' });
  if (soas.length > 1) throw new WorldError({ file, line: soas[1]!.line, message: 'a second SOA record (a zone has exactly one)' });
  const soaRecord = soas[0]!;
  const origin = soaRecord.name;
  const soa = soaOf(soaRecord.data)!;
  if (!records.some((r) => r.type === 'NS' && r.name === origin)) {
    throw new WorldError({ file, line: soaRecord.line, message: `the zone ${origin} has no NS record at its apex` });
  }
  for (const r of records) {
    if (!isAtOrBelow(r.name, origin)) throw new WorldError({ file, line: r.line, message: `${r.name} is outside the zone ${origin}` });
  }
  const byName = new Map<string, ZoneRecord[]>();
  for (const r of records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, rs] of byName) {
    const cname = rs.find((r) => r.type === 'CNAME');
    if (cname !== undefined && rs.length > 1) {
      const other = rs.find((r) => r !== cname)!;
      throw new WorldError({ file, line: Math.max(cname.line, other.line), message: `${name} has a CNAME and other data` });
    }
  }
  const cuts = [...new Set(records.filter((r) => r.type === 'NS' && r.name !== origin).map((r) => r.name))];
  for (const cut of cuts) {
    const targets = records.filter((r) => r.type === 'NS' && r.name === cut).map((r) => String(r.data));
    for (const r of records) {
      if (!isBelow(r.name, cut) && !(r.name === cut && r.type !== 'NS')) continue;
      const glue = (r.type === 'A' || r.type === 'AAAA') && targets.includes(r.name);
      if (!glue) throw new WorldError({ file, line: r.line, message: `${r.name} ${r.type} is below the delegation of ${cut} (only glue may be)` });
    }
    for (const t of targets) {
      if (isAtOrBelow(t, cut) && !records.some((r) => r.name === t && r.type === 'A')) {
        const ns = records.find((r) => r.type === 'NS' && r.name === cut && r.data === t)!;
        throw new WorldError({ file, line: ns.line, message: `the delegation of ${cut} to ${t} needs glue (an A record for ${t})` });
      }
    }
  }
  return { origin, file, soa, soaRecord, records };
}
