/**
 * IP address syntax for A and AAAA records and world.json: parsed strictly, written one way.
 *   IPv4  four decimal octets 0 … 255 without leading zeros ("192.0.2.1")
 *   IPv6  RFC 4291 §2.2: eight groups of 1 … 4 hex digits, at most one "::" standing for one or
 *         more zero groups, optionally ending in a dotted IPv4 address (two groups' worth);
 *         written as RFC 5952 says (lower case, no leading zeros, the longest run of two or more
 *         zero groups — the first of equal runs — as "::")
 */

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** The 4 bytes of a dotted-quad IPv4 address, or null. */
export function ipv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) return null;
  return Uint8Array.from(parts.map(Number));
}

export const isIPv4 = (text: string): boolean => ipv4Bytes(text) !== null;

export const ipv4Text = (b: Uint8Array): string => [...b].join('.');

/** The 16-bit groups of one side of "::" (empty text: none), or null. */
function groups(text: string, allowIPv4Tail: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (allowIPv4Tail && i === parts.length - 1 && p.includes('.')) {
      const v4 = ipv4Bytes(p);
      if (v4 === null) return null;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      return null;
    }
  }
  return out;
}

/** The 16 bytes of an IPv6 address in RFC 4291 text form, or null. */
export function ipv6Bytes(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1]!, true) : [];
  if (head === null || tail === null) return null;
  const zeros = 8 - head.length - tail.length;
  if (halves.length === 1 ? zeros !== 0 : zeros < 1) return null;
  const all = [...head, ...Array<number>(zeros).fill(0), ...tail];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

export const isIPv6 = (text: string): boolean => ipv6Bytes(text) !== null;

/** RFC 5952 text of 16 address bytes. */
export function ipv6Text(b: Uint8Array): string {
  const g = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}
