/**
 * Rule at-meta-level(preaction) inside VM V (spec §4.2): the preaction is re-targeted at V's
 * container, where it becomes an action of V itself (queued there, so it takes effect when the
 * container schedules V).
 *
 *   child action (pid c)   effect inside V                        action of V in the container
 *   add-role(n, role, h)   store n in c.metaEndpoints             add-role(c/n, role, relay(c, n))
 *   delete-role(n, r)      remove n from c.metaEndpoints          delete-role(c/n, r)
 *   send-message(b, o)     —                                      send-message(b, o)
 *   spawn(spec, k)         keep k in c.spawnKs under a fresh id i spawn(spec, resume(c, i))
 *   spawn(spec, no k)      —                                      spawn(spec)
 *   quit(null, r)          —                                      quit(null, r): V itself quits
 *   quit(pid, r)           —                                      quit(pid, r): kills a sibling of V
 * relay(c, n) and resume(c, i) are kernel code (actions.ts). V's actions leave with the round
 * (RoundResult.external); nested.ts queues them on V.
 * At the ground VM there is no further meta-level: the acting process crashes (decision D4).
 */
import { relay, relayName, resume, type AtMetaLevelAction } from '../actions.ts';
import { crash } from '../deliver.ts';
import { errorReason } from '../events.ts';
import { endpointName, type Pid, type RecordId } from '../ids.ts';
import { processWith, type Endpoint } from '../process.ts';
import { rolesEqual, storedRole, type Role } from '../role.ts';
import { emit } from '../trace.ts';
import { putProcess, type Ctx, type VM } from '../vm.ts';
import { prettyRole } from './add-role.ts';

export function atMetaLevel(vm: VM, ctx: Ctx, pid: Pid, a: AtMetaLevelAction, cause: RecordId): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  if (ctx.depth === 0) {
    return crash(vm, ctx, pid, errorReason('no-meta-level', 'at-meta-level at the ground VM: no further meta-level exists'), cause);
  }
  const pa = a.preaction;
  const out = ctx.round.external;
  switch (pa.type) {
    case 'add-role': {
      const name = pa.name ?? endpointName(`#${p.nextSeq}`);
      const role: Role = storedRole(pa.role);
      const existing = p.metaEndpoints.get(name);
      if (existing !== undefined && !rolesEqual(existing.role, role)) {
        const sentence = `meta-endpoint "${name}" re-declared with a different role: ${prettyRole(existing.role)} became ${prettyRole(role)}`;
        return crash(vm, ctx, pid, errorReason('role-mismatch', sentence), cause);
      }
      const ep: Endpoint = { pid, name, role, handler: pa.handler, seq: existing?.seq ?? p.nextSeq };
      vm = putProcess(vm, processWith(p, { metaEndpoints: p.metaEndpoints.set(name, ep), nextSeq: Math.max(p.nextSeq, ep.seq + 1) }));
      const change = existing === undefined ? 'added' : 'replaced';
      const id = emit(ctx.sink, ctx.path, pid, cause, { kind: 'endpoint', change, endpoint: name, role, meta: true, reason: null });
      out.push({ action: { type: 'add-role', name: relayName(pid, name), role, handler: relay(pid, name) }, cause: id });
      return vm;
    }
    case 'delete-role': {
      const existing = p.metaEndpoints.get(pa.name);
      if (existing === undefined) {
        emit(ctx.sink, ctx.path, pid, cause, { kind: 'no-op', why: `no meta-endpoint named "${pa.name}" to delete` });
        return vm;
      }
      vm = putProcess(vm, processWith(p, { metaEndpoints: p.metaEndpoints.delete(pa.name) }));
      const id = emit(ctx.sink, ctx.path, pid, cause, {
        kind: 'endpoint', change: 'removed', endpoint: pa.name, role: existing.role, meta: true, reason: pa.reason,
      });
      out.push({ action: { type: 'delete-role', name: relayName(pid, pa.name), reason: pa.reason }, cause: id });
      return vm;
    }
    case 'spawn': {
      if (pa.k === null) {
        out.push({ action: pa, cause });
        return vm;
      }
      const kId = p.nextSpawnK;
      vm = putProcess(vm, processWith(p, { spawnKs: p.spawnKs.set(kId, pa.k), nextSpawnK: kId + 1 }));
      out.push({ action: { ...pa, k: resume(pid, kId) }, cause });
      return vm;
    }
    case 'send-message':
    case 'quit':
      out.push({ action: pa, cause });
      return vm;
  }
}
