import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { emptyTrieIndex } from '../../src/kernel/routing/trie.ts';
import { emptyNaiveIndex } from '../../src/kernel/routing/naive.ts';
import { byPidSeq, entryKey, type RouteEntry, type RoutingIndex } from '../../src/kernel/routing/types.ts';
import { senderFirst } from '../../src/kernel/presence.ts';
import type { Orientation } from '../../src/kernel/role.ts';
import { endpointName, pid } from '../../src/kernel/ids.ts';
import {
  _,
  bytes,
  evt,
  struct,
  wild,
  isGround,
  isLinear,
  type EvtTerm,
  type StructTerm,
  type Term,
} from '../../src/kernel/term.ts';
import { canonicalize, intersectCanonical, matchesGround } from '../../src/kernel/unify.ts';

let seq = 0;
function entry(p: number, name: string, topic: Term, orientation: Orientation = 'subscriber'): RouteEntry {
  const t = canonicalize(topic);
  return { pid: pid(p), name: endpointName(name), seq: seq++, orientation, topic: t, linear: isLinear(t) };
}

function build(entries: readonly RouteEntry[], base: RoutingIndex = emptyTrieIndex()): RoutingIndex {
  return entries.reduce((ix, e) => ix.add(e), base);
}

const keys = (es: readonly RouteEntry[]): string[] => es.map((e) => entryKey(e.pid, e.name)).sort();

describe('trie index: hand-checked cases', () => {
  const chans = Array.from({ length: 100 }, (_x, i) => entry(i + 1, 'ch', ['ch', i, _]));
  const ix = build(chans);

  it('a ground query finds exactly the one channel', () => {
    expect(ix.candidates('subscriber', ['ch', 7, 3])).toEqual([chans[7]]);
    expect(ix.candidates('publisher', ['ch', 7, 3])).toEqual([]);
    expect(ix.size).toBe(100);
  });

  it('a wildcard query returns all channels', () => {
    expect(keys(ix.candidates('subscriber', ['ch', _, _]))).toEqual(keys(chans));
    expect(keys(ix.candidates('subscriber', _))).toEqual(keys(chans));
    expect(ix.candidates('subscriber', ['ch', _])).toEqual([]);
  });

  it('keeps structs and lists of the same arity apart, and "1" apart from 1', () => {
    const s = entry(1, 's', struct('p', 1, 2));
    const l = entry(2, 'l', ['p', 1, 2]);
    const l2 = entry(3, 'l2', [1, 2]);
    const str = entry(4, 'str', ['1']);
    const num = entry(5, 'num', [1]);
    const t = build([s, l, l2, str, num]);
    expect(t.candidates('subscriber', struct('p', 1, 2))).toEqual([s]);
    expect(t.candidates('subscriber', struct('p', _, _))).toEqual([s]);
    expect(t.candidates('subscriber', [1, 2])).toEqual([l2]);
    expect(t.candidates('subscriber', ['1'])).toEqual([str]);
    expect(t.candidates('subscriber', [1])).toEqual([num]);
    expect(t.candidates('subscriber', [true])).toEqual([]);
    expect(t.candidates('subscriber', [null])).toEqual([]);
  });

  it('distinguishes bytes by content, and from strings', () => {
    const a = entry(1, 'a', ['d', bytes('abc')]);
    const b = entry(2, 'b', ['d', bytes('abd')]);
    const c = entry(3, 'c', ['d', 'abc']);
    const t = build([a, b, c]);
    expect(t.candidates('subscriber', ['d', bytes('abc')])).toEqual([a]);
    expect(t.candidates('subscriber', ['d', bytes('abd')])).toEqual([b]);
    expect(t.candidates('subscriber', ['d', 'abc'])).toEqual([c]);
    expect(t.candidates('subscriber', ['d', '\u0000#abc'])).toEqual([]);
  });

  it('handles nested structs, query wildcards skipping stored subterms, and stored wildcards', () => {
    const deep = entry(
      1,
      'deep',
      struct('tcp', struct('addr', 'h', 80), struct('addr', 'k', [1, [2, 3]]), 'x'),
    );
    const shallow = entry(2, 'shallow', struct('tcp', _, struct('addr', 'k', _), 'x'));
    const other = entry(3, 'other', struct('tcp', struct('addr', 'h', 81), _, 'y'));
    const t = build([deep, shallow, other]);
    const msg = struct('tcp', struct('addr', 'h', 80), struct('addr', 'k', [1, [2, 3]]), 'x');
    expect(keys(t.candidates('subscriber', msg))).toEqual(keys([deep, shallow]));
    // The query `?` must skip the whole stored subterm addr(k, [1, [2, 3]]) to reach 'x'.
    expect(keys(t.candidates('subscriber', struct('tcp', _, _, 'x')))).toEqual(keys([deep, shallow]));
    expect(keys(t.candidates('subscriber', struct('tcp', struct('addr', _, 81), _, _)))).toEqual(
      keys([shallow, other]),
    );
    // The stored `?` in `shallow` matches a nested query subterm.
    const nested = struct('tcp', struct('addr', [1, 2], struct('q', 9)), struct('addr', 'k', 0), 'x');
    expect(t.candidates('subscriber', nested)).toEqual([shallow]);
    expect(t.candidates('subscriber', evt('tcp', _, _, 'x'))).toEqual([]);
  });

  it('remove empties the index and ignores absent entries', () => {
    let t = ix;
    for (const e of chans) t = t.remove(e);
    expect(t.size).toBe(0);
    expect(t.candidates('subscriber', ['ch', _, _])).toEqual([]);
    expect(t.candidates('subscriber', _)).toEqual([]);
    const e = entry(999, 'nope', ['ch', 1, _]);
    expect(ix.remove(e)).toBe(ix);
    expect(ix.remove({ ...chans[3]!, orientation: 'publisher' })).toBe(ix);
  });

  it('is persistent: old versions are unchanged by add and remove', () => {
    const before = keys(ix.candidates('subscriber', ['ch', _, _]));
    const added = ix.add(entry(500, 'x', ['ch', 7, _]));
    const removed = ix.remove(chans[7]!);
    expect(keys(ix.candidates('subscriber', ['ch', _, _]))).toEqual(before);
    expect(ix.candidates('subscriber', ['ch', 7, 3])).toEqual([chans[7]]);
    expect(ix.size).toBe(100);
    expect(added.candidates('subscriber', ['ch', 7, 3])).toHaveLength(2);
    expect(removed.candidates('subscriber', ['ch', 7, 3])).toEqual([]);
    expect(removed.size).toBe(99);
  });

  it('replaces an entry re-added under the same key', () => {
    const a = entry(1, 'e', ['a', _]);
    const b = { ...a, topic: canonicalize(['b', _]) };
    const t = build([a, b]);
    expect(t.size).toBe(1);
    expect(t.candidates('subscriber', ['a', 1])).toEqual([]);
    expect(t.candidates('subscriber', ['b', 1])).toEqual([b]);
  });
});

