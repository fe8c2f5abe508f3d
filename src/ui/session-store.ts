/**
 * One debugging session as the UI sees it: a thin zustand adapter over the engine, which runs in a
 * Web Worker (src/ui/engine). The store holds what the engine last said (a frame of view-models)
 * and sends it the user's actions; it runs no kernel and computes no view.
 *
 * Data definition:
 *   ready      the first frame has arrived (e2e tests and the app wait on data-ready)
 *   frame      every section as last received (frames are patches: a section that did not change
 *              is not sent again)
 *   cursor     the cursor shown: the frame's, or — for a move the engine has not answered yet —
 *              the one asked for, so a dragged slider does not snap back
 *   view       what the UI shows, told to the engine so it computes just that
 *   pendingExport  an export of several files, held until the user says how to save it
 *   variants   the last one-knob comparison asked for (its progress, then its result), or null
 *   divergence a program's run against the run before its edit (where it first departs), or null
 *   programTrace  the program of the last trace file opened that records one (the playground shows it)
 * Rules: the store acknowledges a frame once it is painted; the engine sends at most one frame
 * ahead of that, so the UI never falls behind on a backlog of stale frames.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Frame, ViewRequest } from '../debugger/engine/frame.ts';
import type { Found, KnobSetting } from '../debugger/engine/player.ts';
import { FULL_VIEW } from '../debugger/engine/frame.ts';
import type { Position, ProcessRef } from '../debugger/positions.ts';
import type { LogFilter } from '../debugger/views/kinds.ts';
import type { Intervention } from '../kernel/ground/index.ts';
import type { EngineLink } from './engine/link.ts';
import { NO_IO, type ExportFile, type FromEngine, type IoView, type ScenarioInfo, type WireAction } from './engine/protocol.ts';
import type { ExportFormat } from '../debugger/export/index.ts';
import { downloadBlob, type Download } from './io/download.ts';
import { bundleName, markdownBundle } from './io/bundle.ts';
import { share } from './engine/share.ts';
import type { VariantRequest } from '../debugger/variants/compare.ts';
import type { VariantView } from '../debugger/variants/view.ts';
import type { SharedRun } from '../playground/share.ts';

export interface SessionActions {
  stepForward(): void;
  stepBack(): void;
  stepOver(): void;
  /** `by` records forward (back when negative), animated as a step (the tour's "step forward three"). */
  stepBy(by: number): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  runToEnd(): void;
  setSpeed(recordsPerSecond: number): void;
  toStart(): void;
  toEnd(): void;
  jumpTo(index: number): void;
  /** To just before the first record of simulation step `step`. */
  jumpToStep(step: number): void;
  stop(): void;
  /** Finds the record `position` designates (growing the run); resolves with its index, or null. */
  find(position: Position, label: string, select?: ProcessRef): Promise<number | null>;
  /**
   * The same, also scanning for `checks` in the records up to the found one: resolves with the
   * outcome (each check's index, or null), or with `index: null` if the record was not found.
   */
  findChecked(position: Position, label: string, checks: readonly Position[], select?: ProcessRef): Promise<Found>;
  /** Asks the query bar's question (null: clears it); the answer comes in the frame's `queries`. */
  ask(text: string | null): void;
  /** Adds a breakpoint (a query: docs/queries.md), enabled unless `enabled` is false. */
  addBreakpoint(text: string, enabled?: boolean): void;
  removeBreakpoint(id: number): void;
  toggleBreakpoint(id: number): void;
  /** To the nearest hit of an enabled breakpoint after (before) the cursor, over the recording so far. */
  nextHit(): void;
  previousHit(): void;
  /** Grows the live run until a breakpoint hits after the cursor (within the engine's fuel limit). */
  runUntil(): void;
  /** Watches a query's value at the cursor (the frame's `queryWatches`); removeQueryWatch stops. */
  addQueryWatch(text: string): void;
  removeQueryWatch(id: number): void;
  /** Applies an intervention at the cursor shown (in the past the engine branches there). */
  intervene(intervention: Intervention): void;
  /** Starts the run again from its start, at `seed` (default: its own); it can be undone. */
  reset(seed?: number): void;
  /** Puts back the session the last reset replaced. */
  undoReset(): void;
  /** Dismisses the offer to undo the last reset. */
  keepReset(): void;
  /** A fresh run of scenario `id` at `seed` (default: its own), with one of its options set (`knob`) or none. */
  setScenario(id: string, knob?: KnobSetting, seed?: number): void;
  /** Watches for `position` in the run without moving the cursor (null: stops); frames' status.watch answers, with the ticket returned. */
  watch(position: Position | null): number;
  selectProcess(key: string | null): void;
  selectNamed(ref: ProcessRef): void;
  selectRecord(index: number | null): void;
  setFilters(patch: Partial<LogFilter>): void;
  notify(text: string): void;
  dismissNotice(id: number): void;
  backToLive(): void;
  setView(patch: Partial<ViewRequest>): void;
  /** Reads a trace file in the engine and, if it is valid, opens it (the live run is kept). */
  openFile(file: Blob, name: string): void;
  /** Re-executes the open recorded trace and compares every step's hash. */
  recheck(): void;
  /** Saves the run in `format`; an export of several files (mermaid) waits in `pendingExport`. */
  exportTrace(format: ExportFormat): void;
  /** Saves the pending export as its files, or bundled into one (Markdown), or drops it. */
  savePendingExport(how: 'files' | 'bundle' | 'cancel'): void;
  stopIo(job: 'import' | 'recheck' | 'export'): void;
  dismissImportErrors(): void;
  /** Runs the scenario with a knob at two values, in the engine, and compares (the answer goes to `variants`). */
  compareVariants(request: VariantRequest): void;
  /** Stops the comparison under way and forgets the last one. */
  clearVariants(): void;
  dispose(): void;
}

