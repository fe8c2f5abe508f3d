/** The keyboard-shortcut overlay (`?`): a modal dialog; Escape or Close dismisses it. */
import { useEffect, useRef } from 'react';
import { HELP_SHORTCUT, SHORTCUTS, TOUR_SHORTCUTS } from '../shortcuts.ts';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab') {
        // One focusable control: keep focus inside the dialog.
        e.preventDefault();
        closeRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [onClose]);

  const rows = [...SHORTCUTS, ...TOUR_SHORTCUTS, HELP_SHORTCUT];
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        className="dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {rows.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">
          Shortcuts are off while typing in a field; a list you choose from (scenario, speed) gives the keys
          back once you have chosen. The timeline slider keeps its own arrow keys; the event log and the VM
          tree keep up and down (the log Home and End too). Reset can be undone.
        </p>
        <button ref={closeRef} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
