/**
 * Reading terms typed by a user (the Inject and Kill forms): the kernel's printed notation, or JSON.
 * A small recursive-descent parser over the text — never eval — that names what is wrong and where.
 *
 * Notation (what `pretty` prints, minus event descriptors):
 *   name(a, b)        a struct; names are letters, digits and - _ . : / * + ! < > =, not starting
 *                     with a digit or -; `name()` has no fields
 *   [a, b]            a list
 *   "text"            a string (JSON escapes: \" \\ \n \t \r \uXXXX)
 *   #"bytes"          bytes: printable ASCII, the escapes above and \xHH
 *   42  -1.5  1e3     numbers
 *   true false null   atoms
 *   ?  ?x  ?0         wildcards (topics only: a message may not contain one)
 * A query (src/debugger/query/) reads a term inside its own text with parseTermAt, where `_` is also
 * the anonymous wildcard.
 * JSON form: the trace format's encoding (src/kernel/term-json.ts), e.g.
 *   {"struct": "hello", "fields": ["world", 1]}
 */
import { termFromJson, termKind, type StructTerm, type Term } from '../kernel/values.ts';

export type ParseResult = { readonly ok: true; readonly term: Term } | { readonly ok: false; readonly error: string };

class ParseError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_\-.:/*+!<>=]/;
const MAX_DEPTH = 64;

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the text';
  const c = text[at]!;
  if (c === '\n') return 'a line break';
  return JSON.stringify(c);
}

class Reader {
  at = 0;
  constructor(
    readonly text: string,
    /** Is a lone `_` the anonymous wildcard (queries), or a bare name (the forms)? */
    readonly underscoreWild = false,
  ) {}

  fail(message: string, at = this.at): never {
    throw new ParseError(at, message);
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  peek(): string | undefined {
    return this.text[this.at];
  }

  expect(c: string, what: string): void {
    this.skipSpace();
    if (this.peek() !== c) this.fail(`expected ${JSON.stringify(c)} ${what}, found ${describe(this.text, this.at)}`);
    this.at++;
  }

  term(depth: number): Term {
    if (depth > MAX_DEPTH) this.fail(`terms nested deeper than ${MAX_DEPTH} levels`);
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) this.fail('expected a term, found the end of the text');
    if (c === '"') return this.string();
    if (c === '#') {
      if (this.text[this.at + 1] === '"') {
        this.at++;
        return this.bytes();
      }
      this.fail('"#" begins bytes, written #"…" (event descriptors #<evt …> cannot be typed)');
    }
    if (c === '[') return this.list(depth);
    if (c === '?') return this.wild();
    if (c === '-' || /[0-9]/.test(c)) return this.number();
    if (NAME_START.test(c)) return this.named(depth);
    if (c === "'") this.fail(`strings use double quotes: "…"`);
    return this.fail(`expected a term, found ${describe(this.text, this.at)}`);
  }

  name(): string {
    const from = this.at;
    while (this.at < this.text.length && NAME_CHAR.test(this.text[this.at]!)) this.at++;
    return this.text.slice(from, this.at);
  }

  named(depth: number): Term {
    const from = this.at;
    const name = this.name();
    const after = this.at;
    this.skipSpace();
    if (this.peek() === '(') {
      this.at++;
      const fields = this.items(')', `${name}(…)`, depth);
      return { struct: name, fields } satisfies StructTerm;
    }
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'null') return null;
    if (name === '_' && this.underscoreWild) return { wild: null };
    this.at = after;
    return this.fail(`bare name "${name}": write ${name}() for a struct with no fields, or "${name}" for a string`, from);
  }

  items(close: string, inside: string, depth: number): Term[] {
    const out: Term[] = [];
    this.skipSpace();
    if (this.peek() === close) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.term(depth + 1));
      this.skipSpace();
      const c = this.peek();
      if (c === ',') {
        this.at++;
        this.skipSpace();
        if (this.peek() === close) this.fail(`a "," must be followed by another item in ${inside}`);
        continue;
      }
      if (c === close) {
        this.at++;
        return out;
      }
      if (c === undefined) this.fail(`${inside} is not closed: expected "${close}"`);
      this.fail(`expected "," or "${close}" after an item of ${inside}, found ${describe(this.text, this.at)}`);
    }
  }

  list(depth: number): Term {
    this.at++;
    return this.items(']', 'the list […]', depth);
  }

  wild(): Term {
    this.at++;
    const c = this.peek();
    if (c !== undefined && /[0-9]/.test(c)) {
      const from = this.at;
      while (this.at < this.text.length && /[0-9]/.test(this.text[this.at]!)) this.at++;
      return { wild: Number(this.text.slice(from, this.at)) };
    }
    if (c !== undefined && NAME_START.test(c)) return { wild: this.name() };
    return { wild: null };
  }

  number(): Term {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.at));
    if (m === null || m[0] === '-') this.fail(`expected a number after "-", found ${describe(this.text, this.at + 1)}`);
    const n = Number(m[0]);
    if (!Number.isFinite(n)) this.fail(`the number ${m[0]} is too large`);
    this.at += m[0].length;
    const next = this.peek();
    if (next !== undefined && NAME_CHAR.test(next) && !/[-+*/<>=!:.]/.test(next)) {
      this.fail(`unexpected ${describe(this.text, this.at)} after the number ${m[0]}`);
    }
    return n;
  }

  /** The characters of a quoted literal up to its closing quote; `bytes` allows \xHH and limits to one byte each. */
  quoted(bytes: boolean): number[] | string {
    const open = this.at;
    this.at++;
    let s = '';
    const out: number[] = [];
    const put = (code: number): void => {
      if (bytes) out.push(code);
      else s += String.fromCharCode(code);
    };
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail(`the ${bytes ? 'bytes' : 'string'} that begins here is not closed: expected '"'`, open);
      if (c === '"') {
        this.at++;
        return bytes ? out : s;
      }
      if (c === '\n') this.fail(`a line break inside a ${bytes ? 'bytes literal' : 'string'}: write \\n`);
      if (c !== '\\') {
        const code = c.charCodeAt(0);
        if (bytes && (code < 32 || code > 126)) this.fail(`bytes may hold printable ASCII only; write other bytes as \\xHH`);
        put(code);
        this.at++;
        continue;
      }
      const e = this.text[this.at + 1];
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, '\\': 92, '/': 47, b: 8, f: 12 };
      if (e !== undefined && e in simple) {
        put(simple[e]!);
        this.at += 2;
      } else if (e === 'x' && bytes) {
        const hex = this.text.slice(this.at + 2, this.at + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('\\x must be followed by two hex digits');
        put(parseInt(hex, 16));
        this.at += 4;
      } else if (e === 'u' && !bytes) {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u must be followed by four hex digits');
        put(parseInt(hex, 16));
        this.at += 6;
      } else {
        this.fail(`unknown escape "\\${e ?? ''}"${bytes ? ' (bytes allow \\n \\r \\t \\" \\\\ \\xHH)' : ''}`);
      }
    }
  }

  string(): Term {
    return this.quoted(false) as string;
  }

  bytes(): Term {
    return Uint8Array.from(this.quoted(true) as number[]);
  }
}

