/**
 * A program's TypeScript as JavaScript the loader can evaluate: sucrase strips the types and turns
 * `import`/`export` into `require`/`exports` (so every import goes through the loader's fixed
 * module map, dynamic `import()` included). Sucrase keeps every statement on its line, so a line
 * in the output is the same line in the program: errors need no source map.
 *
 * Why sucrase (docs/playground.md): about 0.2 MB minified against about 10 MB of WebAssembly for
 * esbuild-wasm, synchronous (no service to start), and fast enough to transpile on every key
 * stroke; it does not type-check (neither does esbuild).
 */
import { transform } from 'sucrase';
import { problem, type ProgramProblem } from './problem.ts';

/** Characters of source the loader accepts (a program is a page or two, not a bundle). */
export const MAX_SOURCE_CHARS = 200_000;

export type Transpiled = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly problem: ProgramProblem };

interface SucraseError {
  readonly message: string;
  readonly loc?: { readonly line: number; readonly column: number };
}

export function transpile(source: string): Transpiled {
  if (source.length > MAX_SOURCE_CHARS) {
    return { ok: false, problem: problem('too-big', `The program has ${source.length} characters; at most ${MAX_SOURCE_CHARS} are accepted.`) };
  }
  try {
    const out = transform(source, { transforms: ['typescript', 'imports'], disableESTransforms: true, production: true });
    return { ok: true, code: out.code };
  } catch (e) {
    const err = e as SucraseError;
    const loc = err.loc;
    // Sucrase ends its message with "(line:column)", both 1-based, as its loc gives them.
    const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)\s*$/, '');
    return { ok: false, problem: problem('syntax', message, loc?.line ?? null, loc?.column ?? null) };
  }
}
