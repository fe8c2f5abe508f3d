/**
 * The query language's parser: hand-written recursive descent over the text (docs/queries.md has
 * the grammar). Terms inside a query are read by the kernel notation's own parser (term-parse.ts).
 * Every problem is a QueryError naming its column.
 */
import { assertNever, type Term } from '../../kernel/index.ts';
import { parseTermAt } from '../term-parse.ts';
import {
  HEADS, QueryError, type Duration, type Expr, type Filter, type Head, type IntervalSort, type KindName, type ProcSpec, type Query,
  type ReasonSpec, type Select, type Unit,
} from './ast.ts';
import { RECORD_KINDS } from './record-kinds.ts';

/** A query holds at most this many characters (and nests at most MAX_NESTING parentheses). */
const MAX_QUERY_CHARS = 4096;
const MAX_NESTING = 32;

const KIND_NAMES: readonly string[] = [...RECORD_KINDS, 'deliver', 'crash', 'any'];
const UNIT_WORDS: Readonly<Record<string, Unit>> = { record: 'records', records: 'records', step: 'steps', steps: 'steps', ms: 'ms' };
const WORD = /[A-Za-z][A-Za-z0-9_-]*/y;
const PROC_NAME = /[A-Za-z0-9_][A-Za-z0-9_\-.:/#]*/y;
const INTEGER = /[0-9]+/y;

class Cursor {
  at = 0;
  depth = 0;
  constructor(readonly text: string) {}

  fail(sentence: string, at = this.at): never {
    throw new QueryError(at + 1, sentence);
  }

  space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  /** What is at the cursor, for a message. */
  found(): string {
    this.space();
    if (this.at >= this.text.length) return 'the end of the query';
    const w = this.peekWord();
    return w !== null ? `"${w}"` : JSON.stringify(this.text[this.at]);
  }

  sticky(re: RegExp): string | null {
    this.space();
    re.lastIndex = this.at;
    const m = re.exec(this.text);
    return m === null ? null : m[0];
  }

  peekWord(): string | null {
    return this.sticky(WORD);
  }

  /** Takes `word` if it is next. */
  accept(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.at += word.length;
    return true;
  }

  expect(word: string, why: string): void {
    if (!this.accept(word)) this.fail(`expected "${word}" ${why}, found ${this.found()}`);
  }

  char(c: string): boolean {
    this.space();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  integer(what: string): number {
    const m = this.sticky(INTEGER);
    if (m === null) this.fail(`expected ${what} (a whole number), found ${this.found()}`);
    this.at += m.length;
    const n = Number(m);
    if (!Number.isSafeInteger(n)) this.fail(`${m} is too large`, this.at - m.length);
    return n;
  }
}

/** Parses a query; throws a QueryError naming the column of the first problem. */
export function parseQuery(text: string): Query {
  if (text.length > MAX_QUERY_CHARS) throw new QueryError(MAX_QUERY_CHARS + 1, `a query holds at most ${MAX_QUERY_CHARS} characters`);
  const c = new Cursor(text);
  c.space();
  if (c.at >= text.length) c.fail('an empty query: write a selection, e.g. presence to listener');
  const word = c.peekWord();
  let head: Head = 'all';
  if (word !== null && word !== 'all' && (HEADS as readonly string[]).includes(word)) {
    c.accept(word);
    head = word as Head;
  }
  const expr = parseExpr(c);
  c.space();
  if (c.at < text.length) c.fail(`unexpected ${c.found()} after a complete query`);
  return { head, expr };
}

function parseExpr(c: Cursor): Expr {
  let left = parsePrimary(c);
  for (;;) {
    const op = c.peekWord();
    if (op === 'before' || op === 'after') {
      c.accept(op);
      left = { type: op, left, right: parsePrimary(c) };
    } else if (op === 'within') {
      c.accept(op);
      const d = parseDuration(c);
      const dir = (['of', 'before', 'after'] as const).find((w) => c.accept(w));
      if (dir === undefined) c.fail(`expected "of", "before" or "after" after "within ${d.n} ${d.unit}", found ${c.found()}`);
      left = { type: 'within', left, right: parsePrimary(c), d, dir };
    } else if (op === 'not') {
      c.accept(op);
      c.expect('followed', 'after "not" (A not followed by B)');
      c.expect('by', 'after "not followed" (A not followed by B)');
      const right = parsePrimary(c);
      left = { type: 'not-followed', left, right, d: c.accept('within') ? parseDuration(c) : null };
    } else if (op === 'never') {
      c.accept(op);
      const right = parsePrimary(c);
      c.expect('until', 'after "never B" (A never B until C)');
      left = { type: 'never', left, right, until: parsePrimary(c) };
    } else return left;
  }
}

function parsePrimary(c: Cursor): Expr {
  c.space();
  const open = c.at;
  if (c.char('(')) {
    if (++c.depth > MAX_NESTING) c.fail(`parentheses nested deeper than ${MAX_NESTING}`, open);
    const e = parseExpr(c);
    if (!c.char(')')) c.fail(`expected ")" to close the "(" at column ${open + 1}, found ${c.found()}`);
    c.depth--;
    return e;
  }
  return parseSelect(c);
}

function parseSelect(c: Cursor): Select {
  const column = c.at + 1;
  const word = c.peekWord();
  if (word === 'knows' || word === 'alone') {
    c.accept(word);
    return { type: 'intervals', sort: word, filters: parseFilters(c, word), column };
  }
  if (word === 'lifetime') {
    c.accept(word);
    const sort = (['process', 'endpoint'] as const).find((w) => c.accept(w));
    if (sort === undefined) c.fail(`expected "process" or "endpoint" after "lifetime", found ${c.found()}`);
    return { type: 'intervals', sort, filters: parseFilters(c, sort), column };
  }
  if (word === null || !KIND_NAMES.includes(word)) {
    c.fail(`expected a selection (${KIND_NAMES.join(', ')}, knows, alone, lifetime) or "(", found ${c.found()}`);
  }
  const kinds: KindName[] = [];
  do {
    const k = c.peekWord();
    if (k === null || !KIND_NAMES.includes(k)) c.fail(`expected a record kind after "or", found ${c.found()}`);
    c.accept(k);
    kinds.push(k as KindName);
  } while (c.accept('or'));
  return { type: 'records', kinds, filters: parseFilters(c, 'records'), column };
}

/** Filters that make sense for each sort of selection. */
const ALLOWED: Readonly<Record<IntervalSort | 'records', readonly Filter['type'][]>> = {
  records: ['proc', 'peer', 'endpoint', 'on', 'containing', 'orientation', 'reason', 'between'],
  knows: ['proc', 'peer', 'endpoint', 'on', 'containing', 'orientation', 'reason', 'longer', 'shorter', 'open', 'between'],
  alone: ['proc', 'endpoint', 'on', 'containing', 'orientation', 'longer', 'shorter', 'open', 'between'],
  process: ['proc', 'reason', 'longer', 'shorter', 'open', 'between'],
  endpoint: ['proc', 'endpoint', 'on', 'containing', 'orientation', 'reason', 'longer', 'shorter', 'open', 'between'],
};

function parseFilters(c: Cursor, sort: IntervalSort | 'records'): Filter[] {
  const out: Filter[] = [];
  for (;;) {
    c.space();
    const at = c.at;
    const f = parseFilter(c);
    if (f === null) return out;
    if (!ALLOWED[sort].includes(f.type)) {
      const what = sort === 'records' ? 'a record selection' : sort === 'process' || sort === 'endpoint' ? `lifetime ${sort}` : `"${sort}"`;
      c.fail(`${describeFilter(f)} does not apply to ${what}`, at);
    }
    out.push(f);
  }
}

function describeFilter(f: Filter): string {
  switch (f.type) {
    case 'proc': return '"to"/"by" (the process)';
    case 'peer': return '"from" (the peer or sender)';
    case 'endpoint': return '"at" (the endpoint)';
    case 'on': return '"on" (a topic pattern)';
    case 'containing': return '"containing"';
    case 'orientation': return '"pub"/"sub"';
    case 'reason': return '"reason"';
    case 'longer': case 'shorter': return `"${f.type} than" (a duration)`;
    case 'open': return '"open"';
    case 'between': return '"between"';
    default: return assertNever(f, 'filter');
  }
}

function parseFilter(c: Cursor): Filter | null {
  const w = c.peekWord();
  if (w === null) return null;
  const take = (): void => void c.accept(w);
  switch (w) {
    case 'to': case 'by': take(); return { type: 'proc', proc: parseProc(c) };
    case 'from': take(); return { type: 'peer', proc: parseProc(c) };
    case 'at': take(); return { type: 'endpoint', name: parseName(c, 'an endpoint name') };
    case 'on': take(); return { type: 'on', pattern: parseTerm(c) };
    case 'containing': take(); return { type: 'containing', pattern: parseTerm(c) };
    case 'pub': take(); return { type: 'orientation', orientation: 'publisher' };
    case 'sub': take(); return { type: 'orientation', orientation: 'subscriber' };
    case 'reason': take(); return { type: 'reason', reason: parseReason(c) };
    case 'longer': case 'shorter':
      take();
      c.expect('than', `after "${w}" (${w} than N steps)`);
      return { type: w, than: parseDuration(c) };
    case 'open': take(); return { type: 'open' };
    case 'between': {
      take();
      const from = c.integer('the first record');
      c.expect('and', '(between N and M)');
      return { type: 'between', from, to: c.integer('the last record') };
    }
    default: return null;
  }
}

function parseTerm(c: Cursor): Term {
  c.space();
  const r = parseTermAt(c.text, c.at);
  if (!r.ok) c.fail(r.error, r.at);
  c.at = r.end;
  return r.term;
}

function parseReason(c: Cursor): ReasonSpec {
  if (c.accept('crash')) return { type: 'crash' };
  if (c.accept('normal')) return { type: 'normal' };
  return { type: 'pattern', pattern: parseTerm(c) };
}

function parseName(c: Cursor, what: string): string {
  c.space();
  if (c.text[c.at] === '"') {
    const t = parseTerm(c);
    if (typeof t !== 'string') c.fail(`expected ${what}`);
    return t;
  }
  const m = c.sticky(PROC_NAME);
  if (m === null) c.fail(`expected ${what}, found ${c.found()}`);
  c.at += m.length;
  return m;
}

function parseProc(c: Cursor): ProcSpec {
  c.space();
  const ch = c.text[c.at];
  if (ch === '?') {
    c.at++;
    const m = c.sticky(WORD);
    if (m === null) c.fail('expected a variable name after "?" (e.g. ?p)');
    c.at += m.length;
    return { type: 'var', name: m };
  }
  if (ch === '[') {
    const at = c.at;
    const t = parseTerm(c);
    if (!Array.isArray(t) || t.length === 0 || !t.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      c.fail('a pid path is a list of whole numbers: the pids of the VMs from the ground down, then the process, e.g. [9, 3]', at);
    }
    return { type: 'path', path: t as number[] };
  }
  return { type: 'name', name: parseName(c, 'a process: a name, "a name", a pid path [9, 3] or a variable ?p') };
}

function parseDuration(c: Cursor): Duration {
  const n = c.integer('a duration');
  const u = c.peekWord();
  const unit = u === null ? undefined : UNIT_WORDS[u];
  if (unit === undefined) c.fail(`expected a unit after ${n} (records, steps or ms), found ${c.found()}`);
  c.accept(u!);
  return { n, unit };
}
