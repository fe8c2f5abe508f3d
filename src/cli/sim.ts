/**
 * `npm run sim -- <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--loss P] [--out FILE [--format F]]
 *                [--pretty] [--quiet] [scenario options]`
 * `npm run sim -- --replay trace.jsonl [--pretty]`
 * `npm run sim -- --from trace.jsonl --format F --out FILE`
 * `npm run sim -- --from trace.jsonl --pretty`
 * `npm run sim -- --program FILE.ts [--seed N] [--pretty] …` (a playground program: sim-program.ts)
 *
 * Runs a scenario headless in Node, replays a native trace, converts or prints one (see src/cli/sim-main.ts,
 * docs/scenarios.md and docs/trace-format.md). Exit codes: 0 done (a replay: identical), 1 an
 * internal error (a replay: a step differs), 2 bad arguments, an unreadable or invalid file, or an
 * output that cannot be written. Every failure is one line on stderr, never a stack trace.
 *
 * The streams are written synchronously (writeSync), so that a closed stdout (`| head`) stops the
 * run at once as a failure (its --out removed), not as an 'error' event after the run.
 */
import { writeSync } from 'node:fs';
import { runSim } from './sim-main.ts';
import { errno, errorCode, lineFailure, StdoutError } from './sim-io.ts';
import { programArg, replayedProgram, replayProgram, runProgramFile } from './sim-program.ts';

/** How long a write waits before it tries a full non-blocking pipe again. */
const PIPE_FULL_WAIT_MS = 1;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to the descriptor, waiting while a non-blocking pipe is full. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  for (let at = 0; at < buf.length;) {
    try {
      at += writeSync(fd, buf, at, buf.length - at);
    } catch (e) {
      if (errno(e) !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, PIPE_FULL_WAIT_MS);
    }
  }
}

const io = {
  stdout: (text: string) => {
    try {
      writeAll(1, text);
    } catch (e) {
      throw new StdoutError(errorCode(e));
    }
  },
  stderr: (text: string) => {
    try {
      writeAll(2, text);
    } catch {
      // nowhere left to say anything
    }
  },
};

// A playground program runs in a confined worker thread, watched from here (sim-program.ts).
// So does the replay of a program's trace (its header carries the program).
const argv = process.argv.slice(2);
const program = programArg(argv);
const replayed = program === null ? replayedProgram(argv) : null;
if (program !== null) void runProgramFile(program.file, program.rest, lineFailure(io), io.stderr).then((code) => (process.exitCode = code));
else if (replayed !== null) void replayProgram(replayed, argv, lineFailure(io), io.stderr).then((code) => (process.exitCode = code));
else process.exitCode = runSim(argv, io);
