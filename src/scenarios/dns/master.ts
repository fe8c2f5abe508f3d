/**
 * Zones from RFC 1035 master files (§5): every problem is reported as { file, line, message }.
 *
 * The file is read one logical record at a time (comments stripped, parenthesised continuations
 * joined, with the line it starts on); a blank owner is the previous record's owner (RFC 1035: of
 * the previous record, whatever its type). Each record is owner, [TTL] [class] in either order,
 * type and data; its data is parsed and checked against its wire limits by master-rdata.ts, its
 * names made absolute against the current $ORIGIN and checked as host names (labels ≤ 63 octets,
 * name ≤ 255), its TTL 0 … 2³¹−1 (RFC 2181 §8; in seconds or with BIND's units, "1h30m").
 * Directives: $ORIGIN and $TTL (each may change mid-file), $INCLUDE file [origin] (RFC 1035 §5.1:
 * the included file is read with that origin, and the origin and owner revert after it; the
 * file is found through the caller's IncludeReader, which confines it to the world directory; at
 * most MAX_INCLUDE_DEPTH files deep). Then the zone is checked as a whole (zone-checks.ts).
 *
 * Data definition:
 *   Zone = { origin, file, soa, records, warnings }   records: every RR with the file and line it
 *          came from; warnings: what named-checkzone reports but loads (zone-checks.ts)
 */
import { isSeconds, quoted, rdataOf, RdataProblem, seconds } from './master-rdata.ts';
import { rdataText, SUPPORTED_TYPES, type Rr, type Soa } from './message.ts';
import { canonicalName, isValidName } from './names.ts';
import { checkZone, WorldError, type WorldProblem } from './zone-checks.ts';

/** RFC 2181 §8: a TTL is 0 … 2³¹−1 seconds. */
export const MAX_TTL = 0x7fff_ffff;

export { WorldError, type WorldProblem } from './zone-checks.ts';

export interface ZoneRecord extends Rr {
  /** The file the record was read from (the zone's file, or one it includes). */
  readonly file: string;
  readonly line: number;
}

export interface Zone {
  readonly origin: string;
  readonly file: string;
  readonly soa: Soa;
  readonly soaRecord: Rr;
  readonly records: readonly ZoneRecord[];
  /** Problems named-checkzone reports but loads the zone with (glue nothing references, …). */
  readonly warnings: readonly WorldProblem[];
}

/** How deep $INCLUDE may nest (a file including itself stops here). */
export const MAX_INCLUDE_DEPTH = 8;

/** Thrown by an IncludeReader: why the file cannot be included (a sentence). */
export class IncludeProblem extends Error {}

/** The text of an included file, named as written after $INCLUDE; throws IncludeProblem. */
export type IncludeReader = (name: string) => string;

/** The file names a master file's $INCLUDE lines give (for a reader that must fetch them first). */
export const includedNames = (text: string): string[] => [...text.matchAll(/^\$INCLUDE[ \t]+([^\s;]+)/gim)].map((m) => m[1]!);

const noIncludes: IncludeReader = (name) => {
  throw new IncludeProblem(`cannot include ${quoted(name)} here (no world directory)`);
};

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
const isTtl = isSeconds;

