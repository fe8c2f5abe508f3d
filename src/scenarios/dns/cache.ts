/**
 * The question-dispatcher's cache, as a value: what the proxy has learnt, each entry with the
 * virtual time at which it expires. Pure functions only; the process (proxy.ts) drives expiry with
 * set-timer(check-dns-expiry(name, type, class), expiresAt, absolute).
 *
 * Data definition:
 *   Cache = { key → Entry }, key = "name TYPE CLASS"; an NXDOMAIN is stored under "name NXDOMAIN CLASS"
 *   Entry = { kind: 'rrset',    rrs,  expiresAt }   a record set as received (TTL = the original)
 *         | { kind: 'nodata',   soa,  expiresAt }   RFC 2308: the name exists, not with this type
 *         | { kind: 'nxdomain', soa,  expiresAt }   RFC 2308: the name does not exist
 * Rules:
 *   merge     every record of a response within the bailiwick of the zone the server was asked
 *             about, grouped into sets by (name, type, class), TTL = the set's smallest, replaces
 *             what was there; a negative response (SOA in authority) is cached for
 *             min(SOA TTL, SOA MINIMUM) seconds (the server already sends that TTL), against the
 *             last name of the response's CNAME chain. TTL 0 is not cached.
 *   lookup    follows cached CNAMEs (at most MAX_CNAME_CHAIN); answers what it can with TTLs
 *             counted down to the second, or says how far it got.
 *   servers   the deepest zone enclosing a name whose NS set is cached and has a cached address:
 *             where a question-handler starts instead of the root.
 */
import type { DnsMessage, Question, Rr } from './message.ts';
import { ancestry, isAtOrBelow } from './names.ts';

export const MAX_CNAME_CHAIN = 8;

export type Entry =
  | { readonly kind: 'rrset'; readonly rrs: readonly Rr[]; readonly expiresAt: number }
  | { readonly kind: 'nodata' | 'nxdomain'; readonly soa: Rr; readonly expiresAt: number };

export type Cache = Readonly<Record<string, Entry>>;

export const EMPTY_CACHE: Cache = Object.freeze({});

export const cacheKey = (name: string, type: string, cls: string): string => `${name} ${type} ${cls}`;

export function get(cache: Cache, key: string, now: number): Entry | undefined {
  const e = cache[key];
  return e !== undefined && e.expiresAt > now ? e : undefined;
}

/** Seconds left, rounded down (what a resolver tells its clients). */
export const remaining = (e: Entry, now: number): number => Math.max(0, Math.floor((e.expiresAt - now) / 1000));

const withTtl = (r: Rr, ttl: number): Rr => ({ ...r, ttl });

export interface Hit {
  readonly rcode: string;
  readonly answers: readonly Rr[];
  readonly authorities: readonly Rr[];
}

/** What the cache can say about `q`: a whole answer, or the CNAMEs it knows and where they lead. */
export type Lookup =
  | { readonly hit: Hit }
  | { readonly miss: { readonly chain: readonly Rr[]; readonly target: string } };

export function lookup(cache: Cache, q: Question, now: number): Lookup {
  const chain: Rr[] = [];
  const visited = new Set<string>();
  let name = q.name;
  for (;;) {
    visited.add(name);
    const nx = get(cache, cacheKey(name, 'NXDOMAIN', q.cls), now);
    if (nx !== undefined && nx.kind === 'nxdomain') {
      return { hit: { rcode: 'NXDOMAIN', answers: chain, authorities: [withTtl(nx.soa, remaining(nx, now))] } };
    }
    const e = get(cache, cacheKey(name, q.type, q.cls), now);
    if (e !== undefined) {
      const ttl = remaining(e, now);
      if (e.kind === 'rrset') return { hit: { rcode: 'NOERROR', answers: [...chain, ...e.rrs.map((r) => withTtl(r, ttl))], authorities: [] } };
      return { hit: { rcode: 'NOERROR', answers: chain, authorities: [withTtl(e.soa, ttl)] } };
    }
    const c = q.type === 'CNAME' ? undefined : get(cache, cacheKey(name, 'CNAME', q.cls), now);
    if (c === undefined || c.kind !== 'rrset' || c.rrs.length === 0) return { miss: { chain, target: name } };
    const target = String(c.rrs[0]!.data);
    if (visited.has(target) || chain.length >= MAX_CNAME_CHAIN) return { miss: { chain: [], target: q.name } };
    chain.push(withTtl(c.rrs[0]!, remaining(c, now)));
    name = target;
  }
}

