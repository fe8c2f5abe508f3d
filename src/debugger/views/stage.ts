/**
 * The stage's "what moved": the motions of the records between two cursors, read from the records
 * and their causes (never re-derived), in record order — which is delivery order.
 *
 * Rules (see stage-types.ts for the shapes):
 *   - a deliver record is a delivery to its endpoint; caused by a send-message action, it comes
 *     from the sender along the graph edge between the sender's endpoint and the receiving one;
 *     caused by a ground event, from the world; caused by a VM process's relay (outcome relayed),
 *     it crossed the VM boundary inward, from the VM process's relay port to the inner
 *     meta-endpoint. A send whose action was queued by an at-meta-level action of a process
 *     inside (the action's cause) left that VM: the sender is the inner process, `via` the VMs
 *     crossed. A crashed delivery is a delivery and then a crash; a discarded one moved nothing.
 *   - presence and absence come from the peer the record names (or the relay port, inward)
 *   - boot → spawn (and crash when the boot threw); quit and gc → quit; endpoint → endpoint;
 *     an action send-message (or at-meta-level send-message) → send
 */
import type { Action, TraceRecord } from '../../kernel/index.ts';
import { procKey } from '../model.ts';
import type { GraphEdge, PresenceGraph } from './graph.ts';
import { endpointId, endpointProc, vmOfKey } from './ids.ts';
import type { Printer } from './printer.ts';
import { shown } from './shown.ts';
import { motionProcs, type Anchor, type StageMotion } from './stage-types.ts';

/** How far a chain of at-meta-level sends is followed outward (deeper nesting is not drawn). */
const MAX_CROSSINGS = 16;

type ById = (id: number) => TraceRecord | undefined;
type Deliver = Extract<TraceRecord, { kind: 'deliver' }>;

/** Graph edges by the endpoints at their ends, for finding a delivery's route. */
export class EdgeIndex {
  private readonly bySub = new Map<string, GraphEdge[]>();
  private readonly byPub = new Map<string, GraphEdge[]>();

  constructor(graph: PresenceGraph) {
    for (const e of graph.edges) {
      if (e.kind !== 'overlap') continue;
      this.bySub.set(e.subscriber, [...(this.bySub.get(e.subscriber) ?? []), e]);
      this.byPub.set(e.publisher, [...(this.byPub.get(e.publisher) ?? []), e]);
    }
  }

  /** The edge from one of `sender`'s endpoints to endpoint `to` (a subscriber, or a publisher for feedback). */
  route(sender: string, to: string, feedback: boolean): GraphEdge | undefined {
    const list = (feedback ? this.byPub : this.bySub).get(to) ?? [];
    return list.find((e) => endpointProc(feedback ? e.subscriber : e.publisher) === sender);
  }
}

export interface MotionContext {
  readonly byId: ById;
  readonly print: Printer;
  readonly edges: EdgeIndex;
  /** A process's name (the model knows processes that have gone). */
  readonly name: (key: string) => string;
}

/** The process that first sent what `action` sends, and the VMs it left on the way (innermost first). */
function senderOf(action: TraceRecord, byId: ById): { origin: string; via: string[] } {
  let a = action;
  const via: string[] = [];
  for (let i = 0; i < MAX_CROSSINGS && a.pid !== null; i++) {
    const v = procKey(a.vm, a.pid);
    const c = a.cause === null ? undefined : byId(a.cause);
    if (c === undefined || c.kind !== 'action' || c.action.type !== 'at-meta-level' || c.pid === null) break;
    if (vmOfKey(procKey(c.vm, c.pid)) !== v) break;
    via.push(v);
    a = c;
  }
  return { origin: a.pid === null ? '' : procKey(a.vm, a.pid), via: via.reverse() };
}

function messageMotion(
  r: Deliver,
  index: number,
  to: Anchor,
  cause: TraceRecord | undefined,
  ctx: MotionContext,
): StageMotion {
  const e = r.event;
  const feedback = e.type === 'message' && e.role.orientation === 'subscriber';
  const text = shown(ctx.print.term(e.type === 'message' ? e.message : e.role.topic));
  const base = { kind: 'deliver' as const, index, text, to, feedback, relayed: r.outcome === 'relayed' };
  if (cause === undefined || cause.pid === null || cause.kind !== 'action')
    return { ...base, from: null, via: [], edge: null };
  const actor = procKey(cause.vm, cause.pid);
  const { origin, via } = senderOf(cause, ctx.byId);
  const edge = to.port === null ? undefined : ctx.edges.route(actor, to.port, feedback);
  const port = via.length === 0 && edge !== undefined ? (feedback ? edge.subscriber : edge.publisher) : null;
  return { ...base, from: { node: origin, port }, via, edge: edge?.id ?? null };
}

type PresenceEvent = Exclude<Deliver['event'], { type: 'message' }>;

function presenceChange(
  e: PresenceEvent,
  index: number,
  from: Anchor | null,
  to: Anchor,
  edge: string | null,
  ctx: MotionContext,
): StageMotion {
  const text = shown(ctx.print.term(e.role.topic));
  return e.type === 'absence'
    ? { kind: 'absence', index, text, from, to, edge, reason: shown(ctx.print.term(e.reason)) }
    : { kind: 'presence', index, text, from, to, edge, reason: null };
}

