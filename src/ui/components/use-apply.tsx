/**
 * Applying an intervention from a dialog: at the frontier at once; in the past (the cursor is
 * before the run's end) only after the user confirms that the future after the cursor is discarded.
 */
import { useState, type ReactNode } from 'react';
import type { Intervention } from '../../kernel/ground/index.ts';
import { plural } from '../../debugger/views/plural.ts';
import { useActions, useStatus } from '../session-context.ts';

/**
 * Applies `make()` (null: the form is invalid) at the cursor; in the past, first shows what would be
 * discarded and asks. Renders the form's buttons and that confirmation.
 */
export function useApply(onDone: () => void) {
  const { intervene } = useActions();
  const discard = useStatus((st) => st.discardAtCursor, 0);
  const [confirm, setConfirm] = useState<{ input: Intervention; discard: number } | null>(null);
  const apply = (input: Intervention): void => {
    if (discard > 0) setConfirm({ input, discard });
    else {
      intervene(input);
      onDone();
    }
  };
  const confirmView = (verb: string): ReactNode =>
    confirm === null ? null : (
      <div className="confirm" role="alert">
        <p>
          The cursor is in the past. Applying this discards the {plural(confirm.discard, 'record')} after it: the run goes on from the cursor’s step with the earlier
          interventions and this one, and what came after is forgotten.
        </p>
        <div className="dialog-buttons">
          <button
            type="button"
            className="danger"
            onClick={() => {
              intervene(confirm.input);
              onDone();
            }}
          >
            Discard the future and {verb}
          </button>
          <button type="button" onClick={() => setConfirm(null)}>
            Back
          </button>
        </div>
      </div>
    );
  return { apply, confirmView, confirming: confirm !== null };
}

