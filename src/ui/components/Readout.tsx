/** Where the cursor is: record n of N, virtual time, and the run's status. */
import { prettyRecord } from '../../kernel/index.ts';
import { canGrow, currentRecord, modelAtCursor, type RunStatus } from '../session-store.ts';
import { useSession } from '../session-context.ts';

const STATUS_TEXT: Record<RunStatus, string> = {
  running: 'running',
  quiescent: 'finished (quiescent: nothing left to do)',
  blocked: 'finished (blocked: waiting for events that never come)',
  limit: 'stopped at the step budget',
  full: 'stopped: history full',
  imported: 'imported trace (read-only)',
};

export function Readout() {
  const cursor = useSession((s) => s.cursor);
  const length = useSession((s) => s.length);
  const more = useSession(canGrow);
  const status = useSession((s) => s.simStatus);
  const playing = useSession((s) => s.job?.kind === 'play');
  const time = useSession((s) => modelAtCursor(s).time);
  const record = useSession(currentRecord);
  return (
    <div className="readout" role="status" aria-live={playing ? 'off' : 'polite'} aria-atomic="true">
      <span className="position">
        Record <strong>{cursor.toLocaleString('en')}</strong> of {length.toLocaleString('en')}
        {more ? '+' : ''}
      </span>
      <span className="time">{time} ms</span>
      <span className="run-status">{playing ? 'playing' : more ? 'paused' : STATUS_TEXT[status]}</span>
      <code className="current-record" title={record === null ? undefined : prettyRecord(record)}>
        {record === null ? 'start: no records applied yet' : prettyRecord(record)}
      </code>
    </div>
  );
}
