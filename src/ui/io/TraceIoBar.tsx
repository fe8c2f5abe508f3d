/**
 * The trace files bar: "Open trace…" (a file picker), the progress of an import or export with Stop,
 * and, while an imported trace is open, what it is, "Back to … (live)" and "Re-check".
 */
import { plural } from '../../debugger/views/plural.ts';
import { useRef, type ChangeEvent } from 'react';
import { useActions, useSession, useStatus } from '../session-context.ts';
import { useIo } from './use-io.ts';
import './io.css';

/** File types the picker offers (any file can still be chosen; its content decides). */
const ACCEPT = '.jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json,text/plain';

export function TraceIoBar() {
  const input = useRef<HTMLInputElement>(null);
  const recorded = useStatus((st) => st.origin.kind === 'recorded', false);
  const { openFile } = useActions();
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared, so that choosing the same file again opens it again.
    e.target.value = '';
    if (file !== undefined) openFile(file, file.name);
  };
  return (
    <div className="trace-io" role="toolbar" aria-label="Trace files">
      <button type="button" onClick={() => input.current?.click()} title="Open a native trace file (.jsonl); you can also drop one anywhere on the page">
        Open trace…
      </button>
      <input ref={input} type="file" accept={ACCEPT} className="visually-hidden" tabIndex={-1} aria-label="Trace file to open" onChange={onPick} />
      <ImportProgress />
      <ExportProgress />
      {recorded && <ImportedInfo />}
    </div>
  );
}

function percent(part: number, whole: number): string {
  return whole <= 0 ? '' : ` (${Math.floor((100 * part) / whole)}%)`;
}

function ImportProgress() {
  const importing = useIo((io) => io.importing);
  const { stopIo } = useActions();
  if (importing === null) return null;
  return (
    <span className="progress" role="status">
      <progress aria-label={`Opening ${importing.name}`} value={importing.bytes} max={Math.max(1, importing.total)} />
      <span>
        Opening {importing.name}… {plural(importing.records, 'record')}{percent(importing.bytes, importing.total)}
      </span>
      <button type="button" onClick={() => stopIo('import')} aria-label={`Stop opening ${importing.name}`}>
        Stop
      </button>
    </span>
  );
}

function ExportProgress() {
  const exporting = useIo((io) => io.exporting);
  const { stopIo } = useActions();
  if (exporting === null) return null;
  return (
    <span className="progress" role="status">
      <progress aria-label={`Exporting ${exporting.label}`} value={exporting.records} max={Math.max(1, exporting.total)} />
      <span>
        Exporting {exporting.label}… {exporting.records.toLocaleString('en')} of {plural(exporting.total, 'record')}
      </span>
      <button type="button" onClick={() => stopIo('export')} aria-label="Stop exporting">
        Stop
      </button>
    </span>
  );
}

function ImportedInfo() {
  const st = useSession((s) => s.frame?.status);
  const scenarios = useSession((s) => s.scenarios);
  const titleOf = (id: string) => scenarios.find((x) => x.id === id)?.title ?? id;
  const mine = useIo((io) => (io.recheck !== null && io.recheck.runId === st?.runId ? io.recheck : null));
  const actions = useActions();
  if (st === undefined || st.origin.kind !== 'recorded') return null;
  const differs = mine?.state === 'differs' && mine.step !== null ? mine.step : null;
  return (
    <div className="imported" role="group" aria-label="Imported trace">
      <span className="imported-what">
        <strong>Imported trace</strong> {st.origin.name}: {titleOf(st.origin.scenario)}, seed {st.origin.seed},{' '}
        {plural(st.length, 'record')} in {plural(st.steps, 'step')}
        {st.endStatus === null ? '' : `, ended ${st.endStatus}`}
        {st.inputs.length > 0 ? `, ${plural(st.inputs.length, 'input')}` : ''}
      </span>
      {st.previous !== null && (
        <button type="button" onClick={actions.backToLive}>
          Back to {titleOf(st.previous.scenario)} (live)
        </button>
      )}
      {mine?.state === 'running' ? (
        <span className="progress">
          <progress aria-label="Re-check progress" value={mine.steps} max={Math.max(1, mine.total)} />
          <span>
            Re-checking… step {mine.steps.toLocaleString('en')} of {mine.total.toLocaleString('en')}
          </span>
          <button type="button" onClick={() => actions.stopIo('recheck')} aria-label="Stop re-check">
            Stop
          </button>
        </span>
      ) : (
        <button type="button" onClick={actions.recheck} title="Run the trace's scenario again from its header and compare every step's state hash">
          Re-check
        </button>
      )}
      {mine !== null && mine.state !== 'running' && (
        <span className={`recheck recheck-${mine.state}`} role="status" aria-label="Re-check result">
          {mine.text}
          {differs !== null && (
            <button type="button" className="linkish" onClick={() => actions.jumpToStep(differs)}>
              Go to step {differs}
            </button>
          )}
        </span>
      )}
    </div>
  );
}
