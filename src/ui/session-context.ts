/** The session store for the components below <SessionProvider>: one app, one session. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SessionState, SessionStore } from './session-store.ts';

export const SessionContext = createContext<SessionStore | null>(null);

export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (store === null) throw new Error('useSession outside a SessionContext provider');
  return store;
}

/** Subscribes to one slice of the session (the selector must return a stable value). */
export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useSessionStore(), selector);
}
