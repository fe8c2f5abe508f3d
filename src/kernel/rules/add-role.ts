/**
 * Rule add-role(name, role, handler) (spec §2.2, decision D5).
 *
 *   name absent                → install the endpoint, then compute presence immediately
 *   name present, equal role   → replace only the handler; nobody is notified (the anti-glitch rule)
 *   name present, other role   → the acting process crashes with error(role-mismatch, …)
 *   an intersection with a peer over a term limit (presence.ts) → the endpoint is not installed and
 *                                the acting process crashes with that limit
 * An unnamed endpoint gets the name #<n>, n counting per process.
 */
import type { AddRoleAction } from '../actions.ts';
import { crash, limitCrash } from '../deliver.ts';
import { errorReason } from '../events.ts';
import { endpointName, type Pid, type RecordId } from '../ids.ts';
import { pretty } from '../pretty.ts';
import { announcePresence, matchingEndpoints } from '../presence.ts';
import type { Endpoint } from '../process.ts';
import { coOrientation, rolesEqual, storedRole, type Role } from '../role.ts';
import { emit } from '../trace.ts';
import { installEndpoint, replaceHandler, type Ctx, type VM } from '../vm.ts';

export function prettyRole(r: Role): string {
  return `${r.orientation}/${r.interest} ${pretty(r.topic)}`;
}

export function addRole(vm: VM, ctx: Ctx, pid: Pid, a: AddRoleAction, cause: RecordId): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  const name = a.name ?? endpointName(`#${p.nextSeq}`);
  const role = storedRole(a.role);
  const handler = a.handler;
  const existing = p.endpoints.get(name);
  if (existing !== undefined) {
    if (!rolesEqual(existing.role, role)) {
      const sentence = `endpoint "${name}" re-declared with a different role: ${prettyRole(existing.role)} became ${prettyRole(role)}`;
      return crash(vm, ctx, pid, errorReason('role-mismatch', sentence), cause);
    }
    emit(ctx.sink, ctx.path, pid, cause, { kind: 'endpoint', change: 'replaced', endpoint: name, role, meta: false, reason: null });
    return replaceHandler(vm, p, { ...existing, handler });
  }
  if (p.endpoints.size >= ctx.limits.maxEndpointsPerProcess) {
    const sentence = `process ${pid} (${p.name}) would hold more than maxEndpointsPerProcess (${ctx.limits.maxEndpointsPerProcess}) endpoints`;
    return limitCrash(vm, ctx, pid, 'maxEndpointsPerProcess', sentence, cause);
  }
  // Matched before the endpoint is installed (it cannot match itself), so that a pair over a term
  // limit refuses the endpoint before anyone hears of it.
  const found = matchingEndpoints(vm, coOrientation(role.orientation), role.topic, pid, ctx.limits);
  if (found.refused !== null) {
    return limitCrash(vm, ctx, pid, found.refused.limit ?? 'maxTermNodes', `endpoint "${name}": ${found.refused.problem}`, cause);
  }
  const ep: Endpoint = { pid, name, role, handler, seq: p.nextSeq };
  const id = emit(ctx.sink, ctx.path, pid, cause, { kind: 'endpoint', change: 'added', endpoint: name, role, meta: false, reason: null });
  return announcePresence(installEndpoint(vm, p, ep, id), ctx, ep, found.matches, id);
}
