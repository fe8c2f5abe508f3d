/**
 * Token-level helpers for the source index: matching brackets, splitting a call's arguments, and
 * reading a name expression (a string, a template, or anything else) as a pattern over names.
 *
 * Data definition:
 *   Scan        = { text, tokens }    a file's text and its tokens (lex.ts)
 *   NamePattern = { regex, literal }  the names an expression can produce, and how many of its
 *                 characters are fixed (a plain string: all; `teller ${c}`: 7; a computed name: 0)
 */
import { lex, type Token } from './lex.ts';

export interface Scan {
  readonly text: string;
  readonly tokens: readonly Token[];
}

export interface NamePattern {
  /** A string gives one name; a template those its fixed parts allow; anything else is computed. */
  readonly kind: 'exact' | 'template' | 'computed';
  readonly regex: RegExp;
  /** Characters the pattern fixes; exact names fix all of theirs. */
  readonly literal: number;
}

export function scan(text: string): Scan {
  return { text, tokens: lex(text) };
}

export function tokText(s: Scan, i: number): string {
  const t = s.tokens[i];
  return t === undefined ? '' : s.text.slice(t.start, t.end);
}

const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);

/** The index of the token closing the bracket at `i` (or the last token if it is never closed). */
export function matching(s: Scan, i: number): number {
  let depth = 0;
  for (let j = i; j < s.tokens.length; j++) {
    if (s.tokens[j]!.kind !== 'punct') continue;
    const c = tokText(s, j);
    if (OPEN[c] !== undefined) depth++;
    else if (CLOSE.has(c) && --depth === 0) return j;
  }
  return s.tokens.length - 1;
}

/** The index past a generic argument list `<…>` starting at `i`, or `i` if there is none. */
export function skipGenerics(s: Scan, i: number): number {
  if (tokText(s, i) !== '<') return i;
  let depth = 0;
  for (let j = i; j < s.tokens.length; j++) {
    const c = tokText(s, j);
    if (c === '<') depth++;
    else if (c === '>' && --depth === 0) return j + 1;
    else if (c === ';' || c === '{') return i;
  }
  return i;
}

/** The arguments of the call whose `(` is at `open`: token index ranges [from, to), split at top-level commas. */
export function callArgs(s: Scan, open: number): { from: number; to: number }[] {
  const close = matching(s, open);
  const out: { from: number; to: number }[] = [];
  let from = open + 1;
  for (let j = open + 1; j < close; j++) {
    const c = tokText(s, j);
    if (s.tokens[j]!.kind === 'punct' && OPEN[c] !== undefined) j = matching(s, j);
    else if (c === ',') {
      out.push({ from, to: j });
      from = j + 1;
    }
  }
  if (from < close) out.push({ from, to: close });
  return out;
}

/** Within an object literal's tokens [from, to) (its braces included), the value of `key: …`. */
export function propertyValue(s: Scan, from: number, to: number, key: string): { from: number; to: number } | null {
  if (tokText(s, from) !== '{') return null;
  const props = callArgs(s, from);
  for (const p of props) {
    if (p.to > to) break;
    if (tokText(s, p.from) === key && tokText(s, p.from + 1) === ':') return { from: p.from + 2, to: p.to };
  }
  return null;
}

const escapeRegex = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A quoted string token's value (escapes of quotes and backslashes undone). */
export function stringValue(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The fixed parts of a template token, between its ${…} substitutions. */
export function templateParts(raw: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let i = 1;
  while (i < raw.length - 1) {
    if (raw[i] === '\\') {
      cur += raw[i + 1] ?? '';
      i += 2;
    } else if (raw[i] === '$' && raw[i + 1] === '{') {
      parts.push(cur);
      cur = '';
      let depth = 1;
      i += 2;
      for (; i < raw.length - 1 && depth > 0; i++) {
        if (raw[i] === '{') depth++;
        else if (raw[i] === '}') depth--;
      }
    } else cur += raw[i++];
  }
  parts.push(cur);
  return parts;
}

/** The names the expression in tokens [from, to) can produce. */
export function namePattern(s: Scan, from: number, to: number): NamePattern {
  const t = s.tokens[from];
  const raw = tokText(s, from);
  if (to === from + 1 && t?.kind === 'string') {
    const v = stringValue(raw);
    return { kind: 'exact', regex: new RegExp(`^${escapeRegex(v)}$`), literal: v.length };
  }
  if (to === from + 1 && t?.kind === 'template') {
    const parts = templateParts(raw);
    const kind = parts.length === 1 ? 'exact' : 'template';
    return { kind, regex: new RegExp(`^${parts.map(escapeRegex).join('.*')}$`, 's'), literal: parts.join('').length };
  }
  // Computed: the strings it contains must appear in the name, in order.
  const fixed: string[] = [];
  for (let j = from; j < to; j++) {
    const k = s.tokens[j]!.kind;
    if (k === 'string') fixed.push(stringValue(tokText(s, j)));
    else if (k === 'template') fixed.push(...templateParts(tokText(s, j)));
  }
  const parts = fixed.filter((x) => x.length > 0);
  return { kind: 'computed', regex: new RegExp(`^.*${parts.map(escapeRegex).join('.*')}.*$`, 's'), literal: parts.join('').length };
}
