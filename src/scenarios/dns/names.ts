/**
 * Domain names as the DNS processes use them: strings in RFC 1035 §5.1 *presentation form*,
 * absolute, with the trailing dot of master files ("www.shop.test."), the root being ".".
 *
 * A name on the wire is a sequence of labels, and a label is any 1 … 63 bytes — a dot, a zero byte
 * or 0xff included. The presentation form keeps every one of them apart and exact: in a label,
 *   . \ " ( ) ; @ $           are written with a backslash before them   ("a\.b" is ONE label)
 *   bytes below 0x21 or above 0x7e   are written \DDD (three decimal digits)
 *   every other byte                 is written as itself
 * so one name has one spelling (up to letter case), labels are split at unescaped dots only, and
 * a name survives wire → presentation → wire byte for byte (wire.ts). Names compare
 * case-insensitively (RFC 4343: ASCII letters only): `canonicalName` folds A–Z, and the names in
 * topics, cache keys and zones are canonical, so they compare with ===. The question of a message
 * keeps the case it was asked with (message.ts).
 */

/** RFC 1035 §2.3.4: a label is at most 63 octets, a name (on the wire, lengths included) 255. */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 255;

/** Bytes written with a backslash before them in a label: . \ " ( ) ; @ $ */
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]);

/** A name whose presentation form has nothing to unescape: the fast path of the functions below. */
const PLAIN = /^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*\.?$/;

export class NameError extends Error {}

/** One label's bytes in presentation form (letter case kept). */
function labelText(label: Uint8Array): string {
  let out = '';
  for (const b of label) {
    if (SPECIAL.has(b)) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x21 || b > 0x7e) out += `\\${String(b).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** A name from its labels, absolute ("." for none); letter case kept. */
export const nameFromLabels = (ls: readonly Uint8Array[]): string => (ls.length === 0 ? '.' : `${ls.map(labelText).join('.')}.`);

const encoder = new TextEncoder();

/**
 * The labels of a name in presentation form (absolute or not; "." and "" are the root), checked
 * against RFC 1035's limits. Throws NameError for an empty label, a bad escape, a label over 63
 * octets or a name over 255.
 */
export function labelBytes(name: string): Uint8Array[] {
  if (name === '.' || name === '') return [];
  const out: Uint8Array[] = [];
  let cur: number[] = [];
  let total = 1; // the root label's length byte
  const endLabel = (): void => {
    if (cur.length === 0) throw new NameError(`"${name}" has an empty label`);
    if (cur.length > MAX_LABEL_OCTETS) throw new NameError(`a label of "${name}" is longer than ${MAX_LABEL_OCTETS} octets`);
    total += cur.length + 1;
    out.push(Uint8Array.from(cur));
    cur = [];
  };
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '.') {
      endLabel();
      continue;
    }
    if (ch !== '\\') {
      cur.push(...encoder.encode(ch));
      continue;
    }
    const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4));
    if (digits !== null) {
      const b = Number(digits[0]);
      if (b > 255) throw new NameError(`"${name}": \\${digits[0]} is not a byte`);
      cur.push(b);
      i += 3;
    } else if (i + 1 < name.length) {
      const cp = name.codePointAt(i + 1)!;
      const c = String.fromCodePoint(cp);
      cur.push(...encoder.encode(c));
      i += c.length;
    } else {
      throw new NameError(`"${name}" ends with a lone backslash`);
    }
  }
  if (cur.length > 0) endLabel();
  if (total > MAX_NAME_OCTETS) throw new NameError(`"${name}" is longer than ${MAX_NAME_OCTETS} octets`);
  return out;
}

/** A name with its ASCII letters in lower case (RFC 4343: the only case that DNS names fold). */
export const caseFolded = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * The canonical spelling of a name written absolute or not: "WWW.Shop.test" → "www.shop.test.",
 * "a\046b.test" → "a\.b.test.". Text that is not a valid name is only trimmed, folded and made
 * absolute (isValidName and the encoder refuse it).
 */
export function canonicalName(name: string): string {
  const n = name.trim();
  if (n === '' || n === '.') return '.';
  if (PLAIN.test(n)) return caseFolded(n.endsWith('.') ? n : `${n}.`);
  try {
    return caseFolded(nameFromLabels(labelBytes(n)));
  } catch {
    const f = caseFolded(n);
    return f.endsWith('.') ? f : `${f}.`;
  }
}

/** Is the character at `i` preceded by an odd number of backslashes (escaped)? */
function escapedAt(name: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && name[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

/** The index of the dot that ends the first label of a canonical name (-1: none). */
function firstSeparator(name: string): number {
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) if (!escapedAt(name, i)) return i;
  return -1;
}

/** The labels of a canonical name, leftmost first, in presentation form ("." has none). */
export function labels(name: string): string[] {
  const out: string[] = [];
  for (let rest: string | null = name; rest !== null && rest !== '.'; rest = parentName(rest)) {
    out.push(rest.slice(0, firstSeparator(rest)));
  }
  return out;
}

/** The parent of a canonical name ("www.shop.test." → "shop.test.", "test." → "."), null for the root. */
export function parentName(name: string): string | null {
  if (name === '.') return null;
  const i = firstSeparator(name);
  const rest = i < 0 ? '' : name.slice(i + 1);
  return rest === '' ? '.' : rest;
}

/** Is `name` equal to `zone` or below it? (Both canonical; "a\.shop.test." is not below "shop.test.".) */
export function isAtOrBelow(name: string, zone: string): boolean {
  if (zone === '.' || name === zone) return true;
  if (!name.endsWith(`.${zone}`)) return false;
  return !escapedAt(name, name.length - zone.length - 1);
}

/** Is `name` strictly below `zone`? */
export const isBelow = (name: string, zone: string): boolean => name !== zone && isAtOrBelow(name, zone);

/** The name and its ancestors, deepest first, ending with ".". */
export function ancestry(name: string): string[] {
  const out: string[] = [];
  for (let n: string | null = name; n !== null; n = parentName(n)) out.push(n);
  return out;
}

/**
 * Is this a host name as master files, world.json and queries may write it (letters, digits,
 * hyphens, underscores, a leading "*"; labels ≤ 63 octets, the name ≤ 255)? Names read off the wire
 * may hold any bytes; names the user writes may not.
 */
export function isValidName(name: string): boolean {
  if (name === '.') return true;
  if (!PLAIN.test(name) || name.length + 1 > MAX_NAME_OCTETS) return false;
  return labels(name).every((l) => /^[a-z0-9_*]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
}
