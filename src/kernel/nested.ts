/**
 * Nested VMs (spec §4.1–4.3, fact 16 of §11, decision D7): a VM is an ordinary process whose
 * state is a whole VM, and this is the kernel code that acts for it (actions.ts: relay, run-vm,
 * resume; Marketplace's wrap-trapk, run-vm and dispatch-spawn-k). The ground hands it to every
 * step as Ctx.kernelCode.
 *
 * Data definition:
 *   A VM process V (isVm) holds, in its container, one endpoint per meta-endpoint (c, n) of its
 *   children, named "c/n", whose handler is relay(c, n). Its queue holds ordinary actions: what its
 *   VM's rounds handed out (at-meta-level.ts), after a yield(run-vm) while that VM has work.
 * Rules:
 *   spawn    the inner VM's first round runs at once; its external actions (after a yield(run-vm)
 *            when work is left) become V's initial queue in the container.
 *   relay    an event at relay(c, n) is recorded on both sides of the boundary: in the container as a
 *            delivery to V's endpoint c/n (outcome relayed, naming the peer), then inside, caused by
 *            it, as the delivery to c's meta-endpoint n, whose handler runs with the unchanged event;
 *            then one round of the inner VM. If c or n is gone, or V is quitting, the container's
 *            record says discarded (a no-op says why) and nothing happens inside.
 *   run-vm   performing V's yield(run-vm) runs one more inner round.
 *   resume   when the container spawned resume(c, i)'s child, c's continuation i runs with its pid,
 *            then one inner round; if c or i is gone, nothing happens.
 *   depth    a VM nested deeper than maxVmDepth quits at once with limit(maxVmDepth, …).
 */
import type { Relay, Resume, RunVm, SpawnAction } from './actions.ts';
import { RUN_VM } from './actions.ts';
import { runSpawnK } from './continuation.ts';
import { deliver, limitCrash } from './deliver.ts';
import type { EndpointEvent } from './events.ts';
import type { Pid, RecordId } from './ids.ts';
import { makeProcess, processWith, type Endpoint, type Process, type QueuedAction } from './process.ts';
import { runRound, type RoundResult } from './scheduler.ts';
import { emit, type EndpointRef } from './trace.ts';
import { enqueue, innerVm, makeVM, putProcess, type Ctx, type KernelCodeRunner, type VM } from './vm.ts';

function innerCtx(ctx: Ctx, vmPid: Pid): Ctx {
  return {
    ...ctx,
    path: [...ctx.path, vmPid],
    depth: ctx.depth + 1,
    round: { woken: [], external: [], touched: [], fuel: ctx.limits.maxRoundActions },
  };
}

/** V's new queue entries after an inner round: yield(run-vm) first if work is left, then the external actions. */
function afterRound(vm: VM, ctx: Ctx, v: Process, r: RoundResult, cause: RecordId | null): VM {
  vm = putProcess(vm, processWith(v, { state: r.vm }));
  const again: QueuedAction = { action: { type: 'yield', k: RUN_VM }, cause };
  const queued: readonly QueuedAction[] = r.more ? [again, ...r.external] : r.external;
  if (queued.length === 0) return vm;
  const id = emit(ctx.sink, ctx.path, v.pid, cause, { kind: 'enqueue', actions: queued.map((qa) => qa.action), why: 'nested-vm' });
  // Each action keeps its own cause (the inner record that produced it); the yield is the round's.
  for (const qa of queued) vm = enqueue(vm, ctx, v.pid, [qa.action], qa === again ? id : qa.cause);
  return vm;
}

function spawnVm(vm: VM, ctx: Ctx, parent: Pid, child: Pid, a: SpawnAction, cause: RecordId): VM {
  const inner = makeVM(a.boot, ctx.routingKind, `${a.name}-boot`);
  const v = makeProcess(child, a.name, inner, true);
  vm = putProcess(vm, v);
  ctx.round.touched.push(child);
  const tooDeep = ctx.depth + 1 > ctx.limits.maxVmDepth;
  const id = emit(ctx.sink, ctx.path, child, cause, {
    kind: 'boot', name: a.name, parent, nested: true, outcome: tooDeep ? 'crashed' : 'ok', state: inner, actions: [], reason: null,
  });
  if (tooDeep) {
    const sentence = `a nested VM at depth ${ctx.depth + 1} exceeds maxVmDepth (${ctx.limits.maxVmDepth})`;
    return limitCrash(vm, ctx, child, 'maxVmDepth', sentence, id);
  }
  return afterRound(vm, ctx, v, runRound(inner, innerCtx(ctx, child), id), id);
}

