/**
 * An exercise's task (issue 13): the moves the learner makes before the reveal, and whether the run
 * now shows them. Kernel-free, so the page's main thread may load it.
 *
 * Data definition:
 *   Task = { text, knob?, action?, view? }   at least one move; made in this order:
 *     knob    a scenario option set to a value (docs/variants.md): the run is re-made with it
 *     action  an intervention (kill or inject; its button opens the dialog, prefilled), in that run
 *     view    a view setting turned on (the sequence chart's "this conversation only"): the run is
 *             the same, what the learner sees of it changes
 *   RunFacts = what the session shows: the run's knob, how many inputs it has, and the view
 *              settings that are on
 * Rule: the reveal is allowed once every move is made (taskDone); the answer is then judged on that
 * run, by the question's claims, like any stop's.
 */
import type { KnobSetting } from '../debugger/engine/player.ts';
import type { TryAction } from './stops.ts';

export interface Task {
  readonly text: string;
  readonly knob?: KnobSetting;
  readonly action?: Extract<TryAction, { readonly kind: 'kill' | 'inject' }>;
  readonly view?: ViewSetting;
}

/** A view setting a task may ask for: the sequence chart's "this conversation only". */
export type ViewSetting = 'conversation-only';

/** Each view setting as its control names it. */
export const VIEW_SETTING_TITLES: Readonly<Record<ViewSetting, string>> = {
  'conversation-only': 'this conversation only',
};

export type Move = 'knob' | 'action' | 'view';

export interface RunFacts {
  readonly knob: KnobSetting | null;
  readonly inputs: number;
  readonly views: readonly ViewSetting[];
}

/** The task's moves, in the order they are made. */
export function movesOf(task: Task): Move[] {
  return [
    ...(task.knob === undefined ? [] : ['knob' as const]),
    ...(task.action === undefined ? [] : ['action' as const]),
    ...(task.view === undefined ? [] : ['view' as const]),
  ];
}

/** Is the run set up as `task.knob` says (the same option at the same value)? */
export function sameKnob(want: KnobSetting | undefined, have: KnobSetting | null): boolean {
  if (want === undefined) return have === null;
  return have !== null && have.flag === want.flag && have.value === want.value;
}

export function moveDone(task: Task, move: Move, facts: RunFacts): boolean {
  switch (move) {
    case 'knob':
      return sameKnob(task.knob, facts.knob);
    case 'action':
      return facts.inputs > 0;
    case 'view':
      return task.view !== undefined && facts.views.includes(task.view);
  }
}

export function taskDone(task: Task | undefined, facts: RunFacts): boolean {
  return task === undefined || movesOf(task).every((m) => moveDone(task, m, facts));
}

/**
 * A task may also send the learner to the playground (issue 14, item 6): `program` names an
 * exercise of src/playground/exercises.ts; the task's box then has a button that opens its template
 * in the playground, which says "passed" once a run satisfies the exercise's check. It is not a
 * move (the reveal does not wait for it). Declared apart from Task's other fields (the interfaces
 * merge) so that tasks' moves and this hook can grow independently.
 */
export interface Task {
  readonly program?: string;
}
