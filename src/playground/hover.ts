/**
 * What the editor shows on hover over a name a program imports (issue 14, item 1): its declaration
 * and doc comment from the public surfaces' `.d.ts` (api-hover.json, made by scripts/api-hover.ts
 * with the TypeScript language service). Kernel-free: the editor runs on the page's main thread.
 *
 * Rule: a name is looked up in the module the program imports it from (`import { spawn as s }
 * from 'os2'` makes `s` the os2 `spawn`); a module's own name ('os2', …) shows what it is; any
 * other word shows nothing (it may be the program's own).
 */
import HOVER from './api-hover.json';

export type ApiModule = 'os2' | 'os2/world' | 'os2/program';

export interface ApiHover {
  readonly module: ApiModule;
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
}

const TABLE: { readonly [M in ApiModule]: { readonly [name: string]: { readonly signature: string; readonly doc: string } } } = HOVER;

const MODULE_TEXT: Readonly<Record<ApiModule, string>> = {
  os2: 'The calculus: terms and topics, roles, actions and transitions, the talk’s vocabulary (src/kernel/index.ts).',
  'os2/world': 'The simulated world: the ground VM, drivers (timer, TCP, UDP), scripted clients, the seeded PRNG (src/kernel/ground/index.ts).',
  'os2/program': 'The type of what a program exports by default: `Program` (src/playground/shape.ts).',
};

const isModule = (m: string): m is ApiModule => m in TABLE;

/** `import [type] { a, b as c, type d } from 'os2…'` clauses: local name → module and exported name. */
export function importedNames(source: string): Map<string, { readonly module: ApiModule; readonly name: string }> {
  const out = new Map<string, { module: ApiModule; name: string }>();
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    const module = m[2]!;
    if (!isModule(module)) continue;
    for (const part of m[1]!.split(',')) {
      const words = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/);
      const name = words[0]?.trim();
      const local = (words[1] ?? words[0])?.trim();
      if (name && local) out.set(local, { module, name });
    }
  }
  return out;
}

/** The hover for `word` in `source` (a name it imports from the public surfaces, or a module's name), or null. */
export function apiHover(source: string, word: string): ApiHover | null {
  if (isModule(word)) return { module: word, name: word, signature: `module '${word}'`, doc: MODULE_TEXT[word] };
  const imported = importedNames(source).get(word);
  if (imported === undefined) return null;
  const entry = TABLE[imported.module][imported.name];
  return entry === undefined ? null : { module: imported.module, name: imported.name, ...entry };
}
