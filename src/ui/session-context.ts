/** The session store for the components below <SessionContext.Provider>: one app, one session. */
import { createContext, useContext, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import type { Frame, StatusView } from '../debugger/engine/frame.ts';
import type { ScenarioInfo } from './engine/protocol.ts';
import type { SessionActions, SessionState, SessionStore } from './session-store.ts';

export const SessionContext = createContext<SessionStore | null>(null);

export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (store === null) throw new Error('useSession outside a SessionContext provider');
  return store;
}

/**
 * Below a provider of `true`, the session is read at low priority: a move of the cursor first
 * paints what the provider's siblings show (the readout, the stage), and the panels follow in a
 * render React may interrupt, so a jump never blocks on every view at once.
 */
export const DeferredContext = createContext(false);

/** Subscribes to one slice of the session (the selector must return a stable value). */
export function useSession<T>(selector: (s: SessionState) => T): T {
  const now = useStore(useSessionStore(), selector);
  const later = useDeferredValue(now);
  return useContext(DeferredContext) ? later : now;
}

/**
 * A control's own value (a check box the user just ticked): read at once, never deferred, so the
 * control shows what was done even while the panel around it is still drawing the old state.
 */
export function useSessionNow<T>(selector: (s: SessionState) => T): T {
  return useStore(useSessionStore(), selector);
}

/** The session's actions (a stable object). */
export function useActions(): SessionActions {
  return useSessionStore().getState().actions;
}

/** A section of the frame (undefined until the engine has sent it). */
export function useSection<K extends keyof Frame>(key: K): Frame[K] | undefined {
  return useSession((s) => s.frame?.[key]);
}

/** A field of the status line, or `fallback` before the first frame. */
export function useStatus<T>(pick: (st: StatusView) => T, fallback: T): T {
  return useSession((s) => (s.frame === null ? fallback : pick(s.frame.status)));
}

/** The scenario the session runs (or a recorded trace was made from), from the engine's catalogue. */
export function scenarioOf(s: SessionState): ScenarioInfo | null {
  const id = s.frame?.status.origin.scenario;
  return s.scenarios.find((x) => x.id === id) ?? null;
}

/** Is the cursor at the last record of a run that cannot grow? */
export function atEnd(s: SessionState): boolean {
  const st = s.frame?.status;
  return st !== undefined && s.cursor >= st.length && !st.canGrow;
}
