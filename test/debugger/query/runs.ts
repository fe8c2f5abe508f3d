/** Runs of the shipped scenarios for the query tests: records with the step each was made in. */
import type { TraceRecord } from '../../../src/kernel/index.ts';
import { advance, makeRun, type Input } from '../../../src/kernel/ground/run.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { PresenceIndex } from '../../../src/debugger/query/presence-index.ts';

export interface StepRun {
  readonly records: TraceRecord[];
  /** The records of each unit with its step, in order. */
  readonly chunks: { readonly records: readonly TraceRecord[]; readonly step: number }[];
}

/** Runs a scenario for at most `maxSteps` steps (and its own limit). */
export function runScenario(id: string, seed?: number, maxSteps = 400, inputs: readonly Input[] = []): StepRun {
  const s = findScenario(id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  const start = startScenario(s, seed === undefined ? {} : { seed });
  const chunks = [{ records: start.records, step: 0 }];
  let run = makeRun(start, inputs, { maxSteps: Math.min(maxSteps, s.maxSteps ?? maxSteps), untilMs: null });
  for (;;) {
    const a = advance(run);
    run = a.run;
    if (a.unit === null) break;
    chunks.push({ records: a.unit.records, step: run.sim.steps });
  }
  return { records: chunks.flatMap((c) => c.records), chunks };
}

/** The index of a run, fed unit by unit. */
export function indexOf(run: StepRun): PresenceIndex {
  const index = new PresenceIndex();
  for (const c of run.chunks) index.feed(c.records, c.step);
  return index;
}
