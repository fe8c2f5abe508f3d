/**
 * Structural sharing for what arrives from the engine: a frame crosses the worker boundary by
 * structured clone, so every part of it is a new object even where nothing changed, and a
 * component that selects an object (the log's filters, the selected process) would re-render on
 * every frame. `share(prev, next)` returns `next` with every part that equals the same part of
 * `prev` replaced by `prev`'s (and `prev` itself if all of it is equal), so references change
 * only where values did.
 *
 * Values are plain data: primitives, arrays, plain objects, Sets and Maps (what structured clone
 * gives). Sets and Maps are shared whole or not at all.
 */

function isObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype;
}

function sameSet(a: ReadonlySet<unknown>, b: ReadonlySet<unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameMap(a: ReadonlyMap<unknown, unknown>, b: ReadonlyMap<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || share(v, b.get(k)) !== v) return false;
  return true;
}

function shareArray(prev: readonly unknown[], next: readonly unknown[]): readonly unknown[] {
  const out = next.map((x, i) => share(prev[i], x));
  return out.length === prev.length && out.every((x, i) => x === prev[i]) ? prev : out;
}

function shareObject(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(prev).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    out[k] = Object.hasOwn(prev, k) ? share(prev[k], next[k]) : next[k];
    if (out[k] !== prev[k] || !Object.hasOwn(prev, k)) same = false;
  }
  return same ? prev : out;
}

/** `next`, sharing with `prev` every part whose value is the same. */
export function share<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (Array.isArray(prev) && Array.isArray(next)) return shareArray(prev, next) as T;
  if (prev instanceof Set && next instanceof Set) return (sameSet(prev, next) ? prev : next) as T;
  if (prev instanceof Map && next instanceof Map) return (sameMap(prev, next) ? prev : next) as T;
  if (isObject(prev) && isObject(next)) return shareObject(prev, next) as T;
  return next;
}
