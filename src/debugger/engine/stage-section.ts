/**
 * The stage's section of a frame: what moved between the cursor the face last showed and the
 * cursor now (views/stage.ts), the VMs active just before the cursor, and on request the
 * processes of the cursor's conversation.
 *
 * Data definition: StageSection remembers what the face was last sent (cursor, the record before
 * it, compared by identity: another run or a branch has other record objects, and the player's
 * jump count), so the next view knows where the face comes from. resetFace forgets it (a new face
 * gets no motions).
 * Rule: how the face moved is the player's last move (player.ts), never guessed from the distance:
 * a step, a step back or play animates the records it crossed; a jump — or a face that missed a
 * jump, or a move across more than STAGE_STEP_RECORDS records — redraws without motion, the record
 * before the cursor highlighted.
 */
import { conversationOf, type PresenceGraph } from '../views/index.ts';
import { procKey, type Model } from '../model.ts';
import { describeRecord } from '../views/describe.ts';
import type { Printer } from '../views/printer.ts';
import {
  activeVms,
  EdgeIndex,
  motionActors,
  recordMotions,
  stageMotions,
  type MotionContext,
} from '../views/stage.ts';
import type { StageView } from '../views/stage-types.ts';
import { indexOfId, type History } from './history.ts';
import type { LastMove, MoveKind } from './player.ts';

/** A step or play crossing more records than this (fast play between two frames) is not animated. */
export const STAGE_STEP_RECORDS = 64;
/** The records before the cursor whose VMs count as active (expanded when the stage opens). */
export const ACTIVE_WINDOW_RECORDS = 48;

const inWords = (d: { actor: string; what: string; about: string }): string =>
  `${d.actor} ${d.what}${d.about === '' ? '' : `: ${d.about}`}`;

export interface StageRequest {
  /** Send the processes of the cursor's (or the selected record's) conversation. */
  readonly conversation: boolean;
}

export class StageSection {
  private shown: { cursor: number; at: unknown; jumps: number } | null = null;
  private readonly edgeIndex = new WeakMap<PresenceGraph, EdgeIndex>();
  private conversationMemo: { at: unknown; cursor: number; keys: readonly string[] } | null = null;

  constructor(private readonly print: Printer) {}

  /** The face is new: it has been shown nothing. */
  reset(): void {
    this.shown = null;
  }

  /** What the view depends on (the section is sent again only when this changes). */
  key(h: History, cursor: number, about: number | null, req: StageRequest): readonly unknown[] {
    return [
      cursor,
      h.records.get(cursor - 1),
      req.conversation ? about : null,
      req.conversation ? h.records.get(about ?? -1) : null,
    ];
  }

  /** How the face comes to `cursor`: the player's last move, or 'jump' (see the rule above). */
  private moveOf(h: History, cursor: number, last: LastMove): MoveKind {
    const was = this.shown;
    if (was === null || last.kind === 'jump' || was.jumps !== last.jumps) return 'jump';
    if (was.cursor > h.records.length || h.records.get(was.cursor - 1) !== was.at) return 'jump';
    const delta = cursor - was.cursor;
    return delta !== 0 && Math.abs(delta) <= STAGE_STEP_RECORDS ? last.kind : 'jump';
  }

  view(
    h: History,
    at: { readonly cursor: number; readonly lastMove: LastMove },
    about: number | null,
    model: Model,
    graph: PresenceGraph,
    req: StageRequest,
  ): StageView {
    const cursor = at.cursor;
    const records = h.records.readNow();
    const ctx = this.context(h, model, graph);
    const move = this.moveOf(h, cursor, at.lastMove);
    const from = move === 'jump' ? Math.max(0, cursor - 1) : this.shown!.cursor;
    const motions =
      move !== 'jump'
        ? stageMotions(records, Math.min(from, cursor), Math.max(from, cursor), ctx)
        : cursor === 0
          ? []
          : recordMotions(records[cursor - 1]!, cursor - 1, ctx);
    this.shown = { cursor, at: h.records.get(cursor - 1), jumps: at.lastMove.jumps };
    const current = records[cursor - 1];
    const acting = current === undefined || current.pid === null ? [] : [procKey(current.vm, current.pid)];
    return {
      cursor,
      from,
      move,
      motions,
      actors: [...new Set([...motionActors(motions), ...acting])],
      activeVms: activeVms(records, cursor - ACTIVE_WINDOW_RECORDS, cursor),
      conversation: req.conversation && about !== null ? this.conversation(h, about, cursor) : null,
      record: current === undefined ? null : inWords(describeRecord(current, model, this.print)),
    };
  }

  private context(h: History, model: Model, graph: PresenceGraph): MotionContext {
    let edges = this.edgeIndex.get(graph);
    if (edges === undefined) this.edgeIndex.set(graph, (edges = new EdgeIndex(graph)));
    const byId = (id: number) => {
      const i = indexOfId(h, id);
      return i === null ? undefined : h.records.get(i);
    };
    return { byId, print: this.print, edges, name: (key) => model.procs.get(key)?.name ?? key };
  }

  /** The processes of the conversation of the record at `about`, up to the cursor. */
  private conversation(h: History, about: number, cursor: number): readonly string[] {
    const at = h.records.get(about);
    const m = this.conversationMemo;
    if (m !== null && m.at === at && m.cursor === cursor) return m.keys;
    const records = h.records.readNow();
    const set = conversationOf(records, about, (id) => indexOfId(h, id), Math.max(cursor, about + 1));
    const keys = new Set<string>();
    for (const i of set) {
      const r = records[i]!;
      if (r.pid !== null) keys.add(procKey(r.vm, r.pid));
    }
    this.conversationMemo = { at, cursor, keys: [...keys] };
    return this.conversationMemo.keys;
  }
}
