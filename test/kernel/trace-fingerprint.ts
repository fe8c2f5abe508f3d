/**
 * A whole run's native-trace fingerprint, for the identity fixture (test/fixtures/trace-fingerprints.json,
 * written by scripts/trace-fingerprints.ts, checked by test/kernel/trace-identity.test.ts).
 *
 * A run is driven exactly as `npm run sim -- <id> --seed N --out FILE` drives it (RunDriver, the
 * scenario's maxSteps or the CLI default). The fingerprint holds the counts, the end status, the
 * final chained step hash, an FNV-1a 64 of every line of the native trace (header, records, step
 * lines, end line) and one of every record's pretty one-line rendering, so that a change in the
 * JSON or in the pretty form of any record is caught. The small programs of nested-programs.ts,
 * which reach the nested-VM paths no scenario takes, are pinned the same way (records only).
 */
import { DEFAULT_MAX_STEPS } from '../../src/kernel/ground/run.ts';
import { RunDriver, makeRunHeader, type RunConfig } from '../../src/debugger/replay/index.ts';
import { Fnv64, TraceWriter, serializeRecord } from '../../src/debugger/trace/index.ts';
import { prettyRecord } from '../../src/kernel/trace-pretty.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { PROGRAMS } from './nested-programs.ts';

/** Seeds 1..SEEDS of every scenario, plus its default seed. */
export const SEEDS = 20;

export interface Fingerprint {
  readonly scenario: string;
  readonly seed: number;
  readonly steps: number;
  readonly records: number;
  readonly status: string;
  /** The chained hash of the last step line. */
  readonly stepHash: string;
  /** FNV-1a 64 of the whole native trace, line by line. */
  readonly traceHash: string;
  /** FNV-1a 64 of every record's prettyRecord line. */
  readonly prettyHash: string;
}

export function seedsOf(s: Scenario): number[] {
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
  return seeds.includes(s.seed) ? seeds : [...seeds, s.seed];
}

/** Every (scenario, seed) of the matrix, in a stable order. */
export function matrix(): { readonly scenario: Scenario; readonly seed: number }[] {
  return SCENARIOS.flatMap((scenario) => seedsOf(scenario).map((seed) => ({ scenario, seed })));
}

export function fingerprint(scenario: Scenario, seed: number): Fingerprint {
  const config: RunConfig = {
    scenario: scenario.id, seed, maxSteps: scenario.maxSteps ?? DEFAULT_MAX_STEPS, untilMs: null, inputs: [],
  };
  const driver = new RunDriver(scenario, config);
  const whole = new Fnv64();
  const pretty = new Fnv64();
  const w = new TraceWriter(makeRunHeader(driver, config), (line) => whole.update(line).update('\n'));
  for (let s = driver.next(); s !== null; s = driver.next()) {
    for (const r of s.records) pretty.update(prettyRecord(r)).update('\n');
    w.step(s.records);
  }
  const status = driver.simulation.status;
  w.end(status);
  return {
    scenario: scenario.id, seed, steps: w.steps, records: w.records, status,
    stepHash: w.hash, traceHash: whole.hex(), prettyHash: pretty.hex(),
  };
}

export interface ProgramFingerprint {
  readonly program: string;
  readonly records: number;
  /** FNV-1a 64 of every record's native JSON line. */
  readonly traceHash: string;
  readonly prettyHash: string;
}

export function programFingerprints(): ProgramFingerprint[] {
  return PROGRAMS.map(({ id, run }) => {
    const { records } = run();
    const json = new Fnv64();
    const pretty = new Fnv64();
    for (const r of records) {
      json.update(serializeRecord(r)).update('\n');
      pretty.update(prettyRecord(r)).update('\n');
    }
    return { program: id, records: records.length, traceHash: json.hex(), prettyHash: pretty.hex() };
  });
}

/** The fixture file's shape. */
export interface Fixture {
  readonly scenarios: readonly Fingerprint[];
  readonly programs: readonly ProgramFingerprint[];
}
