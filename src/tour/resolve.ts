/** Finding a tour stop's process in the world at the cursor: by name, optionally inside a named VM. */
import type { Model, ProcKey, ProcView } from '../debugger/model.ts';
import type { ProcessRef } from './stops.ts';

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The process `ref` names at `model`: alive ones first, then the latest born. With `inVm`, only
 * processes directly inside a VM process of that name.
 */
export function resolveProcess(model: Model, ref: ProcessRef | string): ProcKey | null {
  const r = typeof ref === 'string' ? { name: ref } : ref;
  let vms: ProcView[] | null = null;
  if (r.inVm !== undefined) vms = [...model.procs.values()].filter((p) => p.isVm && p.name === r.inVm);
  let best: ProcView | null = null;
  for (const p of model.procs.values()) {
    if (p.name !== r.name) continue;
    if (vms !== null && !vms.some((v) => samePath(p.vm, [...v.vm, v.pid]))) continue;
    if (best === null || (p.alive && !best.alive) || (p.alive === best.alive && (p.bornAt ?? 0) > (best.bornAt ?? 0))) best = p;
  }
  return best?.key ?? null;
}