// ---- differential property test against the naive oracle ---------------------------------------

const atomArb: fc.Arbitrary<Term> = fc.constantFrom<Term>(
  'a',
  'b',
  '1',
  1,
  2,
  true,
  null,
  bytes('x'),
  bytes('y'),
);
const wildArb: fc.Arbitrary<Term> = fc.constantFrom<Term>(_, wild('x'), wild('y'), { wild: 0 });

function termArb(withWild: boolean): fc.Arbitrary<Term> {
  const { t } = fc.letrec<{ t: Term }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atomArb,
      withWild ? wildArb : atomArb,
      fc.array(tie('t'), { maxLength: 3 }),
      fc.record({
        struct: fc.constantFrom('p', 'q'),
        fields: fc.array(tie('t'), { minLength: 1, maxLength: 2 }),
      }),
    ),
  }));
  return t;
}

type Op = { kind: 'add' | 'remove'; pid: number; name: string; orientation: Orientation; topic: Term };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<'add' | 'remove'>('add', 'add', 'remove'),
  pid: fc.integer({ min: 1, max: 4 }),
  name: fc.constantFrom('e0', 'e1', 'e2'),
  orientation: fc.constantFrom<Orientation>('publisher', 'subscriber'),
  topic: termArb(true),
});

const queryArb = fc.oneof(termArb(false), termArb(true));

/**
 * Wrapped in a one-element list because intersectCanonical signals failure with null, which is also
 * the intersection of two topics that meet at the atom null (e.g. stored `null`, query `?`).
 */
const unifies = (a: Term, b: Term): boolean => intersectCanonical(a, b) !== undefined;

/** The true matches, in the order the index gives them (ascending pid, seq: checked). */
function trulyMatching(ix: RoutingIndex, o: Orientation, q: Term): string[] {
  const cq = canonicalize(q);
  const found = ix.candidates(o, q);
  for (let i = 1; i < found.length; i++) {
    const [a, b] = [found[i - 1]!, found[i]!];
    expect(a.pid < b.pid || (a.pid === b.pid && a.seq < b.seq)).toBe(true);
  }
  return found.filter((e) => unifies(e.topic, cq)).map((e) => entryKey(e.pid, e.name));
}

/** Variables occur at most once: then structure alone decides unification, so the trie is exact. */
function linear(t: Term): boolean {
  const seen = new Set<unknown>();
  const go = (x: Term): boolean => {
    if (x === null || typeof x !== 'object' || x instanceof Uint8Array) return true;
    if (Array.isArray(x)) return x.every(go);
    if ('wild' in x) {
      if (x.wild === null) return true;
      if (seen.has(x.wild)) return false;
      seen.add(x.wild);
      return true;
    }
    return ('struct' in x ? (x as StructTerm).fields : (x as EvtTerm).args).every(go);
  };
  return go(t);
}