export interface Server {
  readonly name: string;
  readonly addresses: readonly string[];
}

export interface StartingPoint {
  readonly zone: string;
  readonly servers: readonly Server[];
}

/** Where to start resolving `name`: the deepest cached delegation with a known address, else the root hints. */
export function startingPoint(cache: Cache, name: string, now: number, rootHints: readonly string[]): StartingPoint {
  for (const zone of ancestry(name)) {
    const ns = get(cache, cacheKey(zone, 'NS', 'IN'), now);
    if (ns === undefined || ns.kind !== 'rrset') continue;
    const servers: Server[] = [];
    for (const r of ns.rrs) {
      const host = String(r.data);
      const a = get(cache, cacheKey(host, 'A', 'IN'), now);
      if (a !== undefined && a.kind === 'rrset') servers.push({ name: host, addresses: a.rrs.map((x) => String(x.data)) });
    }
    if (servers.length > 0) return { zone, servers };
  }
  return { zone: '.', servers: rootHints.map((ip) => ({ name: ip, addresses: [ip] })) };
}

/** The last name of the CNAME chain that starts at `name` in `rrs`. */
export function chainEnd(rrs: readonly Rr[], name: string): { chain: Rr[]; end: string; loop: boolean } {
  const chain: Rr[] = [];
  const seen = new Set([name]);
  let end = name;
  for (;;) {
    const c = rrs.find((r) => r.name === end && r.type === 'CNAME');
    if (c === undefined) return { chain, end, loop: false };
    chain.push(c);
    end = String(c.data);
    if (seen.has(end) || chain.length > MAX_CNAME_CHAIN) return { chain, end, loop: true };
    seen.add(end);
  }
}

export interface Stored {
  readonly key: string;
  readonly expiresAt: number;
}

/** Merges a response from a server asked about `zone` into the cache. */
export function merge(cache: Cache, m: DnsMessage, zone: string, q: Question, now: number): { cache: Cache; stored: Stored[] } {
  const next: Record<string, Entry> = { ...cache };
  const stored: Stored[] = [];
  const put = (key: string, e: Entry): void => {
    next[key] = e;
    stored.push({ key, expiresAt: e.expiresAt });
  };
  const inBailiwick = (r: Rr): boolean => isAtOrBelow(r.name, zone) && r.cls === 'IN' && r.ttl > 0;
  const groups = new Map<string, Rr[]>();
  const sections = [m.answers, m.authorities.filter((r) => r.type !== 'SOA'), m.additionals];
  for (const r of sections.flat()) {
    if (!inBailiwick(r)) continue;
    const key = cacheKey(r.name, r.type, r.cls);
    const set = groups.get(key) ?? [];
    if (!set.some((x) => x.type === r.type && JSON.stringify(x.data) === JSON.stringify(r.data))) set.push(r);
    groups.set(key, set);
  }
  for (const [key, rrs] of groups) {
    const ttl = Math.min(...rrs.map((r) => r.ttl));
    put(key, { kind: 'rrset', rrs: rrs.map((r) => withTtl(r, ttl)), expiresAt: now + ttl * 1000 });
  }
  const soa = m.authorities.find((r) => r.type === 'SOA' && inBailiwick(r));
  const referral = m.authorities.some((r) => r.type === 'NS');
  if (soa !== undefined && !referral) {
    const { end } = chainEnd(m.answers, q.name);
    const answered = m.answers.some((r) => r.name === end && r.type === q.type);
    if (m.rcode === 'NXDOMAIN') put(cacheKey(end, 'NXDOMAIN', q.cls), { kind: 'nxdomain', soa, expiresAt: now + soa.ttl * 1000 });
    else if (m.rcode === 'NOERROR' && !answered) put(cacheKey(end, q.type, q.cls), { kind: 'nodata', soa, expiresAt: now + soa.ttl * 1000 });
  }
  return { cache: next, stored };
}

/** Removes the entry if it has expired by `now` (a newer copy with a later expiry stays). */
export function expire(cache: Cache, key: string, now: number): Cache {
  const e = cache[key];
  if (e === undefined || e.expiresAt > now) return cache;
  const next = { ...cache };
  delete next[key];
  return next;
}

/** The entry key's parts, for the expiry timer label. */
export function keyParts(key: string): [string, string, string] {
  const [name, type, cls] = key.split(' ');
  return [name!, type!, cls!];
}
