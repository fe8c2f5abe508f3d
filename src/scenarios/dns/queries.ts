/**
 * The stub client's queries: `NAME TYPE [@MS]`, e.g. "www.shop.test A" or "www.shop.test A @30000".
 * A query with @MS is sent at that virtual time; one without, right after the previous query
 * finished (the first one at once).
 */
import { SUPPORTED_TYPES } from './message.ts';
import { canonicalName, isValidName } from './names.ts';

export interface StubQuery {
  readonly name: string;
  readonly type: string;
  readonly at: number | null;
}

/** Parses one query; a string is the error (one sentence). */
export function parseQuery(text: string): StubQuery | string {
  const parts = text.trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length < 2 || parts.length > 3) return `query ${JSON.stringify(text)} must be "NAME TYPE [@MS]"`;
  const [rawName, rawType, rawAt] = parts as [string, string, string | undefined];
  const name = canonicalName(rawName);
  if (!isValidName(name)) return `query ${JSON.stringify(text)}: "${rawName}" is not a domain name`;
  const type = rawType.toUpperCase();
  if (!SUPPORTED_TYPES.includes(type)) return `query ${JSON.stringify(text)}: type "${rawType}" is not one of ${SUPPORTED_TYPES.join(', ')}`;
  if (rawAt === undefined) return { name, type, at: null };
  if (!/^@[0-9]+$/.test(rawAt)) return `query ${JSON.stringify(text)}: "${rawAt}" must be @MS, a virtual time in milliseconds`;
  return { name, type, at: Number(rawAt.slice(1)) };
}

export const formatQuery = (q: StubQuery): string => `${q.name} ${q.type}${q.at === null ? '' : ` @${q.at}`}`;

/**
 * The demonstration set for the default world: a cold lookup through a CNAME chain that crosses
 * zones, its repeat from the cache, a lookup that reuses a cached delegation, a glueless
 * delegation, NXDOMAIN and its negative-cache hit, NODATA, a CNAME into a name that does not
 * exist, a CNAME loop (SERVFAIL), and, at 30 s, the first lookup again after its records expired.
 */
export const DEMO_QUERIES: readonly string[] = [
  'www.shop.test A',
  'www.shop.test A',
  'shop.test MX',
  'blog.test A',
  'nope.shop.test A',
  'nope.shop.test A',
  'mail.shop.test AAAA',
  'gone.shop.test A',
  'loop1.shop.test A',
  'www.shop.test A @30000',
  'www.shop.test A',
];
