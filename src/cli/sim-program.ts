/**
 * `npm run sim -- --program FILE.ts [--seed N] [--pretty] [other options]`: runs a playground
 * program headless, with the browser's confinement. The program runs in a worker thread whose
 * network globals are removed and whose code-from-string constructors are disabled before it
 * loads (playground/confine.ts, sim-program-thread.ts); the main thread is the watchdog: the
 * thread bumps a shared counter each time it enters the program's code and says which code it
 * entered; when the counter stands still for MAX_SILENCE_MS while the run is under way, the thread
 * is terminated, the code is named on stderr, and the run starts again with that code trapped (a
 * call to it is a crash, "ran out of time"), as in the browser.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { inputProblem } from './paths.ts';
import type { Fail } from './sim-io.ts';
import { PROGRAM_ID } from '../scenarios/types.ts';

/** How long the program's code may run without coming back (the browser's MAX_SILENCE_MS). */
export const MAX_SILENCE_MS = 1500;
const POLL_MS = 100;
/** Time-outs after which the runner gives up (each one re-runs the program from its start). */
export const MAX_TIMEOUTS = 5;

export interface ThreadData {
  readonly source: string;
  readonly argv: readonly string[];
  readonly traps: readonly string[];
  readonly beats: SharedArrayBuffer;
  /** argv is a --replay of a program's trace (no scenario id is given). */
  readonly replay: boolean;
}

/** ready: the thread's modules are loaded (the watchdog starts then: loading them is not the program's time). */
export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'enter'; readonly label: string }
  | { readonly type: 'done'; readonly code: number };

/** argv without `--program FILE`, and the file; null if there is no --program. */
export function programArg(argv: readonly string[]): { file: string; rest: string[] } | null {
  const at = argv.indexOf('--program');
  if (at < 0) return null;
  return { file: argv[at + 1] ?? '', rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

export function runProgramFile(file: string, argv: readonly string[], fail: Fail, stderr: (t: string) => void): Promise<number> {
  const problem = file === '' ? '--program needs a file' : inputProblem('--program', file);
  if (problem !== null) return Promise.resolve(fail(problem, 2));
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    return Promise.resolve(fail(`--program: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, 2));
  }
  return attempt({ source, argv, traps: [], beats: new SharedArrayBuffer(4), replay: false }, fail, stderr);
}

/**
 * `--replay FILE` of a program's trace: the program in its header (`options.program`), or null
 * when the file is not a program's trace (the ordinary replay reads it, and reports what is wrong).
 */
export function replayedProgram(argv: readonly string[]): { source: string; traps: string[] } | null {
  const at = argv.indexOf('--replay');
  const file = argv[at + 1];
  if (at < 0 || file === undefined || inputProblem('--replay', file) !== null) return null;
  try {
    const first = readFileSync(file, 'utf8').split('\n', 1)[0]!;
    const h = JSON.parse(first) as { scenario?: unknown; options?: { program?: { source?: unknown; traps?: unknown } } };
    const p = h.options?.program;
    if (h.scenario !== PROGRAM_ID || typeof p?.source !== 'string') return null;
    const traps = Array.isArray(p.traps) ? p.traps.filter((t): t is string => typeof t === 'string') : [];
    return { source: p.source, traps };
  } catch {
    return null;
  }
}

/** Replays a program's trace: the program runs confined, as with --program. */
export function replayProgram(p: { source: string; traps: string[] }, argv: readonly string[], fail: Fail, stderr: (t: string) => void): Promise<number> {
  return attempt({ source: p.source, argv, traps: p.traps, beats: new SharedArrayBuffer(4), replay: true }, fail, stderr);
}

async function attempt(data: ThreadData, fail: Fail, stderr: (t: string) => void): Promise<number> {
  const r = await runThread({ ...data, beats: new SharedArrayBuffer(4) });
  if (r.kind === 'done') return r.code;
  if (data.traps.length + 1 > MAX_TIMEOUTS) return fail(`the program ran out of time ${MAX_TIMEOUTS + 1} times; giving up`, 1);
  stderr(`sim: ${r.label} ran for more than ${MAX_SILENCE_MS / 1000} s and was stopped; running again with it as a crash ("ran out of time")\n`);
  return attempt({ ...data, traps: [...data.traps, r.label] }, fail, stderr);
}

function runThread(data: ThreadData): Promise<{ kind: 'done'; code: number } | { kind: 'stuck'; label: string }> {
  return new Promise((resolve) => {
    // Node 20 starts a worker only from a .js file: a one-line script imports the thread's module
    // (through tsx, as the runner itself runs).
    const thread = new URL('./sim-program-thread.ts', import.meta.url).href;
    const script = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(thread)}); })`;
    const worker = new Worker(script, { eval: true, workerData: data });
    const beats = new Int32Array(data.beats);
    let label = 'the top level of the program';
    let seen = -1;
    let still = 0;
    let ready = false;
    const poll = setInterval(() => {
      if (!ready) return;
      const now = Atomics.load(beats, 0);
      still = now === seen ? still + POLL_MS : 0;
      seen = now;
      if (still < MAX_SILENCE_MS) return;
      clearInterval(poll);
      void worker.terminate();
      resolve({ kind: 'stuck', label });
    }, POLL_MS);
    worker.on('message', (m: FromThread) => {
      if (m.type === 'ready') ready = true;
      else if (m.type === 'enter') label = m.label;
      else {
        clearInterval(poll);
        resolve({ kind: 'done', code: m.code });
      }
    });
    worker.on('error', (e) => {
      clearInterval(poll);
      stderrLine(e);
      resolve({ kind: 'done', code: 1 });
    });
  });
}

function stderrLine(e: unknown): void {
  process.stderr.write(`sim: internal error in the program thread: ${e instanceof Error ? e.message : String(e)}\n`);
}
