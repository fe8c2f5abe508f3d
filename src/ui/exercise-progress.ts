/**
 * Exercise progress (issue 13): which of the tour's exercises the learner has answered, and whether
 * rightly, kept in local storage so that it survives a reload, and reset on request.
 *
 * Data definition:
 *   Progress = { [stopId]: { right } }   stored as JSON under STORAGE_KEY; anything else read there
 *                                        (another version, a hand edit) counts as no progress
 */

/** The part of the Web Storage interface progress needs (tests pass a Map-backed one). */
export interface ProgressStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type Progress = Readonly<Record<string, { readonly right: boolean }>>;

/** Where the progress is kept; the version is in the name, so another shape is never misread. */
export const STORAGE_KEY = 'os2lab.tour.exercises.v1';

const NONE: Progress = {};

/** The page's local storage, or null where there is none (Node, a browser that refuses it). */
export function browserStorage(): ProgressStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function read(storage: ProgressStorage | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function loadProgress(storage: ProgressStorage | null): Progress {
  const raw = read(storage);
  if (raw === null) return NONE;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return NONE;
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => typeof v === 'object' && v !== null && typeof (v as { right?: unknown }).right === 'boolean',
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, { right: (v as { right: boolean }).right }]));
  } catch {
    return NONE;
  }
}

/** Writes `p` (or, empty, removes the key); a storage that refuses is ignored: progress is a convenience. */
export function saveProgress(storage: ProgressStorage | null, p: Progress): void {
  try {
    if (Object.keys(p).length === 0) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, JSON.stringify(p));
  } catch {
    // Full or forbidden: the progress lives on in the page until it is closed.
  }
}
