/**
 * The messages between the UI (main thread) and the engine (a Web Worker). Everything crosses by
 * structured clone: terms, client scripts, view-models and files are plain data.
 *
 *   UI → engine   start (the first message), act (a player action), view (what is shown), ack (a
 *                 frame was painted: the engine sends at most one frame the UI has not taken in),
 *                 the file jobs: open-file, recheck, export, stop-io, dismiss-import-errors, and a
 *                 one-knob comparison: variants (a new one replaces the one under way), stop-variants
 *   engine → UI   hello (the scenario catalogue), frame (view-model patches), io (the file jobs'
 *                 progress), download (an export's files), variants (a comparison's progress, then
 *                 its result), failed (the engine hit a bug: the UI says so instead of freezing),
 *                 program-trace (the file opened is a program's run: its program, to show and run)
 */
import type { Frame, ViewRequest } from '../../debugger/engine/frame.ts';
import type { ExportFormat } from '../../debugger/export/index.ts';
import type { PlayerAction } from '../../debugger/engine/player.ts';
import type { VariantRequest } from '../../debugger/variants/compare.ts';
import type { VariantView } from '../../debugger/variants/view.ts';
import type { Divergence } from '../../debugger/variants/divergence.ts';
import type { KnobInfo } from '../../scenarios/variants.ts';
import type { SharedRun } from '../../playground/share.ts';

/** What the UI needs to know of a scenario without running any of it. */
export interface ScenarioInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly seed: number;
  /** The TCP port its scripted clients connect to, or null (not a TCP scenario: no "Add client"). */
  readonly tcpPort: number | null;
  /** The host its VM runs on (where an added client connects). */
  readonly vmHost: string;
  /** Its one-knob variants (docs/variants.md). */
  readonly knobs: readonly KnobInfo[];
}

/** Player actions the UI may send (ticks are the engine's own; recorded sessions come from files). */
export type WireAction = Exclude<PlayerAction, { readonly type: 'tick' | 'open-recorded' }>;

export type ToEngine =
  /**
   * `seq`: the UI's last action number, when a new engine takes over a session (a program run);
   * `inputs`: the run's inputs as a trace header writes them (a shared run's interventions).
   */
  | {
      readonly type: 'start'; readonly scenario: string; readonly seed: number | null; readonly step: number; readonly view: ViewRequest;
      readonly explore: boolean; readonly seq?: number; readonly inputs?: readonly unknown[];
    }
  /** `seq` numbers the UI's actions: a frame says which it has taken in. */
  | { readonly type: 'act'; readonly action: WireAction; readonly seq: number }
  | { readonly type: 'view'; readonly view: ViewRequest }
  | { readonly type: 'ack' }
  /** Reads a trace file and, if it is valid, opens it (the live run is kept for "Back"). */
  | { readonly type: 'open-file'; readonly file: Blob; readonly name: string }
  /** Re-executes the open recorded trace and compares every step. */
  | { readonly type: 'recheck' }
  | { readonly type: 'export'; readonly format: ExportFormat }
  | { readonly type: 'stop-io'; readonly job: 'import' | 'recheck' | 'export' }
  /** Forgets the files refused so far (the UI's "Dismiss"). */
  | { readonly type: 'dismiss-import-errors' }
  /** Runs the scenario twice, with the knob at each value, and compares (`ticket` names the answer). */
  | { readonly type: 'variants'; readonly request: VariantRequest; readonly ticket: number }
  | { readonly type: 'stop-variants' };

export interface RecheckView {
  /** The run it is about (the UI shows it only while that run is open). */
  readonly runId: number;
  readonly state: 'running' | 'identical' | 'differs' | 'failed' | 'stopped';
  readonly steps: number;
  /** Steps in the file. */
  readonly total: number;
  readonly text: string;
  /** The first step that differs (differs only). */
  readonly step: number | null;
}

/** The file jobs under way, the last re-check, and why the files refused since the last one opened were. */
export interface IoView {
  readonly importing: { readonly name: string; readonly bytes: number; readonly total: number; readonly records: number } | null;
  readonly exporting: { readonly label: string; readonly records: number; readonly total: number } | null;
  readonly recheck: RecheckView | null;
  /** Oldest first, at most MAX_IMPORT_ERRORS: the UI shows the latest and folds the others. */
  readonly importErrors: readonly string[];
}

/** Refused files remembered (the oldest are forgotten first). */
export const MAX_IMPORT_ERRORS = 20;

export const NO_IO: IoView = { importing: null, exporting: null, recheck: null, importErrors: [] };

export type FromEngine =
  | { readonly type: 'hello'; readonly scenarios: readonly ScenarioInfo[] }
  /** `seq`: the last action taken in before the frame was made. */
  | { readonly type: 'frame'; readonly frame: Frame; readonly seq: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'io'; readonly io: IoView }
  /** An export is ready: the UI saves each file (asking first when there are several). */
  | { readonly type: 'download'; readonly format: ExportFormat; readonly label: string; readonly files: readonly ExportFile[] }
  /** A comparison's progress (state running), then its result (done, or failed with the reason). */
  | { readonly type: 'variants'; readonly ticket: number; readonly view: VariantView }
  /** The trace file just opened is a program's run (its header's options.program): the playground shows it, to run again. */
  | { readonly type: 'program-trace'; readonly name: string; readonly run: SharedRun }
  /** A program's run against the run before its edit: where it first departs (null: nowhere), and both side by side. */
  | { readonly type: 'edit-divergence'; readonly divergence: Divergence | null; readonly view: VariantView };

export interface ExportFile {
  readonly blob: Blob;
  readonly name: string;
}
