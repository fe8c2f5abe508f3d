/**
 * Where the cursor is and, separately, how the run stands: record n of N, virtual time, the run's
 * state, and the current record.
 */
import type { HistoryStatus } from '../../debugger/engine/history.ts';
import { useStatus } from '../session-context.ts';

const STATUS_TEXT: Record<HistoryStatus, string> = {
  running: 'running',
  quiescent: 'finished (quiescent: nothing left to do)',
  blocked: 'finished (blocked: waiting for events that never come)',
  limit: 'stopped at the step budget',
  full: 'stopped: history full',
  recorded: 'imported trace (read-only)',
};

/** The readout shows the engine's cursor: when it says record n, every panel shows record n. */
export function Readout() {
  const cursor = useStatus((st) => st.cursor, 0);
  const length = useStatus((st) => st.length, 0);
  const more = useStatus((st) => st.canGrow, false);
  const status = useStatus((st) => st.status, 'running');
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const time = useStatus((st) => st.time, 0);
  const current = useStatus((st) => st.current, null);
  return (
    <div className="readout" role="status" aria-live={playing ? 'off' : 'polite'} aria-atomic="true">
      <span className="position">
        Record <strong>{cursor.toLocaleString('en')}</strong> of {length.toLocaleString('en')}
        {more ? '+' : ''}
      </span>
      <span className="time">{time} ms</span>
      <span className="run-status">{playing ? 'playing' : more ? 'paused' : STATUS_TEXT[status]}</span>
      <code className="current-record" title={current?.text}>
        {current === null ? 'start: no records applied yet' : current.text}
      </code>
    </div>
  );
}
