import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { workerLink } from './engine/link.ts';
import { createSession } from './session-store.ts';
import { createUiStore } from './ui-store.ts';
import { parseUrlState } from './url-state.ts';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A link opens the same state: scenario, seed, and the step (reached by the engine) — or a tour stop.
const url = parseUrlState(window.location.search);
const session = createSession(workerLink(), { scenario: url.scenarioId, seed: url.seed, step: url.tour === undefined ? url.step : 0 });
const ui = createUiStore(session);
for (const problem of url.problems) session.getState().actions.notify(problem);
if (url.tour !== undefined) ui.getState().openTour(url.tour);
if (url.presenter === true) ui.getState().setPresenter(true);

createRoot(root).render(
  <StrictMode>
    <App session={session} ui={ui} />
  </StrictMode>,
);
