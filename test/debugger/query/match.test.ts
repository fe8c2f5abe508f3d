/**
 * unifyBind's fast path (a pattern numbered once; a term matched in one pass, undecided only where
 * the term has wildcards that matter) against the rule it implements, written out as docs/queries.md
 * states it: substitute the bound variables, intersect with the term, read the variables off the
 * intersection with the kernel's match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersect, isGround, match, struct, wild, type Term } from '../../../src/kernel/index.ts';
import { unifyBind, type Bindings } from '../../../src/debugger/query/match.ts';
import { arbGround, arbPattern, generalize } from '../../kernel/gen.ts';

/** Every named wildcard replaced by its value in `b` (the rule's first step). */
function substitute(p: Term, b: Bindings): Term {
  if (Array.isArray(p)) return (p as readonly Term[]).map((x) => substitute(x, b));
  if (p !== null && typeof p === 'object' && !(p instanceof Uint8Array)) {
    if ('wild' in p) return p.wild === null ? p : (b.get(String(p.wild)) ?? p);
    if ('struct' in p) return { struct: p.struct, fields: p.fields.map((x) => substitute(x, b)) };
  }
  return p;
}

/** Wildcards of a value made anonymous. */
function anonymous(t: Term): Term {
  if (Array.isArray(t)) return (t as readonly Term[]).map(anonymous);
  if (t !== null && typeof t === 'object' && !(t instanceof Uint8Array)) {
    if ('wild' in t) return { wild: null };
    if ('struct' in t) return { struct: t.struct, fields: t.fields.map(anonymous) };
  }
  return t;
}

function reference(pattern: Term, term: Term, b: Bindings): Bindings | null {
  const p = substitute(pattern, b);
  const instance = intersect(p, term);
  if (instance === undefined) return null;
  const m = match(p, instance);
  if (m === null) return null;
  const out = new Map(b);
  for (const [name, value] of m) out.set(String(name), isGround(value) ? value : anonymous(value));
  return out;
}

const arbBindings: fc.Arbitrary<Bindings> = fc
  .array(fc.tuple(fc.constantFrom('x', 'y', '7', 'w'), arbGround(2)), { maxLength: 2 })
  .map((kv) => new Map(kv));

describe('unifyBind', () => {
  it('is the rule: substitute, intersect, match (random patterns and terms, with and without wildcards)', () => {
    fc.assert(
      fc.property(arbPattern(3), fc.oneof(arbGround(3), arbPattern(3)), arbBindings, (p, t, b) => {
        expect(unifyBind(p, t, b)).toEqual(reference(p, t, b));
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('is the rule on terms that a pattern generalizes (mostly matches)', () => {
    const arbPair = arbGround(3).chain((g) => fc.tuple(generalize(g), fc.constant(g)));
    fc.assert(
      fc.property(arbPair, arbPattern(2), arbBindings, ([p, g], loose, b) => {
        expect(unifyBind(p, g, b)).toEqual(reference(p, g, b));
        // The same pattern against a term with wildcards in it: undecided parts go to the kernel.
        const t = [g, loose];
        expect(unifyBind([p, wild('x')], t, b)).toEqual(reference([p, wild('x')], t, b));
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  it('binds a repeated variable once and skips what an anonymous wildcard covers', () => {
    const p = struct('tcp-channel', wild('a'), wild(), wild('a'));
    expect(unifyBind(p, struct('tcp-channel', 'x', [wild('q')], 'x'), new Map())).toEqual(new Map([['a', 'x']]));
    expect(unifyBind(p, struct('tcp-channel', 'x', 1, 'y'), new Map())).toBe(null);
    expect(unifyBind(p, struct('tcp-channel', wild('q'), 1, 'y'), new Map())).toEqual(new Map([['a', 'y']]));
  });
});
