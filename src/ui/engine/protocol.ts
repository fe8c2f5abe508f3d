/**
 * The messages between the UI (main thread) and the engine (a Web Worker). Everything crosses by
 * structured clone: terms, client scripts, view-models and files are plain data.
 *
 *   UI → engine   start (the first message), act (a player action), view (what is shown), ack (a
 *                 frame was painted: the engine sends at most one frame the UI has not taken in)
 *   engine → UI   hello (the scenario catalogue), frame (view-model patches), failed (the engine
 *                 hit a bug: the UI says so instead of freezing)
 */
import type { Frame, ViewRequest } from '../../debugger/engine/frame.ts';
import type { PlayerAction } from '../../debugger/engine/player.ts';

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
}

/** Player actions the UI may send (ticks are the engine's own; recorded sessions come from files). */
export type WireAction = Exclude<PlayerAction, { readonly type: 'tick' | 'open-recorded' }>;

export type ToEngine =
  | { readonly type: 'start'; readonly scenario: string; readonly seed: number | null; readonly step: number; readonly view: ViewRequest; readonly explore: boolean }
  /** `seq` numbers the UI's actions: a frame says which it has taken in. */
  | { readonly type: 'act'; readonly action: WireAction; readonly seq: number }
  | { readonly type: 'view'; readonly view: ViewRequest }
  | { readonly type: 'ack' };

export type FromEngine =
  | { readonly type: 'hello'; readonly scenarios: readonly ScenarioInfo[] }
  /** `seq`: the last action taken in before the frame was made. */
  | { readonly type: 'frame'; readonly frame: Frame; readonly seq: number }
  | { readonly type: 'failed'; readonly message: string };
