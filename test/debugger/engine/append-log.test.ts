/**
 * AppendLog against the naive reference: every value is a plain array copied on every push. Random
 * programs of pushes and cuts on random earlier versions must read the same everywhere, and no
 * value may ever change once made.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppendLog, commonPrefix } from '../../../src/debugger/engine/append-log.ts';

type Op = { kind: 'push'; from: number; items: number[] } | { kind: 'take'; from: number; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), from: fc.nat(), items: fc.array(fc.integer(), { maxLength: 5 }) }),
  fc.record({ kind: fc.constant('take' as const), from: fc.nat(), n: fc.nat(12) }),
);

describe('AppendLog', () => {
  it('reads exactly like arrays copied on every change, for every version ever made', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const logs: AppendLog<number>[] = [AppendLog.empty()];
        const naive: number[][] = [[]];
        for (const o of ops) {
          const i = o.from % logs.length;
          if (o.kind === 'push') {
            logs.push(logs[i]!.push(...o.items));
            naive.push([...naive[i]!, ...o.items]);
          } else {
            logs.push(logs[i]!.take(o.n));
            naive.push(naive[i]!.slice(0, o.n));
          }
          // Every version, old ones included, still reads as it did when it was made.
          logs.forEach((l, k) => {
            expect(l.length).toBe(naive[k]!.length);
            expect(l.slice()).toEqual(naive[k]);
            expect([...l]).toEqual(naive[k]);
            expect(l.readNow()).toEqual(naive[k]);
            expect(l.get(l.length)).toBeUndefined();
          });
        }
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('pushes on the newest value in place and copies only when a cut value grows', () => {
    const a = AppendLog.of([1, 2, 3]);
    const b = a.push(4);
    const before = b.readNow();
    const c = b.push(5);
    expect(c.readNow()).toBe(before); // the same store, grown in place
    const cut = c.take(2);
    const grown = cut.push(9);
    expect(grown.slice()).toEqual([1, 2, 9]);
    expect(c.slice()).toEqual([1, 2, 3, 4, 5]);
    expect(grown.readNow()).not.toBe(c.readNow());
  });

  it('finds the shared prefix by identity (a branch makes new items after its cut)', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ i }));
    const a = AppendLog.of(items);
    const b = a.take(37).push({ i: -1 }, { i: -2 });
    expect(commonPrefix(a, b)).toBe(37);
    expect(commonPrefix(a, a.push({ i: 100 }))).toBe(100);
    expect(commonPrefix(a, b, 20)).toBe(20);
    expect(commonPrefix(AppendLog.empty(), a)).toBe(0);
  });

  it('bisects: the last item at or before a key, the first at or after', () => {
    const l = AppendLog.of([0, 256, 512, 768]);
    expect(l.lastAtOrBefore(300, (x) => x)).toBe(1);
    expect(l.lastAtOrBefore(-1, (x) => x)).toBe(-1);
    expect(l.firstAtOrAfter(300, (x) => x)).toBe(2);
    expect(l.firstAtOrAfter(2000, (x) => x)).toBe(4);
  });
});
