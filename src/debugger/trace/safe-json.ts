/**
 * The one way a trace line's JSON is parsed (docs/trace-format.md, "Reading a file"): bounded, and
 * read by own-property lookups only, so nothing a file contains can exhaust the stack or reach an
 * inherited member (`toString`, `constructor`, `__proto__`).
 *
 * Rules:
 *   - A line nesting arrays and objects deeper than MAX_JSON_DEPTH is refused before it is parsed:
 *     a linear scan of its brackets outside strings (JSON.parse, zod and every recursive reader of
 *     the value after it would otherwise recurse that deep).
 *   - Parsed values are read with `own`/`hasOwn`, never `obj[key]` on a key the file chose.
 *   - Messages quote at most MAX_QUOTED_CHARS of the input.
 */
import { TraceParseError, clip } from './errors.ts';

/** Levels of nested arrays and objects one line may have (a term of maxTermDepth d takes 2d + 8). */
export const MAX_JSON_DEPTH = 1_024;
/** Characters of the input a message quotes at most. */
export const MAX_QUOTED_CHARS = 80;
/** Path components a "nested too deep" message names before "…". */
const SHOWN_LEVELS = 6;

/** Is `key` an own property of `v` (an object from JSON.parse, or any value)? */
export function hasOwn(v: unknown, key: string): boolean {
  return typeof v === 'object' && v !== null && Object.hasOwn(v, key);
}

/** `v[key]` if `v` is an object that has `key` as its own property; otherwise undefined. */
export function own(v: unknown, key: string | number): unknown {
  if (typeof v !== 'object' || v === null) return undefined;
  const k = String(key);
  return Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
}

/** A container the scan is inside: the index it is at (an array) or its last key's string literal. */
interface Level {
  readonly array: boolean;
  index: number;
  keyStart: number;
  keyEnd: number;
}

function levelName(text: string, l: Level): string {
  if (l.array) return `[${l.index}]`;
  if (l.keyStart < 0) return '.?';
  const literal = text.slice(l.keyStart, Math.min(l.keyEnd + 1, l.keyStart + MAX_QUOTED_CHARS));
  let key: unknown;
  try {
    key = JSON.parse(literal);
  } catch {
    key = `${literal.slice(1)}…`;
  }
  return `.${String(key)}`;
}

/** The path of the first levels (the key or index each open container is at), with "…" after. */
function pathName(text: string, levels: readonly Level[]): string | null {
  const names = levels.map((l) => levelName(text, l));
  if (names.length === 0) return null;
  return `${names.join('').replace(/^\./, '')}…`;
}

/**
 * Where `text` nests deeper than `max` levels: the path of the field it happens in (null when the
 * line itself is the culprit); undefined when it does not. Linear: one pass over the characters.
 */
export function excessNesting(text: string, max = MAX_JSON_DEPTH): string | null | undefined {
  if (text.length <= max) return undefined; // max + 1 opening brackets need more characters than this
  const levels: Level[] = [];
  let depth = 0;
  let inString = false;
  let strStart = -1;
  let strEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        strEnd = i;
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      strStart = i;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return pathName(text, levels);
      if (depth <= SHOWN_LEVELS) levels.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1 });
    } else if (c === 0x5d || c === 0x7d) {
      if (depth <= SHOWN_LEVELS) levels.pop();
      depth--;
    } else if (depth <= SHOWN_LEVELS && depth > 0) {
      const l = levels[depth - 1]!;
      if (c === 0x2c && l.array) l.index++;
      else if (c === 0x3a && !l.array) {
        l.keyStart = strStart;
        l.keyEnd = strEnd;
      }
    }
  }
  return undefined;
}

/**
 * One line's JSON value: nesting checked first (see the rules), then JSON.parse. Throws
 * TraceParseError naming the line (and, for nesting, the field).
 */
export function parseJsonLine(text: string, line: number): unknown {
  const deep = excessNesting(text);
  if (deep !== undefined) {
    throw new TraceParseError(line, deep, `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (MAX_JSON_DEPTH)`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TraceParseError(line, null, `not valid JSON (truncated?): ${clip(why, 2 * MAX_QUOTED_CHARS)}`);
  }
}
