/**
 * Evaluates a transpiled program in a confined scope: a strict function whose only way out is the
 * `require` of a fixed module map. The names a program could use to reach the global object
 * (globalThis, self, process, Function, …) are parameters bound to undefined; the worker it runs
 * in has removed the network, the DOM, timers and every code-from-string constructor from its
 * global scope before this runs (confine.ts).
 *
 * Lines: `new Function` puts two lines of header before the body (V8, in the browser and in Node),
 * and the body names itself program.ts (sourceURL), so "program.ts:LINE" in a stack is LINE − 2.
 */
import { problem, type ProgramProblem } from './problem.ts';

export const PROGRAM_FILE = 'program.ts';
const HEADER_LINES = 2;

/**
 * Bound to undefined in the program's scope: the ways to the global object and the host. (The
 * network, the DOM and timers are not shadowed but removed from the worker, so that using one is
 * the clearest error there is: "fetch is not defined".)
 */
export const SHADOWED = ['globalThis', 'self', 'window', 'global', 'process', 'Buffer', 'Function'] as const;

export type Modules = Readonly<Record<string, unknown>>;

export type Evaluated = { readonly ok: true; readonly exports: Record<string, unknown> } | { readonly ok: false; readonly problem: ProgramProblem };

/** Where in the program an error was thrown, from its stack (null if the program is not on it). */
export function programLine(e: unknown): { line: number; column: number } | null {
  const stack = e instanceof Error ? String(e.stack ?? '') : '';
  const m = new RegExp(`${PROGRAM_FILE.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack);
  if (m === null) return null;
  return { line: Math.max(1, Number(m[1]) - HEADER_LINES), column: Number(m[2]) };
}

/** The message of anything thrown, in one line. */
export function thrownMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `threw ${String(e)}`;
  } catch {
    return 'threw a value that cannot be printed';
  }
}

export function evaluate(code: string, modules: Modules): Evaluated {
  const exports: Record<string, unknown> = {};
  const module = { exports };
  const require = (name: unknown): unknown => {
    if (typeof name === 'string' && Object.hasOwn(modules, name)) return modules[name];
    const known = Object.keys(modules).map((k) => `"${k}"`).join(', ');
    throw new Error(`cannot import "${String(name)}": a program may import only ${known}`);
  };
  let body: (...args: unknown[]) => unknown;
  try {
    body = new Function('require', 'exports', 'module', ...SHADOWED, `${code}\n//# sourceURL=${PROGRAM_FILE}`) as typeof body;
  } catch (e) {
    // Sucrase parsed it, so this is rare (e.g. a strict-mode-only error): say it as a syntax error.
    return { ok: false, problem: problem('syntax', thrownMessage(e)) };
  }
  try {
    body(require, exports, module);
  } catch (e) {
    const at = programLine(e);
    return { ok: false, problem: problem('load', thrownMessage(e), at?.line ?? null, at?.column ?? null) };
  }
  return { ok: true, exports: module.exports };
}
