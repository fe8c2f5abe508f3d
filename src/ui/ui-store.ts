/**
 * The app's chrome around one session: the guided tour (issue 7) and the intervention dialogs.
 * A factory, like the session store; it drives the session only through the session's actions.
 *
 * Data definition:
 *   tour      { open, stopId, status, chosen, verdict, presenter }
 *     stopId  the current stop (null: the tour has not been started)
 *     status  'seeking'    the run is being grown and scanned for the point where the stop's
 *                          question is asked
 *             'asking'     the cursor is there: the question waits for an answer and a reveal
 *             'revealing'  the run is scanned for the stop's record, and the question's claims
 *                          with it (one find job with checks: src/tour/question.ts)
 *             'ready'      the cursor is at the stop's record, its process is selected, and
 *                          `verdict` says which choices the run bears out
 *             'not-found'  the run ended without the stop's record (a bug in the stop or scenario)
 *             'stopped'    the search was interrupted (Stop, a step, another scenario)
 *     chosen  the learner's choice (an index into the question's choices), or null
 *     verdict for each choice, whether its claim holds in the run up to the stop's record (null
 *             until revealed)
 *     presenter  large text, high contrast, the stage beside the tour's text (for a projector); with
 *                or without the tour. The debugger's panels are hidden behind one toggle (panels):
 *                shown, they are the stop's (or, without a stop, all of them)
 *   exercises which exercises (stops with a task) have been answered, and rightly; loaded from and
 *             saved to local storage (exercise-progress.ts); an exercise's moves (src/tour/task.ts)
 *             are made with `makeMove`: a knob re-makes the run with it and asks again
 *   While the question is open (seeking, asking, revealing) the session's view hides the future (no
 *   peeking: the log, the sequence chart and the markers stop at the cursor), and the engine watches
 *   for the stop's record: a learner who steps or scrubs onto it (or past it) by hand, every move of
 *   the task made, gets the reveal as if they had pressed it.
 *   dialog    the open intervention dialog and its initial values, or null
 * Rule: going to a stop starts a fresh run of its scenario (default seed) unless the session already
 * runs it with no interventions, then seeks the first record satisfying the question's `ask`
 * predicate; the reveal seeks the stop's own predicate (`at`).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { TOUR_STOPS, type PanelId, type TourStop, type TryAction } from '../tour/stops.ts';
import { checkPositions, verdicts } from '../tour/question.ts';
import { taskDone, type Move } from '../tour/task.ts';
import { followSession, hideFutureWhileAsking, judgeOnArrival, runFacts, viewPatch } from './tour-follow.ts';
import type { SessionActions, SessionState, SessionStore } from './session-store.ts';
import { NO_FILTER } from '../debugger/views/kinds.ts';
import { browserStorage, loadProgress, saveProgress, type Progress, type ProgressStorage } from './exercise-progress.ts';

export type TourStatus = 'seeking' | 'asking' | 'revealing' | 'ready' | 'not-found' | 'stopped';

export type DialogRequest =
  | { readonly kind: 'kill'; readonly reason?: string }
  | { readonly kind: 'inject'; readonly body?: string; readonly orientation?: 'publisher' | 'subscriber' }
  | { readonly kind: 'add-client'; readonly host?: string; readonly lines?: readonly string[] }
  | { readonly kind: 'choose' };

export interface UiState {
  readonly stops: readonly TourStop[];
  readonly tourOpen: boolean;
  readonly stopId: string | null;
  readonly status: TourStatus | null;
  readonly chosen: number | null;
  readonly verdict: readonly boolean[] | null;
  readonly presenter: boolean;
  /** In the presenter view: the debugger's panels shown (below the stage). */
  readonly panels: boolean;
  readonly dialog: DialogRequest | null;
  readonly exercises: Progress;

  /** Opens the tour at `id` (default: the current stop, else the first). */
  openTour(id?: string): void;
  closeTour(): void;
  goTo(id: string): void;
  /** Picks the learner's answer to the current stop's question (before the reveal). */
  choose(index: number | null): void;
  /** Moves to the stop's record and judges the choices by the run. */
  reveal(): void;
  next(): void;
  prev(): void;
  setPresenter(on: boolean): void;
  setPanels(on: boolean): void;
  /** Performs a stop's "try this" action (interventions open their dialog). */
  tryAction(action: TryAction): void;
  openDialog(d: DialogRequest): void;
  closeDialog(): void;
  /** Forgets every exercise's answer (here and in local storage). */
  resetExercises(): void;
  /** Makes one move of the current stop's task: sets its knob (a new run), or opens its intervention. */
  makeMove(move: Move): void;
}

export type UiStore = StoreApi<UiState>;

/** The stop the tour shows, if any. */
export function currentStop(s: Pick<UiState, 'stops' | 'stopId'>): TourStop | null {
  return s.stops.find((x) => x.id === s.stopId) ?? null;
}

const NO_PANELS: readonly PanelId[] = [];