/** A TTL token (isSeconds): 0 … MAX_TTL seconds. */
function ttlOf(file: string, line: number, token: string, what: string): number {
  try {
    return seconds(token, MAX_TTL, what);
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
    if (ttl === null && isTtl(t)) {
      ttl = ttlOf(file, l.line, t, 'the TTL');
      i++;
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

/** A name as written, made absolute against the origin (before any $ORIGIN only absolute names may be written). */
function absolute(file: string, line: number, name: string, origin: string | null): string {
  let n: string;
  if (origin === null && !name.endsWith('.')) {
    throw new WorldError({ file, line, message: `${quoted(name)} is relative, and there is no $ORIGIN before it` });
  }
  if (name === '@') n = origin!;
  else if (name.endsWith('.')) n = canonicalName(name);
  else n = canonicalName(origin === '.' ? `${name}.` : `${name}.${origin!}`);
  if (!isValidName(n)) throw new WorldError({ file, line, message: `${quoted(name)} is not a valid domain name` });
  return n;
}

interface Cursor {
  origin: string | null;
  defaultTtl: number | null;
  prevOwner: string | null;
}

/** Reading one master file (the zone's, or one it includes), with what the records go into. */
interface Reading {
  readonly include: IncludeReader;
  readonly records: ZoneRecord[];
  readonly seen: Set<string>;
  /** The TTL of each RRset read so far ("name type"). */
  readonly ttls: Map<string, number>;
  readonly warnings: WorldProblem[];
}

/** $ORIGIN and $TTL; $INCLUDE is readFile's. */
function directive(file: string, l: LogicalLine, toks: readonly string[], at: Cursor): void {
  const d = toks[0]!.toUpperCase();
  if (d === '$ORIGIN') {
    if (toks.length !== 2) throw new WorldError({ file, line: l.line, message: '$ORIGIN needs exactly one domain name' });
    at.origin = originOf(file, l.line, toks[1]!, at.origin);
  } else if (d === '$TTL') {
    if (toks.length !== 2 || !isTtl(toks[1])) throw new WorldError({ file, line: l.line, message: '$TTL needs a TTL (seconds, or with units: 1h30m)' });
    at.defaultTtl = ttlOf(file, l.line, toks[1]!, '$TTL');
  } else {
    throw new WorldError({ file, line: l.line, message: `directive ${quoted(toks[0]!)} is not supported (only $ORIGIN, $TTL and $INCLUDE)` });
  }
}

/** An origin named at `line`, relative to the current one (the first must be absolute). */
function originOf(file: string, line: number, name: string, current: string | null): string {
  if (!name.endsWith('.') && current === null) throw new WorldError({ file, line, message: 'the first $ORIGIN must be absolute (end with ".")' });
  return absolute(file, line, name, current ?? '.');
}

/** $INCLUDE file [origin]: the file's records, read with that origin; origin and owner revert after it. */
function includeFile(file: string, l: LogicalLine, toks: readonly string[], at: Cursor, r: Reading, depth: number): void {
  if (toks.length < 2 || toks.length > 3) throw new WorldError({ file, line: l.line, message: '$INCLUDE needs a file name and at most an origin' });
  if (depth >= MAX_INCLUDE_DEPTH) throw new WorldError({ file, line: l.line, message: `$INCLUDE nested more than ${MAX_INCLUDE_DEPTH} files deep (does a file include itself?)` });
  const name = toks[1]!;
  let text: string;
  try {
    text = r.include(name);
  } catch (e) {
    if (e instanceof IncludeProblem) throw new WorldError({ file, line: l.line, message: e.message });
    throw e;
  }
  const saved = { origin: at.origin, prevOwner: at.prevOwner };
  if (toks[2] !== undefined) at.origin = originOf(file, l.line, toks[2], at.origin);
  readFile(name, text, at, r, depth + 1);
  at.origin = saved.origin;
  at.prevOwner = saved.prevOwner;
}

/** One record line, with absolute names and checked data. */
function record(file: string, l: LogicalLine, toks: readonly string[], at: Cursor): Rr {
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

/** RFC 2181 §5.2: the records of an RRset share one TTL; as BIND does, a later one takes the first's. */
function sameTtl(file: string, line: number, rr: Rr, r: Reading): Rr {
  const key = `${rr.name} ${rr.type}`;
  const prior = r.ttls.get(key);
  if (prior === undefined) r.ttls.set(key, rr.ttl);
  if (prior === undefined || prior === rr.ttl) return rr;
  r.warnings.push({ file, line, message: `${key}: TTL ${rr.ttl} set to the RRset's prior TTL (${prior}) (RFC 2181 §5.2)` });
  return { ...rr, ttl: prior };
}

/** The records of one master file, appended to `r.records` (an exact duplicate counts once, as in BIND). */
function readFile(file: string, text: string, at: Cursor, r: Reading, depth: number): void {
  for (const l of logicalLines(file, text)) {
    const toks = tokens(l.text);
    if (toks[0]!.toUpperCase() === '$INCLUDE') includeFile(file, l, toks, at, r, depth);
    else if (l.text.startsWith('$')) directive(file, l, toks, at);
    else {
      const rr = sameTtl(file, l.line, record(file, l, toks, at), r);
      at.prevOwner = rr.name;
      const key = `${rr.name} ${rr.type} ${rdataText(rr)}`;
      if (!r.seen.has(key)) r.records.push({ ...rr, file, line: l.line });
      r.seen.add(key);
    }
  }
}

/** Parses and checks one master file (and those it includes). Throws WorldError naming the file and line. */
export function parseZone(file: string, text: string, include: IncludeReader = noIncludes): Zone {
  const reading: Reading = { include, records: [], seen: new Set(), ttls: new Map(), warnings: [] };
  readFile(file, text, { origin: null, defaultTtl: null, prevOwner: null }, reading, 0);
  return checkZone(file, reading.records, reading.warnings);
}
