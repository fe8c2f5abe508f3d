/** The chrome store (tour, dialogs) for the components below <App>; optional, so panels render without it. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { UiState, UiStore } from './ui-store.ts';

export const UiContext = createContext<UiStore | null>(null);

export function useUiStore(): UiStore {
  const store = useContext(UiContext);
  if (store === null) throw new Error('useUi outside a UiContext provider');
  return store;
}

/** Subscribes to one slice of the chrome state (the selector must return a stable value). */
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useUiStore(), selector);
}

const NONE = createStore<UiState | null>()(() => null);

/** Like useUi, but `fallback` when there is no UiContext (a panel rendered on its own). */
export function useUiOptional<T>(selector: (s: UiState) => T, fallback: T): T {
  const store = useContext(UiContext);
  return useStore((store ?? NONE) as typeof NONE, (s) => (s === null ? fallback : selector(s)));
}
