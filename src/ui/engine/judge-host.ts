/**
 * An exercise's check in the program worker (docs/playground.md, "Exercises"): the program's run is
 * judged (playground/check.ts) in slices of about SLICE_MS on the worker's clock, between which the
 * engine answers the UI; then the verdict is posted once. A new judge replaces the one under way.
 */
import { startJudge, stepJudge, verdictOf, type Judge, type Verdict } from '../../playground/check.ts';
import type { ProgramCheck } from '../../playground/exercises.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { HostClock } from './host.ts';

/** Work per slice before the worker lets messages in. */
const SLICE_MS = 12;
/** Run units between two looks at the clock. */
const UNITS_PER_STEP = 64;

export function judgeInSlices(scenario: Scenario, check: ProgramCheck, clock: HostClock, post: (v: Verdict) => void): void {
  let judge: Judge;
  try {
    judge = startJudge(scenario, scenario.seed);
  } catch (e) {
    post({ passed: false, text: `The program's run could not start: ${e instanceof Error ? e.message : String(e)}.` });
    return;
  }
  const slice = (): void => {
    const t0 = clock.now();
    try {
      do judge = stepJudge(judge, UNITS_PER_STEP);
      while (!judge.over && clock.now() - t0 < SLICE_MS);
    } catch (e) {
      post({ passed: false, text: `The program's run failed: ${e instanceof Error ? e.message : String(e)}.` });
      return;
    }
    if (judge.over) post(verdictOf(judge, check));
    else clock.later(slice, 0);
  };
  clock.later(slice, 0);
}