export interface SessionState {
  readonly ready: boolean;
  readonly failed: string | null;
  readonly scenarios: readonly ScenarioInfo[];
  readonly frame: Frame | null;
  readonly cursor: number;
  readonly view: ViewRequest;
  /** The engine's file jobs: importing, exporting, the last re-check, refused files. */
  readonly io: IoView;
  readonly pendingExport: PendingExport | null;
  readonly variants: VariantView | null;
  /** The program's run against the run before its edit (the playground's Run), once compared. */
  readonly divergence: EditDivergence | null;
  readonly programTrace: { readonly name: string; readonly run: SharedRun } | null;
  readonly actions: SessionActions;
}

export type SessionStore = StoreApi<SessionState>;

export type EditDivergence = Omit<Extract<FromEngine, { type: 'edit-divergence' }>, 'type'>;

/** An export that made several files, waiting for the user to choose how to save them. */
export interface PendingExport {
  readonly format: ExportFormat;
  readonly label: string;
  readonly files: readonly ExportFile[];
}

export interface SessionOptions {
  /** Grow the run in the background (default true). */
  readonly explore?: boolean;
  readonly view?: ViewRequest;
  /** Calls `f` once what was just rendered is on screen (default: after the next animation frame). */
  readonly afterPaint?: (f: () => void) => void;
  /** Saves a file the engine made (default: a browser download). */
  readonly download?: Download;
}

const browserAfterPaint = (f: () => void): void => {
  requestAnimationFrame(() => setTimeout(f, 0));
};

/** The cursor shown for a move, when the engine's answer is predictable (it never grows the run). */
function predicted(a: WireAction, cursor: number, length: number): number | null {
  switch (a.type) {
    case 'step':
      return cursor < length ? cursor + 1 : null;
    case 'step-back':
      return Math.max(0, cursor - 1);
    case 'step-by':
      return cursor + a.by <= length ? Math.max(0, cursor + Math.trunc(a.by)) : null;
    case 'to-start':
      return 0;
    case 'jump':
      return a.to <= length ? Math.max(0, Math.floor(a.to)) : null;
    default:
      return null;
  }
}

export function createSession(link: EngineLink, start: { scenario: string; seed: number | null; step: number }, o: SessionOptions = {}): SessionStore {
  const afterPaint = o.afterPaint ?? browserAfterPaint;
  let seq = 0;
  let ticket = 0;
  /** The comparison the UI waits for: answers to an older one are dropped. */
  let variantTicket = -1;
  const finds = new Map<number, (found: Found) => void>();
  const store = createStore<SessionState>()((set, get) => {
    const act = (action: WireAction): void => {
      seq++;
      link.send({ type: 'act', action, seq });
      const f = get().frame;
      const c = f === null ? null : predicted(action, get().cursor, f.status.length);
      if (c !== null) set({ cursor: c });
    };
    return {
      ready: false, failed: null, scenarios: [], frame: null, cursor: start.step, view: o.view ?? FULL_VIEW, io: NO_IO, pendingExport: null,
      variants: null, divergence: null, programTrace: null,
      actions: {
        ...sessionActions(act, get, set, link, () => ++ticket, finds, o.download ?? downloadBlob),
        ...variantActions(link, set, () => ++ticket, (t) => (variantTicket = t)),
      },
    };
  });

  const download = o.download ?? downloadBlob;
  link.listen((m: FromEngine) => {
    if (m.type === 'io') store.setState({ io: m.io });
    else if (m.type === 'program-trace') store.setState({ programTrace: { name: m.name, run: m.run } });
    else if (m.type === 'edit-divergence') store.setState({ divergence: { divergence: m.divergence, view: m.view } });
    else if (m.type === 'variants') {
      if (m.ticket === variantTicket) store.setState({ variants: m.view });
    }
    // Several files (a long run's Mermaid diagrams): say so before downloading anything.
    else if (m.type === 'download' && m.files.length > 1) store.setState({ pendingExport: { format: m.format, label: m.label, files: m.files } });
    else if (m.type === 'download') for (const f of m.files) download(f.blob, f.name);
    else onMessage(store, m, () => seq, finds, () => afterPaint(() => link.send({ type: 'ack' })));
  });
  link.send({ type: 'start', ...start, view: store.getState().view, explore: o.explore ?? true });
  return store;
}

