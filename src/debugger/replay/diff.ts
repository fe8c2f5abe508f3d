/**
 * Where a replayed record and the file's differ: the first differing field, for messages a user can
 * act on. Both values are JSON as parsed (the file's depth-bounded by the reader); keys are looked up
 * as own properties only, so a key named like an Object.prototype member (`toString`) is a field
 * like any other.
 */

/** The first place where two JSON values differ: a dotted path, or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return { path, a, b };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const inA = new Set(ka);
  for (const k of [...ka, ...kb.filter((k) => !inA.has(k))]) {
    const d = firstDifference(ownField(a, k), ownField(b, k), path === '' ? k : `${path}.${k}`);
    if (d !== null) return d;
  }
  if (ka.join('\u0000') !== kb.join('\u0000')) return { path: path === '' ? '(key order)' : `${path} (key order)`, a: ka, b: kb };
  return null;
}

function ownField(o: object, k: string): unknown {
  return Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

/** A value for a message: short, or "no such field". */
export function show(v: unknown): string {
  if (v === undefined) return 'no such field';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
