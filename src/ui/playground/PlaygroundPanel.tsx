/**
 * The playground: the program's editor (CodeMirror, loaded when the playground first opens), the
 * templates, Run and Share. Run loads the program into the debugger below (its VM tree, stage,
 * event log…); a problem is shown in the editor at its line and under it, and the run shown
 * before stays. A program opened from a link is shown and runs only when Run is pressed.
 */
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { describeProblem } from '../../playground/problem.ts';
import type { PlaygroundStore } from './playground-store.ts';
import { TEMPLATES } from './templates.ts';
import { shareRun } from './share-link.ts';
import { useActions, useSession, useStatus } from '../session-context.ts';
import type { InputView } from '../../debugger/views/inputs.ts';
import { Result } from '../components/VariantsPanel.tsx';

export const PlaygroundContext = createContext<PlaygroundStore | null>(null);

export function usePlayground(): PlaygroundStore | null {
  return useContext(PlaygroundContext);
}

type EditorModule = typeof import('./editor.ts');

/** Read when there is no playground (tests that render the app without one). */
const DUMMY = createStore(() => ({ open: false }));

export function PlaygroundButton() {
  const store = usePlayground();
  const open = useStore(store ?? DUMMY, (s) => s.open);
  if (store === null) return null;
  return (
    <button type="button" className={`playground-button${open ? ' active' : ''}`} aria-pressed={open} onClick={() => store.getState().actions.setOpen(!open)}>
      {open ? 'Close the playground' : 'Playground'}
    </button>
  );
}

export function PlaygroundPanel({ store }: { store: PlaygroundStore }) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<{ mod: EditorModule; view: import('./editor.ts').EditorView } | null>(null);
  const source = useStore(store, (s) => s.source);
  const problem = useStore(store, (s) => s.problem);
  const status = useStore(store, (s) => s.status);
  const imported = useStore(store, (s) => s.imported);
  const template = useStore(store, (s) => s.template);
  const [shared, setShared] = useState<string | null>(null);
  const cursor = useSession((s) => s.cursor);
  const inputs = useStatus((st) => st.inputs, NO_INPUTS);

  useEffect(() => {
    let view: import('./editor.ts').EditorView | null = null;
    let live = true;
    void import('./editor.ts').then((mod) => {
      if (!live || host.current === null) return;
      view = mod.createEditor(host.current, store.getState().source, (text) => store.getState().actions.setSource(text));
      setEditor({ mod, view });
    });
    return () => {
      live = false;
      view?.destroy();
    };
  }, [store]);
  useEffect(() => {
    if (editor !== null) editor.mod.setText(editor.view, source);
  }, [editor, source]);
  useEffect(() => {
    if (editor !== null) editor.mod.showProblem(editor.view, problem);
  }, [editor, problem]);

  const { run, loadTemplate } = store.getState().actions;
  return (
    <section className="playground" aria-label="Playground" data-status={status} data-editor={editor === null ? 'loading' : 'ready'}>
      <div className="playground-bar">
        <label className="field">
          <span>Template</span>
          <select value={template} onChange={(e) => void loadTemplate(e.target.value)} aria-label="Template">
            <option value="" disabled>
              Choose a template…
            </option>
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="run-button" onClick={() => void run()} disabled={status === 'checking' || status === 'loading'}>
          {status === 'loading' || status === 'checking' ? 'Loading…' : 'Run'}
        </button>
        <button type="button" onClick={() => setShared(shareRun(store, cursor, inputs))} disabled={store.getState().ran === null}>
          Share
        </button>
        <span className="playground-status" role="status">
          {imported === null ? STATUS_TEXT[status] : IMPORTED_TEXT[imported]}
        </span>
      </div>
      <ExerciseBox store={store} />
      <div className="playground-editor" ref={host} />
      {problem !== null && (
        <p className="playground-problem" role="alert" data-kind={problem.kind} data-line={problem.line ?? ''}>
          {describeProblem(problem)}
        </p>
      )}
      {shared !== null && <p className="playground-share" role="status">{shared}</p>}
      <EditDivergence />
    </section>
  );
}

/** The exercise being worked on: what to do, and whether the last Run passes its check. */
function ExerciseBox({ store }: { store: PlaygroundStore }) {
  const exercise = useStore(store, (s) => s.exercise);
  const verdict = useStore(store, (s) => s.verdict);
  if (exercise === null) return null;
  const state = verdict === null ? 'unrun' : verdict === 'checking' ? 'checking' : verdict.passed ? 'passed' : 'not-yet';
  return (
    <section className="playground-exercise" aria-label="Exercise" data-verdict={state}>
      <h3>Exercise: {exercise.title}</h3>
      <p>{exercise.text}</p>
      <p className="playground-verdict" role="status">
        {verdict === null && 'Press Run: the run is checked when it ends.'}
        {verdict === 'checking' && 'Checking the run…'}
        {verdict !== null && verdict !== 'checking' && (
          <>
            <strong>{verdict.passed ? 'Passed' : 'Not yet'}</strong>: {verdict.text}
          </>
        )}
      </p>
    </section>
  );
}

/** Where the run departs from the run before the edit, a way there, and both runs side by side. */
function EditDivergence() {
  const edit = useSession((s) => s.divergence);
  const { jumpTo } = useActions();
  const [open, setOpen] = useState(false);
  if (edit === null) return null;
  const d = edit.divergence;
  const to = d === null ? 0 : d.b === null ? d.at : d.at + 1;
  return (
    <div className="playground-divergence" aria-live="polite" data-record={d === null ? '' : to}>
      {d === null ? (
        <span>This run is the same as the run before the edit, record for record.</span>
      ) : (
        <>
          <span>
            This run departs from the run before the edit at record {to} ({KIND_TEXT[d.kind]} {d.identity}).
          </span>{' '}
          <button type="button" onClick={() => jumpTo(to)}>Go there</button>{' '}
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide the comparison' : 'Compare'}</button>
        </>
      )}
      {open && d !== null && <Result view={edit.view} />}
    </div>
  );
}

const KIND_TEXT: Readonly<Record<'changed' | 'only-a' | 'only-b', string>> = {
  changed: 'a record that differs:',
  'only-b': 'a record only this run has:',
  'only-a': 'a record only the run before had:',
};

const NO_INPUTS: readonly InputView[] = [];

const IMPORTED_TEXT: Readonly<Record<'link' | 'trace', string>> = {
  link: 'A program from a link: read it, then press Run.',
  trace: 'The program of the trace you opened: the debugger shows its recorded run; press Run to run the program again.',
};

const STATUS_TEXT: Readonly<Record<string, string>> = {
  idle: 'Edit the program, then press Run.',
  checking: 'Checking…',
  loading: 'Loading the program in its worker…',
  running: 'The debugger below shows this program’s run.',
};
