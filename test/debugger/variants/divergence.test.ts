/**
 * The first divergence of two runs, aligned by process identity: laws under fast-check (a run
 * against itself never diverges; changing one record's content is found at that record; a record
 * added to one process does not shift the alignment of the others) and worked cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstDivergence, identities, type Mark, type RunKeys } from '../../../src/debugger/variants/divergence.ts';

const boot = (pid: number, name: string, vm: number[] = []): Mark => ({ vm, pid, born: name });
const act = (pid: number | null, vm: number[] = []): Mark => ({ vm, pid, born: null });

/** A run: a few processes booted, then records by random actors (one of them, or the VM). */
const arbRun: fc.Arbitrary<RunKeys> = fc
  .record({
    names: fc.array(fc.constantFrom('server', 'member', 'tcp'), { minLength: 1, maxLength: 4 }),
    acts: fc.array(fc.tuple(fc.nat(4), fc.constantFrom('send', 'deliver', 'quit')), { maxLength: 40 }),
  })
  .map(({ names, acts }) => {
    const marks: Mark[] = names.map((n, i) => boot(i + 1, n));
    const keys = names.map((n) => `boot ${n}`);
    for (const [who, what] of acts) {
      const pid = who < names.length ? who + 1 : null;
      marks.push(act(pid));
      keys.push(`${what} by ${pid}`);
    }
    return { marks, keys };
  });

describe('identities', () => {
  it('names each record by its process name path, the nth of a name in a VM, and its ordinal', () => {
    const marks = [boot(1, 'pool'), boot(1, 'member', [1]), boot(2, 'member', [1]), act(2, [1]), act(1, [1]), act(2, [1]), act(null)];
    expect(identities(marks)).toEqual([
      'ground/pool @1', 'ground/pool/member @1', 'ground/pool/member#2 @1', 'ground/pool/member#2 @2', 'ground/pool/member @2',
      'ground/pool/member#2 @3', 'ground/- @1',
    ]);
  });
});

describe('firstDivergence', () => {
  it('a run against itself: no divergence', () => {
    fc.assert(fc.property(arbRun, (r) => firstDivergence(r, { marks: [...r.marks], keys: [...r.keys] }) === null));
  });

  it('one record with another content is the divergence, at that record', () => {
    fc.assert(
      fc.property(arbRun.filter((r) => r.keys.length > 0), fc.nat(), (r, pick) => {
        const k = pick % r.keys.length;
        const keys = r.keys.map((x, i) => (i === k ? `${x} (edited)` : x));
        expect(firstDivergence(r, { marks: r.marks, keys })).toEqual({ kind: 'changed', at: k, a: k, b: k, identity: identities(r.marks)[k] });
      }),
    );
  });

  it('aligns by process, not by record number: records of another process in between do not diverge', () => {
    const a: RunKeys = { marks: [boot(1, 'x'), boot(2, 'y'), act(1), act(2)], keys: ['boot x', 'boot y', 'x1', 'y1'] };
    // y's record first: every record has the same partner, only the interleaving differs.
    const b: RunKeys = { marks: [boot(1, 'x'), boot(2, 'y'), act(2), act(1)], keys: ['boot x', 'boot y', 'y1', 'x1'] };
    expect(firstDivergence(a, b)).toBeNull();
  });

  it('a record only in the new run, and one only in the old run', () => {
    const a: RunKeys = { marks: [boot(1, 'x'), act(1), act(1)], keys: ['boot x', 'x1', 'x2'] };
    const more: RunKeys = { marks: [...a.marks, act(1)], keys: [...a.keys, 'x3'] };
    expect(firstDivergence(a, more)).toEqual({ kind: 'only-b', at: 3, a: null, b: 3, identity: 'ground/x @4' });
    expect(firstDivergence(more, a)).toEqual({ kind: 'only-a', at: 3, a: 3, b: null, identity: 'ground/x @4' });
    // A process the new run never starts: its boot is missing where the old run had it.
    const other: RunKeys = { marks: [boot(1, 'x'), boot(2, 'y'), act(1)], keys: ['boot x', 'boot y', 'x1'] };
    const without: RunKeys = { marks: [boot(1, 'x'), act(1)], keys: ['boot x', 'x1'] };
    expect(firstDivergence(other, without)).toEqual({ kind: 'only-a', at: 1, a: 1, b: 1, identity: 'ground/y @1' });
  });
});
