/**
 * Runs and re-runs (issue 6): the run driver behind `npm run sim` and replay (driver.ts), the run a
 * trace header describes (config.ts), and the replayer that checks a native trace step by step
 * (replayer.ts, diff.ts).
 */
export { runConfigFromHeader } from './config.ts';
export { firstDifference } from './diff.ts';
export {
  RunDriver, makeRunHeader, recordRun, simulationOptions, startRun, type RunConfig,
} from './driver.ts';
export { Replayer, replayTrace, replayTraceAsync, type ReplayResult } from './replayer.ts';
