/**
 * The trace files bar: "Open trace…" (a file picker), the progress of an import or export with Stop,
 * and, while an imported trace is open, what it is, "Back to … (live)" and "Re-check".
 */
import { useRef, type ChangeEvent } from 'react';
import { isLiveHistory } from '../../debugger/history-api.ts';
import type { ImportedHistory } from '../../debugger/imported-history.ts';
import { findScenario } from '../../scenarios/index.ts';
import { useSession, useSessionStore } from '../session-context.ts';
import { useIo, useIoStore } from './use-io.ts';
import './io.css';

/** File types the picker offers (any file can still be chosen; its content decides). */
const ACCEPT = '.jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json,text/plain';

export function TraceIoBar() {
  const io = useIoStore();
  const input = useRef<HTMLInputElement>(null);
  const history = useSession((s) => s.history);
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared, so that choosing the same file again opens it again.
    e.target.value = '';
    if (file !== undefined) void io.getState().openFile(file, file.name);
  };
  return (
    <div className="trace-io" role="toolbar" aria-label="Trace files">
      <button
        type="button"
        onClick={() => input.current?.click()}
        title="Open a native trace file (.jsonl); you can also drop one anywhere on the page"
      >
        Open trace…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Trace file to open"
        onChange={onPick}
      />
      <ImportProgress />
      <ExportProgress />
      {!isLiveHistory(history) && <ImportedInfo history={history} />}
    </div>
  );
}

function percent(part: number, whole: number): string {
  return whole <= 0 ? '' : ` (${Math.floor((100 * part) / whole)}%)`;
}

function ImportProgress() {
  const importing = useIo((s) => s.importing);
  const stop = useIo((s) => s.stopImport);
  if (importing === null) return null;
  return (
    <span className="progress" role="status">
      <progress aria-label={`Opening ${importing.name}`} value={importing.bytes} max={Math.max(1, importing.total)} />
      <span>
        Opening {importing.name}… {importing.records.toLocaleString('en')} records{percent(importing.bytes, importing.total)}
      </span>
      <button type="button" onClick={stop} aria-label={`Stop opening ${importing.name}`}>
        Stop
      </button>
    </span>
  );
}

function ExportProgress() {
  const exporting = useIo((s) => s.exporting);
  const stop = useIo((s) => s.stopExport);
  if (exporting === null) return null;
  return (
    <span className="progress" role="status">
      <progress aria-label={`Exporting ${exporting.label}`} value={exporting.records} max={Math.max(1, exporting.total)} />
      <span>
        Exporting {exporting.label}… {exporting.records.toLocaleString('en')} of {exporting.total.toLocaleString('en')} records
      </span>
      <button type="button" onClick={stop} aria-label="Stop exporting">
        Stop
      </button>
    </span>
  );
}

function ImportedInfo({ history }: { history: ImportedHistory }) {
  const session = useSessionStore();
  const previous = useSession((s) => s.previous);
  const recheck = useIo((s) => s.recheck);
  const io = useIoStore();
  const scenario = findScenario(history.scenario);
  const mine = recheck !== null && recheck.of === history ? recheck : null;
  const steps = history.stepEnds.length;
  const differs = mine?.state === 'differs' && mine.step !== null ? mine.step : null;
  const goToStep = (step: number) => {
    // The cursor just before the step's first record: stepping forward walks through it.
    const start = step === 0 ? 0 : (history.stepEnds[step - 1] ?? history.length);
    session.getState().jumpTo(start);
  };
  return (
    <div className="imported" role="group" aria-label="Imported trace">
      <span className="imported-what">
        <strong>Imported trace</strong> {history.name}: {scenario?.title ?? history.scenario}, seed {history.seed},{' '}
        {history.length.toLocaleString('en')} records in {steps.toLocaleString('en')} steps
        {history.endStatus === null ? '' : `, ended ${history.endStatus}`}
        {history.inputs.length > 0 ? `, ${history.inputs.length} input${history.inputs.length === 1 ? '' : 's'}` : ''}
      </span>
      {previous !== null && (
        <button type="button" onClick={() => session.getState().backToLive()}>
          Back to {previous.scenario.title} (live)
        </button>
      )}
      {mine?.state === 'running' ? (
        <span className="progress">
          <progress aria-label="Re-check progress" value={mine.steps} max={Math.max(1, mine.total)} />
          <span>
            Re-checking… step {mine.steps.toLocaleString('en')} of {mine.total.toLocaleString('en')}
          </span>
          <button type="button" onClick={() => io.getState().stopRecheck()} aria-label="Stop re-check">
            Stop
          </button>
        </span>
      ) : (
        <button
          type="button"
          onClick={() => void io.getState().startRecheck()}
          title="Run the trace's scenario again from its header and compare every step's state hash"
        >
          Re-check
        </button>
      )}
      {mine !== null && mine.state !== 'running' && (
        <span className={`recheck recheck-${mine.state}`} role="status" aria-label="Re-check result">
          {mine.text}
          {differs !== null && (
            <button type="button" className="linkish" onClick={() => goToStep(differs)}>
              Go to step {differs}
            </button>
          )}
        </span>
      )}
    </div>
  );
}
