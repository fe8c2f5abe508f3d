/**
 * The nested-VM tree: ground VM → nested VMs → processes, with names, pids, liveness and crash
 * markers.
 *
 * Data definition:
 *   TreeNode = { key, kind: 'vm' | 'process', pid, name, alive, crash, exit, endpoints, queued, children }
 *   The root is the ground VM (key "ground"); a nested VM's process node has the VM's processes as
 *   children.
 */
import { pretty, type Reason } from '../../kernel/index.ts';
import type { Model, ProcView } from '../model.ts';
import { shown } from './shown.ts';

export interface TreeNode {
  readonly key: string;
  readonly kind: 'vm' | 'process';
  readonly pid: number | null;
  readonly name: string;
  readonly alive: boolean;
  /** The crash reason, printed, if the process crashed. */
  readonly crash: string | null;
  /** How it left, printed ("quit false", "gc", "vanished"), if it did. */
  readonly exit: string | null;
  readonly endpoints: number;
  readonly queued: number;
  readonly children: readonly TreeNode[];
}

function exitText(p: ProcView): string | null {
  if (p.exit === null) return null;
  return p.exit.how === 'quit' ? shown(`quit ${pretty(p.exit.reason as Reason)}`) : p.exit.how;
}

function nodeOf(p: ProcView, byVm: Map<string, ProcView[]>): TreeNode {
  const inner = p.isVm ? byVm.get(p.key) ?? [] : [];
  return {
    key: p.key, kind: 'process', pid: p.pid, name: p.name, alive: p.alive,
    crash: p.crash === null ? null : shown(pretty(p.crash as Reason)), exit: exitText(p),
    endpoints: p.endpoints.size + p.metaEndpoints.size, queued: p.queue.size,
    children: inner.map((c) => nodeOf(c, byVm)),
  };
}

/** The tree at a model; exited processes are included only when `showExited`. */
export function vmTree(model: Model, showExited = false): TreeNode {
  const byVm = new Map<string, ProcView[]>();
  for (const p of model.procs.values()) {
    if (!p.alive && !showExited) continue;
    const vmKey = p.vm.length === 0 ? 'ground' : p.vm.join('/');
    const list = byVm.get(vmKey) ?? [];
    list.push(p);
    byVm.set(vmKey, list);
  }
  for (const list of byVm.values()) list.sort((a, b) => a.pid - b.pid);
  const top = byVm.get('ground') ?? [];
  return {
    key: 'ground', kind: 'vm', pid: null, name: 'ground VM', alive: true, crash: null, exit: null,
    endpoints: 0, queued: 0, children: top.map((p) => nodeOf(p, byVm)),
  };
}

/** Keys of every node, depth first (for keyboard navigation and tests). */
export function flattenTree(n: TreeNode): TreeNode[] {
  return [n, ...n.children.flatMap(flattenTree)];
}
