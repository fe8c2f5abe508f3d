/**
 * Domain names as the DNS processes use them: absolute, lower-case, with the trailing dot of
 * master files ("www.shop.test."), the root being ".". One spelling per name, so names compare
 * with === and can be used in topics and cache keys.
 */

/** The canonical spelling of a name written absolute or not: "WWW.Shop.test" → "www.shop.test.". */
export function canonicalName(name: string): string {
  const n = name.trim().toLowerCase();
  if (n === '' || n === '.') return '.';
  return n.endsWith('.') ? n : `${n}.`;
}

/** The labels of a canonical name, leftmost first ("." has none). */
export function labels(name: string): string[] {
  return name === '.' ? [] : name.slice(0, -1).split('.');
}

/** The parent of a canonical name ("www.shop.test." → "shop.test.", "test." → "."), null for the root. */
export function parentName(name: string): string | null {
  if (name === '.') return null;
  const i = name.indexOf('.');
  const rest = name.slice(i + 1);
  return rest === '' ? '.' : rest;
}

/** Is `name` equal to `zone` or below it? (Both canonical.) */
export function isAtOrBelow(name: string, zone: string): boolean {
  if (zone === '.') return true;
  return name === zone || name.endsWith(`.${zone}`);
}

/** Is `name` strictly below `zone`? */
export const isBelow = (name: string, zone: string): boolean => name !== zone && isAtOrBelow(name, zone);

/** The name and its ancestors, deepest first, ending with ".". */
export function ancestry(name: string): string[] {
  const out: string[] = [];
  for (let n: string | null = name; n !== null; n = parentName(n)) out.push(n);
  return out;
}

/** For the wire library, which spells names without the trailing dot ("." for the root). */
export const wireName = (name: string): string => (name === '.' ? '.' : name.replace(/\.$/, ''));

/** Is this a syntactically acceptable host name label sequence (letters, digits, hyphens, underscores)? */
export function isValidName(name: string): boolean {
  if (name === '.') return true;
  const ls = labels(name);
  return ls.length > 0 && name.length <= 254 && ls.every((l) => /^[a-z0-9_*]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
}

/** Dotted-quad IPv4 address? */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** A plausible IPv6 address (hex groups and colons)? */
export function isIPv6(text: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}
