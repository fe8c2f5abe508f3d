/**
 * Rule delete-role(name, reason) (spec §2.2, §3.2, decision D3).
 *
 *   name absent  → no-op (recorded)
 *   name present → remove the endpoint, then compute absence immediately with `reason`: every
 *                  visible peer hears of it, and the removed endpoint hears of each of its peers.
 */
import type { DeleteRoleAction } from '../actions.ts';
import type { Pid, RecordId } from '../ids.ts';
import { announceAbsence } from '../presence.ts';
import { emit } from '../trace.ts';
import { uninstallEndpoint, type Ctx, type VM } from '../vm.ts';

export function deleteRole(vm: VM, ctx: Ctx, pid: Pid, a: DeleteRoleAction, cause: RecordId): VM {
  const ep = vm.processes.get(pid)?.endpoints.get(a.name);
  if (ep === undefined) {
    emit(ctx.sink, ctx.path, pid, cause, { kind: 'no-op', why: `no endpoint named "${a.name}" to delete` });
    return vm;
  }
  const removed = uninstallEndpoint(vm, ep);
  const id = emit(ctx.sink, ctx.path, pid, cause, {
    kind: 'endpoint', change: 'removed', endpoint: ep.name, role: ep.role, meta: false, reason: a.reason,
  });
  return announceAbsence(removed, ctx, ep, a.reason, id, null);
}
