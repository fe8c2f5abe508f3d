/**
 * The stage's view-model (issue 12): what moved at the cursor, for the UI to animate. Plain data
 * with no kernel code (types only), so the main thread imports it freely.
 *
 * Data definition:
 *   Anchor      = { node, port }   a process (its key) and, where known, one of its endpoints (an
 *                                  endpoint id, see ids.ts); the UI draws a motion between anchors
 *   StageMotion = one thing that happened in one record, in record order:
 *     deliver    a message (or feedback) handed to an endpoint: from the sender (its endpoint on the
 *                route, if the graph has the edge), across the VM boundaries in `via` (the VM process
 *                keys an at-meta-level send left, innermost first), to the receiving endpoint. From
 *                null: the outside world (a ground event). `edge`: the graph edge it travels along
 *     presence   an endpoint told of a peer: the peer → the endpoint, along `edge` (drawn in)
 *     absence    an endpoint told a peer left, with the reason (the edge withdrawn)
 *     spawn      a process (or nested VM) booted, out of its parent
 *     crash      user code threw: the process and the reason
 *     quit       a process left its VM (killedBy: who killed it)
 *     send       a process performed send-message; meta: at-meta-level, crossing out of its VM
 *     endpoint   an endpoint was added, replaced or removed
 *   StageView   = { cursor, from, move, motions, actors, activeVms, conversation }
 *     from       the cursor the face showed before: motions are of the records between the two
 *     move       how the cursor came here (the player's last move): 'step', 'step-back' and 'play'
 *                animate the records crossed; 'jump' (a seek, a find, a scrub, a click on a record,
 *                or more than the engine animates at once) redraws without motion, the record
 *                before the cursor highlighted
 *     actors     the processes the motions involve and the one acting at the cursor (kept in view)
 *     activeVms  VMs with processes that acted in the records just before the cursor: the stage
 *                opens with these expanded and the others collapsed
 *     conversation  the processes of the cursor's conversation (conversationOf), when asked for
 *     record     the record at the cursor in words (actor, what, about), for a step where nothing moves
 */
import { assertNever } from '../../kernel/values.ts';
import type { MoveKind } from '../engine/player.ts';

export interface Anchor {
  readonly node: string;
  readonly port: string | null;
}

interface MotionBase {
  /** The record's index in the run. */
  readonly index: number;
  /** The printed message, topic, name or reason (at most MAX_SHOWN_CHARS). */
  readonly text: string;
}

interface PresenceChange {
  readonly from: Anchor | null;
  readonly to: Anchor;
  readonly edge: string | null;
}

export type StageMotion =
  | (MotionBase & {
      readonly kind: 'deliver';
      readonly from: Anchor | null;
      readonly via: readonly string[];
      readonly to: Anchor;
      readonly edge: string | null;
      readonly feedback: boolean;
      /** The record handed the event into a nested VM (a relay port), or across its boundary inward. */
      readonly relayed: boolean;
    })
  | (MotionBase & PresenceChange & { readonly kind: 'presence'; readonly reason: null })
  | (MotionBase &
      PresenceChange & { readonly kind: 'absence'; /** The reason, printed. */ readonly reason: string })
  | (MotionBase & {
      readonly kind: 'spawn';
      readonly parent: string | null;
      readonly child: string;
      readonly nested: boolean;
    })
  | (MotionBase & { readonly kind: 'crash'; readonly proc: string; readonly name: string })
  | (MotionBase & {
      readonly kind: 'quit';
      readonly proc: string;
      readonly name: string;
      readonly killedBy: string | null;
    })
  | (MotionBase & {
      readonly kind: 'send';
      readonly proc: string;
      readonly meta: boolean;
      readonly vm: string;
    })
  | (MotionBase & {
      readonly kind: 'endpoint';
      readonly proc: string;
      readonly port: string;
      readonly change: 'added' | 'replaced' | 'removed';
    });

export type MotionKind = StageMotion['kind'];

export interface StageView {
  readonly cursor: number;
  readonly from: number;
  readonly move: MoveKind;
  readonly motions: readonly StageMotion[];
  readonly actors: readonly string[];
  readonly activeVms: readonly string[];
  readonly conversation: readonly string[] | null;
  readonly record: string | null;
}

/** The processes a motion involves. */
export function motionProcs(m: StageMotion): string[] {
  switch (m.kind) {
    case 'deliver':
    case 'presence':
    case 'absence':
      return m.from === null ? [m.to.node] : [m.from.node, m.to.node];
    case 'spawn':
      return m.parent === null ? [m.child] : [m.parent, m.child];
    case 'crash':
    case 'quit':
    case 'send':
    case 'endpoint':
      return [m.proc];
    default:
      return assertNever(m, 'stage motion');
  }
}
