/**
 * Where to measure, found in Node by running the scenario with the engine's own run reducer
 * (the same budget the app's player gives it) and folding its records into models.
 */
import { makeRun, runToEnd } from '../../src/kernel/ground/index.ts';
import type { TraceRecord } from '../../src/kernel/index.ts';
import { budgetFor } from '../../src/debugger/engine/player.ts';
import { applyRecord, emptyModel, type Model } from '../../src/debugger/model.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { startScenario, type Scenario } from '../../src/scenarios/types.ts';
import { BENCH_SCENARIOS } from './scenarios.ts';

function scenario(id: string): Scenario {
  const s = [...SCENARIOS, ...BENCH_SCENARIOS].find((x) => x.id === id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  return s;
}

/** Every record of the scenario's whole run (at its own seed), as the app's engine makes it. */
function runRecords(id: string, onRecord: (r: TraceRecord) => void): number {
  const s = scenario(id);
  const start = startScenario(s);
  let n = 0;
  const each = (rs: readonly TraceRecord[]): void => {
    for (const r of rs) onRecord(r);
    n += rs.length;
  };
  each(start.records);
  runToEnd(makeRun(start, [], budgetFor(s, 0)), (u) => each(u.records));
  return n;
}

/** The record count of the scenario's whole run. */
export function runLength(id: string): number {
  return runRecords(id, () => {});
}

const liveCount = (m: Model): number => {
  let n = 0;
  for (const p of m.procs.values()) if (p.alive) n++;
  return n;
};

export interface Plateau {
  /** A record index well inside the plateau (200 records after it begins). */
  readonly start: number;
  readonly live: number;
  readonly end: number;
  readonly records: number;
}

/** The live-process count the run holds longest, and a record index well inside that plateau. */
export function plateau(id: string): Plateau {
  const STRIDE = 10;
  const counts = new Map<number, { n: number; first: number; last: number }>();
  let m = emptyModel;
  let i = 0;
  const records = runRecords(id, (r) => {
    m = applyRecord(m, r);
    i++;
    if (i % STRIDE !== 0) return;
    const live = liveCount(m);
    const c = counts.get(live) ?? { n: 0, first: i, last: i };
    counts.set(live, { n: c.n + 1, first: c.first, last: i });
  });
  const [live, c] = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0]!;
  return { start: c.first + 200, live, records, end: c.last };
}
