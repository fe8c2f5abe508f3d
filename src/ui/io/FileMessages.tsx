/**
 * Messages about files: why the last refused file was refused (the earlier refusals folded under
 * it, not piled up as bars), and, when an export made several files, what they are and how to save
 * them — before anything is downloaded.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { plural } from '../../debugger/views/plural.ts';
import { useActions, useSession } from '../session-context.ts';
import { useIo } from './use-io.ts';

export function FileMessages() {
  return (
    <>
      <ImportProblems />
      <PendingExport />
    </>
  );
}

function ImportProblems() {
  const errors = useIo((io) => io.importErrors);
  const { dismissImportErrors } = useActions();
  const latest = errors.at(-1);
  if (latest === undefined) return null;
  const earlier = errors.slice(0, -1).reverse();
  return (
    <div role="alert" className="notice import-problem">
      <div className="import-body">
        <span className="import-latest">{latest}</span>
        {earlier.length > 0 && (
          <details className="import-earlier">
            <summary>{plural(earlier.length, 'earlier problem')}</summary>
            <ol>
              {earlier.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ol>
          </details>
        )}
      </div>
      <button type="button" onClick={dismissImportErrors} aria-label="Dismiss import problems">
        ×
      </button>
    </div>
  );
}

/** An export of several files: say how many and why, then save them as they are, bundled, or not at all. */
function PendingExport() {
  const pending = useSession((s) => s.pendingExport);
  const { savePendingExport: save } = useActions();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending !== null) first.current?.focus();
  }, [pending]);
  if (pending === null) return null;
  const n = pending.files.length;
  const diagrams = pending.format === 'mermaid' || pending.format === 'plantuml';
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    save('cancel');
  };
  return (
    <div role="alertdialog" aria-label="This export makes several files" className="notice pending-export" onKeyDown={onKeyDown}>
      <p>
        The {pending.label} export of this run is {plural(n, diagrams ? 'diagram' : 'part')}
        {diagrams ? ', split so that each stays small enough for Mermaid to draw' : ''}: {pending.files.map((f) => f.name).join(', ')}.
      </p>
      <span className="notice-buttons">
        <button ref={first} type="button" className="primary" onClick={() => save('files')}>
          Save {n} files
        </button>
        <button type="button" onClick={() => save('bundle')}>
          Save as one Markdown file
        </button>
        <button type="button" onClick={() => save('cancel')}>
          Cancel
        </button>
      </span>
    </div>
  );
}