function onMessage(
  store: SessionStore,
  m: Extract<FromEngine, { type: 'hello' | 'failed' | 'frame' }>,
  lastSeq: () => number,
  finds: Map<number, (found: Found) => void>,
  ack: () => void,
): void {
  switch (m.type) {
    case 'hello':
      // A new engine (a program's Run): the last edit's comparison belongs to the run before.
      store.setState({ scenarios: m.scenarios, divergence: null });
      return;
    case 'failed':
      store.setState({ failed: m.message });
      return;
    case 'frame': {
      // The engine sends no frame until this one is acknowledged: a subscriber that throws must
      // not leave the page frozen on this frame.
      try {
        const s = store.getState();
        const frame = patchFrame(s.frame, m.frame);
        // A move sent after this frame was made keeps its predicted cursor until the engine answers it.
        const cursor = m.seq >= lastSeq() ? frame.status.cursor : s.cursor;
        store.setState({ frame, cursor, ready: true });
        settleFinds(finds, frame.status.found);
      } finally {
        ack();
      }
      return;
    }
  }
}

/**
 * Settles every find the frame has an outcome for. The engine runs one find at a time and a new one
 * ends the old, so a ticket older than the newest outcome that the frame no longer lists (more finds
 * ended between two frames than it keeps) was ended: it settles as not found, never hangs.
 */
function settleFinds(finds: Map<number, (found: Found) => void>, outcomes: readonly Found[]): void {
  const newest = outcomes.at(-1)?.ticket;
  if (newest === undefined) return;
  for (const [ticket, resolve] of finds) {
    if (ticket > newest) continue;
    resolve(outcomes.find((f) => f.ticket === ticket) ?? { ticket, index: null });
    finds.delete(ticket);
  }
}

/**
 * `prev` with the sections `patch` sends. A section arrives as a new object even where most of it
 * did not change (the status with every frame, the sequence window whenever the cursor moves in
 * it): the parts equal to what the store has keep their old references, so the components that
 * select them (or are memoised on them) do not re-render.
 */
function patchFrame(prev: Frame | null, patch: Frame): Frame {
  const frame: Record<string, unknown> = { ...prev };
  for (const [k, v] of Object.entries(patch)) frame[k] = share(frame[k], v);
  return frame as unknown as Frame;
}

function variantActions(
  link: EngineLink,
  set: (p: Partial<SessionState>) => void,
  nextTicket: () => number,
  waitFor: (ticket: number) => void,
): Pick<SessionActions, 'compareVariants' | 'clearVariants'> {
  return {
    compareVariants(request) {
      const t = nextTicket();
      waitFor(t);
      link.send({ type: 'variants', request, ticket: t });
    },
    clearVariants() {
      waitFor(-1);
      set({ variants: null });
      link.send({ type: 'stop-variants' });
    },
  };
}

/** Find jobs: each gets a ticket, and its promise settles when a frame reports that ticket's outcome. */
function finders(
  act: (a: WireAction) => void,
  nextTicket: () => number,
  finds: Map<number, (found: Found) => void>,
): Pick<SessionActions, 'find' | 'findChecked'> {
  const start = (position: Position, label: string, checks: readonly Position[] | null, select?: ProcessRef): Promise<Found> => {
    const t = nextTicket();
    return new Promise((resolve) => {
      finds.set(t, resolve);
      act({ type: 'find', position, label, ticket: t, ...(checks === null ? {} : { checks }), ...(select === undefined ? {} : { select }) });
    });
  };
  return {
    find: (position, label, select) => start(position, label, null, select).then((f) => f.index),
    findChecked: (position, label, checks, select) => start(position, label, checks, select),
  };
}

