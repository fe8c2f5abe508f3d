/**
 * Handler invocation: when an action causes an event at an endpoint, that endpoint's handler runs
 * at once, its process's state is updated on the spot and its actions are appended to its queue
 * (spec §2.3 "handler invocation is synchronous and eager").
 *
 * Rule: deliver(vm, endpoint, event, peer) =
 *   the handler is kernel code          → the kernel runs it (a VM process's relay: actions.ts, nested.ts,
 *                                         which records it too)
 *   process is quitting (discardPid)    → the handler runs, its results are thrown away (decision D3)
 *   handler returns a transition        → new state, actions queued
 *   handler throws / returns garbage    → old state kept, quit(reason) queued (decision D4)
 * The record names `peer`, the other endpoint of a presence or absence (null for a message): the
 * handler is not told, the debugger is.
 */
import type { Action } from './actions.ts';
import type { EndpointEvent, Reason } from './events.ts';
import { eventForUser, limitReason, ownReason } from './events.ts';
import type { Pid, RecordId } from './ids.ts';
import type { Limits } from './limits.ts';
import { processWith, processWithState, runHandler, type Endpoint, type Process } from './process.ts';
import { emit, emitDeliver, type EndpointRef } from './trace.ts';
import { enqueue, putProcess, type Ctx, type VM } from './vm.ts';

export function deliver(
  vm: VM,
  ctx: Ctx,
  ep: Endpoint,
  event: EndpointEvent,
  peer: EndpointRef | null,
  cause: RecordId | null,
  discardPid: Pid | null,
): VM {
  const p = vm.processes.get(ep.pid);
  return p === undefined ? vm : deliverAt(vm, ctx, p, ep, event, peer, cause, discardPid);
}

/** deliver, with `p` the current record of ep's process in `vm` (already looked up by the caller). */
export function deliverAt(
  vm: VM,
  ctx: Ctx,
  p: Process,
  ep: Endpoint,
  event: EndpointEvent,
  peer: EndpointRef | null,
  cause: RecordId | null,
  discardPid: Pid | null,
): VM {
  const handler = ep.handler;
  if (typeof handler !== 'function') return ctx.kernelCode.handler(vm, ctx, ep, handler, event, peer, cause, discardPid === p.pid);
  // The state this process last returned, so of the type its handler expects (UserHandler). The
  // handler gets its own copy of the event: the record keeps the kernel's.
  const forHandler = eventForUser(event);
  const r = runHandler(ctx.limits, handler, forHandler, p.state);
  const { sink, path } = ctx;
  if (discardPid === p.pid) {
    emitDeliver(sink, path, p.pid, cause, ep.name, event, peer, 'discarded', p.state, r.ok ? r.actions : [], null);
    return vm;
  }
  if (!r.ok) {
    const id = emitDeliver(sink, path, p.pid, cause, ep.name, event, peer, 'crashed', p.state, [], r.reason);
    return crash(vm, ctx, p.pid, r.reason, id);
  }
  const id = emitDeliver(sink, path, p.pid, cause, ep.name, event, peer, 'ok', r.state, r.actions, null);
  const next = putProcess(vm, processWithState(p, r.state));
  return r.actions.length === 0 ? next : enqueueChecked(next, ctx, p.pid, r.actions, id);
}

/** A crash keeps the old state and appends quit(reason): actions queued before it still run. */
export function crash(vm: VM, ctx: Ctx, pid: Pid, why: Reason, cause: RecordId | null): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  const reason = ownReason(why, ctx.limits);
  const quit: Action = { type: 'quit', pid: null, reason };
  const id = emit(ctx.sink, ctx.path, pid, cause, { kind: 'enqueue', actions: [quit], why: 'crash' });
  return enqueue(putProcess(vm, processWith(p, { crash: p.crash ?? reason })), ctx, pid, [quit], id);
}

/** A kernel limit hit by process `pid`: recorded as a limit record, then the process crashes with limit(name, sentence). */
export function limitCrash(vm: VM, ctx: Ctx, pid: Pid, limit: keyof Limits, sentence: string, cause: RecordId | null): VM {
  const id = emit(ctx.sink, ctx.path, pid, cause, { kind: 'limit', limit, sentence });
  return crash(vm, ctx, pid, limitReason(limit, sentence), id);
}

/** Enqueues a process's new actions, crashing it instead if its queue would exceed maxQueueLength. */
export function enqueueChecked(vm: VM, ctx: Ctx, pid: Pid, actions: readonly Action[], cause: RecordId | null): VM {
  const p = vm.processes.get(pid);
  if (p === undefined || actions.length === 0) return vm;
  if (p.queue.size + actions.length > ctx.limits.maxQueueLength) {
    const sentence = `process ${pid} (${p.name}) would have more than maxQueueLength (${ctx.limits.maxQueueLength}) queued actions`;
    return limitCrash(vm, ctx, pid, 'maxQueueLength', sentence, cause);
  }
  return enqueue(vm, ctx, pid, actions, cause);
}