function checkAgreement(trie: RoutingIndex, naive: RoutingIndex, queries: readonly Term[]): void {
  expect(trie.size).toBe(naive.size);
  expect(naive.candidates('publisher', null).length + naive.candidates('subscriber', null).length).toBe(
    naive.size,
  );
  for (const o of ['publisher', 'subscriber'] as const) {
    for (const q of queries) {
      const cands = trie.candidates(o, q);
      expect(new Set(keys(cands)).size).toBe(cands.length);
      expect(trulyMatching(trie, o, q)).toEqual(trulyMatching(naive, o, q));
      if (linear(q)) {
        const cq = canonicalize(q);
        for (const e of cands) if (linear(e.topic)) expect(unifies(e.topic, cq)).toBe(true);
      }
      // The message fast path (presence.ts): a ground query's linear candidates are true matches.
      if (isGround(q) && trie.exactForGround) {
        for (const e of cands) if (e.linear) expect(matchesGround(e.topic, q)).toBe(true);
      }
    }
  }
}

const differential = fc.property(
  fc.array(opArb, { maxLength: 40 }),
  fc.array(queryArb, { minLength: 1, maxLength: 12 }),
  (ops, queries) => {
    let trie = emptyTrieIndex();
    let naive = emptyNaiveIndex();
    const versions: { trie: RoutingIndex; snapshot: string[][] }[] = [];
    const snap = (ix: RoutingIndex): string[][] =>
      queries.flatMap((q) => [keys(ix.candidates('publisher', q)), keys(ix.candidates('subscriber', q))]);
    for (const [i, op] of ops.entries()) {
      const e: RouteEntry = {
        pid: pid(op.pid),
        name: endpointName(op.name),
        seq: i,
        orientation: op.orientation,
        topic: canonicalize(op.topic),
        linear: isLinear(canonicalize(op.topic)),
      };
      trie = op.kind === 'add' ? trie.add(e) : trie.remove(e);
      naive = op.kind === 'add' ? naive.add(e) : naive.remove(e);
      checkAgreement(trie, naive, queries);
      versions.push({ trie, snapshot: snap(trie) });
    }
    for (const v of versions) expect(snap(v.trie)).toEqual(v.snapshot);
  },
);

describe('term.ts isLinear', () => {
  it('agrees with the reference (no variable name seen twice), on raw and canonical terms', () => {
    fc.assert(
      fc.property(termArb(true), (t) => {
        expect(isLinear(t)).toBe(linear(t));
        expect(isLinear(canonicalize(t))).toBe(linear(t));
      }),
      { seed: 77, numRuns: 1000 },
    );
  });
});

describe('trie index: differential against naive', () => {
  it('agrees on true matches (seed 42)', () => {
    fc.assert(differential, { seed: 42, numRuns: 300 });
  });
  it('agrees on true matches (seed 20240607)', () => {
    fc.assert(differential, { seed: 20240607, numRuns: 300 });
  });
  it('releases every node after teardown', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const es = ops.map((op, i) => entry(op.pid + 10 * i, op.name, op.topic, op.orientation));
        const full = build(es);
        const empty = es.reduce((ix, e) => ix.remove(e), full);
        expect(empty.size).toBe(0);
        // Nothing left to retrieve, even with the widest query.
        expect(empty.candidates('publisher', _)).toEqual([]);
        expect(empty.candidates('subscriber', _)).toEqual([]);
        // Pruning: both roots are back to the shared empty node (peeking at private state).
        type Peek = { publishers: { root: unknown }; subscribers: { root: unknown } };
        const [now, fresh] = [empty as unknown as Peek, emptyTrieIndex() as unknown as Peek];
        expect(now.publishers.root).toBe(fresh.publishers.root);
        expect(now.subscribers.root).toBe(fresh.subscribers.root);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

// ---- delivery order: senderFirst against the reference sort ------------------------------------

/** The reference: sort by proximity to `first` (its entries first), then pid, then seq. */
function byProximity(first: number | null): (a: RouteEntry, b: RouteEntry) => number {
  return (a, b) => {
    if (a.pid !== b.pid) {
      if (a.pid === first) return -1;
      if (b.pid === first) return 1;
      return a.pid - b.pid;
    }
    return a.seq - b.seq;
  };
}

describe('delivery order without a sort (presence.ts senderFirst)', () => {
  it('equals sorting by proximity, for candidates in ascending (pid, seq)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ pid: fc.integer({ min: 0, max: 6 }), seq: fc.integer({ min: 0, max: 9 }) }), {
          selector: (e) => `${e.pid}/${e.seq}`, maxLength: 20,
        }),
        fc.option(fc.integer({ min: 0, max: 7 })),
        (raw, first) => {
          const es = raw.map((r) => ({ ...entry(r.pid, `e${r.seq}`, 'x'), seq: r.seq })).sort(byPidSeq);
          const got = senderFirst([...es], first === null ? null : pid(first), (e) => e.pid);
          expect(got).toEqual([...es].sort(byProximity(first)));
        },
      ),
      { seed: 1607, numRuns: 500 },
    );
  });
});
