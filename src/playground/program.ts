/**
 * A program: a TypeScript module, written in the browser or in a file, whose default export is a
 * scenario without an id (docs/playground.md). Loading one = transpile (transpile.ts), evaluate
 * in a confined scope with only the module map (evaluate.ts), check the export's shape, and make
 * the Scenario the debugger and the CLI run, with every function of the program guarded
 * (guard.ts). Loading runs the program's top level, so it happens only where user code may run:
 * the program worker (browser) or the program thread (Node).
 *
 * Module map: 'os2' the calculus (src/kernel/index.ts, guarded), 'os2/world' the simulated world
 * (src/kernel/ground/index.ts), 'os2/program' the Program type (types only: nothing at run time).
 */
import * as world from '../kernel/ground/index.ts';
import { PROGRAM_ID, type Scenario } from '../scenarios/types.ts';
import { evaluate, type Modules } from './evaluate.ts';
import { guardedCall, guardedKernel, type Enter } from './guard.ts';
import { problem, type ProgramProblem } from './problem.ts';
import { transpile } from './transpile.ts';
import { checkShape } from './shape.ts';


export type Loaded = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly problem: ProgramProblem };

export const MODULE_NAMES = ['os2', 'os2/world', 'os2/program'] as const;

/**
 * Loads a program's source. `enter` is told before any of its code runs (the top level included);
 * `traps` (the labels `enter` makes throw) are recorded with the text, for a trace's header.
 */
export function loadProgram(source: string, enter: Enter = () => {}, traps: readonly string[] = []): Loaded {
  const t = transpile(source);
  if (!t.ok) return t;
  const guarded = guardedKernel(enter);
  const modules: Modules = { os2: guarded.api, 'os2/world': world, 'os2/program': Object.freeze({}) };
  try {
    enter('the top level of the program');
  } catch (e) {
    // A trap: the top level ran out of time in an earlier worker.
    return { ok: false, problem: problem('timeout', `The top level of the program ${e instanceof Error ? e.message : 'was stopped'}.`) };
  }
  const e = evaluate(t.code, modules);
  if (!e.ok) return e;
  const shape = checkShape(e.exports['default']);
  if (typeof shape === 'string') return { ok: false, problem: problem('shape', shape) };
  const clients = shape.clients;
  const bootFor = shape.bootFor;
  const scenario: Scenario = {
    id: PROGRAM_ID,
    title: shape.title ?? 'Your program',
    description: shape.description ?? '',
    seed: shape.seed ?? 1,
    boot: guarded.boot(shape.boot),
    maxSteps: shape.maxSteps ?? DEFAULT_PROGRAM_STEPS,
    program: { source, traps: [...traps] },
    ...(clients === undefined ? {} : { clients: guardedCall(enter, 'clients', clients) }),
    ...(bootFor === undefined ? {} : { bootFor: (seed: number) => guarded.boot(guardedCall(enter, 'bootFor', bootFor)(seed)) }),
    ...(shape.net === undefined ? {} : { net: shape.net }),
    ...(shape.vmHost === undefined ? {} : { vmHost: shape.vmHost }),
  };
  return { ok: true, scenario };
}

/** A program's step budget unless it says otherwise (a server waits for ever). */
export const DEFAULT_PROGRAM_STEPS = 20_000;
