/**
 * The data of one master-file record (RFC 1035 §5.1), from its tokens, checked against the limits
 * of its wire form, so that a zone that loads is a zone whose every record can be sent:
 *   A      one IPv4 address (four decimal octets, no leading zeros)
 *   AAAA   one IPv6 address (RFC 4291 text; kept in RFC 5952 form)
 *   NS, CNAME, PTR   one domain name
 *   MX     preference (0 … 65535) and a domain name
 *   SOA    mname rname serial refresh retry expire minimum (each number 0 … 2³²−1; the four
 *          timers may use BIND's units, as a TTL may: "1h30m")
 *   TXT    one or more character-strings, quoted or not, each at most 255 bytes after its
 *          escapes (\DDD a byte, \c the character c) are undone
 * Numbers are decimal digits only; names are host names (names.ts isValidName), each label at most
 * 63 octets and the name at most 255. Every problem is a sentence; master.ts adds file and line.
 */
import { struct, type Term } from '../../kernel/index.ts';
import { soaTerm } from './message.ts';
import { ipv4Bytes, ipv6Bytes, ipv6Text } from './ip.ts';
import { characterString, MAX_CHARACTER_STRING_OCTETS } from './wire-rdata.ts';

/** Ranges of the numeric fields (their wire widths). */
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffff_ffff;

/** How much of a token a message quotes (the rest is elided: a message stays one short line). */
export const MAX_QUOTED_CHARS = 60;

/** A token as a message quotes it: JSON-escaped, cut at MAX_QUOTED_CHARS. */
export const quoted = (token: string): string =>
  JSON.stringify(token.length > MAX_QUOTED_CHARS ? `${token.slice(0, MAX_QUOTED_CHARS)}…` : token);

/** Thrown by the functions below; master.ts turns it into a WorldError with the file and line. */
export class RdataProblem extends Error {}

/** A decimal number within 0 … max, or a problem naming the field. */
export function decimal(token: string | undefined, max: number, field: string): number {
  if (token === undefined || !/^[0-9]+$/.test(token)) throw new RdataProblem(`${field} must be a number of decimal digits (is ${quoted(token ?? '')})`);
  const n = Number(token);
  if (n > max) throw new RdataProblem(`${field} ${token.length > MAX_QUOTED_CHARS ? quoted(token) : token} is out of range (0 … ${max})`);
  return n;
}

/** BIND's time units (master files): seconds, minutes, hours, days, weeks. */
const TIME_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** Is this a number of seconds, or a sum of numbers with units ("1h30m", "1W")? */
export const isSeconds = (t: string | undefined): boolean => t !== undefined && /^(?:[0-9]+|(?:[0-9]+[smhdw])+)$/i.test(t);

/** A duration (isSeconds) in seconds, within 0 … max, or a problem naming the field. */
export function seconds(token: string | undefined, max: number, field: string): number {
  if (token === undefined || /^[0-9]+$/.test(token) || !isSeconds(token)) return decimal(token, max, field);
  const n = (token.toLowerCase().match(/[0-9]+[smhdw]/g) ?? []).reduce((sum, part) => sum + Number(part.slice(0, -1)) * TIME_UNITS[part.slice(-1)]!, 0);
  if (n > max) throw new RdataProblem(`${field} ${quoted(token)} is out of range (0 … ${max} seconds)`);
  return n;
}

const encoder = new TextEncoder();

/** A character-string token's bytes: quotes removed, \DDD and \c escapes undone. */
function characterStringBytes(token: string): Uint8Array {
  const isQuoted = token.length >= 2 && token.startsWith('"') && token.endsWith('"');
  const text = isQuoted ? token.slice(1, -1) : token;
  if (!isQuoted && text.includes('"')) throw new RdataProblem(`${quoted(token)} has a stray quote`);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const digits = ch === '\\' ? /^[0-9]{3}/.exec(text.slice(i + 1, i + 4)) : null;
    if (digits !== null) {
      if (Number(digits[0]) > 255) throw new RdataProblem(`\\${digits[0]} in a TXT string is not a byte`);
      out.push(Number(digits[0]));
      i += 3;
    } else {
      const c = ch === '\\' ? String.fromCodePoint(text.codePointAt(i + 1) ?? 0x5c) : String.fromCodePoint(text.codePointAt(i)!);
      out.push(...encoder.encode(c));
      i += c.length - (ch === '\\' ? 0 : 1);
    }
  }
  if (out.length > MAX_CHARACTER_STRING_OCTETS) {
    throw new RdataProblem(`a TXT string of ${out.length} bytes (a character-string holds at most ${MAX_CHARACTER_STRING_OCTETS})`);
  }
  return Uint8Array.from(out);
}

/** Exactly `n` data tokens, or a problem saying what the type needs. */
function exactly(type: string, data: readonly string[], n: number, shape: string): void {
  if (data.length !== n) throw new RdataProblem(`a ${type} record needs: ${shape} (found ${data.length} item${data.length === 1 ? '' : 's'})`);
}

/**
 * The data term of a record of `type` (one of SUPPORTED_TYPES) from its tokens; `name` makes a
 * token an absolute, valid domain name (or throws).
 */
export function rdataOf(type: string, data: readonly string[], name: (token: string) => string): Term {
  switch (type) {
    case 'A': {
      exactly(type, data, 1, 'an IPv4 address');
      if (ipv4Bytes(data[0]!) === null) throw new RdataProblem(`${quoted(data[0]!)} is not an IPv4 address`);
      return data[0]!;
    }
    case 'AAAA': {
      exactly(type, data, 1, 'an IPv6 address');
      const b = ipv6Bytes(data[0]!);
      if (b === null) throw new RdataProblem(`${quoted(data[0]!)} is not an IPv6 address`);
      return ipv6Text(b);
    }
    case 'NS':
    case 'CNAME':
    case 'PTR':
      exactly(type, data, 1, 'a domain name');
      return name(data[0]!);
    case 'MX':
      exactly(type, data, 2, 'preference exchange');
      return struct('mx', decimal(data[0], MAX_U16, 'the MX preference'), name(data[1]!));
    case 'SOA': {
      exactly(type, data, 7, 'mname rname serial refresh retry expire minimum');
      const serial = decimal(data[2], MAX_U32, 'the SOA serial');
      const [refresh, retry, expire, minimum] = ['refresh', 'retry', 'expire', 'minimum'].map((f, i) => seconds(data[i + 3], MAX_U32, `the SOA ${f}`)) as [number, number, number, number];
      return soaTerm({ mname: name(data[0]!), rname: name(data[1]!), serial, refresh, retry, expire, minimum });
    }
    case 'TXT':
      if (data.length === 0) throw new RdataProblem('a TXT record needs at least one string');
      return data.map((t) => characterString(characterStringBytes(t)));
    default:
      throw new RdataProblem(`record type ${type} is not supported`);
  }
}
