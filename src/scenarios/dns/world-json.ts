/**
 * JSON (RFC 8259) for world.json, read into a tree that knows the line of every value and key, so
 * that a problem with a value is reported at *its* line (JSON.parse forgets where things were).
 * Objects are lists of entries, never JavaScript objects: no key is looked up through a
 * prototype, and a key written twice is an error at its second line. Nesting deeper than
 * MAX_WORLD_JSON_DEPTH is refused (world.json needs four levels), so the recursion is bounded.
 *
 * Data definition:
 *   JsonNode = object(entries: [{ key, keyLine, value }]) | array(items) | string | number
 *            | boolean | null, each with the line it starts on
 */

export const MAX_WORLD_JSON_DEPTH = 32;

export type JsonNode =
  | { readonly kind: 'object'; readonly line: number; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly line: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly line: number; readonly value: string }
  | { readonly kind: 'number'; readonly line: number; readonly value: number }
  | { readonly kind: 'boolean'; readonly line: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly line: number };

export interface JsonEntry {
  readonly key: string;
  readonly keyLine: number;
  readonly value: JsonNode;
}

/** A syntax error: the line where the text stops being JSON, and what was expected there. */
export class JsonSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Parses `text` as one JSON value. Throws JsonSyntaxError. */
export function parseJsonWithLines(text: string): JsonNode {
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('the JSON value ends before the text does');
  return v;
}

class Parser {
  i = 0;
  private readonly newlines: number[] = [];

  constructor(private readonly text: string) {
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.newlines.push(k);
  }

  /** The 1-based line of offset `at` (binary search over the newline offsets). */
  lineAt(at: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(this.lineAt(this.i), message);
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  value(depth: number): JsonNode {
    this.ws();
    const line = this.lineAt(this.i);
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      if (depth >= MAX_WORLD_JSON_DEPTH) this.fail(`nested deeper than ${MAX_WORLD_JSON_DEPTH} levels`);
      return c === '{' ? this.object(line, depth + 1) : this.array(line, depth + 1);
    }
    if (c === '"') return { kind: 'string', line, value: this.string() };
    for (const [word, node] of [['true', { kind: 'boolean', line, value: true }], ['false', { kind: 'boolean', line, value: false }], ['null', { kind: 'null', line }]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return node;
      }
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (m === null) this.fail(c === undefined ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(c)} where a value should be`);
    this.i += m[0].length;
    return { kind: 'number', line, value: Number(m[0]) };
  }

  private object(line: number, depth: number): JsonNode {
    this.i++;
    const entries: JsonEntry[] = [];
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return { kind: 'object', line, entries };
    }
    for (;;) {
      this.ws();
      const keyLine = this.lineAt(this.i);
      if (this.text[this.i] !== '"') this.fail('expected a key (a string)');
      const key = this.string();
      if (entries.some((e) => e.key === key)) throw new JsonSyntaxError(keyLine, `the key ${JSON.stringify(key)} is written twice`);
      this.ws();
      if (this.text[this.i] !== ':') this.fail('expected ":" after a key');
      this.i++;
      entries.push({ key, keyLine, value: this.value(depth) });
      if (this.endOfList('}')) return { kind: 'object', line, entries };
    }
  }

  private array(line: number, depth: number): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return { kind: 'array', line, items };
    }
    for (;;) {
      items.push(this.value(depth));
      if (this.endOfList(']')) return { kind: 'array', line, items };
    }
  }

  /** After a member or element: a comma (more follow) or the closing bracket (the list ends). */
  private endOfList(close: string): boolean {
    this.ws();
    const c = this.text[this.i];
    if (c !== ',' && c !== close) this.fail(`expected "," or "${close}"`);
    this.i++;
    return c === close;
  }

  /** A string token, decoded (its escapes by JSON.parse, which sees only the checked token). */
  private string(): string {
    const start = this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === '\\') this.i++;
      else if (this.text.charCodeAt(this.i) < 0x20) this.fail('a control character inside a string');
      this.i++;
    }
    if (this.i >= this.text.length) this.fail('a string is not closed');
    this.i++;
    try {
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      return this.fail('a bad escape inside a string');
    }
  }
}
