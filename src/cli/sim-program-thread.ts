/**
 * The worker thread a program runs in (sim-program.ts starts it): confine the scope, load the
 * program with every entry into its code announced (and counted in the shared beat counter), and
 * run the ordinary runner with the program as the scenario "program".
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { confine } from '../playground/confine.ts';
import { loadProgram } from '../playground/program.ts';
import { PROGRAM_ID } from '../scenarios/types.ts';
import { describeProblem } from '../playground/problem.ts';
import { OUT_OF_TIME } from '../ui/engine/program-protocol.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { runSim } from './sim-main.ts';
import { lineFailure, type Io } from './sim-io.ts';
import type { FromThread, ThreadData } from './sim-program.ts';

const data = workerData as ThreadData;
const port = parentPort!;
const post = (m: FromThread) => port.postMessage(m);
const beats = new Int32Array(data.beats);
const traps = new Set(data.traps);
let last = '';

const write = (fd: number, text: string): void => {
  Atomics.add(beats, 0, 1);
  const buf = Buffer.from(text, 'utf8');
  for (let at = 0; at < buf.length;) at += writeSync(fd, buf, at, buf.length - at);
};
const io: Io = { stdout: (t) => write(1, t), stderr: (t) => write(2, t) };

function main(): number {
  post({ type: 'ready' });
  confine(globalThis, 'node');
  const loaded = loadProgram(data.source, (label) => {
    Atomics.add(beats, 0, 1);
    if (label !== last) post({ type: 'enter', label });
    last = label;
    if (traps.has(label)) throw new Error(OUT_OF_TIME);
  }, data.traps);
  if (!loaded.ok) return lineFailure(io)(`--program: ${describeProblem(loaded.problem)}`, 2);
  // A replay names no scenario: the trace's header says it is the program.
  return runSim(data.replay ? data.argv : [PROGRAM_ID, ...data.argv], io, [loaded.scenario, ...SCENARIOS]);
}

post({ type: 'done', code: main() });