function position(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const col = at - before.lastIndexOf('\n');
  return text.includes('\n') ? `line ${line}, column ${col}` : `column ${col}`;
}

/** Parses one term in the kernel's notation. */
export function parseTerm(text: string): ParseResult {
  const r = new Reader(text);
  try {
    r.skipSpace();
    if (r.peek() === undefined) return { ok: false, error: 'nothing to read: type a term, e.g. hello("world", 1)' };
    const term = r.term(0);
    r.skipSpace();
    if (r.peek() !== undefined) r.fail(`unexpected ${describe(text, r.at)} after a complete term (one term only)`);
    return { ok: true, term };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: `${position(text, e.at)}: ${e.message}` };
    throw e;
  }
}

/** A term read from inside a longer text: the term and where it ends, or the problem and where it is. */
export type TermAt = { readonly ok: true; readonly term: Term; readonly end: number } | { readonly ok: false; readonly at: number; readonly error: string };

/** Reads one term of `text` starting at `at` (spaces skipped first); `_` is the anonymous wildcard. */
export function parseTermAt(text: string, at: number): TermAt {
  const r = new Reader(text, true);
  r.at = at;
  try {
    const term = r.term(0);
    return { ok: true, term, end: r.at };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, at: e.at, error: e.message };
    throw e;
  }
}

/** Parses a term in its JSON encoding (the trace format's). */
export function parseTermJson(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const t = termFromJson(value);
  if (t !== null && typeof t === 'object' && 'error' in t) return { ok: false, error: t.error };
  return { ok: true, term: t };
}

/** The first wildcard in a term, printed path (e.g. "hello(…) field 2"), or null: a message may not hold one. */
export function findWildcard(t: Term, path = 'the term'): string | null {
  switch (termKind(t)) {
    case 'wild':
      return path;
    case 'list': {
      const xs = t as readonly Term[];
      for (let i = 0; i < xs.length; i++) {
        const w = findWildcard(xs[i]!, `item ${i + 1} of ${path === 'the term' ? 'the list' : path}`);
        if (w !== null) return w;
      }
      return null;
    }
    case 'struct': {
      const s = t as StructTerm;
      for (let i = 0; i < s.fields.length; i++) {
        const w = findWildcard(s.fields[i]!, `field ${i + 1} of ${s.struct}(…)`);
        if (w !== null) return w;
      }
      return null;
    }
    default:
      return null;
  }
}

/** A message (no wildcards) from text in either form. */
export function parseMessage(text: string, form: 'notation' | 'json'): ParseResult {
  const r = form === 'json' ? parseTermJson(text) : parseTerm(text);
  if (!r.ok) return r;
  if (termKind(r.term) === 'evt') return { ok: false, error: 'an event descriptor cannot be injected' };
  const w = findWildcard(r.term);
  if (w !== null) return { ok: false, error: `a message cannot contain a wildcard (?): ${w} is one` };
  return r;
}
