/**
 * Performing one queued action: record it, then dispatch to its reduction rule in rules/.
 */
import { assertNever } from './assert-never.ts';
import type { Pid } from './ids.ts';
import type { QueuedAction } from './process.ts';
import { addRole } from './rules/add-role.ts';
import { atMetaLevel } from './rules/at-meta-level.ts';
import { deleteRole } from './rules/delete-role.ts';
import { quit } from './rules/quit.ts';
import { sendMessage } from './rules/send-message.ts';
import { spawn } from './rules/spawn.ts';
import { yieldRule } from './rules/yield.ts';
import { emitAction } from './trace.ts';
import type { Ctx, VM } from './vm.ts';

export function perform(vm: VM, ctx: Ctx, pid: Pid, qa: QueuedAction): VM {
  const a = qa.action;
  const id = emitAction(ctx.sink, ctx.path, pid, qa.cause, a);
  switch (a.type) {
    case 'add-role':
      return addRole(vm, ctx, pid, a, id);
    case 'delete-role':
      return deleteRole(vm, ctx, pid, a, id);
    case 'send-message':
      return sendMessage(vm, ctx, pid, a, id);
    case 'spawn':
      return spawn(vm, ctx, pid, a, id);
    case 'quit':
      return quit(vm, ctx, pid, a, id);
    case 'yield':
      return yieldRule(vm, ctx, pid, a, id);
    case 'at-meta-level':
      return atMetaLevel(vm, ctx, pid, a, id);
    default:
      return assertNever(a, 'action');
  }
}
