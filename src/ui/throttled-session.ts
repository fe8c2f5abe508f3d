/**
 * The session as the debugger's panels read it while a run plays: the same state, taken in at most
 * every PLAY_PANELS_MS. Playing, every display frame brings a new cursor; the readout and the stage
 * follow each one, while re-rendering every panel as well made the page miss frames and run long
 * tasks (DNS at 100 records/s). When the run is not playing the panels see every state at once.
 *
 * Rules: a state that is not playing is passed on at once (so a pause, a step or the end of a run
 * shows everywhere); while playing, a state is passed on if the last was at least PLAY_PANELS_MS
 * ago, else the latest is passed on when that time is up (never dropped for good).
 */
import { createStore } from 'zustand/vanilla';
import type { SessionState, SessionStore } from './session-store.ts';

/** How often the panels take in the session while a run plays. */
export const PLAY_PANELS_MS = 200;

const playing = (s: SessionState): boolean => s.frame?.status.job?.kind === 'play';

/** A store holding the session's state, for the panels (it follows the session once `follow` runs). */
export function panelStore(session: SessionStore): SessionStore {
  return createStore<SessionState>()(() => session.getState());
}

/** Passes the session's states on to `store` (at once, or throttled while playing); returns the stop. */
export function follow(session: SessionStore, store: SessionStore, now: () => number = () => performance.now()): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const take = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    last = now();
    store.setState(session.getState(), true);
  };
  take();
  const unsubscribe = session.subscribe((s) => {
    if (!playing(s) || now() - last >= PLAY_PANELS_MS) take();
    else timer ??= setTimeout(take, Math.max(0, PLAY_PANELS_MS - (now() - last)));
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
