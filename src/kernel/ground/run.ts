/**
 * Running a simulation: the one reducer that advances a run (issue 10). The CLI, replay, the
 * debugger's history and the UI's engine all advance runs through `advance`, and nothing else
 * decides when a run is over.
 *
 * Data definition:
 *   Run       = { sim, pending, budget, status }
 *     sim     the simulation (ground VM + world), a value
 *     pending inputs not applied yet, in the order they will be: ascending atStep, then given order
 *     budget  RunBudget = { maxSteps, untilMs }: no step after step maxSteps, no step later than
 *             untilMs of virtual time (null: no bound). Set once, where the run is made.
 *     status  'running'   there may be more
 *             'quiescent' no work and no ground subscriptions
 *             'blocked'   subscriptions remain, but nothing can ever fire
 *             'limit'     the budget is spent (the one place a run is cut short)
 *   Unit      = what one call produced, between two boundaries of the run:
 *             { kind: 'step', records }          one simulation step (sim.steps went up by one)
 *             | { kind: 'input', input, records } one input applied after step input.atStep (a choice:
                                                 the step after it, so sim.steps went up by one)
 * Rule advance(run): exactly one unit, or null when the run is over:
 *   1. a pending intervention whose step has come (atStep ≤ steps) is applied, whatever the status
 *      (an input wakes a stopped run: it may give the VM work again);
 *   2. else if a pending choice's step has come and the budget allows a step, the step it chooses
 *      (choices.ts): an 'input' unit that is also a simulation step (steps + 1); a run stopped by
 *      its budget wakes for it, as for an intervention, when its (new) budget allows;
 *   3. else a run that is not running stays as it is;
 *   4. else if the budget is spent (steps ≥ maxSteps, or the next step would happen after untilMs)
 *      the status becomes 'limit';
 *   5. else one simulation step; a step that found nothing to do ends the run with the
 *      simulation's own status (quiescent or blocked).
 * Within one atStep, interventions come before a choice (the choice is the step after them).
 */
import type { TraceRecord } from '../trace.ts';
import type { Input } from './inputs.ts';
import { chooseStep } from './choices.ts';
import { applyInput, nextTime, simStep, type SimStep, type Simulation } from './sim.ts';

// The user's inputs (inputs.ts), for the run's users.
export type { Input, Intervention, Choice } from './inputs.ts';

export interface RunBudget {
  /** No step after this one (a count of simulation steps). */
  readonly maxSteps: number;
  /** No step later than this virtual time, in ms; null: no bound. */
  readonly untilMs: number | null;
}

/** The step budget of a run whose scenario names none. */
export const DEFAULT_MAX_STEPS = 100_000;

export const DEFAULT_BUDGET: RunBudget = Object.freeze({ maxSteps: DEFAULT_MAX_STEPS, untilMs: null });

export type RunStatus = 'running' | 'quiescent' | 'blocked' | 'limit';

export interface Run {
  readonly sim: Simulation;
  readonly pending: readonly Input[];
  readonly budget: RunBudget;
  readonly status: RunStatus;
}

export type Unit =
  | { readonly kind: 'step'; readonly records: readonly TraceRecord[] }
  | { readonly kind: 'input'; readonly input: Input; readonly records: readonly TraceRecord[] };

export interface Advanced {
  readonly run: Run;
  /** null: nothing happened (the run is over; its status says why). */
  readonly unit: Unit | null;
}

/** Inputs in the order a run applies them: by step, and in the given order within a step. */
export function orderInputs(inputs: readonly Input[]): readonly Input[] {
  return inputs
    .map((input, i) => ({ input, i }))
    .sort((a, b) => a.input.atStep - b.input.atStep || isChoice(a.input) - isChoice(b.input) || a.i - b.i)
    .map((x) => x.input);
}

/** A run of a started simulation (`start` from createSimulation) with these inputs and budget. */
export function makeRun(start: SimStep, inputs: readonly Input[] = [], budget: RunBudget = DEFAULT_BUDGET): Run {
  return { sim: start.sim, pending: orderInputs(inputs), budget, status: start.sim.status === 'running' ? 'running' : start.sim.status };
}

