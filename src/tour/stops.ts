/**
 * The guided tour (issues 7 and 13): the talk (../shared/seed/talk-outline.txt) as stops on the live
 * kernel — small driver-free programs first, one idea per stop, then TCP, the layers, DNS, SSH, the
 * weaknesses and errors, framed by the talk's six questions. Every stop asks a question before it
 * shows the answer. Framework-free data; src/ui/ui-store.ts drives the debugger from it. The stops
 * live in stops/, one file per part of the talk; TOUR_STOPS puts them in order.
 *
 * Data definition:
 *   TourStop = { id, section, title, intro, question, text, claims, answers, notes, card?,
 *                scenario, at, panels, select?, tryThis, expect }
 *     section   the talk's section it teaches (docs/tour.md's table)
 *     intro     1–3 sentences shown before the reveal: what the screen shows, not the answer
 *     question  asked with the cursor at question.ask (src/tour/question.ts); revealed at `at`
 *     text      2–5 sentences shown after the reveal, true of what the run shows at `at`
 *     at        where the reveal puts the cursor: a Position (a predicate over the run's records,
 *               src/debugger/find.ts)
 *     claims    how sure the stop is, as badges: what the talk says, what Marketplace does, and
 *               what is os2 Lab's reading (the spec's [T], [M] and [R] tags); at least one
 *     answers   which of the talk's six questions the stop helps answer (the recap gathers them)
 *     notes     for the lecturer: what to draw on the board (shown in the presenter view)
 *     card      a small reference card shown with the stop (the six questions, the visibility table,
 *               the types, the recap)
 *     panels    the panels that matter here (outlined in the UI; the presenter view shows only them)
 *     select    the process to select, by name (and the name of its VM process when names repeat)
 *     tryThis   suggestions after the reveal; those with an action are buttons (step, jump, select,
 *               or an intervention: kill, inject, add a client — these open the intervention dialog)
 *     variant   (optional) the one-knob variant the stop makes its point with: the scenario option
 *               it flips and the two values to compare (the Variants panel opens on it; docs/variants.md)
 *     task      an exercise: the moves the learner makes before the reveal (task.ts: set a knob — the
 *               run is re-made with it —, then make an intervention); the
 *               question is about what the kernel then does, and the reveal (allowed once every move
 *               is made) judges it on the changed run. Progress is kept in local storage
 *               (src/ui/exercise-progress.ts).
 *     expect    what the stop's text claims, checked at `at` by test/e2e/tour.spec.ts and test/ui/tour.test.ts:
 *               logContains  a record at or just before the cursor contains it (the event log shows it)
 *               treeContains names of processes alive at the cursor (the VM tree shows them)
 *               inspectorContains  the selected process's inspection (state, endpoints, queue) shows it
 * A stop whose scenario is not registered is skipped (availableStops).
 */
import type { Position, ProcessRef } from '../debugger/positions.ts';
import type { Question } from './question.ts';
import type { Task } from './task.ts';
import { PUBSUB_STOPS } from './stops/pubsub.ts';
import { CORE_IDEA_STOPS } from './stops/core-idea.ts';
import { TCP_STOPS } from './stops/tcp.ts';
import { TCP_HANDLER_STOPS } from './stops/tcp-handler.ts';
import { LAYER_STOPS } from './stops/layers.ts';
import { PROTOCOL_STOPS } from './stops/protocols.ts';
import { CONTRACT_STOPS } from './stops/contracts.ts';
import { WEAKNESS_STOPS } from './stops/weaknesses.ts';
import { PRESENCE_AND_ERROR_STOPS } from './stops/presence-and-errors.ts';
import { KNOB_EXERCISES } from './stops/knob-exercises.ts';
import { TOY_EXERCISES } from './stops/toy-exercises.ts';
import { SYSTEM_EXERCISES } from './stops/system-exercises.ts';
import { WEAKNESS_EXERCISES } from './stops/weakness-exercises.ts';

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

/** How sure a claim is: the spec's [T] (the talk's outline), [M] (Marketplace's code) and [R] tags. */
export type Basis = 'talk' | 'marketplace' | 'reading';

export const BASIS_TITLES: Readonly<Record<Basis, string>> = {
  talk: 'the talk says',
  marketplace: 'Marketplace does',
  reading: 'os2 Lab’s reading',
};

export interface Claim {
  readonly basis: Basis;
  readonly text: string;
}

/** The talk's six questions about conversations (the outline, "I'm looking at it from a different angle"). */
export type TalkQuestion = 'find' | 'start' | 'manage' | 'over' | 'route' | 'roles';

export const TALK_QUESTIONS: Readonly<Record<TalkQuestion, string>> = {
  find: 'How do participants find each other?',
  start: 'How does a conversation start?',
  manage: 'How are resources managed during a conversation?',
  over: 'How do participants know when a conversation is over?',
  route: 'How do conversations fit into the underlying network?',
  roles: 'What roles are there in a conversation?',
};

/** A reference card a stop shows beside its text. */
export type Card = 'six-questions' | 'visibility' | 'types' | 'recap';

export interface TourStop {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly intro: string;
  readonly question: Question;
  readonly text: string;
  readonly claims: readonly Claim[];
  readonly answers: readonly TalkQuestion[];
  readonly notes: string;
  readonly card?: Card;
  readonly scenario: string;
  readonly at: Position;
  readonly panels: readonly PanelId[];
  readonly select?: ProcessRef;
  readonly tryThis: readonly TryThis[];
  readonly task?: Task;
  readonly expect: StopExpect;
  readonly variant?: StopVariant;
}

export type { Task } from './task.ts';

/**
 * Every stop, in order: the talk's core ideas on driver-free programs first, then TCP (the talk's
 * example), the layers, DNS and SSH, contracts, the weaknesses, and presence as rendezvous and
 * error signal, ending with the recap (one file per part, in stops/).
 */
export const TOUR_STOPS: readonly TourStop[] = placeAfter(
  [
    ...PUBSUB_STOPS,
    ...CORE_IDEA_STOPS,
    ...TCP_STOPS,
    ...TCP_HANDLER_STOPS,
    ...LAYER_STOPS,
    ...PROTOCOL_STOPS,
    ...CONTRACT_STOPS,
    ...WEAKNESS_STOPS,
    ...PRESENCE_AND_ERROR_STOPS,
  ],
  [...TOY_EXERCISES, ...SYSTEM_EXERCISES, ...WEAKNESS_EXERCISES, ...KNOB_EXERCISES],
);

/** `stops` with each extra stop put just after the stop it names (in the order given). */
function placeAfter(stops: readonly TourStop[], extras: readonly (readonly [string, TourStop])[]): TourStop[] {
  const out = [...stops];
  for (const [after, stop] of extras) {
    const i = out.findIndex((s) => s.id === after);
    if (i === -1) throw new Error(`tour: no stop ${after} to put ${stop.id} after`);
    out.splice(i + 1, 0, stop);
  }
  return out;
}

/** The stops whose scenario is registered (`known` is the registry's ids). */
export function availableStops(known: readonly string[], stops: readonly TourStop[] = TOUR_STOPS): TourStop[] {
  return stops.filter((s) => known.includes(s.scenario));
}

export function findStop(id: string, stops: readonly TourStop[] = TOUR_STOPS): TourStop | undefined {
  return stops.find((s) => s.id === id);
}
