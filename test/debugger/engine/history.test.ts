/**
 * The history as a value: grown by the run reducer it holds exactly the records `runToEnd` makes;
 * seeking equals folding from the start; a branch equals a run made from scratch with the same
 * inputs, and re-runs only from the nearest run checkpoint.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { struct, type TraceRecord } from '../../../src/kernel/index.ts';
import { makeRun, runToEnd, type Input, type Run } from '../../../src/kernel/ground/run.ts';
import {
  boundaryAt, branch, canGrow, grow, historyStatus, modelAt, runInputs, seekWork, startHistory, stepEnds, type History, type HistoryLimits,
} from '../../../src/debugger/engine/history.ts';
import { applyRecords, emptyModel } from '../../../src/debugger/model.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { serializeRecord } from '../../../src/debugger/trace/index.ts';

const echo = findScenario('tcp-echo')!;
const LIMITS: HistoryLimits = { checkpointEvery: 32, runCheckpointEvery: 64, maxRecords: 1_000_000 };

function fresh(inputs: readonly Input[] = [], limits = LIMITS): { h: History; start: ReturnType<typeof startScenario> } {
  const start = startScenario(echo);
  return { h: startHistory(makeRun(start, inputs, { maxSteps: 10_000, untilMs: null }), start.records, limits), start };
}

function growAll(h: History): History {
  while (canGrow(h)) h = grow(h, 7);
  return h;
}

/** The naive reference: every unit's records, concatenated, from the reducer run to its end. */
function reference(inputs: readonly Input[]): { records: TraceRecord[]; run: Run; steps: number[] } {
  const start = startScenario(echo);
  const records = [...start.records];
  const steps = [records.length];
  const run = runToEnd(makeRun(start, inputs, { maxSteps: 10_000, untilMs: null }), (u) => {
    records.push(...u.records);
    if (u.kind === 'step') steps.push(records.length);
    else steps[steps.length - 1] = records.length;
  });
  return { records, run, steps };
}

/** Records as the native trace writes them (states included): functions compare by identity otherwise. */
const lines = (rs: readonly TraceRecord[]): string[] => rs.map(serializeRecord);

const inject = (atStep: number, word: string): Input => ({ kind: 'inject', atStep, body: struct('hello', word), orientation: 'publisher' });

describe('History', () => {
  it('grows to exactly the records the run reducer makes, with step ends and status', () => {
    const inputs = [inject(12, 'a'), inject(30, 'b')];
    const h = growAll(fresh(inputs).h);
    const ref = reference(inputs);
    expect(lines(h.records.slice())).toEqual(lines(ref.records));
    expect(stepEnds(h)).toEqual(ref.steps);
    expect(historyStatus(h)).toBe(ref.run.status);
    expect(h.applied.slice().map((a) => [a.input.atStep, a.records > 0])).toEqual([[12, true], [30, true]]);
    for (const a of h.applied) expect(h.records.get(a.atRecord)!.kind).toBe('ground-event');
    expect(runInputs(h)).toEqual(inputs);
  });

  it('models at any record equal the fold of the records before it; moving by one folds one', () => {
    const h = growAll(fresh().h);
    const all = h.records.slice();
    fc.assert(
      fc.property(fc.nat(all.length), (n) => {
        expect(modelAt(h, n)).toEqual(applyRecords(emptyModel, all.slice(0, n)));
      }),
      { seed: 7, numRuns: 40 },
    );
    modelAt(h, 100);
    const before = seekWork(h);
    for (let n = 101; n < 140; n++) modelAt(h, n);
    // One record each (none where a checkpoint is exactly at the cursor).
    expect(seekWork(h) - before).toBeLessThanOrEqual(39);
    expect(seekWork(h) - before).toBeGreaterThanOrEqual(38);
  });

  it('a branch is the run made from scratch with the kept inputs and the new one', () => {
    const first = inject(10, 'early');
    const h = growAll(fresh([first]).h);
    const cursor = Math.floor(h.records.length * 0.7);
    const b = boundaryAt(h, cursor);
    const late = { kind: 'inject', body: struct('hello', 'late'), orientation: 'publisher' } as const;
    const branched = growAll(branch(h, cursor, late, { maxSteps: 10_000, untilMs: null }));
    const ref = reference([first, { ...late, atStep: b.steps }]);
    expect(lines(branched.records.slice())).toEqual(lines(ref.records));
    expect(stepEnds(branched)).toEqual(ref.steps);
    // The records before the boundary are the very same objects: shared, not re-made.
    expect(branched.records.get(b.records - 1)).toBe(h.records.get(b.records - 1));
    // Re-run from the nearest run checkpoint: fewer units than the boundary is from the start.
    expect(branched.recomputed).toBeGreaterThan(0);
    expect(branched.recomputed).toBeLessThan(b.steps + 1);
    // The original value is unchanged.
    expect(lines(h.records.slice())).toEqual(lines(reference([first]).records));
  });

  it('a branch before an earlier input forgets that input', () => {
    const h = growAll(fresh([inject(40, 'later')]).h);
    const cursor = boundaryAt(h, 50).records;
    const branched = growAll(branch(h, cursor, { kind: 'inject', body: struct('x'), orientation: 'publisher' }, { maxSteps: 10_000, untilMs: null }));
    expect(runInputs(branched).map((i) => i.atStep)).toEqual([boundaryAt(h, 50).steps]);
  });

  it('stops at maxRecords with status full', () => {
    const h = growAll(fresh([], { ...LIMITS, maxRecords: 100 }).h);
    expect(h.records.length).toBeGreaterThanOrEqual(100);
    expect(historyStatus(h)).toBe('full');
  });
});
