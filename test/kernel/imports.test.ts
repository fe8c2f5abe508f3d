/**
 * The kernel's module graph, read from the import lines of src/kernel (type-only imports included):
 * no import cycles, and a nested VM is code above the scheduler, not a special case inside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../src/kernel', import.meta.url));

function kernelFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? kernelFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms;

/** module (path relative to src/kernel) → the kernel modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of kernelFiles(ROOT)) {
    const deps = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => relative(ROOT, normalize(join(dirname(file), m[1]!))))
      .filter((d) => !d.startsWith('..'));
    graph.set(relative(ROOT, file), deps);
  }
  return graph;
}

/** The strongly connected components with more than one module (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

function reachable(graph: ReadonlyMap<string, readonly string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length > 0) {
    const v = todo.pop()!;
    for (const w of graph.get(v) ?? []) {
      if (seen.has(w)) continue;
      seen.add(w);
      todo.push(w);
    }
  }
  return seen;
}

describe('kernel imports', () => {
  const graph = importGraph();

  it('reads the import lines (multi-line and type-only imports too)', () => {
    expect(graph.get('nested.ts')).toEqual(expect.arrayContaining(['actions.ts', 'scheduler.ts', 'vm.ts']));
    expect(graph.get('scheduler.ts')).toEqual(expect.arrayContaining(['perform.ts', 'rules/quit.ts']));
  });

  it('has no import cycle, but for the simulated world and its scripted clients', () => {
    // ground/world.ts and ground/clients.ts call each other (a client step acts on the world, a
    // world step wakes clients); they predate this test. Any other cycle fails it.
    expect(cycles(graph)).toEqual([['ground/clients.ts', 'ground/world.ts']]);
  });

  it('keeps the nested-VM code above the scheduler: no rule, deliver or scheduler reaches nested.ts', () => {
    for (const m of ['scheduler.ts', 'perform.ts', 'deliver.ts', 'continuation.ts', 'presence.ts']) {
      expect(reachable(graph, m).has('nested.ts'), m).toBe(false);
    }
    expect(reachable(graph, 'actions.ts')).not.toContain('vm.ts');
  });
});
