/**
 * Nested VMs (spec §4.1–4.3, fact 16 of §11, decision D7): a VM is an ordinary process whose
 * state is a whole VM.
 *
 * Data definition:
 *   A VM process V (isVm) holds, in its container, one endpoint per meta-endpoint (c, n) of its
 *   children, named "c/n", whose handler is relay(c, n).
 * Rules:
 *   spawn   the inner VM's first round runs at once; its external actions (and a yield(RUN_VM)
 *           when work is left) become V's initial queue in the container.
 *   relay   an event at relay(c, n) runs c's meta-endpoint handler with the unchanged event, then
 *           one round of the inner VM; if c or n is gone, nothing happens.
 *   yield   performing V's yield(RUN_VM) runs one more inner round.
 *   depth   a VM nested deeper than maxVmDepth quits at once with limit(maxVmDepth, …).
 */
import type { Action, AnyState, SpawnAction, Transition, YieldAction } from './actions.ts';
import { crash, deliver } from './deliver.ts';
import { runContinuation } from './continuation.ts';
import type { EndpointEvent } from './events.ts';
import { limitReason } from './events.ts';
import { endpointName, type EndpointName, type Pid, type RecordId, type VmPath } from './ids.ts';
import { makeProcess, processWith, type Endpoint, type Process, type QueuedAction, type RelayHandler } from './process.ts';
import { runRound, type RoundResult } from './scheduler.ts';
import { emit, type Vanished } from './trace.ts';
import { enqueue, makeVM, putProcess, type Ctx, type VM } from './vm.ts';

/** The continuation of a VM process's yield: one more round of the VM inside it. */
export const RUN_VM = (state: AnyState): Transition<AnyState> => ({ state, actions: null });

export interface RelaySpawn extends SpawnAction {
  readonly relayK: { readonly child: Pid; readonly id: number };
}

export function relayName(child: Pid, name: EndpointName): EndpointName {
  return endpointName(`${child}/${name}`);
}

function innerCtx(ctx: Ctx, vmPid: Pid): Ctx {
  return {
    ...ctx,
    path: [...ctx.path, vmPid],
    depth: ctx.depth + 1,
    round: { woken: [], external: [], touched: [], fuel: ctx.limits.maxRoundActions },
  };
}

/** V's new queue entries after an inner round: yield(RUN_VM) first if work is left, then the external actions. */
function afterRound(vm: VM, ctx: Ctx, v: Process, r: RoundResult, cause: RecordId | null): VM {
  vm = putProcess(vm, processWith(v, { state: r.vm }));
  const again: YieldAction = { type: 'yield', k: RUN_VM };
  const queued: QueuedAction[] = r.more ? [{ action: again, cause }, ...r.external] : [...r.external];
  if (queued.length === 0) return vm;
  const actions = queued.map((qa) => qa.action as Action);
  const id = emit(ctx.sink, ctx.path, v.pid, cause, { kind: 'enqueue', actions, why: 'nested-vm' });
  // Each action keeps its own cause (the inner record that produced it); the yield is the round's.
  for (const qa of queued) vm = enqueue(vm, ctx, v.pid, [qa.action as Action], qa.action === again ? id : qa.cause);
  return vm;
}

export function spawnNestedVm(vm: VM, ctx: Ctx, parent: Pid, child: Pid, a: SpawnAction, cause: RecordId): VM {
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
    const limitId = emit(ctx.sink, ctx.path, child, id, { kind: 'limit', limit: 'maxVmDepth', sentence });
    return crash(vm, ctx, child, limitReason('maxVmDepth', sentence), limitId);
  }
  return afterRound(vm, ctx, v, runRound(inner, innerCtx(ctx, child), id), id);
}

export function runNestedRound(vm: VM, ctx: Ctx, v: Process, cause: RecordId): VM {
  return afterRound(vm, ctx, v, runRound(v.state as VM, innerCtx(ctx, v.pid), cause), cause);
}

export function deliverToNestedVm(
  vm: VM,
  ctx: Ctx,
  v: Process,
  ep: Endpoint,
  relay: RelayHandler,
  event: EndpointEvent,
  cause: RecordId | null,
  discard: boolean,
): VM {
  const inner = v.state as VM;
  const target = inner.processes.get(relay.child)?.metaEndpoints.get(relay.name);
  if (discard || target === undefined) {
    const why = discard ? 'the nested VM is quitting' : `inner endpoint ${relay.child}/${relay.name} is gone`;
    emit(ctx.sink, ctx.path, v.pid, cause, { kind: 'no-op', why: `event at ${ep.name} not relayed: ${why}` });
    return vm;
  }
  const ictx = innerCtx(ctx, v.pid);
  const delivered = deliver(inner, ictx, target, event, cause, null);
  return afterRound(vm, ctx, v, runRound(delivered, ictx, cause), cause);
}

/** After the container spawned a process for inner process c, resume c with the new pid. */
export function resumeRelaySpawn(vm: VM, ctx: Ctx, vPid: Pid, a: RelaySpawn, sibling: Pid, cause: RecordId): VM {
  const v = vm.processes.get(vPid);
  if (v === undefined || !v.isVm) return vm;
  let inner = v.state as VM;
  const c = inner.processes.get(a.relayK.child);
  const k = c?.spawnKs.get(a.relayK.id);
  if (c === undefined || k === undefined) return vm;
  inner = putProcess(inner, processWith(c, { spawnKs: c.spawnKs.delete(a.relayK.id) }));
  const ictx = innerCtx(ctx, vPid);
  inner = runContinuation(inner, ictx, c.pid, 'spawn', (s) => k(sibling, s), cause);
  return afterRound(vm, ctx, v, runRound(inner, ictx, cause), cause);
}

/**
 * Applies `f` to the VM at `path` (VM process pids from `vm` down), as the world acting from
 * outside (a user intervention). What the inner VM hands outward is queued on its VM process, as
 * after a relayed event; a further inner round is asked for only if one is not already queued.
 */
export function withinVm(vm: VM, ctx: Ctx, path: readonly Pid[], cause: RecordId | null, f: (inner: VM, ictx: Ctx) => VM): VM {
  const [first, ...rest] = path;
  if (first === undefined) return f(vm, ctx);
  const v = vm.processes.get(first);
  if (v === undefined || !v.isVm) return vm;
  const ictx = innerCtx(ctx, v.pid);
  const inner = withinVm(v.state as VM, ictx, rest, cause, f);
  const pending = v.queue.some((qa) => qa.action.type === 'yield' && qa.action.k === RUN_VM);
  return afterRound(vm, ctx, v, { vm: inner, external: ictx.round.external, more: !pending && inner.runnable.size > 0 }, cause);
}

/** Every process inside a VM process, recursively (they go when it goes). */
export function vanishedWith(p: Process, path: VmPath): Vanished[] {
  if (!p.isVm) return [];
  const innerPath = [...path, p.pid];
  const out: Vanished[] = [];
  for (const q of (p.state as VM).processes.values()) {
    out.push({ vm: innerPath, pid: q.pid, name: q.name });
    out.push(...vanishedWith(q, innerPath));
  }
  return out;
}
