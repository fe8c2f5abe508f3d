/**
 * Rule quit(pid, reason) — quit when pid is null or the actor's own, kill otherwise
 * (spec §2.2, facts 10 and 14 of §11, decisions D3 and D6).
 *
 *   target missing → no-op (recorded)
 *   otherwise      → the quit is recorded first (reason, killer, how many queued actions it drops,
 *                    what vanishes with a nested VM); then, caused by it, each of the target's
 *                    endpoints is removed in insertion order with `reason`; peers hear absence (the
 *                    killer included); the target's own handlers run but their results are
 *                    discarded; its meta-endpoints are withdrawn in the container with the same
 *                    reason; its queue is dropped; it leaves the VM. A nested VM takes every process
 *                    inside it along (recorded as `vanished`).
 * Nothing during the fan-out can change what the quit record says: deliveries to the quitting
 * process are discarded (so its queue does not grow), and a quitting VM relays nothing inward.
 */
import { relayName, type QuitAction } from '../actions.ts';
import { ownReason, type Reason } from '../events.ts';
import type { Pid, RecordId } from '../ids.ts';
import { announceAbsence } from '../presence.ts';
import { emit } from '../trace.ts';
import { removeProcess, uninstallEndpoint, vanishedWith, type Ctx, type VM } from '../vm.ts';

export function quit(vm: VM, ctx: Ctx, actor: Pid, a: QuitAction, cause: RecordId): VM {
  const target = a.pid ?? actor;
  if (!vm.processes.has(target)) {
    emit(ctx.sink, ctx.path, actor, cause, { kind: 'no-op', why: `no process ${target} to kill` });
    return vm;
  }
  return terminate(vm, ctx, target, a.reason, target === actor ? null : actor, cause);
}

export function terminate(vm: VM, ctx: Ctx, pid: Pid, why: Reason, killedBy: Pid | null, cause: RecordId | null): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  // Owned (and within maxReasonSize) once: every absence record and handler gets this one term.
  const reason = ownReason(why, ctx.limits);
  const quitId = emit(ctx.sink, ctx.path, pid, cause, {
    kind: 'quit', reason, killedBy, dropped: p.queue.size, vanished: vanishedWith(p, ctx.path),
  });
  for (const ep of p.endpoints.values()) {
    vm = uninstallEndpoint(vm, ep);
    const id = emit(ctx.sink, ctx.path, pid, quitId, {
      kind: 'endpoint', change: 'removed', endpoint: ep.name, role: ep.role, meta: false, reason,
    });
    vm = announceAbsence(vm, ctx, ep, reason, id, pid);
  }
  for (const ep of p.metaEndpoints.values()) {
    const id = emit(ctx.sink, ctx.path, pid, quitId, {
      kind: 'endpoint', change: 'removed', endpoint: ep.name, role: ep.role, meta: true, reason,
    });
    ctx.round.external.push({ action: { type: 'delete-role', name: relayName(pid, ep.name), reason }, cause: id });
  }
  return removeProcess(vm, pid);
}
