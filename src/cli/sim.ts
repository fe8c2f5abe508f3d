/**
 * `npm run sim -- <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--out FILE [--format F]] [--quiet]`
 * `npm run sim -- --replay trace.jsonl`
 * `npm run sim -- --from trace.jsonl --format F --out FILE`
 *
 * Runs a scenario headless in Node, replays a native trace, or converts one (see src/cli/sim-main.ts,
 * docs/scenarios.md and docs/trace-format.md). Exit codes: 0 done (a replay: identical), 1 an
 * internal error (a replay: a step differs), 2 bad arguments or an unreadable or invalid file.
 */
import { runSim } from './sim-main.ts';

process.exitCode = runSim(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
