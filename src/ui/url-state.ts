/**
 * The URL holds scenario, seed and step (`?scenario=tcp-echo&seed=1&step=123`), so a link opens the
 * same state. Parsing never fails: a bad value falls back to its default and is named in `problems`.
 */
import { useEffect } from 'react';
import { SCENARIOS, findScenario } from '../scenarios/index.ts';
import { MAX_SEED, type SessionStore } from './session-store.ts';

export interface UrlState {
  readonly scenarioId: string;
  readonly seed: number;
  readonly step: number;
  readonly problems: readonly string[];
}

const WHOLE = /^\d+$/;

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const fallback = SCENARIOS[0]!;

  const id = q.get('scenario');
  let scenario = fallback;
  if (id !== null) {
    const found = findScenario(id);
    if (found === undefined) problems.push(`Unknown scenario "${id}"; showing ${fallback.id}.`);
    else scenario = found;
  }

  let seed = scenario.seed;
  const seedText = q.get('seed');
  if (seedText !== null) {
    const n = Number(seedText);
    if (WHOLE.test(seedText) && n <= MAX_SEED) seed = n;
    else problems.push(`Seed "${seedText}" is not a whole number from 0 to ${MAX_SEED}; using ${seed}.`);
  }

  let step = 0;
  const stepText = q.get('step');
  if (stepText !== null) {
    const n = Number(stepText);
    if (WHOLE.test(stepText) && Number.isSafeInteger(n)) step = n;
    else problems.push(`Step "${stepText}" is not a whole number ≥ 0; starting at step 0.`);
  }

  return { scenarioId: scenario.id, seed, step, problems };
}

export function formatUrlState(s: { scenarioId: string; seed: number; step: number }): string {
  return `?scenario=${encodeURIComponent(s.scenarioId)}&seed=${s.seed}&step=${s.step}`;
}

/** Writes the session's scenario, seed and cursor into the address bar, at most every `everyMs`. */
export function useUrlSync(session: SessionStore, everyMs = 200): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWritten = '';
    const write = (): void => {
      timer = null;
      const s = session.getState();
      const search = formatUrlState({ scenarioId: s.scenario.id, seed: s.seed, step: s.cursor });
      if (search === lastWritten && window.location.search === search) return;
      lastWritten = search;
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${search}${window.location.hash}`,
      );
    };
    const unsubscribe = session.subscribe((s, prev) => {
      if (s.cursor === prev.cursor && s.scenario === prev.scenario && s.seed === prev.seed) return;
      // While a seek from the URL is under way, the link's step stays in the address bar.
      if (s.job?.kind === 'seek') return;
      timer ??= setTimeout(write, everyMs);
    });
    // Corrects a link with bad values at once (unless its step is still being reached).
    if (session.getState().job?.kind !== 'seek') timer = setTimeout(write, everyMs);
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [session, everyMs]);
}
