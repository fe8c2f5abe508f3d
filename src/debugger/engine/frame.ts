/**
 * What the engine tells a face (the UI) about the cursor it shows: view-models only, plain data
 * that crosses a worker boundary by structured clone. The UI never sees records or models.
 *
 * Data definition:
 *   ViewRequest  what the UI is showing and how: which panels, the log's visible rows, options
 *   Frame        `status` always; every other section only when it changed since the last frame
 *                the face received (absent = keep what you have; null = nothing to show)
 */
import type { Pid, VmPath } from '../../kernel/index.ts';
import type { GraphChange, Inspection, LogRow, MarkerBucket, PresenceGraph, SequenceWindow, TreeNode } from '../views/index.ts';
import type { InputView } from '../views/inputs.ts';
import type { StageView } from '../views/stage-types.ts';
import type { ChoicesView } from '../views/choices.ts';
import type { Verdict } from '../query/invariants.ts';
import type { CodeFocus } from '../views/code-focus.ts';
import type { StageRequest } from './stage-section.ts';
import type { LogFilter } from '../views/log.ts';
import type { HistoryStatus } from './history.ts';
import { WHY_SHOWN } from './constants.ts';
import type { Found, Notice, Origin, Selection } from './player.ts';
import type { WatchView } from './watch.ts';
import type { QueriesView } from './query-section.ts';
import type { WatchValueView } from './query-watch.ts';

export interface ViewRequest {
  /** The VM tree, and whether it lists exited processes; null: not shown. */
  readonly tree: { readonly showExited: boolean } | null;
  readonly graph: boolean;
  readonly inspector: boolean;
  /** How many of the Why chain's nearest causes to describe (the inspector shows 25 until asked for all). */
  readonly whyLinks: number;
  /** Rows first … first+count of the filtered log; `follow`: centre the cursor's row when it moves out of view. */
  readonly log: { readonly first: number; readonly count: number; readonly follow: boolean } | null;
  readonly sequence: { readonly conversationOnly: boolean } | null;
  /** How many buckets the timeline's marker strip has; null: not shown. */
  readonly markers: number | null;
  /** The stage (what moved at the cursor); null: not shown. */
  readonly stage: StageRequest | null;
  /**
   * No peeking (a tour question is open): the log, the sequence chart and the timeline's markers
   * show nothing after the cursor.
   */
  readonly hideFuture: boolean;
  /** The ground's candidates for its next event at the cursor (issue 17); absent or false: not shown. */
  readonly choices?: boolean;
  /** The general invariants' verdicts at the cursor (query/invariants.ts); absent or false: not shown. */
  readonly invariants?: boolean;
}

export const FULL_VIEW: ViewRequest = {
  tree: { showExited: false },
  graph: true,
  inspector: true,
  whyLinks: WHY_SHOWN,
  log: { first: 0, count: 60, follow: true },
  sequence: { conversationOnly: false },
  markers: 240,
  stage: { conversation: false },
  hideFuture: false,
};

export type JobView =
  | { readonly kind: 'play'; readonly fast: boolean }
  | { readonly kind: 'seek'; readonly target: number }
  | { readonly kind: 'to-end' }
  | { readonly kind: 'run-until' }
  | { readonly kind: 'find'; readonly label: string };

export interface SelectedView {
  readonly key: string;
  readonly pid: Pid;
  readonly name: string;
  readonly vm: VmPath;
  readonly alive: boolean;
}

