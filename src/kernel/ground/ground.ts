/**
 * The ground VM (spec §4.4, decisions D8 and D11) as a pure reducer: every function takes a
 * GroundVM value and returns a new one plus the trace records of that step. Nothing here reads a
 * clock or performs I/O; the simulated world (clock, network) decides which event fires and passes
 * it in as a value.
 *
 * Data definition:
 *   GroundVM = { vm, nextRecordId, steps, options }
 *   GroundStatus = 'running'   the VM has queued work: the next step runs a scheduler round
 *                | 'blocked'   no work, but ground subscriptions exist: waiting for an event
 *                | 'quiescent' no work and no ground subscriptions: the run is over
 * Rule (one step): if the VM has work, run one round; otherwise the caller fires one subscribed
 * event, delivered as the message [evt, value] sent by the subscription's owner.
 */
import type { BootSpec } from '../actions.ts';
import { newBudget, ownTerm, Refused } from '../boundary.ts';
import { ownReason } from '../events.ts';
import { GROUND_PATH, type Pid, type RecordId, type VmPath } from '../ids.ts';
import { VM_KERNEL_CODE, withinVm } from '../nested.ts';
import { terminate } from '../rules/quit.ts';
import { DEFAULT_LIMITS, type Limits } from '../limits.ts';
import type { Orientation } from '../role.ts';
import type { RoutingKind } from '../routing/types.ts';
import { routeMessage } from '../rules/send-message.ts';
import { runRound } from '../scheduler.ts';
import { struct, type Term } from '../term.ts';
import { emit, newSink, type TraceRecord, type TraceSink } from '../trace.ts';
import { makeVM, opened, sealed, type Ctx, type EventSource, type VM } from '../vm.ts';

export interface GroundOptions {
  readonly routing: RoutingKind;
  readonly limits: Limits;
  /** Record trace records (the debugger's mode). Off: steps return no records. */
  readonly trace: boolean;
}

export interface GroundVM {
  readonly vm: VM;
  readonly nextRecordId: number;
  readonly steps: number;
  readonly options: GroundOptions;
}

export type GroundStatus = 'running' | 'blocked' | 'quiescent';

export interface GroundStep {
  readonly ground: GroundVM;
  readonly records: readonly TraceRecord[];
}

export function groundOptions(partial: Partial<Omit<GroundOptions, 'limits'>> & { limits?: Partial<Limits> } = {}): GroundOptions {
  return {
    routing: partial.routing ?? 'trie',
    trace: partial.trace ?? true,
    limits: { ...DEFAULT_LIMITS, ...partial.limits },
  };
}

/** The talk's ground-vm: a VM whose primordial process spawns `boot` as pid 0. */
export function groundVm(boot: BootSpec, options: Partial<Omit<GroundOptions, 'limits'>> & { limits?: Partial<Limits> } = {}): GroundVM {
  const opts = groundOptions(options);
  return { vm: makeVM(boot, opts.routing), nextRecordId: 1, steps: 0, options: opts };
}

export function groundStatus(g: GroundVM): GroundStatus {
  if (g.vm.runnable.size > 0) return 'running';
  return g.vm.eventSources.size > 0 ? 'blocked' : 'quiescent';
}

/** The ground subscriptions in ascending pid / insertion order. */
export function eventSources(g: GroundVM): EventSource[] {
  return [...g.vm.eventSources.values()].sort((a, b) => a.pid - b.pid);
}

function groundCtx(g: GroundVM, sink: TraceSink): Ctx {
  const { limits, routing } = g.options;
  return {
    sink, limits, path: GROUND_PATH, depth: 0, routingKind: routing,
    round: { woken: [], external: [], touched: [], fuel: limits.maxRoundActions },
    kernelCode: VM_KERNEL_CODE,
  };
}

function finish(g: GroundVM, vm: VM, sink: TraceSink): GroundStep {
  return { ground: { vm, nextRecordId: sink.nextId, steps: g.steps + 1, options: g.options }, records: sink.records ?? [] };
}

/** Runs one scheduler round of the ground VM (a no-op step if it has no work). */
export function stepGround(g: GroundVM): GroundStep {
  const sink = newSink(g.nextRecordId, g.options.trace);
  const r = runRound(g.vm, groundCtx(g, sink), null);
  // At the ground, at-meta-level crashes the acting process, so nothing can leave the VM.
  return finish(g, r.vm, sink);
}

export interface DeliveryInfo {
  readonly orientation?: Orientation;
  /** What the trace says this came from, e.g. "inject" or "event timer". */
  readonly source?: string;
  /** Virtual time in ms (decision D9). */
  readonly time?: number;
  /** The record that made it happen (e.g. the packet arrival that made a read ready). */
  readonly cause?: RecordId | null;
}

