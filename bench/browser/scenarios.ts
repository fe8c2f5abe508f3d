/**
 * Bench-only scenarios for the browser measurements: tcp-echo under load (echo-load.ts), added to
 * the app's scenario picker only in the bench build (bench/browser/vite.config.ts), so the app's
 * own list stays as it is. Each has an id the URL can name (`?scenario=bench-procs-200`).
 *
 *   bench-procs-N    N ≈ 20 or 200 live processes: (N − 3) / 2 clients connect 2 ms apart, so all
 *                    their connections (a connection manager and an echo handler each, besides
 *                    the TCP driver, the listener and its listener manager) are open at once; each
 *                    then echoes 10 lines 300 ms apart and closes (the run ends).
 *   bench-echo-1m    W6's load sized for 1,000,000 records (1,618 clients, 20 lines each, one every
 *                    20 ms); the run ends by itself at about 1,090,000 records.
 *   bench-echo-100k  the same for 100,000 records (164 clients; ends at about 110,000).
 *   bench-echo-10k   the same for 10,000 records (19 clients; --quick).
 */
import type { Scenario } from '../../src/scenarios/types.ts';
import { echoLoadScenario, w6Load, type EchoLoad } from '../workloads/echo-load.ts';

export const PROCS_TARGETS = [20, 200] as const;

export function procsLoad(n: number): EchoLoad {
  return { clients: Math.ceil((n - 3) / 2), lines: 10, gapMs: 2, pauseMs: 300 };
}

export const procsScenarioId = (n: number): string => `bench-procs-${n}`;
export const longScenarioId = (records: number): string =>
  records >= 1_000_000 ? `bench-echo-${records / 1_000_000}m` : `bench-echo-${records / 1000}k`;
export const LONG_RECORDS = [1_000_000, 100_000, 10_000] as const;

export const BENCH_SCENARIOS: readonly Scenario[] = [
  ...PROCS_TARGETS.map((n) =>
    echoLoadScenario(
      procsScenarioId(n),
      `Bench: tcp-echo with about ${n} processes`,
      `tcp-echo with ${procsLoad(n).clients} clients connected at once (a connection manager and an echo ` +
        'handler each): a benchmark of stepping with many processes on screen.',
      procsLoad(n),
      200_000,
    ),
  ),
  ...LONG_RECORDS.map((records) =>
    echoLoadScenario(
      longScenarioId(records),
      `Bench: tcp-echo, ${records.toLocaleString('en')}-record history`,
      `tcp-echo with ${w6Load(records).clients} clients, 20 lines each, one every 20 ms: a benchmark of ` +
        'jumping around a long history.',
      w6Load(records),
      1_000_000,
    ),
  ),
];
