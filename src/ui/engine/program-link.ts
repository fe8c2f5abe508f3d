/**
 * The UI's line to a program worker, with the kill switch. The worker beats while it works and
 * says when it rests; when it has been working and silent for MAX_SILENCE_MS, the program's code
 * is stuck (the engine itself always comes back within a slice): the link terminates the worker,
 * names the code it last entered, and starts a new worker with that code trapped (a call to it is
 * then a crash in the trace, "ran out of time"), replaying the session's start, with the run's
 * interventions so far, at the cursor.
 *
 * The page never waits on the worker: every message is asynchronous, and the watchdog is a timer.
 */
import { buffered, type EngineLink } from './link.ts';
import type { FromEngine, ToEngine } from './protocol.ts';
import type { StatusView } from '../../debugger/engine/frame.ts';
import { MAX_SILENCE_MS, type FromProgram, type ProgramLoad, type ToProgram } from './program-protocol.ts';
import type { ProgramProblem } from '../../playground/problem.ts';
import type { Verdict } from '../../playground/check.ts';

export interface ProgramEvents {
  /** The program loaded (or, after a time-out, loaded again in the new worker). */
  loaded(title: string): void;
  /** It did not load: nothing of it runs. */
  problem(p: ProgramProblem): void;
  /** Its code labelled `label` ran out of time; the worker was replaced. */
  timedOut(label: string): void;
  /** The exercise's verdict on its run (only when the load had a check). */
  verdict?(v: Verdict): void;
}

export interface ProgramLink extends EngineLink {
  /** Labels trapped so far (they are part of what the run is: a share link carries them). */
  readonly traps: () => readonly string[];
}

export type WorkerFactory = () => Worker;

const programWorker: WorkerFactory = () =>
  new Worker(new URL('./program.worker.ts', import.meta.url), { type: 'module', name: 'os2-program' });

/** What a program link loads: the program, its trapped labels, and the program before its edit. */
export type ProgramSpec = Omit<ProgramLoad, 'type'>;

type Resume = { readonly step: number; readonly inputs?: readonly unknown[] };

/** Where a restart after a time-out resumes: the cursor, and a live run's interventions so far. */
function resumeAt(st: StatusView): Resume {
  if (st.origin.kind !== 'scenario') return { step: st.cursor };
  return { step: st.cursor, inputs: st.inputs.filter((i) => i.state !== 'never').map((i) => i.json) };
}

export function programLink(spec: ProgramSpec, events: ProgramEvents, make = programWorker): ProgramLink {
  const inbox = buffered();
  const trapped = [...spec.traps];
  let worker: Worker;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let label = 'the top level of the program';
  let lastStart: Extract<ToEngine, { type: 'start' }> | null = null;
  let resume: Resume = { step: 0 };
  let closed = false;

  const disarm = () => {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
  };
  const arm = () => {
    disarm();
    watchdog = setTimeout(stuck, MAX_SILENCE_MS);
  };
  const post = (m: ToProgram) => {
    if (watchdog === null) arm();
    worker.postMessage(m);
  };
  const onMessage = (m: FromProgram) => {
    switch (m.type) {
      case 'beat': return arm();
      case 'rest': return disarm();
      case 'enter':
        label = m.label;
        return;
      case 'loaded': return events.loaded(m.title);
      case 'problem': return events.problem(m.problem);
      case 'verdict': return events.verdict?.(m.verdict);
      default:
        if (m.type === 'frame') resume = resumeAt(m.frame.status);
        return inbox.deliver(m satisfies FromEngine);
    }
  };
  const spawnWorker = () => {
    worker = make();
    worker.onmessage = (e: MessageEvent<FromProgram>) => {
      if (!closed) onMessage(e.data);
    };
    worker.onerror = (e) => inbox.deliver({ type: 'failed', message: e.message || 'the program worker could not start' });
    post({ type: 'program', source: spec.source, traps: trapped, previous: spec.previous, ...(spec.check === undefined ? {} : { check: spec.check }) });
  };
  function stuck(): void {
    watchdog = null;
    worker.terminate();
    trapped.push(label);
    events.timedOut(label);
    spawnWorker();
    if (lastStart !== null) post({ ...lastStart, ...resume });
  }
  spawnWorker();
  return {
    send: (m) => {
      if (closed) return;
      if (m.type === 'start') lastStart = m;
      if (m.type === 'view' && lastStart !== null) lastStart = { ...lastStart, view: m.view };
      post(m);
    },
    listen: inbox.listen,
    close: () => {
      closed = true;
      disarm();
      worker.terminate();
    },
    traps: () => trapped,
  };
}
