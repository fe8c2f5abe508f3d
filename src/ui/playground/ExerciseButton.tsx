/**
 * The tour's way into a playground exercise (a task's `program`, src/tour/task.ts): a button that
 * opens the exercise's template, task and check in the playground; nothing without a playground.
 */
import { findExercise } from '../../playground/exercises.ts';
import { usePlayground } from './PlaygroundPanel.tsx';

export function ExerciseButton({ id }: { id: string }) {
  const store = usePlayground();
  const exercise = findExercise(id);
  if (store === null || exercise === undefined) return null;
  return (
    <p className="tour-exercise-link">
      <button type="button" className="try-button" onClick={() => void store.getState().actions.openExercise(id)}>
        Try it in the playground: {exercise.title}
      </button>
    </p>
  );
}
