/**
 * `npm run sim -- <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--out trace.jsonl] [--quiet]`
 *
 * Runs a scenario headless in Node (see src/cli/sim-main.ts and docs/scenarios.md). Exit codes:
 * 0 the run finished (whatever its final status), 1 an internal error, 2 bad arguments.
 */
import { runSim } from './sim-main.ts';

process.exitCode = runSim(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
