/**
 * Describing a user value in a sentence (a refusal, a crash reason) without being held up by it:
 * bounded work and bounded text, whatever the value is (issue 11: error messages must not echo
 * unbounded input, and a sparse array of length 2³²−1 must not be walked).
 *
 * Rule: JSON when the value is a small list or plain object (JSON.stringify stops after
 * DESCRIBE_BUDGET keys, values and characters), else its type ("[object Array]", "[object Set]"); never throws (a getter, toJSON or Proxy trap that
 * throws gives the type, or "an unprintable value").
 */

/** JSON.stringify stops after this many keys, values and characters. */
const DESCRIBE_BUDGET = 4_096;
/** A Symbol's description is shown up to this many characters. */
const MAX_SYMBOL_CHARS = 40;
const TOO_LONG = Symbol('too long');

export const clip = (s: string, max: number): string => (s.length <= max ? s : s.slice(0, max - 1) + '…');

/** A short description of any value for a sentence: at most `maxChars` characters. */
export function describeValue(x: unknown, maxChars = 60): string {
  return clip(describeFully(x), maxChars);
}

/** As describeValue, unclipped: at most about DESCRIBE_BUDGET characters of JSON. */
export function describeFully(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'symbol') return `Symbol(${clip(x.description ?? '', MAX_SYMBOL_CHARS)})`;
  try {
    // A Set, a generator, a class instance: its kind says more than its JSON ("{}").
    if (typeof x === 'object' && x !== null && !Array.isArray(x) && ![Object.prototype, null].includes(Object.getPrototypeOf(x) as object | null)) {
      return typeName(x);
    }
    let left = DESCRIBE_BUDGET;
    const s = JSON.stringify(x, (k: string, v: unknown) => {
      left -= 1 + k.length + (typeof v === 'string' ? v.length : 0);
      if (left < 0) throw TOO_LONG;
      return v;
    });
    return s ?? typeName(x);
  } catch {
    return typeName(x);
  }
}

function typeName(x: unknown): string {
  try {
    return Object.prototype.toString.call(x);
  } catch {
    return 'an unprintable value';
  }
}