/** Panels to outline: the current stop's, while the tour is open. */
export function highlightedPanels(s: Pick<UiState, 'stops' | 'stopId' | 'tourOpen'>): readonly PanelId[] {
  return s.tourOpen ? (currentStop(s)?.panels ?? NO_PANELS) : NO_PANELS;
}

type PanelsOf = Pick<UiState, 'stops' | 'stopId' | 'tourOpen' | 'presenter' | 'panels'>;

/** In the presenter view the panels are hidden until shown, and then, during a stop, only the stop's. */
export function panelShown(s: PanelsOf, id: PanelId): boolean {
  return shownPanels(s).includes(id);
}

const GRID_ORDER: readonly PanelId[] = ['vm-tree', 'presence-graph', 'inspector', 'event-log', 'sequence-chart', 'code', 'variants'];

/**
 * The panels to show, in order: all of them in the grid's order; in the presenter view none until
 * its toggle shows them, then during a stop only the stop's, in the stop's order (the first is the
 * largest).
 */
export function shownPanels(s: PanelsOf): readonly PanelId[] {
  if (!s.presenter) return GRID_ORDER;
  if (!s.panels) return NO_PANELS;
  const stop = s.tourOpen ? currentStop(s) : null;
  return stop === null ? GRID_ORDER : stop.panels;
}

export function createUiStore(
  session: SessionStore,
  stops: readonly TourStop[] = TOUR_STOPS,
  storage: ProgressStorage | null = browserStorage(),
): UiStore {
  const seeks = seekTickets();
  const watching = { ticket: -1 };
  const store = createStore<UiState>()((set, get) => {
    const ctx: Ctx = { session, actions: session.getState().actions, set, get, seeks, storage, watching };
    return {
      stops,
      tourOpen: false,
      stopId: null,
      status: null,
      chosen: null,
      verdict: null,
      presenter: false,
      panels: false,
      dialog: null,
      exercises: loadProgress(storage),
      resetExercises() {
        set({ exercises: {} });
        saveProgress(storage, {});
      },
      ...tourActions(ctx),
      tryAction: tryThis(ctx),
      makeMove: mover(ctx),
      ...dialogActions(set),
    };
  });
  session.subscribe(followSession(store, stops));
  session.subscribe(judgeOnArrival(store, watching));
  store.subscribe(hideFutureWhileAsking(session));
  return store;
}

/** Each seek gets a ticket; a late answer to an abandoned seek is ignored. */
interface SeekTickets {
  /** A ticket for a new seek, which abandons the one before. */
  take(): number;
  isCurrent(ticket: number): boolean;
  /** Abandons the seek under way, if any. */
  abandon(): void;
}

function seekTickets(): SeekTickets {
  let ticket = 0;
  return {
    take: () => ++ticket,
    isCurrent: (t) => t === ticket,
    abandon: () => {
      ticket++;
    },
  };
}

/** What the store's action factories share. */
interface Ctx {
  readonly session: SessionStore;
  readonly actions: SessionActions;
  readonly set: StoreApi<UiState>['setState'];
  readonly get: () => UiState;
  readonly seeks: SeekTickets;
  readonly storage: ProgressStorage | null;
  /** The ticket of the engine's watch for the current stop's record (-1: none). */
  readonly watching: { ticket: number };
}

/** Does the session run `stop`'s scenario at its default seed, with no interventions? */
function runsStopScenario(s: SessionState, stop: TourStop): boolean {
  const st = s.frame?.status;
  const seed = s.scenarios.find((x) => x.id === stop.scenario)?.seed ?? 0;
  return (
    st !== undefined &&
    st.origin.kind === 'scenario' &&
    st.origin.scenario === stop.scenario &&
    st.origin.seed === seed &&
    st.origin.knob === undefined &&
    st.inputs.length === 0
  );
}


/** Is the tour at rest at its stop: asking its question, or revealed? */
export function settled(status: TourStatus | null): boolean {
  return status === 'asking' || status === 'ready';
}

/**
 * The tour's two searches: `seek` puts the cursor where the stop's question is asked; `reveal`
 * moves it to the stop's record, scanning for the question's claims on the way (src/tour/question.ts).
 */