export interface StatusView {
  readonly origin: Origin;
  readonly cursor: number;
  readonly length: number;
  readonly status: HistoryStatus;
  readonly canGrow: boolean;
  readonly job: JobView | null;
  readonly speed: number;
  readonly exploring: boolean;
  /** Virtual time at the cursor, in ms. */
  readonly time: number;
  /**
   * The current record (the cursor's last applied one), printed, or null at the start; `focus`:
   * the process and endpoints it points at in the source (the Code panel).
   */
  readonly current: { readonly index: number; readonly id: number; readonly text: string; readonly focus: CodeFocus } | null;
  readonly selection: Selection;
  /** The selected process at the cursor, if it exists there. */
  readonly selected: SelectedView | null;
  readonly filters: LogFilter;
  readonly notices: readonly Notice[];
  /** The outcomes of the last few finds, oldest first. */
  readonly found: readonly Found[];
  /** Where the watched position is (the tour's answer), once the background scan found it. */
  readonly watch: WatchView | null;
  readonly inputs: readonly InputView[];
  /** Records an intervention at the cursor would discard (0: it is at the frontier). */
  readonly discardAtCursor: number;
  /** The live run put aside while a recorded trace is open, if any. */
  readonly previous: Origin | null;
  /** What "Undo reset" would put back: its seed, cursor and number of inputs (null: nothing). */
  readonly undo: { readonly seed: number; readonly cursor: number; readonly inputs: number } | null;
  /** Steps in the history (for a recorded trace's summary). */
  readonly steps: number;
  /** A recorded trace's end line status (null: a live run, or a version 1 file). */
  readonly endStatus: string | null;
  /** The simulated world at the frontier (null for a recorded trace): where a new client may go. */
  readonly world: { readonly vmHost: string; readonly clients: readonly string[] } | null;
  /** Which run this is: another run (a new scenario, seed, branch or file) has another id. */
  readonly runId: number;
}

export interface WhyView {
  /** The record asked about (selected, else the current one). */
  readonly index: number;
  readonly id: number;
  /** Nearest first: the record, its cause, … (at most the view's whyLinks), each in words, with its raw form. */
  readonly lines: readonly WhyLine[];
  /** Links in the whole chain, back to the root (bounded by the chain's own limit). */
  readonly total: number;
}

export interface WhyLine {
  readonly index: number;
  readonly id: number;
  readonly actor: string;
  readonly what: string;
  readonly about: string;
  readonly raw: string;
}

export interface LogView {
  /** Records that pass the filter (so far: see `complete`). */
  readonly matching: number;
  /** Records in the run (up to the cursor, when the future is hidden). */
  readonly length: number;
  /** Records after the cursor left out (the future is hidden: ViewRequest.hideFuture). */
  readonly hidden: number;
  /** false while the filter is still being applied to a long run. */
  readonly complete: boolean;
  /** The position in the filtered list of the first row at or after the cursor's record. */
  readonly cursorPos: number;
  /** The rows sent: positions first … first + rows.length. */
  readonly first: number;
  readonly rows: readonly LogRow[];
}

export interface SequenceView extends SequenceWindow {
  /** The position in `events` of the last event before the cursor, or -1. */
  readonly currentPos: number;
}

export interface NamesView {
  readonly procs: readonly { readonly key: string; readonly name: string }[];
  readonly vms: readonly string[];
}

export interface Frame {
  readonly status: StatusView;
  readonly tree?: TreeNode | null;
  readonly graph?: { readonly graph: PresenceGraph; readonly change: GraphChange | null } | null;
  readonly inspector?: Inspection | null;
  readonly why?: WhyView | null;
  readonly log?: LogView | null;
  readonly sequence?: SequenceView | null;
  readonly markers?: readonly MarkerBucket[] | null;
  readonly names?: NamesView;
  readonly stage?: StageView | null;
  /** Breakpoints with their hits, the query bar's answer, completion names (query-section.ts). */
  readonly queries?: QueriesView;
  /** The query watches' values at the cursor, with their sparklines (query-watch.ts). */
  readonly queryWatches?: readonly WatchValueView[];
  /** What the ground could deliver next at the cursor (null: not asked for, or a recorded trace). */
  readonly choices?: ChoicesView | null;
  /** Each general invariant's verdict at the cursor (null: not asked for). */
  readonly invariants?: readonly Verdict[] | null;
}
