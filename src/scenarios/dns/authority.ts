/**
 * What an authoritative server answers (RFC 1034 §4.3.2, RFC 2308 for negative answers), as a
 * pure function of its zones and the query. The respondent process (server.ts) calls it. The
 * response repeats the question exactly as asked (its letter case too, RFC 4343 §4.1), and looks
 * the name up case-insensitively; a query without exactly one question is answered FORMERR
 * without a question section.
 *
 * Rules, for the one question (name, type, IN) of a QUERY:
 *   no zone of this server contains the name        → REFUSED (the lab's servers do not recurse)
 *   the name is at or below a delegation in the zone → a referral: the child's NS records in the
 *                                                      authority section, glue in additional, no AA
 *   records of the type at the name                  → AA answer
 *   a CNAME at the name (type ≠ CNAME)               → the CNAME, then the same rules for its target
 *                                                      while the target is in this zone (at most
 *                                                      MAX_CHAIN links, a loop ends the chain)
 *   the name does not exist, but a wildcard does     → the wildcard's records, owned by the name (RFC
 *                                                      4592: the source of synthesis is "*." before
 *                                                      the closest encloser, the nearest ancestor
 *                                                      that exists; a synthesised CNAME is followed)
 *   the name exists (or has names below it)          → NODATA: NOERROR, the SOA in authority
 *   otherwise                                        → NXDOMAIN, the SOA in authority
 * Negative answers give the SOA the TTL min(SOA TTL, SOA MINIMUM), as RFC 2308 §3 asks.
 */
import type { DnsMessage, Question, Rr } from './message.ts';
import type { Zone } from './master.ts';
import { ancestry, canonicalName, isAtOrBelow, isBelow } from './names.ts';

export const MAX_CHAIN = 8;

const strip = (r: Rr): Rr => ({ name: r.name, type: r.type, cls: r.cls, ttl: r.ttl, data: r.data });

/** The zone of `zones` that is the closest enclosing one of `name`, if any. */
export function zoneFor(zones: readonly Zone[], name: string): Zone | undefined {
  let best: Zone | undefined;
  for (const z of zones) if (isAtOrBelow(name, z.origin) && (best === undefined || z.origin.length > best.origin.length)) best = z;
  return best;
}

/** The deepest delegation point in `zone` at or above `name` (never the apex). */
export function cutFor(zone: Zone, name: string): string | undefined {
  let best: string | undefined;
  for (const r of zone.records) {
    if (r.type === 'NS' && r.name !== zone.origin && isAtOrBelow(name, r.name) && (best === undefined || r.name.length > best.length)) {
      best = r.name;
    }
  }
  return best;
}

export function negativeSoa(zone: Zone): Rr {
  return { ...strip(zone.soaRecord), ttl: Math.min(zone.soaRecord.ttl, zone.soa.minimum) };
}

interface Outcome {
  readonly rcode: string;
  readonly aa: boolean;
  readonly answers: Rr[];
  readonly authorities: Rr[];
  readonly additionals: Rr[];
}

function referral(zone: Zone, cut: string): Outcome {
  const ns = zone.records.filter((r) => r.type === 'NS' && r.name === cut).map(strip);
  const targets = ns.map((r) => String(r.data));
  const glue = zone.records.filter((r) => (r.type === 'A' || r.type === 'AAAA') && targets.includes(r.name)).map(strip);
  return { rcode: 'NOERROR', aa: false, answers: [], authorities: ns, additionals: glue };
}

/** Does `name` exist in the zone: records at it, or names below it (an empty non-terminal)? */
const exists = (zone: Zone, name: string): boolean => zone.records.some((r) => r.name === name || isBelow(r.name, name));

/** The records at `name`, or (if it does not exist) those synthesised for it from a wildcard (RFC 4592 §3.3). */
function recordsAt(zone: Zone, name: string): Rr[] {
  const here = zone.records.filter((r) => r.name === name);
  if (here.length > 0 || exists(zone, name)) return here;
  for (const n of ancestry(name).slice(1)) {
    if (!exists(zone, n)) continue;
    const source = n === '.' ? '*.' : `*.${n}`;
    return zone.records.filter((r) => r.name === source).map((r) => ({ ...strip(r), name }));
  }
  return [];
}

function lookup(zone: Zone, q: Question): Outcome {
  const cut = cutFor(zone, q.name);
  if (cut !== undefined) return referral(zone, cut);
  const answers: Rr[] = [];
  const visited = new Set<string>();
  let name = q.name;
  for (;;) {
    visited.add(name);
    const here = recordsAt(zone, name);
    const exact = here.filter((r) => r.type === q.type);
    if (exact.length > 0) return { rcode: 'NOERROR', aa: true, answers: [...answers, ...exact.map(strip)], authorities: [], additionals: [] };
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname !== undefined && q.type !== 'CNAME') {
      answers.push(strip(cname));
      const target = String(cname.data);
      const inZone = isAtOrBelow(target, zone.origin) && cutFor(zone, target) === undefined;
      if (!inZone || visited.has(target) || answers.length >= MAX_CHAIN) {
        return { rcode: 'NOERROR', aa: true, answers, authorities: [], additionals: [] };
      }
      name = target;
      continue;
    }
    const found = here.length > 0 || exists(zone, name);
    return { rcode: found ? 'NOERROR' : 'NXDOMAIN', aa: true, answers, authorities: [negativeSoa(zone)], additionals: [] };
  }
}

/** The response an authoritative server with these zones gives to `query`. */
export function authoritativeAnswer(zones: readonly Zone[], query: DnsMessage): DnsMessage {
  const base = {
    id: query.id, kind: 'response' as const, opcode: query.opcode, questions: query.questions,
    answers: [] as Rr[], authorities: [] as Rr[], additionals: [] as Rr[],
  };
  const rd = query.flags.includes('rd') ? ['rd'] : [];
  const fail = (rcode: string): DnsMessage => ({ ...base, rcode, flags: rd });
  if (query.questions.length !== 1) return { ...fail('FORMERR'), questions: [] };
  if (query.opcode !== 'QUERY') return fail('NOTIMP');
  const q = { ...query.questions[0]!, name: canonicalName(query.questions[0]!.name) };
  if (q.cls !== 'IN') return fail('REFUSED');
  const zone = zoneFor(zones, q.name);
  if (zone === undefined) return fail('REFUSED');
  const o = lookup(zone, q);
  return { ...base, rcode: o.rcode, flags: [...(o.aa ? ['aa'] : []), ...rd], answers: o.answers, authorities: o.authorities, additionals: o.additionals };
}
