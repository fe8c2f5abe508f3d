/**
 * A small lexer for the TypeScript of os2 Lab's scenarios and drivers: enough to highlight it
 * lightly (keywords, strings, comments, numbers) and to find calls and their extents (brackets
 * are matched over tokens, so a bracket inside a string, a template or a comment never counts).
 * It is not a parser: it does not know TypeScript's grammar, only its tokens.
 *
 * Data definition:
 *   Token = { kind, start, end, line }   start/end: offsets into the text; line: 0-based, of start
 *     kind  'comment' | 'string' | 'template' (the whole template, ${…} included) | 'regex'
 *           | 'number' | 'keyword' | 'ident' | 'punct'
 * Rule: tokens cover every non-blank character of the text, in order (whitespace is not a token).
 * A `/` starts a regular expression where a value may begin (after an operator, an opening bracket,
 * a comma, a keyword like `return`), and is division after a value (a name, a number, `)` or `]`).
 */
export type TokenKind = 'comment' | 'string' | 'template' | 'regex' | 'number' | 'keyword' | 'ident' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'async', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'from', 'function', 'if', 'implements',
  'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'of', 'readonly', 'return', 'satisfies',
  'switch', 'this', 'throw', 'true', 'try', 'type', 'typeof', 'undefined', 'var', 'void', 'while', 'yield',
]);

/** Keywords after which a `/` begins a regular expression (a value is expected). */
const BEFORE_VALUE = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;

/** The end of a quoted string starting at `i` (the quote), past its closing quote or the line's end. */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== q && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return Math.min(text.length, j + 1);
}

/** The end of a template starting at `i` (the backquote), skipping nested ${…} with their own strings. */
function templateEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '`') {
    if (text[j] === '\\') j += 2;
    else if (text[j] === '$' && text[j + 1] === '{') j = substitutionEnd(text, j + 2);
    else j++;
  }
  return Math.min(text.length, j + 1);
}

/** The end of a ${…} substitution whose body starts at `i` (past its closing brace). */
function substitutionEnd(text: string, i: number): number {
  let depth = 1;
  let j = i;
  while (j < text.length && depth > 0) {
    const c = text[j]!;
    if (c === '"' || c === "'") j = stringEnd(text, j);
    else if (c === '`') j = templateEnd(text, j);
    else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      j++;
    }
  }
  return j;
}

function regexEnd(text: string, i: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < text.length && text[j] !== '\n') {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j++;
  }
  j++;
  while (j < text.length && /[a-z]/.test(text[j]!)) j++;
  return Math.min(text.length, j);
}

function regexAllowed(text: string, prev: Token | undefined): boolean {
  if (prev === undefined) return true;
  const t = text.slice(prev.start, prev.end);
  if (prev.kind === 'keyword') return BEFORE_VALUE.has(t);
  if (prev.kind === 'punct') return !(t === ')' || t === ']' || t === '}');
  return false;
}

/** The end of the token starting at `i` (not whitespace) and its kind. */
function tokenAt(text: string, i: number, prev: Token | undefined): { end: number; kind: TokenKind } {
  const c = text[i]!;
  const next = text[i + 1];
  if (c === '/' && next === '/') {
    const nl = text.indexOf('\n', i);
    return { end: nl < 0 ? text.length : nl, kind: 'comment' };
  }
  if (c === '/' && next === '*') {
    const close = text.indexOf('*/', i + 2);
    return { end: close < 0 ? text.length : close + 2, kind: 'comment' };
  }
  if (c === '"' || c === "'") return { end: stringEnd(text, i), kind: 'string' };
  if (c === '`') return { end: templateEnd(text, i), kind: 'template' };
  if (c === '/' && regexAllowed(text, prev)) return { end: regexEnd(text, i), kind: 'regex' };
  if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
    let j = i + 1;
    while (j < text.length && /[0-9A-Za-z_.]/.test(text[j]!)) j++;
    return { end: j, kind: 'number' };
  }
  if (IDENT_START.test(c)) {
    let j = i + 1;
    while (j < text.length && IDENT_PART.test(text[j]!)) j++;
    return { end: j, kind: KEYWORDS.has(text.slice(i, j)) ? 'keyword' : 'ident' };
  }
  return { end: i + 1, kind: 'punct' };
}

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let line = 0;
  let i = 0;
  let prev: Token | undefined;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const { end, kind } = tokenAt(text, i, prev);
    const t: Token = { kind, start: i, end, line };
    out.push(t);
    if (kind !== 'comment') prev = t;
    for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) line++;
    i = end;
  }
  return out;
}
