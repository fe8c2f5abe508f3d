/**
 * The guided tour (issue 7): the talk (../shared/seed/talk-outline.txt) as stops on the live kernel,
 * in the talk's order. Framework-free data; src/ui/ui-store.ts drives the debugger from it.
 * The stops themselves live in stops/, one file per part of the talk; TOUR_STOPS puts them in order.
 *
 * Data definition:
 *   TourStop = { id, section, title, text, scenario, at, panels, select?, tryThis, expect }
 *     text      2–5 sentences in our own words, true of what the run shows at `at`
 *     at        where the cursor goes: a Position (a predicate over the run's records, see src/debugger/find.ts)
 *     panels    the panels that matter here (outlined in the UI; the presenter view shows only them)
 *     select    the process to select, by name (and the name of its VM process when names repeat)
 *     tryThis   suggestions; those with an action are buttons (step, jump, select, or an
 *               intervention: kill, inject, add a client — these open the intervention dialog)
 *     variant   (optional) the one-knob variant the stop makes its point with: the scenario option
 *               it flips and the two values to compare (the Variants panel opens on it; docs/variants.md)
 *     expect    what the stop's text claims, checked by test/e2e/tour.spec.ts and test/ui/tour.test.ts:
 *               logContains  a record at or just before the cursor contains it (the event log shows it)
 *               treeContains names of processes alive at the cursor (the VM tree shows them)
 *               inspectorContains  the selected process's inspection (state, endpoints, queue) shows it
 * A stop whose scenario is not registered is skipped (availableStops).
 */
import type { Position, ProcessRef } from '../debugger/positions.ts';
import { CORE_IDEA_STOPS } from './stops/core-idea.ts';
import { LAYER_STOPS } from './stops/layers.ts';
import { PROTOCOL_STOPS } from './stops/protocols.ts';
import { WEAKNESS_STOPS } from './stops/weaknesses.ts';
import { PRESENCE_AND_ERROR_STOPS } from './stops/presence-and-errors.ts';

export type PanelId = 'vm-tree' | 'presence-graph' | 'inspector' | 'event-log' | 'sequence-chart' | 'code' | 'variants';

export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  'vm-tree': 'VM tree',
  'presence-graph': 'Presence graph',
  inspector: 'Inspector',
  'event-log': 'Event log',
  'sequence-chart': 'Sequence chart',
  code: 'Code',
  variants: 'Variants',
};

export type TryAction =
  /** Step the cursor by this many records (negative: back). */
  | { readonly kind: 'step'; readonly by: number }
  /** Jump to another point of the same run. */
  | { readonly kind: 'seek'; readonly to: Position }
  | { readonly kind: 'select'; readonly process: string }
  /** Open "Kill process…" on this process (by name), with this reason. */
  | { readonly kind: 'kill'; readonly process: string; readonly reason?: string }
  /** Open "Inject message…" with this body (the kernel's notation). */
  | { readonly kind: 'inject'; readonly body: string; readonly orientation?: 'publisher' | 'subscriber' }
  /** Open "Add client…" with these values. */
  | { readonly kind: 'add-client'; readonly host: string; readonly lines: readonly string[] };

export interface TryThis {
  readonly text: string;
  readonly action?: TryAction;
}

export interface StopExpect {
  readonly logContains?: string;
  readonly treeContains?: readonly string[];
  readonly inspectorContains?: string;
}

export type { ProcessRef } from '../debugger/positions.ts';

/** A stop's one-knob variant: its scenario's option (e.g. "--listener") and the values to compare first. */
export interface StopVariant {
  readonly flag: string;
  readonly values?: readonly [string, string];
}

export interface TourStop {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly text: string;
  readonly scenario: string;
  readonly at: Position;
  readonly panels: readonly PanelId[];
  readonly select?: ProcessRef;
  readonly tryThis: readonly TryThis[];
  readonly expect: StopExpect;
  readonly variant?: StopVariant;
}

/** Every stop, in the talk's order (one file per part of the talk, in stops/). */
export const TOUR_STOPS: readonly TourStop[] = [
  ...CORE_IDEA_STOPS,
  ...LAYER_STOPS,
  ...PROTOCOL_STOPS,
  ...WEAKNESS_STOPS,
  ...PRESENCE_AND_ERROR_STOPS,
];

/** The stops whose scenario is registered (`known` is the registry's ids). */
export function availableStops(known: readonly string[], stops: readonly TourStop[] = TOUR_STOPS): TourStop[] {
  return stops.filter((s) => known.includes(s.scenario));
}

export function findStop(id: string, stops: readonly TourStop[] = TOUR_STOPS): TourStop | undefined {
  return stops.find((s) => s.id === id);
}
