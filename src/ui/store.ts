/**
 * UI state for the app shell: one ground VM being stepped, plus the trace it produced so far.
 * A factory rather than a module singleton, so tests and future panes can own separate stores.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  groundStatus,
  groundVm,
  prettyRecord,
  runUntilIdle,
  stepGround,
  type GroundStatus,
  type GroundVM,
  type TraceRecord,
} from '../kernel/index.ts';
import type { Scenario } from '../scenarios/types.ts';

/** Stops "Run demo" on a program that never goes idle. */
const MAX_RUN_ROUNDS = 10_000;

export interface LogLine {
  readonly id: number;
  readonly kind: string;
  readonly text: string;
}

export interface LabState {
  readonly scenario: Scenario;
  readonly ground: GroundVM;
  readonly status: GroundStatus;
  readonly log: readonly LogLine[];
  /** Runs one scheduler round of the ground VM. */
  step(): void;
  /** Starts over and runs until the ground VM has no work. */
  runDemo(): void;
  reset(): void;
}

export type LabStore = StoreApi<LabState>;

function fresh(scenario: Scenario): Pick<LabState, 'ground' | 'status' | 'log'> {
  const ground = groundVm(scenario.boot);
  return { ground, status: groundStatus(ground), log: [] };
}

/** Records are rendered once, when they arrive: the log never re-prints old records. */
function toLines(records: readonly TraceRecord[]): LogLine[] {
  return records.map((r) => ({ id: r.id, kind: r.kind, text: prettyRecord(r) }));
}

export function createLabStore(scenario: Scenario): LabStore {
  return createStore<LabState>()((set, get) => ({
    scenario,
    ...fresh(scenario),
    step() {
      const { ground, log } = get();
      const s = stepGround(ground);
      set({ ground: s.ground, status: groundStatus(s.ground), log: [...log, ...toLines(s.records)] });
    },
    runDemo() {
      const r = runUntilIdle(groundVm(scenario.boot), MAX_RUN_ROUNDS);
      set({ ground: r.ground, status: groundStatus(r.ground), log: toLines(r.records) });
    },
    reset() {
      set(fresh(scenario));
    },
  }));
}
