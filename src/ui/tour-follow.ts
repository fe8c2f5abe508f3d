/**
 * How the tour follows its session (src/ui/ui-store.ts): it keeps only the stops the engine can run,
 * leaves a stop whose run was replaced by hand, reveals the answer when the learner steps onto it,
 * and hides the future while a question is open. Each is a subscription, set up by createUiStore.
 */
import { availableStops, type TourStop } from '../tour/stops.ts';
import { sameKnob, taskDone, type RunFacts, type ViewSetting } from '../tour/task.ts';
import type { ViewRequest } from '../debugger/engine/frame.ts';
import { assertNever } from '../kernel/values.ts';
import type { SessionState, SessionStore } from './session-store.ts';
import { currentStop, settled, type UiState, type UiStore } from './ui-store.ts';

/** What the session's run shows of an exercise's moves. */
export function runFacts(s: SessionState): RunFacts {
  const st = s.frame?.status;
  const knob = st?.origin.kind === 'scenario' ? (st.origin.knob ?? null) : null;
  const views = s.view.sequence?.conversationOnly === true ? (['conversation-only'] as const) : [];
  return { knob, inputs: st?.inputs.length ?? 0, views };
}

/** The change to the session's view that turns `setting` on (runFacts reads it back). */
export function viewPatch(setting: ViewSetting, s: SessionState): Partial<ViewRequest> {
  switch (setting) {
    case 'conversation-only':
      return { sequence: { ...s.view.sequence, conversationOnly: true } };
    default:
      return assertNever(setting, 'view setting');
  }
}

/**
 * Keeps the tour in step with the session: only stops of scenarios the engine knows, and a stop
 * left (status 'stopped') when another scenario or seed is chosen by hand.
 */
export function followSession(store: UiStore, stops: readonly TourStop[]) {
  return (s: SessionState, prev: SessionState): void => {
    // Stops of scenarios the engine does not know are left out of the tour.
    if (s.scenarios !== prev.scenarios) store.setState({ stops: availableStops(s.scenarios.map((x) => x.id), stops) });
    // Choosing another scenario (or seed) by hand leaves the stop: its text no longer describes the run.
    const origin = s.frame?.status.origin;
    const was = prev.frame?.status.origin;
    const knobOf = (o: typeof origin) => (o?.kind === 'scenario' ? (o.knob ?? null) : null);
    const sameRun = was !== undefined && origin !== undefined && was.scenario === origin.scenario && was.seed === origin.seed;
    if (origin === undefined || (sameRun && knobOf(was) === knobOf(origin))) return;
    const u = store.getState();
    const stop = currentStop(u);
    const seed = s.scenarios.find((x) => x.id === stop?.scenario)?.seed;
    // The stop's own run: its scenario at its seed, with no knob or its task's.
    const knob = knobOf(origin);
    const own = stop !== null && origin.scenario === stop.scenario && origin.seed === seed && (knob === null || sameKnob(stop.task?.knob, knob));
    if (settled(u.status) && stop !== null && !own) store.setState({ status: 'stopped' });
  };
}

/**
 * Judging by stepping: while the question waits (every move of the task made), a cursor the learner
 * moves onto the stop's record or past it — the engine's watch says where that is — reveals the
 * answer. Only a move of the cursor in the same run counts: an intervention that lands past the
 * answer (its records are applied at once) leaves the learner to answer first.
 */
export function judgeOnArrival(store: UiStore, watching: { ticket: number }) {
  return (s: SessionState, prev: SessionState): void => {
    const st = s.frame?.status;
    const was = prev.frame?.status;
    const w = st?.watch;
    const u = store.getState();
    if (st === undefined || was === undefined || w == null || u.status !== 'asking' || w.ticket !== watching.ticket || w.index === null) return;
    const moved = st.cursor !== was.cursor && st.runId === was.runId && st.inputs.length === was.inputs.length;
    if (!moved || st.job !== null || st.cursor <= w.index) return;
    if (!taskDone(currentStop(u)?.task, runFacts(s))) return;
    u.reveal();
  };
}

/** No peeking: while a question is open the panels show nothing after the cursor. */
export function hideFutureWhileAsking(session: SessionStore) {
  return (u: UiState, prev: UiState): void => {
    const open = (x: UiState) => x.tourOpen && (x.status === 'seeking' || x.status === 'asking' || x.status === 'revealing');
    const now = open(u);
    if (now === open(prev) && now === session.getState().view.hideFuture) return;
    session.getState().actions.setView({ hideFuture: now });
  };
}
