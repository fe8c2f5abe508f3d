/**
 * Structural equality of debugger models (W6's checks): a model folded from a checkpoint and one
 * folded from scratch hold different objects with the same contents. Immutable collections are
 * compared entry by entry in order, plain objects and arrays field by field, bytes byte by byte;
 * anything else (functions, kernel values shared by reference) must be identical.
 * Returns null when equal, else the path of the first difference.
 */
import { isImmutable, isKeyed } from 'immutable';

export function modelDiff(a: unknown, b: unknown, path = 'model'): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path;
  if (isImmutable(a) || isImmutable(b)) {
    if (!isImmutable(a) || !isImmutable(b) || isKeyed(a) !== isKeyed(b)) return path;
    const ea = [...(a as Iterable<unknown>)];
    const eb = [...(b as Iterable<unknown>)];
    if (ea.length !== eb.length) return `${path} (size ${ea.length} ≠ ${eb.length})`;
    for (let i = 0; i < ea.length; i++) {
      const d = modelDiff(ea[i], eb[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return path;
    return a.every((x, i) => x === b[i]) ? null : path;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return path;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return `${path} (keys)`;
  for (const k of ka) {
    const d = modelDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
