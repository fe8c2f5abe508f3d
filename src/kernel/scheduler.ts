/**
 * The scheduler round, run-vm (spec §2.3, fact 3 of §11, decision D1).
 *
 * Rule: one pass over the processes that have work, in ascending pid. Pids allocated during the
 * pass wait for the next one. At its turn a process takes its *current* queue and performs those
 * actions in order; handlers of any process run synchronously inside, appending to queues; what a
 * process gains during its own turn, or after its turn, waits for the next pass. A process that
 * quits drops the rest. Then idle processes with no endpoints are collected (no absence: nothing is
 * left to withdraw). The result: the new VM, the actions for the container, and whether work is left.
 * Fuel: at most maxRoundActions actions per pass; the process that exceeds it quits with a limit.
 * A VM nested in this one is run by its VM process's kernel code (nested.ts), which calls runRound.
 */
import { List } from 'immutable';
import type { Preaction } from './actions.ts';
import { limitReason } from './events.ts';
import type { Pid, RecordId } from './ids.ts';
import { isIdleAndEmpty, processWith } from './process.ts';
import { perform } from './perform.ts';
import { terminate } from './rules/quit.ts';
import { emit, emitRound, type Vanished } from './trace.ts';
import { opened, removeProcess, sealed, vanishedWith, vmWith, type Ctx, type VM } from './vm.ts';

export interface RoundResult {
  readonly vm: VM;
  readonly external: readonly { readonly action: Preaction; readonly cause: RecordId | null }[];
  readonly more: boolean;
}

/** A binary min-heap of pids: the pass visits pids in ascending order as they gain work. */
class PidHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export function runRound(vm0: VM, ctx: Ctx, cause: RecordId | null): RoundResult {
  // Editable tables for the round (vm.ts opened); finish seals them before the VM leaves.
  let vm: VM = opened(vmWith(vm0, { rounds: vm0.rounds + 1 }));
  const round = ctx.round;
  const roundId = emitRound(ctx.sink, ctx.path, cause, vm.rounds);
  const bound = vm.nextPid;
  const heap = new PidHeap();
  const scheduled = new Set<number>();
  for (const pid of vm.runnable) {
    if (pid < bound) {
      heap.push(pid);
      scheduled.add(pid);
    }
  }
  while (heap.size > 0) {
    const pid = heap.pop() as Pid;
    const p = vm.processes.get(pid);
    if (p === undefined || p.queue.size === 0) continue;
    vm = vmWith(vm, { processes: vm.processes.set(pid, processWith(p, { queue: List() })), runnable: vm.runnable.delete(pid) });
    round.touched.push(pid);
    round.woken = [];
    for (const qa of p.queue) {
      if (round.fuel-- <= 0) {
        vm = exhaustFuel(vm, ctx, pid, roundId);
        return finish(vm, ctx, roundId);
      }
      vm = perform(vm, ctx, pid, qa);
      if (!vm.processes.has(pid)) break;
    }
    for (const w of round.woken) {
      if (w > pid && w < bound && !scheduled.has(w)) {
        heap.push(w);
        scheduled.add(w);
      }
    }
  }
  return finish(vm, ctx, roundId);
}

function exhaustFuel(vm: VM, ctx: Ctx, pid: Pid, roundId: RecordId): VM {
  const sentence = `more than maxRoundActions (${ctx.limits.maxRoundActions}) actions in one scheduler round`;
  const id = emit(ctx.sink, ctx.path, pid, roundId, { kind: 'limit', limit: 'maxRoundActions', sentence });
  return terminate(vm, ctx, pid, limitReason('maxRoundActions', sentence), null, id);
}

function finish(vm: VM, ctx: Ctx, roundId: RecordId): RoundResult {
  vm = sealed(collectGarbage(vm, ctx, roundId));
  return { vm, external: ctx.round.external, more: vm.runnable.size > 0 };
}

/** GC: processes that ran or were born this round and now have no endpoints and nothing to do. */
function collectGarbage(vm: VM, ctx: Ctx, roundId: RecordId): VM {
  const pids = [...new Set(ctx.round.touched)].sort((a, b) => a - b);
  const collected: Pid[] = [];
  const vanished: Vanished[] = [];
  for (const pid of pids) {
    const p = vm.processes.get(pid);
    if (p === undefined || !isIdleAndEmpty(p)) continue;
    collected.push(pid);
    vanished.push(...vanishedWith(p, ctx.path));
    vm = removeProcess(vm, pid);
  }
  if (collected.length > 0) emit(ctx.sink, ctx.path, null, roundId, { kind: 'gc', pids: collected, vanished });
  return vm;
}
