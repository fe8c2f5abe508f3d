/**
 * The "Next ground event" dialog (issue 17): what the ground could deliver next at the cursor (the
 * engine's `choices` section), the default schedule's pick marked. Picking another makes it the
 * next step: an input of the run like any intervention (in the past, after confirming that the
 * future is discarded), recorded in the trace header and replayed.
 */
import type { ChoiceId } from '../../kernel/ground/index.ts';
import { plural } from '../../debugger/views/plural.ts';
import { useEffect } from 'react';
import { useActions, useSession } from '../session-context.ts';
import { useApply } from './use-apply.tsx';

export function NextEventForm({ onDone }: { onDone: () => void }) {
  const { setView } = useActions();
  const choices = useSession((s) => s.frame?.choices ?? null);
  const { apply, confirmView, confirming } = useApply(onDone);
  useEffect(() => {
    setView({ choices: true });
    return () => setView({ choices: false });
  }, [setView]);
  if (choices === null) return <p className="muted">Listing what the ground could do next…</p>;
  const items = choices.items;
  return (
    <div className="next-event" data-step={choices.step}>
      <p>
        After step {choices.step} (record {choices.at}, {choices.time} ms) the ground could do {plural(items.length + choices.more, 'thing')} next. The
        default schedule takes the marked one; pick another to make it the next step.
      </p>
      {items.length === 0 ? (
        <p>Nothing: the run is over here.</p>
      ) : (
        <ol className="choice-list" aria-label="Next ground events">
          {items.map((c) => (
            <li key={c.id} data-kind={c.kind}>
              <button type="button" disabled={confirming} aria-current={c.isDefault ? 'true' : undefined} onClick={() => apply({ kind: 'choose', event: c.id as ChoiceId })}>
                {c.text}
                {c.isDefault ? ' (default)' : ''}
              </button>
            </li>
          ))}
        </ol>
      )}
      {choices.more > 0 && <p className="muted">and {plural(choices.more, 'other candidate')} not listed</p>}
      {confirming ? (
        confirmView('choose it')
      ) : (
        <div className="dialog-buttons">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
