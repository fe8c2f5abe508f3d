/**
 * Record data on the wire (RFC 1035 §3.3, RFC 3596), for the types the lab knows; any other type's
 * data is its bytes. The term each type's data is (message.ts) and its wire form:
 *   A      "192.0.2.1"                        4 bytes
 *   AAAA   "2001:db8::1" (RFC 5952 form)      16 bytes
 *   NS, CNAME, PTR   a name                   its labels (names in data are folded to lower case)
 *   SOA    soa(mname, rname, serial, refresh, retry, expire, minimum)   two names, five 32-bit numbers
 *   MX     mx(preference, exchange)           a 16-bit number and a name
 *   TXT    a list of character-strings        each a length byte and at most 255 bytes; a
 *                                             string is a term string when its bytes are UTF-8
 *                                             (so it round-trips), else the bytes themselves
 */
import { isBytes, isStruct, struct, type Term } from '../../kernel/index.ts';
import { soaOf, type Rr } from './message.ts';
import { caseFolded } from './names.ts';
import { ipv4Bytes, ipv4Text, ipv6Bytes, ipv6Text } from './ip.ts';
import { WireError } from './wire-codes.ts';
import type { Reader, Writer } from './wire.ts';

/** A character-string holds at most 255 bytes (one length byte). */
export const MAX_CHARACTER_STRING_OCTETS = 255;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The term of a character-string's bytes: a string if they are UTF-8, else the bytes. */
export function characterString(b: Uint8Array): Term {
  try {
    return utf8.decode(b);
  } catch {
    return b;
  }
}

/** The bytes of a character-string term (a string is written as UTF-8). */
function characterBytes(t: Term): Uint8Array {
  if (typeof t === 'string') return encoder.encode(t);
  if (isBytes(t)) return t;
  throw new WireError('a TXT string must be a string or bytes');
}

/** The data of a record of `type` that ends at `end`; the reader's position is checked by the caller. */
export function readRdata(r: Reader, type: string, end: number): Term {
  const nameIn = (): string => caseFolded(r.name());
  switch (type) {
    case 'A':
      return ipv4Text(r.take(4, 'an A record'));
    case 'AAAA':
      return ipv6Text(r.take(16, 'an AAAA record'));
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return nameIn();
    case 'SOA': {
      const [mname, rname] = [nameIn(), nameIn()];
      const n = () => r.u32('an SOA record');
      return struct('soa', mname, rname, n(), n(), n(), n(), n());
    }
    case 'MX': {
      const preference = r.u16('an MX record');
      return struct('mx', preference, nameIn());
    }
    case 'TXT': {
      const out: Term[] = [];
      while (r.pos < end) out.push(characterString(r.take(r.u8('a TXT record'), 'a TXT string')));
      return out;
    }
    default:
      return r.take(Math.max(0, end - r.pos), `a ${type} record`);
  }
}

/** Writes the data of `rr`, checking every field against its wire range. */
export function writeRdata(w: Writer, rr: Rr): void {
  const d = rr.data;
  const what = `${rr.name} ${rr.type}`;
  switch (rr.type) {
    case 'A':
    case 'AAAA': {
      const b = typeof d === 'string' ? (rr.type === 'A' ? ipv4Bytes(d) : ipv6Bytes(d)) : null;
      if (b === null) throw new WireError(`${what}: ${JSON.stringify(d)} is not an IP${rr.type === 'A' ? 'v4' : 'v6'} address`);
      return w.bytes(b);
    }
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return w.name(d);
    case 'SOA': {
      const s = soaOf(d);
      if (s === null) throw new WireError(`${what} has no SOA data`);
      w.name(s.mname);
      w.name(s.rname);
      for (const [k, v] of [['serial', s.serial], ['refresh', s.refresh], ['retry', s.retry], ['expire', s.expire], ['minimum', s.minimum]] as const) {
        w.u32(v, `${what} ${k}`);
      }
      return;
    }
    case 'MX': {
      if (!isStruct(d, 'mx', 2)) throw new WireError(`${what} has no MX data`);
      w.u16(d.fields[0], `${what} preference`);
      return w.name(d.fields[1]);
    }
    case 'TXT':
      for (const s of Array.isArray(d) ? (d as readonly Term[]) : [d]) {
        const b = characterBytes(s);
        if (b.length > MAX_CHARACTER_STRING_OCTETS) throw new WireError(`${what}: a string of ${b.length} bytes (at most ${MAX_CHARACTER_STRING_OCTETS})`);
        w.u8(b.length, 'a TXT string length');
        w.bytes(b);
      }
      return;
    default:
      if (!isBytes(d)) throw new WireError(`cannot encode a ${rr.type} record`);
      return w.bytes(d);
  }
}
