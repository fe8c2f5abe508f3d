/**
 * The body of `npm run sim` (src/cli/sim.ts), with its output streams passed in so that tests can
 * run it in-process. Modes:
 *   run      a scenario headless (sim-run.ts): transcript or --pretty trace, the scenario's report,
 *            a summary; optionally the native trace or an export to --out
 *   replay   (--replay FILE) re-executes a native trace from its header and compares every step's
 *            state hash (sim-trace.ts)
 *   convert  (--from FILE --format F --out FILE2) exports an existing native trace
 *   print    (--from FILE --pretty) prints an existing native trace
 * Returns the exit code. run, convert and print: 0 done, 1 an internal error, 2 bad arguments or an
 * unreadable/invalid input file. replay: 0 identical, 1 a step differs, 2 unreadable or invalid.
 */
import { readFileSync } from 'node:fs';
import { SCENARIOS } from '../scenarios/index.ts';
import type { OptionFiles } from '../scenarios/types.ts';
import { parseSimArgs, usage } from './sim-args.ts';
import { internalError, type Fail, type Io } from './sim-io.ts';
import { runScenario } from './sim-run.ts';
import { convertFile, printFile, replayFile } from './sim-trace.ts';

export type { Io } from './sim-io.ts';

/** Scenario options read files from the disk. */
const NODE_FILES: OptionFiles = { readText: (path) => readFileSync(path, 'utf8') };

export function runSim(argv: readonly string[], io: Io): number {
  const fail: Fail = (message, code) => {
    io.stderr(`sim: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return code;
  };
  const parsed = parseSimArgs(argv, SCENARIOS, NODE_FILES);
  try {
    switch (parsed.kind) {
      case 'help':
        io.stdout(usage(SCENARIOS) + '\n');
        return 0;
      case 'error':
        return fail(parsed.error, 2);
      case 'replay':
        return replayFile(parsed.file, parsed, io, fail);
      case 'convert':
        return convertFile(parsed.from, parsed.format, parsed.out, io, fail);
      case 'print':
        return printFile(parsed.from, io, fail);
      case 'run':
        return runScenario(parsed.args, io, fail);
    }
  } catch (e) {
    return internalError(e, io, fail);
  }
}
