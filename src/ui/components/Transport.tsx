/** The transport bar: step, play/pause, jumps and speed, plus a long job's progress and Stop. */
import { SPEEDS } from '../../debugger/engine/constants.ts';
import { atEnd, useActions, useSession, useStatus } from '../session-context.ts';

export function Transport({ onHelp }: { onHelp: () => void }) {
  const cursor = useSession((s) => s.cursor);
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const speed = useStatus((st) => st.speed, 10);
  const atStart = cursor === 0;
  const ended = useSession(atEnd);
  const actions = useActions();
  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <button
        type="button"
        onClick={actions.toStart}
        disabled={atStart}
        aria-keyshortcuts="Home"
        title="To start (Home)"
      >
        <span aria-hidden="true">|◀</span>
        <span className="label">To start</span>
      </button>
      <button
        type="button"
        onClick={actions.stepBack}
        disabled={atStart}
        aria-keyshortcuts="ArrowLeft"
        title="Step back (←)"
      >
        <span aria-hidden="true">◂</span>
        <span className="label">Step back</span>
      </button>
      <button
        type="button"
        className="primary"
        onClick={actions.togglePlay}
        aria-keyshortcuts="Space"
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        <span className="label">{playing ? 'Pause' : 'Play'}</span>
      </button>
      <button
        type="button"
        onClick={actions.stepForward}
        disabled={ended}
        aria-keyshortcuts="ArrowRight"
        title="Step forward (→)"
      >
        <span aria-hidden="true">▸</span>
        <span className="label">Step forward</span>
      </button>
      <button
        type="button"
        onClick={actions.stepOver}
        disabled={ended}
        aria-keyshortcuts="Shift+ArrowRight"
        title="Step over: finish the current round (Shift+→)"
      >
        <span aria-hidden="true">↷</span>
        <span className="label">Step over</span>
      </button>
      <button
        type="button"
        onClick={actions.toEnd}
        disabled={ended}
        aria-keyshortcuts="End"
        title="To end (End)"
      >
        <span aria-hidden="true">▶|</span>
        <span className="label">To end</span>
      </button>
      <label className="field speed">
        <span>Speed</span>
        <select value={speed} onChange={(e) => actions.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {v} rec/s
            </option>
          ))}
        </select>
      </label>
      <Progress />
      <button
        type="button"
        className="help-button"
        onClick={onHelp}
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
      >
        <span aria-hidden="true">?</span>
        <span className="visually-hidden">Keyboard shortcuts</span>
      </button>
    </div>
  );
}

/** Shown while a job grows the run: how far it has got, and Stop. */
function Progress() {
  const job = useStatus((st) => st.job, null);
  const exploring = useStatus((st) => st.exploring && st.canGrow, false);
  const length = useStatus((st) => st.length, 0);
  const { stop } = useActions();
  if (job?.kind === 'play' || (job === null && !exploring)) return null;
  const what =
    job?.kind === 'seek'
      ? 'Jumping'
      : job?.kind === 'to-end'
        ? 'Running to the end'
        : job?.kind === 'find'
          ? `Finding “${job.label}”`
          : 'Simulating ahead';
  const value = job?.kind === 'seek' ? Math.min(length, job.target) : undefined;
  const max = job?.kind === 'seek' ? job.target : undefined;
  return (
    <span className="progress">
      <progress aria-label={`${what} progress`} value={value} max={max} />
      <span>
        {what}… {length.toLocaleString('en')} records
      </span>
      <button type="button" onClick={stop}>
        Stop
      </button>
    </span>
  );
}
