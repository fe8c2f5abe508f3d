/**
 * Where the cursor is and, apart from it, how the run stands: record n of N, virtual time, the
 * cursor's place (at the start, paused, playing, at the end), how the run itself ends (wherever the
 * cursor is), and the current record.
 */
import type { HistoryStatus } from '../../debugger/engine/history.ts';
import type { StatusView } from '../../debugger/engine/frame.ts';
import { useStatus } from '../session-context.ts';
import { RecordText } from './RecordText.tsx';

/** How a run that cannot grow any more ended. */
const RUN_ENDED: Record<HistoryStatus, string> = {
  running: 'run: still being simulated',
  quiescent: 'run finished: nothing left to do (quiescent)',
  blocked: 'run finished: waiting for events that never come (blocked)',
  limit: 'run stopped at its step budget',
  full: 'run stopped: the history is full',
  recorded: 'imported trace (read-only)',
};

/** The run, wherever the cursor is. */
function runText(st: StatusView): string {
  if (st.origin.kind === 'recorded') return RUN_ENDED.recorded;
  if (st.canGrow) return st.exploring ? 'run: simulating ahead…' : 'run: goes on (simulated as you step)';
  return RUN_ENDED[st.status];
}

/** The cursor, in the run. */
function cursorText(st: StatusView): string {
  if (st.job?.kind === 'play') return 'playing';
  if (st.cursor === 0) return 'at the start';
  if (st.cursor >= st.length && !st.canGrow) return 'at the end';
  return 'paused';
}

/** The readout shows the engine's cursor: when it says record n, every panel shows record n. */
export function Readout() {
  const cursor = useStatus((st) => st.cursor, 0);
  const length = useStatus((st) => st.length, 0);
  const more = useStatus((st) => st.canGrow, false);
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const where = useStatus(cursorText, 'at the start');
  const run = useStatus(runText, '');
  const time = useStatus((st) => st.time, 0);
  const current = useStatus((st) => st.current, null);
  return (
    <div className="readout" role="status" aria-live={playing ? 'off' : 'polite'} aria-atomic="true">
      <span className="position">
        Record <strong>{cursor.toLocaleString('en')}</strong> of {length.toLocaleString('en')}
        {more ? '+' : ''}
      </span>
      <span className="time">{time} ms</span>
      <span className="cursor-state">{where}</span>
      <span className="run-status" title="How the run itself goes on or ended, wherever the cursor is">
        {run}
      </span>
      <code className="current-record" title={current?.text}>
        {current === null ? 'start: no records applied yet' : <RecordText text={current.text} />}
      </code>
    </div>
  );
}
