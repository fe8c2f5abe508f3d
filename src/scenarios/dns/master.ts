/**
 * Zones from RFC 1035 master files (§5): every problem is reported as { file, line, message }.
 *
 * The file is read one logical record at a time (comments stripped, parenthesised continuations
 * joined, with the line it starts on); a blank owner is the previous record's owner (RFC 1035: of
 * the previous record, whatever its type). Each record is owner, [TTL] [class] in either order,
 * type and data; its data is parsed and checked against its wire limits by master-rdata.ts, its
 * names made absolute against the current $ORIGIN and checked as host names (labels ≤ 63 octets,
 * name ≤ 255), its TTL 0 … 2³¹−1 (RFC 2181 §8). Then the zone: one SOA at the apex, NS at the
 * apex, nothing out of zone, no data beside a CNAME, nothing but glue below a delegation, and glue
 * for every in-bailiwick delegation (each check linear in the number of records).
 *
 * Data definition:
 *   Zone = { origin, file, soa, records }   records: every RR with the line it came from
 */
import { decimal, quoted, rdataOf, RdataProblem } from './master-rdata.ts';
import { rdataText, soaOf, SUPPORTED_TYPES, type Rr, type Soa } from './message.ts';
import { ancestry, canonicalName, isAtOrBelow, isValidName } from './names.ts';

/** RFC 2181 §8: a TTL is 0 … 2³¹−1 seconds. */
export const MAX_TTL = 0x7fff_ffff;

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

/** A TTL token: seconds, 0 … MAX_TTL. */
function ttlOf(file: string, line: number, token: string, what: string): number {
  try {
    return decimal(token, MAX_TTL, what);
  } catch (e) {
    if (e instanceof RdataProblem) throw new WorldError({ file, line, message: `${e.message} (RFC 2181 §8)` });
    throw e;
  }
}

interface Shape {
  readonly type: string;
  readonly ttl: number | null;
  /** The data tokens. */
  readonly data: readonly string[];
}

/** TTL, class, type and data of a record's tokens after the owner (RFC 1035 §5.1: [TTL] [class] or [class] [TTL]). */
function recordShape(file: string, l: LogicalLine, toks: readonly string[]): Shape {
  let i = 1;
  let ttl: number | null = null;
  let cls: string | null = null;
  for (let n = 0; n < 2 && i < toks.length; n++) {
    const t = toks[i]!;
    if (ttl === null && isNumber(t)) {
      ttl = ttlOf(file, l.line, t, 'the TTL');
      i++;
    } else if (ttl === null && /^[0-9]+[smhdwSMHDW]/.test(t)) {
      throw new WorldError({ file, line: l.line, message: `TTL ${quoted(t)} uses units; write it in seconds` });
    } else if (cls === null && CLASSES.has(t.toUpperCase())) {
      cls = t.toUpperCase();
      i++;
    }
  }
  if (cls !== null && cls !== 'IN') throw new WorldError({ file, line: l.line, message: `class ${cls} is not supported (only IN)` });
  const type = toks[i]?.toUpperCase();
  if (type === undefined) throw new WorldError({ file, line: l.line, message: 'a record needs a type and data' });
  if (!SUPPORTED_TYPES.includes(type)) {
    throw new WorldError({ file, line: l.line, message: `record type ${quoted(toks[i]!)} is not supported (supported: ${SUPPORTED_TYPES.join(', ')})` });
  }
  if (toks.length <= i + 1) throw new WorldError({ file, line: l.line, message: `the ${type} record has no data` });
  return { type, ttl, data: toks.slice(i + 1) };
}

function absolute(file: string, line: number, name: string, origin: string): string {
  let n: string;
  if (name === '@') n = origin;
  else if (name.endsWith('.')) n = canonicalName(name);
  else n = canonicalName(origin === '.' ? `${name}.` : `${name}.${origin}`);
  if (!isValidName(n)) throw new WorldError({ file, line, message: `${quoted(name)} is not a valid domain name` });
  return n;
}

interface Cursor {
  origin: string | null;
  defaultTtl: number | null;
  prevOwner: string | null;
}

/** $ORIGIN and $TTL (the only directives). */
function directive(file: string, l: LogicalLine, toks: readonly string[], at: Cursor): void {
  const d = toks[0]!.toUpperCase();
  if (d === '$ORIGIN') {
    if (toks.length !== 2) throw new WorldError({ file, line: l.line, message: '$ORIGIN needs exactly one domain name' });
    const t = toks[1]!;
    if (!t.endsWith('.') && at.origin === null) {
      throw new WorldError({ file, line: l.line, message: 'the first $ORIGIN must be absolute (end with ".")' });
    }
    at.origin = absolute(file, l.line, t, at.origin ?? '.');
  } else if (d === '$TTL') {
    if (toks.length !== 2 || !isNumber(toks[1])) throw new WorldError({ file, line: l.line, message: '$TTL needs a number of seconds' });
    at.defaultTtl = ttlOf(file, l.line, toks[1]!, '$TTL');
  } else {
    throw new WorldError({ file, line: l.line, message: `directive ${quoted(toks[0]!)} is not supported (only $ORIGIN and $TTL)` });
  }
}

