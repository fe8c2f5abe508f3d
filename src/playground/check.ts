/**
 * Judging an exercise's run (issue 14, item 6): a program's run, from its start at one seed and
 * without interventions, to its end (or JUDGE_MAX_RECORDS), folded into the query index
 * (docs/queries.md); then each condition of the exercise's check is asked of it. Runs where user
 * code may run (the program worker, the program thread, tests), in slices: `stepJudge` advances
 * a bounded number of run units.
 *
 * Data definition:
 *   Judge   = { run, index, records, over }   the run so far and its index
 *   Verdict = { passed, text }                 passed: every condition holds (text: the check's
 *                                              `passed`); else the first that does not (its `fails`),
 *                                              or the query's own error, or the run's crash
 */
import { advance, makeRun, type Run } from '../kernel/ground/index.ts';
import type { TraceRecord } from '../kernel/index.ts';
import { answer } from '../debugger/query/evaluate.ts';
import { parseQuery } from '../debugger/query/parser.ts';
import { PresenceIndex } from '../debugger/query/presence-index.ts';
import type { QuerySource } from '../debugger/query/views.ts';
import { DEFAULT_MAX_STEPS } from '../kernel/ground/index.ts';
import { startScenario, type Scenario } from '../scenarios/types.ts';
import type { ProgramCheck } from './exercises.ts';

/** An exercise's run is small: a judge stops reading here (and judges what it has). */
export const JUDGE_MAX_RECORDS = 200_000;

export interface Judge {
  readonly run: Run;
  readonly index: PresenceIndex;
  readonly records: TraceRecord[];
  readonly over: boolean;
}

export interface Verdict {
  readonly passed: boolean;
  readonly text: string;
}

export function startJudge(scenario: Scenario, seed: number): Judge {
  const start = startScenario(scenario, { seed });
  const index = new PresenceIndex();
  index.feed(start.records, 0);
  const run = makeRun(start, [], { maxSteps: scenario.maxSteps ?? DEFAULT_MAX_STEPS, untilMs: null });
  return { run, index, records: [...start.records], over: false };
}

/** Advances the judge's run by at most `units` units (the index and records are its own: folded in place). */
export function stepJudge(j: Judge, units: number): Judge {
  let run = j.run;
  for (let i = 0; i < units; i++) {
    const a = advance(run);
    run = a.run;
    if (a.unit === null) return { ...j, run, over: true };
    j.index.feed(a.unit.records, run.sim.steps);
    j.records.push(...a.unit.records);
    if (j.records.length >= JUDGE_MAX_RECORDS) return { ...j, run, over: true };
  }
  return { ...j, run };
}

/** The check's verdict on the run the judge has read. */
export function verdictOf(j: Judge, check: ProgramCheck): Verdict {
  const src: QuerySource = { index: j.index, record: (at) => j.records[at]! };
  for (const c of check.conditions) {
    let count: number;
    try {
      count = answer(src, parseQuery(c.query)).count;
    } catch (e) {
      return { passed: false, text: `The exercise's check "${c.query}" could not be asked: ${e instanceof Error ? e.message : String(e)}.` };
    }
    if ((c.expect === 'some') !== (count > 0)) return { passed: false, text: c.fails };
  }
  return { passed: true, text: check.passed };
}

/** Runs the judge to its end at once (tests and the CLI; the worker steps it in slices). */
export function judgeRun(scenario: Scenario, seed: number, check: ProgramCheck): Verdict {
  let j = startJudge(scenario, seed);
  while (!j.over) j = stepJudge(j, 1024);
  return verdictOf(j, check);
}
