/**
 * The body of `npm run sim` (src/cli/sim.ts), with its output streams passed in so that tests can
 * run it in-process. Modes:
 *   run      a scenario headless (sim-run.ts): transcript or --pretty trace, the scenario's report,
 *            a summary; optionally the native trace or an export to --out
 *   replay   (--replay FILE) re-executes a native trace from its header and compares every step's
 *            state hash (sim-trace.ts)
 *   convert  (--from FILE --format F --out FILE2) exports an existing native trace
 *   print    (--from FILE --pretty) prints an existing native trace
 *   query    (--where EXPR, --break EXPR) runs and asks a query of the whole history (sim-query.ts)
 * Returns the exit code. query: 0 found, 1 nothing found, 2 a bad expression. run, convert and print: 0 done, 1 an internal error, 2 bad arguments, an
 * unreadable/invalid input file or an output that cannot be written. replay: 0 identical, 1 a step
 * differs, 2 unreadable or invalid. Every failure is one line on stderr (sim-io.ts lineFailure);
 * --out is written by output.ts (whole or not at all, never over an input).
 */
import { realpathSync } from 'node:fs';
import { assertNever } from '../kernel/index.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { OptionFiles } from '../scenarios/types.ts';
import { fileId, inputProblem, readOptionFile } from './paths.ts';
import { parseSimArgs, usage } from './sim-args.ts';
import { failure, lineFailure, type Io } from './sim-io.ts';
import { runScenario } from './sim-run.ts';
import { runQuery } from './sim-query.ts';
import { convertFile, printFile, replayFile } from './sim-trace.ts';

export type { Io } from './sim-io.ts';

/** Scenario options read files from the disk; `read` collects their paths (inputs of the run). */
function nodeFiles(read: string[]): OptionFiles {
  return {
    readText: (path) => {
      read.push(path);
      return readOptionFile(path);
    },
    // A world's symbolic links may not lead out of its directory (decision 37, load-dir.ts).
    realPath: (path) => realpathSync(path),
  };
}

/** `scenarios`: the ones the runner knows (a program run adds the program: sim-program.ts). */
export function runSim(argv: readonly string[], io: Io, scenarios: readonly Scenario[] = SCENARIOS): number {
  const fail = lineFailure(io);
  try {
    const read: string[] = [];
    const parsed = parseSimArgs(argv, scenarios, nodeFiles(read));
    switch (parsed.kind) {
      case 'help':
        io.stdout(usage(scenarios) + '\n');
        return 0;
      case 'error':
        return fail(parsed.error, 2);
      case 'replay': {
        const problem = inputProblem('--replay', parsed.file);
        return problem !== null ? fail(problem, 2) : replayFile(parsed.file, parsed, io, fail, scenarios);
      }
      case 'convert': {
        const problem = inputProblem('--from', parsed.from);
        if (problem !== null) return fail(problem, 2);
        return convertFile(parsed.from, parsed.format, parsed.out, [fileId(parsed.from)], io, fail);
      }
      case 'print': {
        const problem = inputProblem('--from', parsed.from);
        return problem !== null ? fail(problem, 2) : printFile(parsed.from, io, fail);
      }
      case 'run':
        if (parsed.args.query !== undefined) return runQuery(parsed.args, parsed.args.query, io, fail, scenarios);
        return runScenario(parsed.args, read.map(fileId), io, fail, scenarios);
      default:
        return assertNever(parsed, 'parsed arguments');
    }
  } catch (e) {
    return failure(e, fail);
  }
}
