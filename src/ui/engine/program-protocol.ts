/**
 * The messages between the UI and a program worker (program.worker.ts): the engine's own protocol
 * (protocol.ts), plus the program to load first and the watchdog's signals.
 *
 *   UI → worker   program (first: the source, the labels that ran out of time before, the
 *                 program before its edit, to compare, and an exercise's check), then
 *                 the engine's messages
 *   worker → UI   loaded | problem (the program's own), verdict (an exercise's check, judged), enter (the program's code about to run:
 *                 sent when the label changes), beat (alive, working: at most every BEAT_MS), rest
 *                 (idle: nothing scheduled), then the engine's messages
 */
import type { ProgramProblem } from '../../playground/problem.ts';
import type { ProgramCheck } from '../../playground/exercises.ts';
import type { Verdict } from '../../playground/check.ts';
import type { FromEngine, ToEngine } from './protocol.ts';

export interface ProgramLoad {
  readonly type: 'program';
  readonly source: string;
  /** Labels of code that ran out of time in an earlier worker: calling it now is a crash. */
  readonly traps: readonly string[];
  /** The program run before this one was edited (its run is compared with this one's, both at
   * `seed`; null: this program's own), or null. */
  readonly previous: { readonly source: string; readonly seed: number | null } | null;
  /** An exercise's check (playground/exercises.ts): the worker judges the program's run and says. */
  readonly check?: ProgramCheck;
}

export type ToProgram = ProgramLoad | ToEngine;

export type WatchdogSignal =
  | { readonly type: 'enter'; readonly label: string }
  | { readonly type: 'beat' }
  | { readonly type: 'rest' };

export type FromProgram =
  | FromEngine
  | WatchdogSignal
  | { readonly type: 'loaded'; readonly title: string }
  | { readonly type: 'problem'; readonly problem: ProgramProblem }
  /** The exercise's verdict on the program's run (playground/check.ts). */
  | { readonly type: 'verdict'; readonly verdict: Verdict };

/** A working worker says so at least this often (the watchdog waits MAX_SILENCE_MS). */
export const BEAT_MS = 200;
/** How long the program's code may run without the worker answering: then it is stopped. */
export const MAX_SILENCE_MS = 1500;

/** The reason a trapped call crashes with (what the trace shows). */
export const OUT_OF_TIME = `ran out of time: it ran for more than ${MAX_SILENCE_MS / 1000} s and was stopped`;
