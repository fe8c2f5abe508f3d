/**
 * A tour stop's run, as the tour makes it: the stop's scenario at a seed and, for an exercise (a stop
 * with a `task`), the task's moves: its knob (the scenario configured with it) and its intervention
 * applied at the question's point — where the learner makes it — so that the stop's own record is
 * looked for in the changed run.
 */
import type { TraceRecord } from '../../src/kernel/index.ts';
import type { Input, Intervention } from '../../src/kernel/ground/index.ts';
import { locate, scanner, type Position } from '../../src/debugger/find.ts';
import { findScenario, startScenario, type Scenario } from '../../src/scenarios/index.ts';
import { configured } from '../../src/debugger/variants/compare.ts';
import type { TourStop } from '../../src/tour/stops.ts';
import { parseMessage } from '../../src/debugger/term-parse.ts';
import { TestHistory } from './history.ts';

/** The stop's scenario, configured by its task's knob if it has one. */
export function taskScenario(stop: TourStop): Scenario {
  const base = findScenario(stop.scenario)!;
  const knob = stop.task?.knob;
  if (knob === undefined) return base;
  const s = configured(base, knob.flag, knob.value);
  if (typeof s === 'string') throw new Error(`${stop.id}: ${s}`);
  return s;
}

/** Grows `h` until `pos` is found (its index) or the run ends (null). */
function growTo(h: TestHistory, pos: Position): number | null {
  const test = scanner(pos);
  for (let i = 0; ; i++) {
    while (h.length <= i && h.canGrow) h.grow(i + 1, 256);
    const r = h.records[i];
    if (r === undefined) return null;
    if (test(r, i)) return i;
  }
}

/** The task's intervention, as the dialog would make it at the ask point of `records`. */
export function taskIntervention(stop: TourStop, records: readonly TraceRecord[]): Intervention {
  const a = stop.task!.action!;
  if (a.kind === 'inject') {
    const parsed = parseMessage(a.body, 'notation');
    if (!parsed.ok) throw new Error(`${stop.id}: ${parsed.error}`);
    return { kind: 'inject', body: parsed.term, orientation: a.orientation ?? 'publisher' };
  }
  const boot = records.find((r) => r.kind === 'boot' && r.name === a.process);
  if (boot === undefined) throw new Error(`${stop.id}: no process ${a.process}`);
  const reason = parseMessage(a.reason ?? 'killed-by-user()', 'notation');
  if (!reason.ok) throw new Error(`${stop.id}: ${reason.error}`);
  return { kind: 'kill', vm: boot.vm, pid: boot.pid!, reason: reason.term };
}

/**
 * The history of the stop's run at `seed`, grown until the stop's record (its index in `at`, null if
 * the run ended without it): for an exercise, with its task applied where the question is asked.
 */
export function stopHistory(stop: TourStop, seed: number, withTask = true): { h: TestHistory; ask: number | null; at: number | null; input: Input | null } {
  const scenario = withTask ? taskScenario(stop) : findScenario(stop.scenario)!;
  const start = () => startScenario(scenario, { seed });
  const plain = new TestHistory(start());
  if (stop.task?.action === undefined || !withTask) {
    const at = growTo(plain, stop.at);
    return { h: plain, ask: locate(plain.records, stop.question.ask), at, input: null };
  }
  const ask = growTo(plain, stop.question.ask);
  if (ask === null) return { h: plain, ask, at: null, input: null };
  const step = plain.stepEnds.findIndex((end) => end >= ask + 1);
  const input: Input = { ...taskIntervention(stop, plain.records), atStep: step };
  const h = new TestHistory(start(), {}, [input]);
  return { h, ask, at: growTo(h, stop.at), input };
}

export interface StopRun {
  /** The run's records up to the stop's record (or all of them, if it is not found). */
  readonly records: readonly TraceRecord[];
  /** Where the question is asked (in the run before any intervention), and the stop's record. */
  readonly ask: number | null;
  readonly at: number | null;
}

/** The stop's run at `seed`: for an exercise, with its task applied at the ask point. */
export function runTourStop(stop: TourStop, seed: number, withTask = true): StopRun {
  const { h, ask, at } = stopHistory(stop, seed, withTask);
  return { records: h.records.slice(0, (at ?? h.length - 1) + 1), ask, at };
}
