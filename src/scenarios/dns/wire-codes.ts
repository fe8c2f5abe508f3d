/**
 * The numbers of the DNS header and records (IANA "Domain Name System (DNS) Parameters") and the
 * mnemonics the lab writes them as. Every number has exactly one mnemonic, so a message read off
 * the wire is written back with the same numbers:
 *   types    the usual mnemonics ("A", "MX", "ANY", …), any other as RFC 3597's "TYPE<n>"
 *   classes  "IN", "CS", "CH", "HS", "NONE", "ANY", any other as "CLASS<n>"
 *   opcodes  "QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE", any other as "OPCODE_<n>"
 *   rcodes   "NOERROR" … "NOTZONE", any other as "RCODE_<n>"
 * Reading a mnemonic that names no number (or a number out of range) throws WireError.
 */

export class WireError extends Error {}

const TYPES: readonly (readonly [string, number])[] = [
  ['A', 1], ['NS', 2], ['MD', 3], ['MF', 4], ['CNAME', 5], ['SOA', 6], ['MB', 7], ['MG', 8], ['MR', 9], ['NULL', 10],
  ['WKS', 11], ['PTR', 12], ['HINFO', 13], ['MINFO', 14], ['MX', 15], ['TXT', 16], ['RP', 17], ['AFSDB', 18],
  ['SIG', 24], ['KEY', 25], ['AAAA', 28], ['LOC', 29], ['SRV', 33], ['NAPTR', 35], ['KX', 36], ['CERT', 37],
  ['DNAME', 39], ['OPT', 41], ['APL', 42], ['DS', 43], ['SSHFP', 44], ['IPSECKEY', 45], ['RRSIG', 46], ['NSEC', 47],
  ['DNSKEY', 48], ['DHCID', 49], ['NSEC3', 50], ['NSEC3PARAM', 51], ['TLSA', 52], ['HIP', 55], ['CDS', 59],
  ['CDNSKEY', 60], ['SVCB', 64], ['HTTPS', 65], ['SPF', 99], ['TKEY', 249], ['TSIG', 250], ['IXFR', 251],
  ['AXFR', 252], ['ANY', 255], ['CAA', 257], ['TA', 32768], ['DLV', 32769],
];
const CLASSES: readonly (readonly [string, number])[] = [['IN', 1], ['CS', 2], ['CH', 3], ['HS', 4], ['NONE', 254], ['ANY', 255]];

export const OPCODES: readonly string[] = Array.from({ length: 16 }, (_, i) => ['QUERY', 'IQUERY', 'STATUS', undefined, 'NOTIFY', 'UPDATE'][i] ?? `OPCODE_${i}`);
export const RCODES: readonly string[] = Array.from({ length: 16 }, (_, i) =>
  ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'][i] ?? `RCODE_${i}`);

/** A mnemonic table both ways, with "<prefix><n>" for the numbers it does not name. */
function table(entries: readonly (readonly [string, number])[], prefix: string, what: string) {
  const byName = new Map(entries);
  const byCode = new Map(entries.map(([n, c]) => [c, n]));
  return {
    name: (code: number): string => byCode.get(code) ?? `${prefix}${code}`,
    code: (name: string): number => {
      const known = byName.get(name);
      if (known !== undefined) return known;
      const m = new RegExp(`^${prefix}(0|[1-9][0-9]{0,4})$`).exec(name);
      const n = m === null ? NaN : Number(m[1]);
      if (!(n <= 0xffff) || byCode.has(n)) throw new WireError(`${JSON.stringify(name)} is not a DNS ${what}`);
      return n;
    },
  };
}

const types = table(TYPES, 'TYPE', 'type');
const classes = table(CLASSES, 'CLASS', 'class');

export const typeName = types.name;
export const typeCode = types.code;
export const className = classes.name;
export const classCode = classes.code;

/** The 4-bit code of an opcode or rcode mnemonic. */
export function fourBitCode(list: readonly string[], name: string, what: string): number {
  const i = list.indexOf(name);
  if (i < 0) throw new WireError(`${JSON.stringify(name)} is not a DNS ${what}`);
  return i;
}