/** One record line, with absolute names and checked data. */
function record(file: string, l: LogicalLine, toks: readonly string[], at: Cursor): Rr {
  if (at.origin === null) throw new WorldError({ file, line: l.line, message: 'a record before any $ORIGIN' });
  const origin = at.origin;
  const blankOwner = /^\s/.test(l.text);
  if (blankOwner && at.prevOwner === null) throw new WorldError({ file, line: l.line, message: 'the first record has no owner name' });
  const owner = blankOwner ? at.prevOwner! : absolute(file, l.line, toks[0]!, origin);
  const shape = recordShape(file, l, blankOwner ? [owner, ...toks] : toks);
  const ttl = shape.ttl ?? at.defaultTtl;
  if (ttl === null) throw new WorldError({ file, line: l.line, message: 'the record has no TTL and there is no $TTL before it' });
  try {
    const data = rdataOf(shape.type, shape.data, (t) => absolute(file, l.line, t, origin));
    return { name: owner, type: shape.type, cls: 'IN', ttl, data };
  } catch (e) {
    if (e instanceof RdataProblem) throw new WorldError({ file, line: l.line, message: e.message });
    throw e;
  }
}

/** Parses and checks one master file. Throws WorldError naming the file and line. */
export function parseZone(file: string, text: string): Zone {
  const at: Cursor = { origin: null, defaultTtl: null, prevOwner: null };
  const records: ZoneRecord[] = [];
  const seen = new Set<string>();
  for (const l of logicalLines(file, text)) {
    const toks = tokens(l.text);
    if (l.text.startsWith('$')) {
      directive(file, l, toks, at);
      continue;
    }
    const rr = record(file, l, toks, at);
    at.prevOwner = rr.name;
    const key = `${rr.name} ${rr.type} ${rdataText(rr)}`;
    if (!seen.has(key)) records.push({ ...rr, line: l.line });
    seen.add(key);
  }
  return checkZone(file, records);
}

const fail = (file: string, line: number, message: string): never => {
  throw new WorldError({ file, line, message });
};

/** Nothing but glue below a delegation, and glue for every delegation to a name below it. */
function checkCuts(file: string, origin: string, records: readonly ZoneRecord[]): void {
  const targets = new Map<string, string[]>();
  for (const r of records) {
    if (r.type !== 'NS' || r.name === origin) continue;
    const ts = targets.get(r.name);
    if (ts === undefined) targets.set(r.name, [String(r.data)]);
    else ts.push(String(r.data));
  }
  const withA = new Set(records.filter((r) => r.type === 'A').map((r) => r.name));
  for (const r of records) {
    for (const n of ancestry(r.name)) {
      if (n === origin) break;
      const ns = targets.get(n);
      if (ns === undefined || (n === r.name && r.type === 'NS')) continue;
      const glue = (r.type === 'A' || r.type === 'AAAA') && ns.includes(r.name);
      if (!glue) fail(file, r.line, `${r.name} ${r.type} is below the delegation of ${n} (only glue may be)`);
    }
  }
  for (const r of records) {
    if (r.type !== 'NS' || r.name === origin) continue;
    const t = String(r.data);
    if (isAtOrBelow(t, r.name) && !withA.has(t)) fail(file, r.line, `the delegation of ${r.name} to ${t} needs glue (an A record for ${t})`);
  }
}

function checkZone(file: string, records: readonly ZoneRecord[]): Zone {
  const soas = records.filter((r) => r.type === 'SOA');
  if (soas.length === 0) fail(file, 1, 'the zone has no SOA record');
  if (soas.length > 1) fail(file, soas[1]!.line, 'a second SOA record (a zone has exactly one)');
  const soaRecord = soas[0]!;
  const origin = soaRecord.name;
  const soa = soaOf(soaRecord.data)!;
  if (!records.some((r) => r.type === 'NS' && r.name === origin)) fail(file, soaRecord.line, `the zone ${origin} has no NS record at its apex`);
  for (const r of records) if (!isAtOrBelow(r.name, origin)) fail(file, r.line, `${r.name} is outside the zone ${origin}`);
  const byName = new Map<string, ZoneRecord[]>();
  for (const r of records) {
    const rs = byName.get(r.name);
    if (rs === undefined) byName.set(r.name, [r]);
    else rs.push(r);
  }
  for (const [name, rs] of byName) {
    const cname = rs.find((r) => r.type === 'CNAME');
    const other = rs.find((r) => r !== cname);
    if (cname !== undefined && other !== undefined) fail(file, Math.max(cname.line, other.line), `${name} has a CNAME and other data`);
  }
  checkCuts(file, origin, records);
  return { origin, file, soa, soaRecord, records };
}
