/**
 * The hostile-program fuzzer, quick run (issue 11; `npm run fuzz` runs 10,000): programs
 * 1 … QUICK_PROGRAMS (programs.ts) run, written, read back and run again (program-check.ts). The
 * kernel never throws; the writer writes and the reader reads back what the kernel accepted; the
 * same seed gives the same bytes; presence and absence pair up; what a receiver does to what it was
 * given reaches no other receiver and no record; every program within its budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProgram, readBack, runOnce } from './program-check.ts';

/** Programs 1 … QUICK_PROGRAMS run here (a few seconds); the campaign runs 10,000. */
const QUICK_PROGRAMS = 100;

/**
 * Seeds that found problems, kept as regression cases: what each found. The first four found them
 * in the kernel as it was before the boundary (commit 03ace1d).
 */
const PINNED: readonly { readonly seed: number; readonly found: string }[] = [
  { seed: 1, found: 'hang: a sparse action list of length 2³²−1 walked element by element (no limit applied)' },
  { seed: 7, found: 'crash and unreadable: a handler changed the event it got, which the trace shared ("unexpected event", field event: missing)' },
  { seed: 8, found: 'unpaired: a receiver changed its presence event; the trace lost the pairing' },
  { seed: 6, found: 'nondeterministic: a receiver changed a message term that the program\'s own constants shared' },
  // Found by the property below (fast-check seed 11), after the boundary: a hang of 140 s.
  { seed: 1_000_003, found: 'hang: topicPublisher canonicalised its topic, a sparse list of length 2³²−1, before the boundary could refuse it' },
  // Found by the first 10,000-program campaign: the harness itself, not the kernel.
  { seed: 578, found: 'the campaign died out of memory: the program spread a sparse list of length 2³²−1 it had handed over, to change it' },
];

const problemsOf = (seed: number): string[] => checkProgram(seed).problems.map((p) => `seed ${seed}: ${p.kind}: ${p.detail}`);

describe('hostile programs (quick run)', () => {
  it.each(PINNED)('pinned seed $seed ($found)', ({ seed }) => {
    expect(problemsOf(seed)).toEqual([]);
  });

  it(`programs 1 … ${QUICK_PROGRAMS}: no escape, crash, unreadable trace, nondeterminism, unpaired presence, shared value or hang`, () => {
    const problems: string[] = [];
    const seen: Record<string, number> = {};
    for (let seed = 1; seed <= QUICK_PROGRAMS; seed++) {
      const v = checkProgram(seed);
      problems.push(...v.problems.map((p) => `seed ${seed}: ${p.kind}: ${p.detail}`));
      for (const [k, n] of Object.entries(v.seen)) seen[k] = (seen[k] ?? 0) + n;
    }
    expect(problems).toEqual([]);
    // Not vacuous: peers meet and part and talk, nested VMs run, processes crash in every way
    // (thrown values, refused transitions, limits).
    const kinds = ['presence', 'absence', 'message', 'nested-vm', 'exn', 'raise', 'error bad-transition'];
    const limits = ['maxTransitionActions', 'maxStringLength', 'maxNameLength', 'maxReasonSize', 'maxTermNodes', 'maxTermDepth'];
    for (const k of [...kinds, ...limits.map((l) => `limit ${l}`)]) {
      expect(seen[k] ?? 0, k).toBeGreaterThan(0);
    }
  }, 120_000);

  it('property: whatever the kernel accepts, the writer writes and the reader reads back; every record pretty-prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }), (seed) => {
        const run = runOnce(seed);
        expect(run.problems).toEqual([]);
        expect(readBack(run.lines)).toEqual([]);
      }),
      { seed: 11, numRuns: 25 },
    );
  }, 120_000);
});
