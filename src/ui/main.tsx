import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createSession } from './session-store.ts';
import { createUiStore } from './ui-store.ts';
import { parseUrlState } from './url-state.ts';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A link opens the same state: scenario, seed, and the step (reached in bounded slices) — or a tour stop.
const url = parseUrlState(window.location.search);
const session = createSession(url.scenarioId, url.seed);
const ui = createUiStore(session);
for (const problem of url.problems) session.getState().notify(problem);
if (url.tour !== undefined) {
  ui.getState().openTour(url.tour);
  if (url.presenter === true) ui.getState().setPresenter(true);
} else if (url.step > 0) session.getState().jumpTo(url.step);

createRoot(root).render(
  <StrictMode>
    <App session={session} ui={ui} />
  </StrictMode>,
);
