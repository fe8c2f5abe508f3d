/**
 * Rule spawn(boot, k, name) (spec §2.2, fact 13 of §11).
 *
 *   1. the child gets pid = nextPid++ (pids are never reused);
 *   2. its boot runs now, under containment: a crash gives state false and a single queued quit;
 *   3. the child is inserted with its initial actions queued (they run in the next round);
 *   4. the parent's continuation k(childPid) runs now and its actions are queued on the parent.
 * A nested VM (spawn with nested set) is spawned the same way, its boot being the VM's first round
 * (Ctx.kernelCode: nested.ts). A VM process's spawn has resume as its continuation (actions.ts):
 * the at-meta-level spawn it stands for resumes the inner process that asked for it.
 */
import type { SpawnAction } from '../actions.ts';
import { runSpawnK } from '../continuation.ts';
import { crash, enqueueChecked, limitCrash } from '../deliver.ts';
import type { Pid, RecordId } from '../ids.ts';
import { makeProcess, runUserCode } from '../process.ts';
import { emit } from '../trace.ts';
import { allocatePid, putProcess, type Ctx, type VM } from '../vm.ts';

export function spawn(vm: VM, ctx: Ctx, parent: Pid, a: SpawnAction, cause: RecordId): VM {
  if (vm.processes.size >= ctx.limits.maxProcessesPerVm) {
    const sentence = `the VM would hold more than maxProcessesPerVm (${ctx.limits.maxProcessesPerVm}) processes`;
    return limitCrash(vm, ctx, parent, 'maxProcessesPerVm', sentence, cause);
  }
  const [allocated, child] = allocatePid(vm);
  vm = a.nested ? ctx.kernelCode.spawnVm(allocated, ctx, parent, child, a, cause) : spawnProcess(allocated, ctx, parent, child, a, cause);
  return a.k === null ? vm : runSpawnK(vm, ctx, parent, a.k, child, cause);
}

function spawnProcess(vm: VM, ctx: Ctx, parent: Pid, child: Pid, a: SpawnAction, cause: RecordId): VM {
  const boot = a.boot;
  const r = runUserCode(ctx.limits, () => (typeof boot === 'function' ? boot() : boot));
  vm = putProcess(vm, makeProcess(child, a.name, r.ok ? r.state : false, false));
  ctx.round.touched.push(child);
  const id = emit(ctx.sink, ctx.path, child, cause, {
    kind: 'boot', name: a.name, parent, nested: false,
    outcome: r.ok ? 'ok' : 'crashed', state: r.ok ? r.state : false, actions: r.ok ? r.actions : [],
    reason: r.ok ? null : r.reason,
  });
  return r.ok ? enqueueChecked(vm, ctx, child, r.actions, id) : crash(vm, ctx, child, r.reason, id);
}