function presenceMotion(r: Deliver, index: number, to: Anchor, ctx: MotionContext): StageMotion {
  const e = r.event;
  if (e.type === 'message') throw new Error('presenceMotion: a message');
  const peer = r.peer === null ? null : procKey(r.vm, r.peer.pid);
  const from =
    peer === null || r.peer === null ? null : { node: peer, port: endpointId(peer, r.peer.endpoint, false) };
  const pubToSub = e.role.orientation === 'publisher';
  const edge =
    from === null || to.port === null
      ? null
      : pubToSub
        ? `${from.port}→${to.port}`
        : `${to.port}→${from.port}`;
  return presenceChange(e, index, from, to, edge, ctx);
}

/** A delivery crossing into a VM: from the VM process's relay port to the inner meta-endpoint. */
function inwardMotion(
  r: Deliver,
  index: number,
  to: Anchor,
  relay: Deliver,
  ctx: MotionContext,
): StageMotion {
  const v = procKey(relay.vm, relay.pid!);
  const port = endpointId(v, relay.endpoint, false);
  const from = { node: v, port };
  const edge = to.port === null ? null : `${to.port}⇢${port}`;
  const e = r.event;
  if (e.type === 'message') {
    const feedback = e.role.orientation === 'subscriber';
    return {
      kind: 'deliver',
      index,
      text: shown(ctx.print.term(e.message)),
      from,
      via: [],
      to,
      edge,
      feedback,
      relayed: true,
    };
  }
  return presenceChange(e, index, from, to, edge, ctx);
}

function deliverMotions(r: Deliver, index: number, ctx: MotionContext): StageMotion[] {
  if (r.outcome === 'discarded' || r.pid === null) return [];
  const key = procKey(r.vm, r.pid);
  const cause = r.cause === null ? undefined : ctx.byId(r.cause);
  const inward = cause?.kind === 'deliver' && cause.outcome === 'relayed' ? cause : null;
  const to = { node: key, port: endpointId(key, r.endpoint, inward !== null) };
  const moved =
    inward !== null
      ? inwardMotion(r, index, to, inward, ctx)
      : r.event.type === 'message'
        ? messageMotion(r, index, to, cause, ctx)
        : presenceMotion(r, index, to, ctx);
  if (r.outcome !== 'crashed') return [moved];
  return [moved, crashMotion(key, index, r.reason, ctx)];
}

function crashMotion(proc: string, index: number, reason: unknown, ctx: MotionContext): StageMotion {
  return { kind: 'crash', index, proc, name: ctx.name(proc), text: shown(ctx.print.term(reason as never)) };
}

function sendMotion(action: Action, proc: string, index: number, ctx: MotionContext): StageMotion | null {
  const meta = action.type === 'at-meta-level';
  const pre = action.type === 'at-meta-level' ? action.preaction : action;
  if (pre.type !== 'send-message') return null;
  return { kind: 'send', index, proc, meta, vm: vmOfKey(proc), text: shown(ctx.print.term(pre.body)) };
}

/** The motions of one record (most records move nothing: rounds, yields, world records…). */
export function recordMotions(r: TraceRecord, index: number, ctx: MotionContext): StageMotion[] {
  if (r.pid === null && r.kind !== 'gc') return [];
  const key = r.pid === null ? '' : procKey(r.vm, r.pid);
  switch (r.kind) {
    case 'deliver':
      return deliverMotions(r, index, ctx);
    case 'boot': {
      const parent = r.parent === null || r.parent < 0 ? null : procKey(r.vm, r.parent);
      const spawn: StageMotion = { kind: 'spawn', index, parent, child: key, nested: r.nested, text: r.name };
      return r.outcome === 'crashed' ? [spawn, crashMotion(key, index, r.reason, ctx)] : [spawn];
    }
    case 'continuation':
      return r.outcome === 'crashed' ? [crashMotion(key, index, r.reason, ctx)] : [];
    case 'quit': {
      const killedBy = r.killedBy === null ? null : procKey(r.vm, r.killedBy);
      return [
        {
          kind: 'quit',
          index,
          proc: key,
          name: ctx.name(key),
          killedBy,
          text: shown(ctx.print.term(r.reason)),
        },
      ];
    }
    case 'gc':
      return r.pids
        .filter((p) => p >= 0)
        .map((p) => ({
          kind: 'quit',
          index,
          proc: procKey(r.vm, p),
          name: ctx.name(procKey(r.vm, p)),
          killedBy: null,
          text: 'collected',
        }));
    case 'endpoint':
      return [
        {
          kind: 'endpoint',
          index,
          proc: key,
          port: endpointId(key, r.endpoint, r.meta),
          change: r.change,
          text: shown(ctx.print.term(r.role.topic)),
        },
      ];
    case 'action': {
      const m = sendMotion(r.action, key, index, ctx);
      return m === null ? [] : [m];
    }
    default:
      return [];
  }
}

/** The motions of records [from, to) of `records`, in order. */
export function stageMotions(
  records: readonly TraceRecord[],
  from: number,
  to: number,
  ctx: MotionContext,
): StageMotion[] {
  const out: StageMotion[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, records.length); i++)
    out.push(...recordMotions(records[i]!, i, ctx));
  return out;
}

/** The processes the motions involve, each once, in order of first appearance. */
export function motionActors(motions: readonly StageMotion[]): string[] {
  return [...new Set(motions.flatMap(motionProcs))].filter((k) => k !== '');
}

/**
 * The nested VMs (their VM process keys, with every VM around them) in which a process acted in
 * records [from, to): the stage opens with these expanded.
 */
export function activeVms(records: readonly TraceRecord[], from: number, to: number): string[] {
  const out = new Set<string>();
  for (let i = Math.max(0, from); i < Math.min(to, records.length); i++) {
    const vm = records[i]!.vm;
    for (let d = 1; d <= vm.length; d++) out.add(vm.slice(0, d).join('/'));
  }
  return [...out];
}
