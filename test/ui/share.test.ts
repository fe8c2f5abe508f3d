/**
 * Structural sharing of what the engine sends (src/ui/engine/share.ts): the value is always the
 * new one, and every part equal to the old one's is the old object itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { share } from '../../src/ui/engine/share.ts';

/** Plain data as structured clone gives it: primitives, arrays, plain objects, Sets of primitives. */
const { data } = fc.letrec((tie) => ({
  data: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', ''), fc.boolean(), fc.constant(null)),
    fc.array(tie('data'), { maxLength: 4 }),
    // Spread: structured clone gives objects with Object.prototype (fast-check may make null ones).
    fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('data'), { maxKeys: 3 }).map((o) => ({ ...o })),
    fc.uniqueArray(fc.constantFrom('p', 'q', 'r'), { maxLength: 3 }).map((xs) => new Set(xs)),
  ),
}));

/** Every object reachable in `x` (arrays, plain objects, sets). */
function parts(x: unknown, out: unknown[] = []): unknown[] {
  if (typeof x !== 'object' || x === null) return out;
  out.push(x);
  if (Array.isArray(x)) for (const y of x) parts(y, out);
  else if (!(x instanceof Set)) for (const y of Object.values(x)) parts(y, out);
  return out;
}

describe('share', () => {
  it('gives a value equal to the new one', () => {
    fc.assert(
      fc.property(data, data, (a, b) => {
        expect(share(a, b)).toStrictEqual(b);
      }),
    );
  });

  it('gives the old value itself when the new one is equal to it', () => {
    fc.assert(
      fc.property(data, (a) => {
        expect(share(a, structuredClone(a))).toBe(a);
      }),
    );
  });

  it('keeps the parts that did not change, and only those', () => {
    const prev = {
      cursor: 4,
      filters: { kinds: new Set(['deliver']), proc: null, vm: null, text: '' },
      selection: { process: '3', record: null },
      inputs: [{ at: 1, text: 'a' }, { at: 2, text: 'b' }],
    };
    const next = structuredClone({ ...prev, cursor: 5, inputs: [prev.inputs[0]!, { at: 2, text: 'c' }] });
    const out = share(prev, next);
    expect(out).not.toBe(prev);
    expect(out.cursor).toBe(5);
    expect(out.filters).toBe(prev.filters);
    expect(out.selection).toBe(prev.selection);
    expect(out.inputs).not.toBe(prev.inputs);
    expect(out.inputs[0]).toBe(prev.inputs[0]);
    expect(out.inputs[1]).toEqual({ at: 2, text: 'c' });
  });

  it('never hands out a part of the old value where the new one differs', () => {
    fc.assert(
      fc.property(data, data, (a, b) => {
        const out = share(a, b);
        const old = new Set(parts(a));
        // Any old object in the result must be equal to what the new value has at that place.
        const check = (o: unknown, n: unknown): void => {
          if (old.has(o)) expect(o).toStrictEqual(n);
          if (typeof o !== 'object' || o === null || o instanceof Set) return;
          for (const [k, v] of Object.entries(o)) check(v, (n as Record<string, unknown>)[k]);
        };
        check(out, b);
      }),
    );
  });

  it('does not share a Set whose members changed, nor a key that appeared', () => {
    const a = { s: new Set([1, 2]), o: { x: 1 } };
    const out = share(a, { s: new Set([1, 3]), o: { x: 1, y: undefined } });
    expect(out.s).not.toBe(a.s);
    expect(out.o).not.toBe(a.o);
    expect(Object.keys(out.o)).toEqual(['x', 'y']);
  });
});
