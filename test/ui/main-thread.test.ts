/**
 * The main thread never runs the kernel: following the value imports of the page's entry point
 * (type-only imports are erased by the build; the engine's worker is started by URL, not imported)
 * reaches no kernel machinery, no scenario, no history and no player — only kernel-free modules
 * (constants, kinds, plurals, positions, the term parser and printer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Value imports and re-exports (not `import type`, not `export type`), relative ones only. */
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gms;

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [join(SRC, entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
      todo.push(normalize(join(dirname(file), (m[1] ?? m[2])!)));
    }
  }
  return new Set([...seen].map((f) => relative(SRC, f)));
}

/** The debugger's kernel-free modules the page may load (the stage projects its graph on the main thread). */
const KERNEL_FREE_DEBUGGER = [
  'debugger/engine/constants.ts', 'debugger/engine/frame.ts', 'debugger/views/kinds.ts', 'debugger/views/plural.ts', 'debugger/positions.ts', 'debugger/export/formats.ts', 'debugger/term-parse.ts',
  'debugger/views/ids.ts', 'debugger/views/shown.ts', 'debugger/views/stage-project.ts', 'debugger/views/stage-text.ts', 'debugger/views/stage-types.ts',
  // The Code panel's source index: it reads source text, it runs none of it.
  'debugger/code/lex.ts', 'debugger/code/scan.ts', 'debugger/code/source-index.ts', 'debugger/code/locate.ts', 'debugger/code/marks.ts',
];

describe('the main thread', () => {
  const modules = reachable('ui/main.tsx');

  it('loads the app and its panels', () => {
    expect(modules.has('ui/App.tsx')).toBe(true);
    expect(modules.has('ui/components/PresenceGraphPanel.tsx')).toBe(true);
    expect(modules.has('ui/components/StagePanel.tsx')).toBe(true);
    expect(modules.has('ui/engine/link.ts')).toBe(true);
  });

  it('loads no kernel machinery, scenario, history, player or engine host', () => {
    // The plain-values entry point and the leaves it re-exports.
    const allowed = new Set([
      'kernel/values.ts', 'kernel/term.ts', 'kernel/term-json.ts', 'kernel/pretty.ts', 'kernel/ids.ts',
      'kernel/assert-never.ts', 'kernel/ground/line-client.ts',
    ]);
    const forbidden = [...modules].filter(
      (m) =>
        (m.startsWith('kernel/') && !allowed.has(m)) ||
        m.startsWith('scenarios/') ||
        (m.startsWith('debugger/') && !KERNEL_FREE_DEBUGGER.includes(m)) ||
        ['ui/engine/host.ts', 'ui/engine/io-host.ts', 'ui/engine/local-link.ts'].includes(m),
    );
    expect(forbidden).toEqual([]);
  });

  it("takes the scenarios' sources as text only (the Code panel's ?raw imports), never as modules", () => {
    expect(modules.has('ui/components/CodePanel.tsx')).toBe(true);
    const texts = readFileSync(join(SRC, 'ui/code/source-texts.ts'), 'utf8');
    expect(texts).toMatch(/import\.meta\.glob<string>\(\[[^\]]*\], \{\s*query: '\?raw',\s*import: 'default'/);
    expect(texts).not.toMatch(/^\s*import\s/m);
  });

  it('starts the engine in a module worker', () => {
    const link = readFileSync(join(SRC, 'ui/engine/link.ts'), 'utf8');
    expect(link).toMatch(/new Worker\(new URL\('\.\/engine\.worker\.ts', import\.meta\.url\), \{ type: 'module'/);
    expect(reachable('ui/engine/engine.worker.ts').has('debugger/engine/engine.ts')).toBe(true);
  });
});