/** The query bar's and the breakpoints' actions (the engine's breakpoints.ts). */
function queryActions(act: (a: WireAction) => void): Pick<SessionActions, QueryActionName> {
  return {
    ask: (text) => act({ type: 'ask', text }),
    addBreakpoint: (text, enabled = true) => act({ type: 'add-breakpoint', text, enabled }),
    removeBreakpoint: (id) => act({ type: 'remove-breakpoint', id }),
    toggleBreakpoint: (id) => act({ type: 'toggle-breakpoint', id }),
    nextHit: () => act({ type: 'next-hit' }),
    previousHit: () => act({ type: 'previous-hit' }),
    runUntil: () => act({ type: 'run-until' }),
    addQueryWatch: (text) => act({ type: 'add-query-watch', text }),
    removeQueryWatch: (id) => act({ type: 'remove-query-watch', id }),
  };
}

type QueryActionName =
  | 'ask' | 'addBreakpoint' | 'removeBreakpoint' | 'toggleBreakpoint' | 'nextHit' | 'previousHit' | 'runUntil' | 'addQueryWatch' | 'removeQueryWatch';

function sessionActions(
  act: (a: WireAction) => void,
  get: () => SessionState,
  set: (p: Partial<SessionState>) => void,
  link: EngineLink,
  nextTicket: () => number,
  finds: Map<number, (found: Found) => void>,
  download: Download,
): Omit<SessionActions, 'compareVariants' | 'clearVariants'> {
  return {
    stepForward: () => act({ type: 'step' }),
    stepBack: () => act({ type: 'step-back' }),
    stepOver: () => act({ type: 'step-over' }),
    stepBy: (by) => act({ type: 'step-by', by }),
    play: () => act({ type: 'play' }),
    pause: () => act({ type: 'pause' }),
    togglePlay: () => act({ type: 'toggle-play' }),
    runToEnd: () => act({ type: 'run-to-end' }),
    setSpeed: (speed) => act({ type: 'set-speed', speed }),
    toStart: () => act({ type: 'to-start' }),
    toEnd: () => act({ type: 'to-end' }),
    jumpTo: (to) => act({ type: 'jump', to }),
    jumpToStep: (step) => act({ type: 'jump-to-step', step }),
    stop: () => act({ type: 'stop' }),
    ...finders(act, nextTicket, finds),
    ...queryActions(act),
    intervene: (intervention) => act({ type: 'intervene', at: get().cursor, intervention }),
    reset: (seed) => act(seed === undefined ? { type: 'reset' } : { type: 'reset', seed }),
    undoReset: () => act({ type: 'undo-reset' }),
    keepReset: () => act({ type: 'keep-reset' }),
    setScenario(id, knob, seed) {
      const info = get().scenarios.find((s) => s.id === id);
      act({ type: 'load', scenario: id, seed: seed ?? info?.seed ?? 0, ...(knob === undefined ? {} : { knob }) });
    },
    watch(position) {
      const t = nextTicket();
      act({ type: 'watch', position, ticket: t });
      return t;
    },
    selectProcess: (key) => act({ type: 'select-process', key }),
    selectNamed: (ref) => act({ type: 'select-named', ref }),
    selectRecord: (index) => act({ type: 'select-record', index }),
    setFilters: (patch) => act({ type: 'set-filters', patch }),
    notify: (text) => act({ type: 'notify', text }),
    dismissNotice: (id) => act({ type: 'dismiss', id }),
    backToLive: () => act({ type: 'back-to-live' }),
    setView(patch) {
      const view = { ...get().view, ...patch };
      set({ view });
      link.send({ type: 'view', view });
    },
    openFile: (file, name) => link.send({ type: 'open-file', file, name }),
    recheck: () => link.send({ type: 'recheck' }),
    exportTrace: (format) => link.send({ type: 'export', format }),
    savePendingExport(how) {
      const p = get().pendingExport;
      set({ pendingExport: null });
      if (p === null || how === 'cancel') return;
      if (how === 'files') for (const f of p.files) download(f.blob, f.name);
      else void markdownBundle(p).then((blob) => download(blob, bundleName(p.files[0]!.name)));
    },
    stopIo: (job) => link.send({ type: 'stop-io', job }),
    dismissImportErrors: () => link.send({ type: 'dismiss-import-errors' }),
    dispose: () => link.close(),
  };
}
