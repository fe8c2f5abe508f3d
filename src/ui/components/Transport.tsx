/** The transport bar: step, play/pause, jumps and speed, plus a long job's progress and Stop. */
import { plural } from '../../debugger/views/plural.ts';
import { SPEEDS } from '../../debugger/engine/constants.ts';
import { atEnd, useActions, useSession, useStatus } from '../session-context.ts';

type Move = 'toStart' | 'stepBack' | 'stepForward' | 'stepOver' | 'toEnd';

/** A button that moves the cursor; it is disabled at the start or at the end of the run. */
interface MoveButton {
  readonly move: Move;
  readonly icon: string;
  readonly label: string;
  readonly keys: string;
  readonly title: string;
  readonly disabledAt: 'start' | 'end';
}

const BACKWARD: readonly MoveButton[] = [
  { move: 'toStart', icon: '|◀', label: 'To start', keys: 'Home', title: 'To start (Home)', disabledAt: 'start' },
  {
    move: 'stepBack',
    icon: '◂',
    label: 'Step back',
    keys: 'ArrowLeft',
    title: 'Step back (←)',
    disabledAt: 'start',
  },
];

const FORWARD: readonly MoveButton[] = [
  {
    move: 'stepForward',
    icon: '▸',
    label: 'Step forward',
    keys: 'ArrowRight',
    title: 'Step forward (→)',
    disabledAt: 'end',
  },
  {
    move: 'stepOver',
    icon: '↷',
    label: 'Step over',
    keys: 'Shift+ArrowRight',
    title: 'Step over: finish the current round (Shift+→)',
    disabledAt: 'end',
  },
  { move: 'toEnd', icon: '▶|', label: 'To end', keys: 'End', title: 'To end (End)', disabledAt: 'end' },
];

export function Transport({ onHelp }: { onHelp: () => void }) {
  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <MoveButtons buttons={BACKWARD} />
      <PlayButton />
      <MoveButtons buttons={FORWARD} />
      <SpeedField />
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

function MoveButtons({ buttons }: { buttons: readonly MoveButton[] }) {
  const atStart = useSession((s) => s.cursor === 0);
  const ended = useSession(atEnd);
  const actions = useActions();
  return buttons.map((b) => (
    <button
      key={b.move}
      type="button"
      onClick={actions[b.move]}
      disabled={b.disabledAt === 'start' ? atStart : ended}
      aria-keyshortcuts={b.keys}
      title={b.title}
    >
      <span aria-hidden="true">{b.icon}</span>
      <span className="label">{b.label}</span>
    </button>
  ));
}

function PlayButton() {
  const playing = useStatus((st) => st.job?.kind === 'play', false);
  const { play, pause } = useActions();
  return (
    <button
      type="button"
      className="primary"
      // What the button says is what a click does: a Pause shown from a frame that the run has
      // already left behind must never start the run again.
      onClick={playing ? pause : play}
      aria-keyshortcuts="Space"
      title={playing ? 'Pause (Space)' : 'Play (Space)'}
    >
      <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
      <span className="label">{playing ? 'Pause' : 'Play'}</span>
    </button>
  );
}

function SpeedField() {
  const speed = useStatus((st) => st.speed, 10);
  const { setSpeed } = useActions();
  return (
    <label className="field speed">
      <span>Speed</span>
      <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
        {SPEEDS.map((v) => (
          <option key={v} value={v}>
            {v} rec/s
          </option>
        ))}
      </select>
    </label>
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
          : job?.kind === 'run-until'
            ? 'Running until a breakpoint hits'
            : 'Simulating ahead';
  const value = job?.kind === 'seek' ? Math.min(length, job.target) : undefined;
  const max = job?.kind === 'seek' ? job.target : undefined;
  return (
    <span className="progress">
      <progress aria-label={`${what} progress`} value={value} max={max} />
      <span>
        {what}… {plural(length, 'record')}
      </span>
      <button type="button" onClick={stop}>
        Stop
      </button>
    </span>
  );
}
