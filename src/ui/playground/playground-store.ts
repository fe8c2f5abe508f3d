/**
 * The playground as the UI holds it: the program being edited, what is wrong with it, and the run
 * the debugger shows. Run checks the text on the main thread (sucrase parses; nothing of the
 * program runs here), then loads it in a new program worker; only once it has loaded does the
 * session switch to it — a program that does not load leaves the previous run where it was.
 *
 * Data definition:
 *   open      the playground is shown
 *   source    the editor's text; template: the template it came from (or '')
 *   problem   the last problem of a Run (syntax, load, shape, a time-out), shown at its line
 *   status    idle | checking (transpiling) | loading (in its worker) | running (the debugger shows it)
 *   ran       the program the debugger shows (its text, seed and trapped labels), or null
 *   imported  the source came from a link or a program's trace file and has not been run (it runs
 *             only when Run is pressed), or null
 *   exercise  the exercise being worked on (its text and check: playground/exercises.ts), or null
 *   verdict   the check's verdict on the last Run's program (checking: under way), or null
 *   shared    what came with it: the seed, cursor, trapped labels and interventions its Run applies
 *             (the interventions only to the text as it came: an edited program starts clean)
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProgramProblem } from '../../playground/problem.ts';
import type { SharedRun } from '../../playground/share.ts';
import { programLink, type ProgramLink } from '../engine/program-link.ts';
import { MAX_SILENCE_MS } from '../engine/program-protocol.ts';
import type { SwitchLink } from '../engine/switch-link.ts';
import type { SessionStore } from '../session-store.ts';
import { templateText } from './templates.ts';
import { findExercise, type ProgramExercise } from '../../playground/exercises.ts';
import type { Verdict } from '../../playground/check.ts';

export type PlaygroundStatus = 'idle' | 'checking' | 'loading' | 'running';

export interface PlaygroundState {
  readonly open: boolean;
  readonly source: string;
  readonly template: string;
  readonly problem: ProgramProblem | null;
  readonly status: PlaygroundStatus;
  readonly ran: { readonly source: string; readonly seed: number | null; readonly traps: readonly string[] } | null;
  readonly imported: 'link' | 'trace' | null;
  readonly shared: SharedRun | null;
  readonly exercise: ProgramExercise | null;
  readonly verdict: Verdict | 'checking' | null;
  readonly actions: PlaygroundActions;
}

export interface PlaygroundActions {
  setOpen(open: boolean): void;
  setSource(text: string): void;
  loadTemplate(id: string): Promise<void>;
  /** Opens an exercise: its template in the editor, its task above it, its check on every Run. */
  openExercise(id: string): Promise<void>;
  run(): Promise<void>;
  /** Opens a shared run (a link's, or a program trace's): shown in the editor, not run. */
  importShared(run: SharedRun, from?: 'link' | 'trace'): void;
}

export type PlaygroundStore = StoreApi<PlaygroundState>;

/** The template the playground opens with. */
export const FIRST_TEMPLATE = 'chat-room';

/** What a Run needs besides the state: where it writes, and the program links it juggles. */
interface RunEnv {
  readonly get: () => PlaygroundState;
  readonly set: (patch: Partial<PlaygroundState>) => void;
  readonly link: SwitchLink;
  readonly session: SessionStore;
  readonly links: {
    /** A program loading in its worker, not yet shown (the session still shows the previous run). */
    pending: ProgramLink | null;
    /** The program link the session shows (its verdicts are this run's). */
    current: ProgramLink | null;
  };
}

export function createPlayground(link: SwitchLink, session: SessionStore): PlaygroundStore {
  const links: RunEnv['links'] = { pending: null, current: null };
  const store: PlaygroundStore = createStore<PlaygroundState>()((set, get) => ({
    open: false, source: '', template: '', problem: null, status: 'idle', ran: null, imported: null, shared: null, exercise: null, verdict: null,
    actions: {
      setOpen: (open) => {
        set({ open });
        if (open && get().source === '') void get().actions.loadTemplate(FIRST_TEMPLATE);
      },
      setSource: (source) => set({ source }),
      loadTemplate: async (id) => {
        const source = await templateText(id);
        set({ source, template: id, problem: null, imported: null, shared: null, exercise: null, verdict: null });
      },
      openExercise: async (id) => {
        const exercise = findExercise(id);
        if (exercise === undefined) return session.getState().actions.notify(`There is no exercise "${id}".`);
        const source = await templateText(exercise.template);
        set({ open: true, source, template: exercise.template, problem: null, imported: null, shared: null, exercise, verdict: null });
      },
      importShared: (run, from = 'link') => {
        set({ open: true, source: run.source, template: '', imported: from, shared: run, problem: null });
      },
      run: async () => {
        const { source } = get();
        set({ status: 'checking' });
        const { transpile } = await import('../../playground/transpile.ts');
        const t = transpile(source);
        if (!t.ok) {
          set({ status: get().ran === null ? 'idle' : 'running', problem: t.problem });
          return;
        }
        startProgram({ get, set, link, session, links }, source);
      },
    },
  }));
  // A program's trace file opened in the debugger: its program is shown here, to run again.
  session.subscribe((s, before) => {
    if (s.programTrace !== null && s.programTrace !== before.programTrace) store.getState().actions.importShared(s.programTrace.run, 'trace');
  });
  return store;
}

/** Loads `source` (it transpiles) in a new program worker; the session switches to it once it has loaded. */
function startProgram(env: RunEnv, source: string): void {
  const { get, set, links } = env;
  // A shared run's seed, cursor and traps apply to its text; its interventions only to that very text.
  const shared = get().imported === null ? null : get().shared;
  const seed = shared?.seed ?? null;
  const traps = shared?.traps ?? [];
  const step = shared?.step ?? 0;
  const inputs = shared !== null && shared.source === source ? shared.inputs : [];
  links.pending?.close();
  const keep = (): PlaygroundStatus => (get().ran === null ? 'idle' : 'running');
  // The run on show is kept to be compared with this one (the edit's divergence).
  const previous = get().ran === null || shared !== null ? null : { source: get().ran!.source, seed };
  const check = get().exercise?.check;
  set({ status: 'loading', problem: null, verdict: check === undefined ? null : 'checking' });
  const next: ProgramLink = programLink({ source, traps, previous, ...(check === undefined ? {} : { check }) }, {
    verdict: (verdict) => {
      if (links.pending === next || links.current === next) set({ verdict });
    },
    loaded: () => {
      if (links.pending !== next) return;
      links.pending = null;
      links.current = next;
      env.link.swap(next, { scenario: 'program', seed, step, inputs });
      set({ status: 'running', imported: null, shared: null, ran: { source, seed, traps: next.traps() } });
    },
    problem: (p) => {
      // Not loaded: nothing of it runs, and the previous run stays on show.
      if (links.pending === next) {
        next.close();
        links.pending = null;
      }
      set({ status: keep(), problem: p, verdict: null });
    },
    timedOut: (label) => {
      const ran = get().ran;
      set({
        problem: { kind: 'timeout', message: `${label} ran for more than ${MAX_SILENCE_MS / 1000} s and was stopped; calling it is now a crash in this run.`, line: null, column: null },
        ...(ran === null || links.pending === next ? {} : { ran: { ...ran, traps: next.traps() } }),
      });
      env.session.getState().actions.notify(`The program was stopped: ${label} ran out of time. Its worker was replaced; that code now crashes when called.`);
    },
  });
  links.pending = next;
}
