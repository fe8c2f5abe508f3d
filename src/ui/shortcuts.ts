/**
 * Keyboard shortcuts: one table drives both the key handler and the help overlay.
 * Keys are never taken from text fields, selects or widgets that list them in `data-own-keys`,
 * and Space/Enter are left to a focused button or link. A select gives focus up once it has
 * changed (`releaseSelect`), so it is "being edited" only until a choice is made.
 */
import { useEffect } from 'react';
import { SPEEDS, DEFAULT_SPEED } from '../debugger/engine/constants.ts';
import type { SessionState, SessionStore } from './session-store.ts';
import type { UiState, UiStore } from './ui-store.ts';

export interface Shortcut {
  /** How the help overlay shows the key. */
  readonly keys: string;
  readonly label: string;
  readonly matches: (e: KeyboardEvent) => boolean;
  readonly run: (s: SessionState) => void;
}

const plain = (e: KeyboardEvent): boolean => !e.altKey && !e.ctrlKey && !e.metaKey;

function nextSpeed(speed: number, dir: 1 | -1): number {
  const i = SPEEDS.findIndex((v) => v >= speed);
  const at = i === -1 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + dir))]!;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: '→',
    label: 'Step forward',
    matches: (e) => plain(e) && !e.shiftKey && e.key === 'ArrowRight',
    run: (s) => s.actions.stepForward(),
  },
  {
    keys: '←',
    label: 'Step back',
    matches: (e) => plain(e) && !e.shiftKey && e.key === 'ArrowLeft',
    run: (s) => s.actions.stepBack(),
  },
  {
    keys: 'Shift + →',
    label: 'Step over (finish the current round)',
    matches: (e) => plain(e) && e.shiftKey && e.key === 'ArrowRight',
    run: (s) => s.actions.stepOver(),
  },
  {
    keys: 'Space',
    label: 'Play / pause',
    matches: (e) => plain(e) && e.key === ' ',
    run: (s) => s.actions.togglePlay(),
  },
  { keys: 'Home', label: 'To start', matches: (e) => plain(e) && e.key === 'Home', run: (s) => s.actions.toStart() },
  { keys: 'End', label: 'To end', matches: (e) => plain(e) && e.key === 'End', run: (s) => s.actions.toEnd() },
  {
    keys: ']',
    label: 'Faster',
    matches: (e) => plain(e) && e.key === ']',
    run: (s) => s.actions.setSpeed(nextSpeed(s.frame?.status.speed ?? DEFAULT_SPEED, 1)),
  },
  {
    keys: '[',
    label: 'Slower',
    matches: (e) => plain(e) && e.key === '[',
    run: (s) => s.actions.setSpeed(nextSpeed(s.frame?.status.speed ?? DEFAULT_SPEED, -1)),
  },
  { keys: '.', label: 'Next breakpoint hit', matches: (e) => plain(e) && e.key === '.', run: (s) => s.actions.nextHit() },
  { keys: ',', label: 'Previous breakpoint hit', matches: (e) => plain(e) && e.key === ',', run: (s) => s.actions.previousHit() },
  {
    keys: 'Escape',
    label: 'Stop a long run (or close this help, or the tour while it has focus)',
    matches: (e) => e.key === 'Escape',
    run: (s) => s.actions.stop(),
  },
];

export const HELP_SHORTCUT = { keys: '?', label: 'Show this help' } as const;

/** Keys of the guided tour, active while it is open. */
export interface TourShortcut {
  readonly keys: string;
  readonly label: string;
  readonly matches: (e: KeyboardEvent) => boolean;
  readonly run: (s: UiState) => void;
}

export const TOUR_SHORTCUTS: readonly TourShortcut[] = [
  {
    keys: 'n or Page Down',
    label: 'Tour: next stop',
    matches: (e) => plain(e) && (e.key === 'n' || e.key === 'PageDown'),
    run: (s) => s.next(),
  },
  {
    keys: 'p or Page Up',
    label: 'Tour: previous stop',
    matches: (e) => plain(e) && (e.key === 'p' || e.key === 'PageUp'),
    run: (s) => s.prev(),
  },
  {
    keys: 'r',
    label: 'Tour: reveal the answer to the stop’s question',
    matches: (e) => plain(e) && e.key === 'r',
    run: (s) => s.reveal(),
  },
];

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'tel', 'password']);

/** Is focus somewhere that should keep this key for itself? */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  // A widget lists the keys it handles itself: data-own-keys="ArrowUp ArrowDown Enter Space".
  const owner = target.closest('[data-own-keys]');
  if (
    owner !== null &&
    (owner.getAttribute('data-own-keys') ?? '').split(/\s+/).includes(key === ' ' ? 'Space' : key)
  )
    return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // A range slider keeps its arrows, Home and End; other keys (Space, ?) still work.
    if (type === 'range')
      return (
        key.startsWith('Arrow') || key === 'Home' || key === 'End' || key === 'PageUp' || key === 'PageDown'
      );
    return TEXT_INPUTS.has(type) || key === ' ';
  }
  if (key === ' ' || key === 'Enter')
    return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || target.getAttribute('role') === 'button';
  return false;
}

/** Installs the tour's keys on the window while mounted; they act only while the tour is open. */
export function useTourShortcuts(ui: UiStore, blocked: boolean): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || blocked) return;
      const s = ui.getState();
      if (!s.tourOpen || s.dialog !== null) return;
      if (ownsKey(e.target, e.key)) return;
      const hit = TOUR_SHORTCUTS.find((k) => k.matches(e));
      if (hit === undefined) return;
      e.preventDefault();
      hit.run(s);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui, blocked]);
}

/**
 * A select outside a dialog gives focus up once its value changes (the Tab position stays on it):
 * a closed select takes the arrows as "the next option", so a scenario chosen with the keyboard
 * would otherwise turn the next → into yet another scenario instead of a step.
 */
function releaseSelect(e: Event): void {
  const t = e.target;
  if (t instanceof HTMLSelectElement && t.closest('dialog, [role="dialog"]') === null) t.blur();
}

/** Installs the shortcuts on the window while mounted. `onHelp` opens the help overlay. */
export function useShortcuts(session: SessionStore, helpOpen: boolean, onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || helpOpen) return;
      if (ownsKey(e.target, e.key)) return;
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        onHelp();
        return;
      }
      const hit = SHORTCUTS.find((s) => s.matches(e));
      if (hit === undefined) return;
      e.preventDefault();
      hit.run(session.getState());
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('change', releaseSelect);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('change', releaseSelect);
    };
  }, [session, helpOpen, onHelp]);
}
