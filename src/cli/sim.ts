/**
 * `npm run sim -- <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--loss P] [--out FILE [--format F]]
 *                [--pretty] [--quiet] [scenario options]`
 * `npm run sim -- --replay trace.jsonl [--pretty]`
 * `npm run sim -- --from trace.jsonl --format F --out FILE`
 * `npm run sim -- --from trace.jsonl --pretty`
 *
 * Runs a scenario headless in Node, replays a native trace, converts or prints one (see src/cli/sim-main.ts,
 * docs/scenarios.md and docs/trace-format.md). Exit codes: 0 done (a replay: identical), 1 an
 * internal error (a replay: a step differs), 2 bad arguments or an unreadable or invalid file.
 */
import { runSim } from './sim-main.ts';

process.exitCode = runSim(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
