/**
 * Rule yield(k) (spec §2.2): k(state) runs immediately and its actions are appended to the queue,
 * so they run in the next round — "resume after a full scheduler round". A VM process's yield
 * continuation is run-vm (actions.ts): one more round of the VM inside it.
 */
import type { YieldAction } from '../actions.ts';
import { runYieldK } from '../continuation.ts';
import type { Pid, RecordId } from '../ids.ts';
import type { Ctx, VM } from '../vm.ts';

export function yieldRule(vm: VM, ctx: Ctx, pid: Pid, a: YieldAction, cause: RecordId): VM {
  return runYieldK(vm, ctx, pid, a.k, cause);
}
