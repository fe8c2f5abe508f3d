import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { workerLink } from './engine/link.ts';
import { createSession } from './session-store.ts';
import { createUiStore } from './ui-store.ts';
import { DEFAULT_SCENARIO, parseUrlState } from './url-state.ts';
import { switchLink } from './engine/switch-link.ts';
import { createPlayground } from './playground/playground-store.ts';
import { sharedFromHash } from './playground/share-link.ts';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A link opens the same state: scenario, seed, and the step (reached by the engine) — or a tour stop.
const url = parseUrlState(window.location.search);
// A program's run is never started from the address bar: its link (#program=…) shows it in the
// playground, and it runs when the user presses Run.
const link = switchLink(workerLink());
const scenario = url.scenarioId === 'program' ? DEFAULT_SCENARIO : url.scenarioId;
const session = createSession(link, { scenario, seed: url.seed, step: url.tour === undefined ? url.step : 0 });
const ui = createUiStore(session);
const playground = createPlayground(link, session);
for (const problem of url.problems) session.getState().actions.notify(problem);
for (const b of url.breakpoints ?? []) session.getState().actions.addBreakpoint(b.text, b.enabled);
const shared = sharedFromHash(window.location.hash);
if (typeof shared === 'string') session.getState().actions.notify(shared);
else if (shared !== null) playground.getState().actions.importShared(shared);
// `?exercise=ID` opens a playground exercise (src/playground/exercises.ts): its template, task and check.
const exercise = new URLSearchParams(window.location.search).get('exercise');
if (exercise !== null) void playground.getState().actions.openExercise(exercise);
if (url.tour !== undefined) ui.getState().openTour(url.tour);
if (url.presenter === true) ui.getState().setPresenter(true);

createRoot(root).render(
  <StrictMode>
    <App session={session} ui={ui} playground={playground} />
  </StrictMode>,
);
