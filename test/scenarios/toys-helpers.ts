/**
 * Reading a toy scenario's whole run (test/scenarios/toys*.test.ts): its records, and who received
 * what, by process name.
 */
import { expect } from 'vitest';
import { pretty, type Pid, type TraceRecord } from '../../src/kernel/index.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { startScenario, type Scenario } from '../../src/scenarios/index.ts';

export type Rec<K extends TraceRecord['kind']> = Extract<TraceRecord, { kind: K }>;

export interface ToyRun {
  readonly records: readonly TraceRecord[];
  readonly status: string;
  readonly nowMs: number;
  /** The pid of the process booted under `name` (exactly one). */
  pid(name: string): Pid;
  of<K extends TraceRecord['kind']>(kind: K): Rec<K>[];
  /** Deliveries to the process named `name`, of this event type. */
  to(name: string, type?: 'presence' | 'absence' | 'message'): Rec<'deliver'>[];
  /** The names of the processes that received a message (or feedback) with this printed body. */
  receiversOf(body: string): string[];
}

export function runToy(s: Scenario, seed?: number): ToyRun {
  const start = startScenario(s, { trace: true, ...(seed === undefined ? {} : { seed }) });
  const records: TraceRecord[] = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: 1000 }, (r) => records.push(...r));
  const of = <K extends TraceRecord['kind']>(kind: K) => records.filter((x): x is Rec<K> => x.kind === kind);
  const names = new Map(of('boot').map((b) => [b.pid!, b.name]));
  const pid = (name: string): Pid => {
    const pids = of('boot').filter((b) => b.name === name).map((b) => b.pid!);
    expect(pids, `one process named ${name}`).toHaveLength(1);
    return pids[0]!;
  };
  return {
    records, status: sim.status, nowMs: sim.world.now, pid, of,
    to: (name, type) => of('deliver').filter((d) => d.pid === pid(name) && (type === undefined || d.event.type === type)),
    receiversOf: (body) => of('deliver')
      .filter((d) => d.event.type === 'message' && pretty(d.event.message) === body)
      .map((d) => names.get(d.pid!)!),
  };
}

/** The printed topic a presence or absence delivery carries (the intersection), or its message. */
export const eventText = (d: Rec<'deliver'>): string => (d.event.type === 'message' ? pretty(d.event.message) : pretty(d.event.role.topic));
