/** Dismissable notices (a bad link, a seek past the end), and the offer to undo a reset. */
import { plural } from '../../debugger/views/plural.ts';
import { useActions, useSession, useStatus } from '../session-context.ts';

const NONE: readonly { readonly id: number; readonly text: string }[] = [];

export function Notices() {
  const notices = useStatus((st) => st.notices, NONE);
  const failed = useSession((s) => s.failed);
  const undoable = useStatus((st) => st.undo !== null, false);
  const { dismissNotice: dismiss } = useActions();
  if (notices.length === 0 && failed === null && !undoable) return null;
  return (
    <div className="notices">
      {failed !== null && (
        <div role="alert" className="notice notice-failed">
          <span>The engine stopped with an error; reload the page to start again. ({failed.split('\n')[0]})</span>
        </div>
      )}
      <UndoReset />
      {notices.map((n) => (
        <div key={n.id} role="alert" className="notice">
          <span>{n.text}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** After a reset: what it replaced, and a way back to it. */
function UndoReset() {
  const undo = useStatus((st) => st.undo, null);
  const seed = useStatus((st) => st.origin.seed, 0);
  const { undoReset, keepReset } = useActions();
  if (undo === null) return null;
  const seeds = undo.seed === seed ? `seed ${seed}` : `seed ${seed} (it was ${undo.seed})`;
  const inputs = undo.inputs === 0 ? '' : ` with ${plural(undo.inputs, 'intervention')}`;
  return (
    <div role="alert" className="notice notice-undo">
      <span>
        The run was reset to its start, {seeds}. Before, the cursor was at record {undo.cursor.toLocaleString('en')}
        {inputs}.
      </span>
      <span className="notice-buttons">
        <button type="button" className="undo-button" onClick={undoReset}>
          Undo reset
        </button>
        <button type="button" onClick={keepReset} aria-label="Dismiss notice">
          ×
        </button>
      </span>
    </div>
  );
}
