/**
 * The calculus as a program sees it: the same functions as src/kernel/index.ts, except that every
 * function of the program they are handed (a role's clauses, a boot, a continuation) is wrapped so
 * that the watchdog is told which code of which process is about to run ("enter", before the call).
 * If that code never returns (`while (true) {}`), the host knows whom to name when it stops the
 * worker; a trapped label (a handler that ran out of time before) throws instead of running, so
 * the re-run records a crash where the run hung, every time.
 *
 * Rule (which process): code runs "in" the process named by the spawn that booted it. A boot
 * function runs in its spawn's name; a handler or continuation runs in the process it was made
 * in; the roles of a boot (a value, or what a boot function returns: boot() makes its actions
 * before the spawn) are re-labelled with the spawned process.
 */
import * as kernel from '../kernel/index.ts';
import type { BootSpec, Handler, Role, RoleHandlers, SpawnOptions } from '../kernel/index.ts';

/** Told before user code runs, with a label such as `onMessage of endpoint "room" in process "member"`; may throw. */
export type Enter = (label: string) => void;

/** The process name the scenario's own boot runs in (the ground VM spawns it as "boot"). */
export const BOOT_PROCESS = 'boot';

/** How deep spawn looks into a boot value for roles to re-label (MAX_ACTION_TREE_DEPTH's order). */
const RELABEL_DEPTH = 100;

interface Cell {
  proc: string;
}

type Fn = (...args: never[]) => unknown;

export interface Guarded {
  /** The calculus the program imports as 'os2'. */
  readonly api: typeof kernel;
  /** The program's boot, guarded: it runs in the process the ground VM calls "boot". */
  readonly boot: (b: BootSpec) => BootSpec;
}

/** The calculus with the program's code guarded, for one load of one program. */
export function guardedKernel(enter: Enter): Guarded {
  let current = BOOT_PROCESS;
  const cells = new WeakMap<object, Cell>();
  const run = <R>(cell: Cell, what: string, f: () => R): R => {
    const before = current;
    current = cell.proc;
    try {
      enter(`${what} in process "${cell.proc}"`);
      return f();
    } finally {
      current = before;
    }
  };
  const wrap = <F extends Fn>(cell: Cell, what: string, f: F | undefined): F | undefined =>
    typeof f !== 'function' ? f : (((...args: never[]) => run(cell, what, () => f(...args))) as F);
  const clauses = <S>(cell: Cell, name: string | null, h: RoleHandlers<S> | undefined): RoleHandlers<S> => {
    const at = (clause: string) => `${clause} of endpoint "${name ?? '(unnamed)'}"`;
    const out: { -readonly [K in keyof RoleHandlers<S>]: RoleHandlers<S>[K] } = {};
    const onPresence = wrap(cell, at('onPresence'), h?.onPresence);
    const onAbsence = wrap(cell, at('onAbsence'), h?.onAbsence);
    const onMessage = wrap(cell, at('onMessage'), h?.onMessage);
    if (onPresence !== undefined) out.onPresence = onPresence;
    if (onAbsence !== undefined) out.onAbsence = onAbsence;
    if (onMessage !== undefined) out.onMessage = onMessage;
    return out;
  };
  // A boot made by boot()/P.boot() is a function returning actions made earlier, in the parent.
  const bootIn = (b: BootSpec, proc: string): BootSpec => {
    if (typeof b !== 'function') {
      relabel(cells, b, proc, 0);
      return b;
    }
    const f = b as () => unknown;
    return (() => run({ proc }, 'boot', () => {
      const t = f();
      relabel(cells, t, proc, 0);
      return t;
    })) as BootSpec;
  };
  const spawnLike = (make: typeof kernel.spawn, fallback: string) => <S>(b: BootSpec, opts: SpawnOptions<S> = {}) => {
    const cell = { proc: current };
    const k = wrap(cell, 'the spawn continuation', opts.k);
    return make(bootIn(b, opts.name ?? fallback), { ...opts, ...(k === undefined ? {} : { k }) });
  };
  const role = <S>(name: string | null, r: Role, h: RoleHandlers<S> = {}) => {
    const cell = { proc: current };
    const action = kernel.role(name, r, clauses(cell, name, h));
    cells.set(action, cell);
    return action;
  };
  const addRole = <S>(name: string | null, r: Role, h: Handler<S>) => {
    const cell = { proc: current };
    const action = kernel.addRole(name, r, wrap(cell, `the handler of endpoint "${name ?? '(unnamed)'}"`, h)!);
    cells.set(action, cell);
    return action;
  };
  const spawn = spawnLike(kernel.spawn, 'process');
  const nestedVm = spawnLike(kernel.nestedVm, 'vm');
  const yieldThen = <S>(k: (s: S) => kernel.Maybe<S>) => kernel.yieldThen(wrap({ proc: current }, 'the yield continuation', k)!);
  const handler = <S>(h: RoleHandlers<S>) => kernel.handler(clauses({ proc: current }, null, h));
  const processOf = <S>(): kernel.ProcessVocabulary<S> => ({
    boot: kernel.boot, transition: kernel.transition, role, addRole, spawn, nestedVm, yieldThen,
  });
  const api = Object.freeze({ ...kernel, role, addRole, spawn, nestedVm, yieldThen, handler, processOf });
  return { api, boot: (b) => bootIn(b, BOOT_PROCESS) };
}

/** A function of the program that is not a process's (its clients, its boot for a seed), guarded. */
export function guardedCall<A extends unknown[], R>(enter: Enter, what: string, f: (...a: A) => R): (...a: A) => R {
  return (...a: A) => {
    enter(`${what} of the program`);
    return f(...a);
  };
}

/** Labels the roles of a boot's action tree with the process it boots (depth-bounded: it is the program's value). */
function relabel(cells: WeakMap<object, Cell>, tree: unknown, proc: string, depth: number): void {
  if (depth > RELABEL_DEPTH || tree === null || typeof tree !== 'object') return;
  if (Array.isArray(tree)) {
    for (const t of tree) relabel(cells, t, proc, depth + 1);
    return;
  }
  const cell = cells.get(tree);
  if (cell !== undefined) cell.proc = proc;
  const a = tree as { type?: unknown; preaction?: unknown; actions?: unknown };
  if (a.type === 'at-meta-level') relabel(cells, a.preaction, proc, depth + 1);
  else if (a.type === undefined && 'actions' in a) relabel(cells, a.actions, proc, depth + 1);
}
