/**
 * Rule yield(k) (spec §2.2): k(state) runs immediately and its actions are appended to the queue,
 * so they run in the next round — "resume after a full scheduler round". For a nested VM process
 * the continuation is one more round of the VM inside it.
 */
import type { YieldAction } from '../actions.ts';
import { runContinuation } from '../continuation.ts';
import type { Pid, RecordId } from '../ids.ts';
import { RUN_VM, runNestedRound } from '../nested.ts';
import type { Ctx, VM } from '../vm.ts';

export function yieldRule(vm: VM, ctx: Ctx, pid: Pid, a: YieldAction, cause: RecordId): VM {
  const p = vm.processes.get(pid);
  if (p === undefined) return vm;
  if (p.isVm && a.k === RUN_VM) return runNestedRound(vm, ctx, p, cause);
  return runContinuation(vm, ctx, pid, 'yield', a.k, cause);
}
