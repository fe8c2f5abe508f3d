/**
 * Parts of a tour stop: an exercise's task (the moves to make before the reveal), its "try
 * this" suggestions (buttons that step, jump, select or open an intervention), its claims with a
 * badge each (the talk says / Marketplace does / os2 Lab's reading), the lecturer's notes (the
 * presenter view's, folded), and the exercises' progress with its reset.
 */
import { assertNever } from '../../kernel/values.ts';
import { BASIS_TITLES, type Claim, type Task, type TourStop, type TryAction, type TryThis } from '../../tour/stops.ts';
import { ExerciseButton } from '../playground/ExerciseButton.tsx';
import { useUi } from '../ui-context.ts';
import { useSession } from '../session-context.ts';
import { runFacts } from '../tour-follow.ts';
import { moveDone, movesOf, VIEW_SETTING_TITLES, type Move } from '../../tour/task.ts';

/**
 * An exercise's task: what to do before the reveal, and a button per move, in order (a knob first:
 * it makes a new run, which the intervention then changes). A move made says so.
 */
export function TaskBox({ task }: { task: Task }) {
  const makeMove = useUi((s) => s.makeMove);
  const asking = useUi((s) => s.status === 'asking');
  const moves = movesOf(task);
  // One string, so the selector's result compares equal while nothing changed ("10": knob done, action not).
  const doneFlags = useSession((s) => moves.map((m) => (moveDone(task, m, runFacts(s)) ? '1' : '0')).join(''));
  return (
    <section className="tour-task" aria-label="Your move">
      <h3>
        <span className="tour-predict">Your move</span> {task.text}
      </h3>
      <ul className="tour-moves">
        {moves.map((m, i) => {
          const done = doneFlags[i] === '1';
          // A later move waits for the earlier ones (an intervention belongs in the knob's run).
          const ready = !doneFlags.slice(0, i).includes('0');
          return (
            <li key={m} data-move={m} data-done={done ? 'true' : 'false'}>
              {/* Never disabled while the question waits or seeks (a knob move seeks again): a button disabled under
                  focus drops it. A move made stays pressable (a knob again starts its run afresh). */}
              <button type="button" className="try-button" disabled={!ready} aria-disabled={!asking} onClick={() => asking && makeMove(m)}>
                {moveLabel(task, m)}
              </button>
              {done && <span className="tour-task-done"> {MOVE_DONE[m]}</span>}
            </li>
          );
        })}
      </ul>
      {task.program !== undefined && <ExerciseButton id={task.program} />}
    </section>
  );
}

const MOVE_DONE: Readonly<Record<Move, string>> = {
  knob: 'Done: the run is made with it.',
  action: 'Done: the run now has your intervention.',
  view: 'Done: it is on.',
};

function moveLabel(task: Task, m: Move): string {
  switch (m) {
    case 'knob':
      return `Run it with ${task.knob!.flag} ${task.knob!.value}`;
    case 'action':
      return tryLabel(task.action!);
    case 'view':
      return `Turn on “${VIEW_SETTING_TITLES[task.view!]}”`;
    default:
      return assertNever(m, 'move');
  }
}

/** How many exercises are answered (and rightly), with a reset; nothing if the tour has none. */
export function ExerciseProgress({ stops }: { stops: readonly TourStop[] }) {
  const progress = useUi((s) => s.exercises);
  const reset = useUi((s) => s.resetExercises);
  const exercises = stops.filter((s) => s.task !== undefined);
  if (exercises.length === 0) return null;
  const answered = exercises.filter((s) => progress[s.id] !== undefined);
  const right = answered.filter((s) => progress[s.id]!.right);
  return (
    <p className="tour-exercises">
      Exercises: {answered.length} of {exercises.length} answered, {right.length} right{' '}
      <button type="button" className="link" onClick={reset} disabled={answered.length === 0}>
        Reset progress
      </button>
    </p>
  );
}

export function TryThisList({ stop }: { stop: TourStop }) {
  if (stop.tryThis.length === 0) return null;
  return (
    <section className="try-this" aria-label="Try this">
      <h3>Try this</h3>
      <ul>
        {stop.tryThis.map((t, i) => (
          <TryItem key={i} item={t} stop={stop} />
        ))}
      </ul>
    </section>
  );
}

function tryLabel(action: TryAction): string {
  switch (action.kind) {
    case 'step':
      return action.by < 0 ? `Step back ${-action.by}` : `Step forward ${action.by}`;
    case 'seek':
      return 'Jump there';
    case 'select':
      return 'Select it';
    case 'kill':
      return 'Kill…';
    case 'inject':
      return 'Inject…';
    case 'add-client':
      return 'Add client…';
    default:
      return assertNever(action, 'try-this action');
  }
}

function TryItem({ item, stop }: { item: TryThis; stop: TourStop }) {
  const tryAction = useUi((s) => s.tryAction);
  const ready = useUi((s) => s.status === 'ready' && s.stopId === stop.id);
  const action = item.action;
  return (
    <li>
      <span>{item.text}</span>
      {action !== undefined && (
        <button type="button" className="try-button" disabled={!ready} onClick={() => tryAction(action)}>
          {tryLabel(action)}
        </button>
      )}
    </li>
  );
}

/** Each claim with its badge: how sure the stop is of it, and why. */
export function ClaimBadges({ claims }: { claims: readonly Claim[] }) {
  return (
    <ul className="tour-claims" aria-label="How sure each claim is">
      {claims.map((c) => (
        <li key={c.text} className={`tour-claim ${c.basis}`}>
          <span className="tour-badge">{BASIS_TITLES[c.basis]}</span> {c.text}
        </li>
      ))}
    </ul>
  );
}

/** What to draw on the board, for the lecturer (presenter view). */
export function LecturerNotes({ notes }: { notes: string }) {
  return (
    <details className="tour-notes">
      <summary>Notes for the lecturer</summary>
      <p>{notes}</p>
    </details>
  );
}
