/**
 * Running a continuation in a process: a spawn continuation k(childPid) or a yield continuation
 * k(state). Like a handler, it runs now; its state is kept and its actions are appended to the
 * process's queue; a crash keeps the old state and queues a quit. A continuation that is kernel
 * code (run-vm, resume: actions.ts) is run by the kernel instead (nested.ts).
 */
import type { SpawnK, UserYieldK, YieldK } from './actions.ts';
import { crash, enqueueChecked } from './deliver.ts';
import type { Pid, RecordId } from './ids.ts';
import { processWith, runUserCode } from './process.ts';
import { emit } from './trace.ts';
import { putProcess, type Ctx, type VM } from './vm.ts';

/** A yield continuation of process `pid`. */
export function runYieldK(vm: VM, ctx: Ctx, pid: Pid, k: YieldK, cause: RecordId): VM {
  return typeof k === 'function' ? runContinuation(vm, ctx, pid, 'yield', k, cause) : ctx.kernelCode.yieldK(vm, ctx, pid, k, cause);
}

/** A spawn continuation of process `parent`, with the pid of the child it spawned. */
export function runSpawnK(vm: VM, ctx: Ctx, parent: Pid, k: SpawnK, child: Pid, cause: RecordId): VM {
  if (typeof k !== 'function') return ctx.kernelCode.spawnK(vm, ctx, parent, k, child, cause);
  return runContinuation(vm, ctx, parent, 'spawn', (s) => k(child, s), cause);
}

function runContinuation(
  vm: VM,
  ctx: Ctx,
  pid: Pid,
  of: 'spawn' | 'yield',
  k: UserYieldK,
  cause: RecordId | null,
): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  // The state this process last returned, so of the type its continuation expects (actions.ts).
  const r = runUserCode(ctx.limits, () => k(p.state as never));
  if (!r.ok) {
    const id = emit(ctx.sink, ctx.path, pid, cause, {
      kind: 'continuation', of, outcome: 'crashed', state: p.state, actions: [], reason: r.reason,
    });
    return crash(vm, ctx, pid, r.reason, id);
  }
  const id = emit(ctx.sink, ctx.path, pid, cause, {
    kind: 'continuation', of, outcome: 'ok', state: r.state, actions: r.actions, reason: null,
  });
  return enqueueChecked(putProcess(vm, processWith(p, { state: r.state })), ctx, pid, r.actions, id);
}
