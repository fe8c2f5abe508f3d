/**
 * The URL holds scenario, seed and step (`?scenario=tcp-echo&seed=1&step=123`), so a link opens the
 * same state; during the tour it holds the stop instead (`?tour=pubsub-presence`); either has
 * `&presenter=1` in the presenter view. Breakpoints follow the scenario's link, in order: `&break=Q` for
 * an enabled one, `&break-off=Q` for a disabled one (docs/queries.md, "In the app"). Parsing never fails: a bad value falls back to its default
 * and is named in `problems`. The scenario's name is checked by the engine, which knows the
 * scenarios (it reports an unknown one; the tour reports an unknown stop when it opens).
 */
import { useEffect } from 'react';
import { MAX_SEED } from '../debugger/engine/constants.ts';
import type { SessionStore } from './session-store.ts';
import type { UiStore } from './ui-store.ts';

/** The scenario a link without one opens. */
export const DEFAULT_SCENARIO = 'tcp-echo';

export interface UrlState {
  readonly scenarioId: string;
  /** null: the scenario's own seed. */
  readonly seed: number | null;
  readonly step: number;
  /** The tour stop to open, if any. */
  readonly tour?: string;
  readonly presenter?: boolean;
  /** The breakpoints to set (absent: none). */
  readonly breakpoints?: readonly UrlBreakpoint[];
  readonly problems: readonly string[];
}

export interface UrlBreakpoint {
  readonly text: string;
  readonly enabled: boolean;
}

/** The link's breakpoints, in order (the engine checks each query and names a bad one). */
function breakpointsOf(q: URLSearchParams): UrlBreakpoint[] {
  const out: UrlBreakpoint[] = [];
  for (const [k, v] of q) if ((k === 'break' || k === 'break-off') && v.trim() !== '') out.push({ text: v, enabled: k === 'break' });
  return out;
}

const WHOLE = /^\d+$/;

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const scenarioId = q.get('scenario') ?? DEFAULT_SCENARIO;

  let seed: number | null = null;
  const seedText = q.get('seed');
  if (seedText !== null) {
    const n = Number(seedText);
    if (WHOLE.test(seedText) && n <= MAX_SEED) seed = n;
    else problems.push(`Seed "${seedText}" is not a whole number from 0 to ${MAX_SEED}; using the scenario’s own.`);
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
  const breakpoints = breakpointsOf(q);
  return {
    scenarioId,
    seed,
    step,
    ...(tour === null || tour === '' ? {} : { tour }),
    ...(presenter === '1' || presenter === 'true' ? { presenter: true } : {}),
    ...(breakpoints.length === 0 ? {} : { breakpoints }),
    problems,
  };
}

export function formatUrlState(s: {
  scenarioId: string;
  seed: number;
  step: number;
  tour?: string | null;
  presenter?: boolean;
  breakpoints?: readonly UrlBreakpoint[];
}): string {
  if (s.tour !== undefined && s.tour !== null) {
    return `?tour=${encodeURIComponent(s.tour)}${s.presenter === true ? '&presenter=1' : ''}`;
  }
  const breaks = (s.breakpoints ?? []).map((b) => `&${b.enabled ? 'break' : 'break-off'}=${encodeURIComponent(b.text)}`).join('');
  return `?scenario=${encodeURIComponent(s.scenarioId)}&seed=${s.seed}&step=${s.step}${s.presenter === true ? '&presenter=1' : ''}${breaks}`;
}

/** Writes the session's scenario, seed and cursor (or the tour stop) into the address bar, at most every `everyMs`. */
export function useUrlSync(session: SessionStore, ui: UiStore | null = null, everyMs = 200): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWritten = '';
    const write = (): void => {
      timer = null;
      const s = session.getState();
      const origin = s.frame?.status.origin;
      if (origin === undefined || origin.kind !== 'scenario') return;
      const u = ui?.getState();
      const touring = u !== undefined && u.tourOpen && u.stopId !== null;
      const search = formatUrlState({
        scenarioId: origin.scenario,
        seed: origin.seed,
        step: s.cursor,
        ...(touring ? { tour: u.stopId } : {}),
        presenter: u?.presenter ?? false,
        breakpoints: s.frame?.queries?.breakpoints ?? [],
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
      const sameBreaks = s.frame?.queries?.breakpoints === prev.frame?.queries?.breakpoints;
      if (s.cursor === prev.cursor && s.frame?.status.origin === prev.frame?.status.origin && sameBreaks) return;
      // While a seek from the URL is under way, the link's step stays in the address bar.
      if (s.frame?.status.job?.kind === 'seek') return;
      later();
    });
    const unsubscribeUi = ui?.subscribe((u, prev) => {
      if (u.tourOpen !== prev.tourOpen || u.stopId !== prev.stopId || u.presenter !== prev.presenter) later();
    });
    // Corrects a link with bad values once the engine has answered (unless its step is still being reached).
    if (session.getState().frame?.status.job?.kind !== 'seek') timer = setTimeout(write, everyMs);
    return () => {
      unsubscribe();
      unsubscribeUi?.();
      if (timer !== null) clearTimeout(timer);
    };
  }, [session, ui, everyMs]);
}
