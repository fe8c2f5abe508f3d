/**
 * The URL holds scenario, seed and step (`?scenario=tcp-echo&seed=1&step=123`), so a link opens the
 * same state; during the tour it holds the stop instead (`?tour=pubsub-presence`, plus
 * `&presenter=1` in the presenter view). Parsing never fails: a bad value falls back to its default
 * and is named in `problems` (an unknown tour stop is reported when the tour opens).
 */
import { useEffect } from 'react';
import { SCENARIOS, findScenario } from '../scenarios/index.ts';
import { MAX_SEED, type SessionStore } from './session-store.ts';
import type { UiStore } from './ui-store.ts';

export interface UrlState {
  readonly scenarioId: string;
  readonly seed: number;
  readonly step: number;
  /** The tour stop to open, if any. */
  readonly tour?: string;
  readonly presenter?: boolean;
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

  const tour = q.get('tour');
  const presenter = q.get('presenter');
  return {
    scenarioId: scenario.id,
    seed,
    step,
    ...(tour === null || tour === '' ? {} : { tour }),
    ...(presenter === '1' || presenter === 'true' ? { presenter: true } : {}),
    problems,
  };
}

export function formatUrlState(s: {
  scenarioId: string;
  seed: number;
  step: number;
  tour?: string | null;
  presenter?: boolean;
}): string {
  if (s.tour !== undefined && s.tour !== null) {
    return `?tour=${encodeURIComponent(s.tour)}${s.presenter === true ? '&presenter=1' : ''}`;
  }
  return `?scenario=${encodeURIComponent(s.scenarioId)}&seed=${s.seed}&step=${s.step}`;
}

/** Writes the session's scenario, seed and cursor (or the tour stop) into the address bar, at most every `everyMs`. */
export function useUrlSync(session: SessionStore, ui: UiStore | null = null, everyMs = 200): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWritten = '';
    const write = (): void => {
      timer = null;
      const s = session.getState();
      const u = ui?.getState();
      const touring = u !== undefined && u.tourOpen && u.stopId !== null;
      const search = formatUrlState({
        scenarioId: s.scenario.id,
        seed: s.seed,
        step: s.cursor,
        ...(touring ? { tour: u.stopId, presenter: u.presenter } : {}),
      });
      if (search === lastWritten && window.location.search === search) return;
      lastWritten = search;
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${search}${window.location.hash}`,
      );
    };
    const later = (): void => {
      timer ??= setTimeout(write, everyMs);
    };
    const unsubscribe = session.subscribe((s, prev) => {
      if (s.cursor === prev.cursor && s.scenario === prev.scenario && s.seed === prev.seed) return;
      // While a seek from the URL is under way, the link's step stays in the address bar.
      if (s.job?.kind === 'seek') return;
      later();
    });
    const unsubscribeUi = ui?.subscribe((u, prev) => {
      if (u.tourOpen !== prev.tourOpen || u.stopId !== prev.stopId || u.presenter !== prev.presenter) later();
    });
    // Corrects a link with bad values at once (unless its step is still being reached).
    if (session.getState().job?.kind !== 'seek') timer = setTimeout(write, everyMs);
    return () => {
      unsubscribe();
      unsubscribeUi?.();
      if (timer !== null) clearTimeout(timer);
    };
  }, [session, ui, everyMs]);
}