/** Delivers a message into the ground VM from outside (a user injection): no sending process. */
export function injectMessage(g: GroundVM, body: Term, info: DeliveryInfo = {}): GroundStep {
  return deliverFromGround(g, body, null, { source: 'inject', ...info });
}

/** Fires a ground subscription: the message [evt, value] is sent as if by the subscription's owner. */
export function fireEvent(g: GroundVM, src: EventSource, value: Term, info: DeliveryInfo = {}): GroundStep {
  return deliverFromGround(g, [src.evt, value], src.pid, { source: `event ${src.evt.evt}`, ...info, orientation: 'publisher' });
}

function deliverFromGround(g: GroundVM, body: Term, owner: Pid | null, info: DeliveryInfo): GroundStep {
  const sink = newSink(g.nextRecordId, g.options.trace);
  const ctx = groundCtx(g, sink);
  const owned = ownFromOutside(body, g.options.limits);
  if (owned instanceof Refused) {
    const sentence = `a message from outside (${info.source ?? 'inject'}) not delivered: ${owned.sentence('its body')}`;
    emit(sink, GROUND_PATH, owner, info.cause ?? null, { kind: 'limit', limit: owned.limit ?? 'maxTermNodes', sentence });
    return finish(g, g.vm, sink);
  }
  const id: RecordId = emit(sink, GROUND_PATH, owner, info.cause ?? null, {
    kind: 'ground-event', event: owned, source: info.source ?? 'inject', time: info.time ?? 0,
  });
  // The fan-out edits private tables (vm.ts opened), sealed before the step returns.
  return finish(g, sealed(routeMessage(opened(g.vm), ctx, owner, owned, info.orientation ?? 'publisher', id)), sink);
}

/**
 * A term from outside the VM (the world, a user's input) as an owned term (boundary.ts), within
 * one transition's limits; Refused if it is not a term or over them.
 */
function ownFromOutside(t: Term, limits: Limits): Term | Refused {
  try {
    return ownTerm(t, newBudget(limits));
  } catch (e) {
    return e instanceof Refused ? e : new Refused(null, 'it could not be read');
  }
}

/**
 * A user intervention: process `pid` of the VM at `path` is removed with `reason`, as if killed
 * from outside (peers see absence with that reason; its meta-endpoints are withdrawn outside).
 */
export function killProcess(g: GroundVM, path: VmPath, pid: Pid, why: Term, info: DeliveryInfo = {}): GroundStep {
  const sink = newSink(g.nextRecordId, g.options.trace);
  const ctx = groundCtx(g, sink);
  const given = ownFromOutside(why, g.options.limits);
  const reason = ownReason(given instanceof Refused ? struct('refused', given.sentence('reason')) : given, g.options.limits);
  const id: RecordId = emit(sink, GROUND_PATH, null, info.cause ?? null, {
    kind: 'ground-event', event: struct('kill', [...path], pid, reason), source: info.source ?? 'user kill', time: info.time ?? 0,
  });
  const vm = withinVm(g.vm, ctx, path, id, (inner, ictx) => {
    if (inner.processes.has(pid)) return terminate(inner, ictx, pid, reason, null, id);
    emit(sink, ictx.path, null, id, { kind: 'no-op', why: `no process ${pid} to kill` });
    return inner;
  });
  return finish(g, vm, sink);
}

/** Records something that happened in the simulated world (not in the VM). */
export function recordWorld(
  g: GroundVM,
  note: { readonly what: string; readonly host: string; readonly detail: Term },
  time: number,
  cause: RecordId | null,
): GroundStep {
  const sink = newSink(g.nextRecordId, g.options.trace);
  emit(sink, GROUND_PATH, null, cause, { kind: 'world', time, ...note });
  return { ground: { vm: g.vm, nextRecordId: sink.nextId, steps: g.steps, options: g.options }, records: sink.records ?? [] };
}

/** Runs rounds until the VM has no work (or maxRounds), collecting the records. */
export function runUntilIdle(g: GroundVM, maxRounds = 1_000_000): { ground: GroundVM; records: TraceRecord[]; rounds: number } {
  const records: TraceRecord[] = [];
  let rounds = 0;
  while (g.vm.runnable.size > 0 && rounds < maxRounds) {
    const s = stepGround(g);
    g = s.ground;
    if (g.options.trace) for (const r of s.records) records.push(r);
    rounds++;
  }
  return { ground: g, records, rounds };
}