function runVm(vm: VM, ctx: Ctx, self: Pid, _code: RunVm, cause: RecordId): VM {
  const v = vm.processes.get(self);
  const inner = v === undefined ? null : innerVm(v);
  if (v === undefined || inner === null) return vm;
  return afterRound(vm, ctx, v, runRound(inner, innerCtx(ctx, v.pid), cause), cause);
}

function relayEvent(
  vm: VM, ctx: Ctx, ep: Endpoint, r: Relay, event: EndpointEvent, peer: EndpointRef | null, cause: RecordId | null, discard: boolean,
): VM {
  const v = vm.processes.get(ep.pid);
  const inner = v === undefined ? null : innerVm(v);
  if (v === undefined || inner === null) return vm;
  const target = discard ? undefined : inner.processes.get(r.child)?.metaEndpoints.get(r.name);
  // The container's side: V's endpoint got the event. V's state and queue change through the
  // records inside and the enqueue after the round, so this record carries neither.
  const id = emit(ctx.sink, ctx.path, v.pid, cause, {
    kind: 'deliver', endpoint: ep.name, event, peer, outcome: target === undefined ? 'discarded' : 'relayed', state: null, actions: [], reason: null,
  });
  if (target === undefined) {
    const why = discard ? 'the nested VM is quitting' : `inner endpoint ${r.child}/${r.name} is gone`;
    emit(ctx.sink, ctx.path, v.pid, id, { kind: 'no-op', why: `event at ${ep.name} not relayed: ${why}` });
    return vm;
  }
  const ictx = innerCtx(ctx, v.pid);
  // The inside, caused by the container's record; the peer is in the container, so it names none.
  const delivered = deliver(inner, ictx, target, event, null, id, null);
  return afterRound(vm, ctx, v, runRound(delivered, ictx, id), id);
}

function resumeChild(vm: VM, ctx: Ctx, self: Pid, r: Resume, sibling: Pid, cause: RecordId): VM {
  const v = vm.processes.get(self);
  let inner = v === undefined ? null : innerVm(v);
  if (v === undefined || inner === null) return vm;
  const c = inner.processes.get(r.child);
  const k = c?.spawnKs.get(r.id);
  if (c === undefined || k === undefined) return vm;
  inner = putProcess(inner, processWith(c, { spawnKs: c.spawnKs.delete(r.id) }));
  const ictx = innerCtx(ctx, self);
  inner = runSpawnK(inner, ictx, c.pid, k, sibling, cause);
  return afterRound(vm, ctx, v, runRound(inner, ictx, cause), cause);
}

export const VM_KERNEL_CODE: KernelCodeRunner = {
  spawnVm,
  handler: relayEvent,
  yieldK: runVm,
  spawnK: resumeChild,
};

/**
 * Applies `f` to the VM at `path` (VM process pids from `vm` down), as the world acting from
 * outside (a user intervention). What the inner VM hands outward is queued on its VM process, as
 * after a relayed event; a further inner round is asked for only if one is not already queued.
 */
export function withinVm(vm: VM, ctx: Ctx, path: readonly Pid[], cause: RecordId | null, f: (inner: VM, ictx: Ctx) => VM): VM {
  const [first, ...rest] = path;
  if (first === undefined) return f(vm, ctx);
  const v = vm.processes.get(first);
  const before = v === undefined ? null : innerVm(v);
  if (v === undefined || before === null) return vm;
  const ictx = innerCtx(ctx, v.pid);
  const inner = withinVm(before, ictx, rest, cause, f);
  const pending = v.queue.some(({ action: a }) => a.type === 'yield' && typeof a.k !== 'function' && a.k.kernel === 'run-vm');
  return afterRound(vm, ctx, v, { vm: inner, external: ictx.round.external, more: !pending && inner.runnable.size > 0 }, cause);
}
