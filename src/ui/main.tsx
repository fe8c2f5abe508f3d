import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createLabStore } from './store.ts';
import { pingPong } from '../scenarios/ping-pong.ts';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App store={createLabStore(pingPong)} />
  </StrictMode>,
);