/** The same run with more inputs to come (they join the pending ones in order). */
export function withInputs(run: Run, inputs: readonly Input[], budget: RunBudget = run.budget): Run {
  return { sim: run.sim, pending: orderInputs([...run.pending, ...inputs]), budget, status: run.status };
}

function spent(run: Run): boolean {
  const { sim, budget } = run;
  return sim.steps >= budget.maxSteps || (budget.untilMs !== null && nextTime(sim) > budget.untilMs);
}

const isChoice = (i: Input): number => (i.kind === 'choose' ? 1 : 0);

export function advance(run: Run): Advanced {
  const due = run.pending[0];
  if (due !== undefined && due.kind !== 'choose' && due.atStep <= run.sim.steps) {
    const s = applyInput(run.sim, due);
    const status = run.status === 'limit' && spent({ ...run, sim: s.sim }) ? 'limit' : 'running';
    return { run: { sim: s.sim, pending: run.pending.slice(1), budget: run.budget, status }, unit: { kind: 'input', input: due, records: s.records } };
  }
  if (due !== undefined && due.kind === 'choose' && choiceDue(run)) {
    const s = chooseStep(run.sim, due.event);
    const status = s.sim.status === 'running' ? 'running' : s.sim.status;
    return { run: { sim: s.sim, pending: run.pending.slice(1), budget: run.budget, status }, unit: { kind: 'input', input: due, records: s.records } };
  }
  if (run.status !== 'running') return { run, unit: null };
  if (spent(run)) return { run: { ...run, status: 'limit' }, unit: null };
  const s = simStep(run.sim);
  if (s.sim.steps === run.sim.steps) {
    // Nothing could happen: the simulation says why it is over.
    const status = s.sim.status === 'running' ? 'blocked' : s.sim.status;
    return { run: { sim: s.sim, pending: run.pending, budget: run.budget, status }, unit: null };
  }
  return { run: { sim: s.sim, pending: run.pending, budget: run.budget, status: 'running' }, unit: { kind: 'step', records: s.records } };
}

/**
 * Is a choice due as the next step? Its step has come, the budget allows a step, and the run is
 * running or was stopped only by its budget (a new budget may allow more, as for an intervention).
 */
function choiceDue(run: Run): boolean {
  const due = run.pending[0];
  return due !== undefined && due.kind === 'choose' && due.atStep <= run.sim.steps && (run.status === 'running' || run.status === 'limit') && !spent(run);
}

/** Is the run over for good (no unit can come any more)? */
export function isOver(run: Run): boolean {
  return run.status !== 'running' && !inputDue(run) && !choiceDue(run);
}

/**
 * Advances until the run is over, handing each unit to `onUnit`; for headless use (tests, CLI).
 * `maxUnits` bounds the work even when a budget is generous.
 */
export function runToEnd(run: Run, onUnit?: (u: Unit) => void, maxUnits = Number.POSITIVE_INFINITY): Run {
  for (let n = 0; n < maxUnits; n++) {
    const a = advance(run);
    run = a.run;
    if (a.unit === null) return run;
    onUnit?.(a.unit);
  }
  return run;
}

/** Is an intervention due before the next step (its step has come)? A due choice is the next step. */
export function inputDue(run: Run): boolean {
  const due = run.pending[0];
  return due !== undefined && due.kind !== 'choose' && due.atStep <= run.sim.steps;
}

/**
 * A simulation run to its end or its budget (default: DEFAULT_MAX_STEPS steps), each unit's records
 * handed to `onRecords`: for tests and tools that want the records of a whole run.
 */
export function runSimulation(sim: Simulation, budget: Partial<RunBudget> = {}, onRecords?: (r: readonly TraceRecord[]) => void): Simulation {
  const run = makeRun({ sim, records: [] }, [], { maxSteps: budget.maxSteps ?? DEFAULT_MAX_STEPS, untilMs: budget.untilMs ?? null });
  return runToEnd(run, (u) => onRecords?.(u.records)).sim;
}