function seekers({ session, actions, set, get, seeks, storage, watching }: Ctx) {
  /** A search's end without its record: the run ended (not found) or the search was interrupted. */
  const missed = (stop: TourStop): void => {
    const ended = session.getState().frame?.status.canGrow === false;
    set({ status: ended ? 'not-found' : 'stopped' });
    if (ended) actions.notify(`Tour stop “${stop.title}”: its record was not found in this run.`);
  };
  const seek = (stop: TourStop): void => {
    const mine = seeks.take();
    set({ status: 'seeking' });
    void actions.find(stop.question.ask, stop.title, stop.select).then((index) => {
      if (!seeks.isCurrent(mine)) return;
      if (index === null) missed(stop);
      else {
        set({ status: 'asking' });
        // Where the answer is, so that stepping onto it by hand reveals it (judgeOnArrival).
        watching.ticket = actions.watch(stop.at);
      }
    });
  };
  const reveal = (): void => {
    const stop = currentStop(get());
    if (stop === null || get().status !== 'asking') return;
    if (stop.task !== undefined && !taskDone(stop.task, runFacts(session.getState()))) {
      actions.notify(`“${stop.title}”: make your move first — ${stop.task.text}`);
      return;
    }
    const mine = seeks.take();
    watching.ticket = -1;
    set({ status: 'revealing' });
    void actions.findChecked(stop.at, stop.title, checkPositions(stop.question), stop.select).then((found) => {
      if (!seeks.isCurrent(mine)) return;
      if (found.index === null) return missed(stop);
      const verdict = verdicts(stop.question, found.checks ?? []);
      set({ status: 'ready', verdict });
      if (stop.task !== undefined) {
        const chosen = get().chosen;
        const exercises = { ...get().exercises, [stop.id]: { right: chosen !== null && verdict[chosen] === true } };
        set({ exercises });
        saveProgress(storage, exercises);
      }
    });
  };
  return { seek, reveal };
}

/** An exercise's moves: a knob starts the stop's run again with it (and asks again), an intervention acts on the run, a view setting is turned on. */
function mover(ctx: Ctx): UiState['makeMove'] {
  const { actions, get, session } = ctx;
  const { seek } = seekers(ctx);
  const act = tryThis(ctx);
  return (move) => {
    const stop = currentStop(get());
    const task = stop?.task;
    if (stop === null || task === undefined) return;
    switch (move) {
      case 'knob':
        if (task.knob === undefined) return;
        actions.setScenario(stop.scenario, task.knob);
        actions.selectProcess(null);
        seek(stop);
        return;
      case 'action':
        if (task.action !== undefined) act(task.action);
        return;
      case 'view':
        if (task.view !== undefined) actions.setView(viewPatch(task.view, session.getState()));
        return;
    }
  };
}

/** Opening and closing the tour, and moving between its stops. */
function tourActions(ctx: Ctx) {
  const { session, actions, set, get, seeks } = ctx;
  const { seek, reveal } = seekers(ctx);
  const goTo = (id: string): void => {
    const stop = get().stops.find((x) => x.id === id);
    if (stop === undefined) {
      actions.notify(`There is no tour stop "${id}".`);
      return;
    }
    set({ stopId: stop.id, tourOpen: true, dialog: null, chosen: null, verdict: null });
    if (runsStopScenario(session.getState(), stop)) actions.setFilters(NO_FILTER);
    else actions.setScenario(stop.scenario);
    actions.selectProcess(null);
    seek(stop);
  };

  const step = (dir: 1 | -1): void => {
    const { stops: list, stopId } = get();
    const i = list.findIndex((x) => x.id === stopId);
    const j = i === -1 ? 0 : Math.max(0, Math.min(list.length - 1, i + dir));
    const target = list[j];
    if (target !== undefined && (target.id !== stopId || !settled(get().status))) goTo(target.id);
  };

  return {
    openTour(id?: string) {
      const target = id ?? get().stopId ?? get().stops[0]?.id;
      if (target === undefined) return;
      if (target === get().stopId && settled(get().status)) set({ tourOpen: true });
      else goTo(target);
    },
    closeTour() {
      seeks.abandon();
      set({ tourOpen: false, presenter: false });
    },
    goTo,
    choose(index: number | null) {
      if (get().verdict === null) set({ chosen: index });
    },
    reveal,
    next: () => step(1),
    prev: () => step(-1),
    setPresenter(on: boolean) {
      set({ presenter: on, panels: false });
    },
    setPanels(on: boolean) {
      set({ panels: on });
    },
  };
}

/** A stop's "try this" action: moves in the run, or opens an intervention's dialog. */
function tryThis({ actions, set, seeks }: Ctx): UiState['tryAction'] {
  return (action) => {
    switch (action.kind) {
      case 'step':
        actions.stepBy(action.by);
        return;
      case 'seek':
        seeks.abandon();
        void actions.find(action.to, 'try this');
        return;
      case 'select':
        actions.selectNamed({ name: action.process });
        return;
      case 'kill': {
        actions.selectNamed({ name: action.process });
        set({ dialog: { kind: 'kill', ...(action.reason === undefined ? {} : { reason: action.reason }) } });
        return;
      }
      case 'inject':
        set({ dialog: { kind: 'inject', body: action.body, ...(action.orientation ? { orientation: action.orientation } : {}) } });
        return;
      case 'add-client':
        set({ dialog: { kind: 'add-client', host: action.host, lines: action.lines } });
        return;
    }
  };
}

function dialogActions(set: StoreApi<UiState>['setState']) {
  return {
    openDialog(d: DialogRequest) {
      set({ dialog: d });
    },
    closeDialog() {
      set({ dialog: null });
    },
  };
}
