/**
 * Reading a whole run for the tour's claims tests (test/tour/claims*.test.ts): a stop's run and the
 * index of its record, what each endpoint was when a record was made, who received what, and the
 * same run with an intervention applied at a stop's cursor.
 */
import { expect } from 'vitest';
import type { Pid, Role, TraceRecord } from '../../src/kernel/index.ts';
import type { Input, Intervention } from '../../src/kernel/ground/index.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { describePosition, locate, recordText } from '../../src/debugger/find.ts';
import { findStop, type TourStop } from '../../src/tour/stops.ts';
import { TestHistory } from '../helpers/history.ts';

export type Deliver = Extract<TraceRecord, { kind: 'deliver' }>;

export interface Run {
  readonly records: readonly TraceRecord[];
  /** Records at the end of each step (stepEnds[s] = records after step s). */
  readonly stepEnds: readonly number[];
}

/** A scenario's whole run, with these inputs. */
export function runScenario(id: string, inputs: readonly Input[] = []): Run {
  const h = new TestHistory(startScenario(findScenario(id)!), {}, inputs).growAll();
  return { records: h.records, stepEnds: h.stepEnds };
}

export interface StopRun extends Run {
  readonly stop: TourStop;
  /** The index of the stop's record (the cursor is just after it). */
  readonly at: number;
}

export function runStop(id: string): StopRun {
  const stop = findStop(id)!;
  const run = runScenario(stop.scenario);
  const at = locate(run.records, stop.at);
  if (at === null) throw new Error(`${id}: no record is ${describePosition(stop.at)}`);
  return { ...run, stop, at };
}

/** The step whose end is the first boundary at or after the record at `index` (stepEnds[s]: records after step s). */
export function stepAt(run: Run, index: number): number {
  const s = run.stepEnds.findIndex((end) => end >= index + 1);
  if (s < 0) throw new Error(`no step ends after record ${index}`);
  return s;
}

/** The scenario's run with `intervention` applied after the step that made the record at `index`. */
export function runWith(scenario: string, run: Run, index: number, intervention: Intervention): Run {
  return runScenario(scenario, [{ ...intervention, atStep: stepAt(run, index) }]);
}

/** `key` of an endpoint in a VM: "vm|pid|name". */
const key = (vm: readonly number[], pid: number | null, endpoint: string) => `${vm.join('/')}|${pid}|${endpoint}`;

export interface EndpointAt {
  readonly vm: readonly number[];
  readonly pid: number;
  readonly endpoint: string;
  readonly role: Role;
}

/** The endpoints that exist just before record `upTo` (read from the endpoint records). */
export function endpointsAt(records: readonly TraceRecord[], upTo: number): EndpointAt[] {
  const live = new Map<string, EndpointAt>();
  for (const r of records.slice(0, upTo)) {
    if (r.kind !== 'endpoint') continue;
    if (r.change === 'removed') live.delete(key(r.vm, r.pid, r.endpoint));
    else live.set(key(r.vm, r.pid, r.endpoint), { vm: r.vm, pid: r.pid!, endpoint: r.endpoint, role: r.role });
  }
  return [...live.values()];
}

/** The role of the endpoint a deliver record ran, as it was just before record `upTo`. */
export function roleAt(records: readonly TraceRecord[], upTo: number): (d: Deliver) => Role {
  const eps = endpointsAt(records, upTo);
  return (d) => {
    const e = eps.find((x) => key(x.vm, x.pid, x.endpoint) === key(d.vm, d.pid, d.endpoint));
    if (e === undefined) throw new Error(`no endpoint for ${recordText(d)}`);
    return e.role;
  };
}

/** The record with this id (records are numbered from 1, in order). */
export function byId(records: readonly TraceRecord[], id: number | null): TraceRecord {
  const r = id === null ? undefined : records[id - 1];
  if (r === undefined || r.id !== id) throw new Error(`no record #${String(id)}`);
  return r;
}

export const delivers = (records: readonly TraceRecord[]): Deliver[] => records.filter((r): r is Deliver => r.kind === 'deliver');

/** The deliver records caused by record `id`. */
export const deliveriesOf = (records: readonly TraceRecord[], id: number): Deliver[] => delivers(records).filter((d) => d.cause === id);

/** The pid of the process booted under this name (the first one). */
export function pidOf(records: readonly TraceRecord[], name: string): Pid {
  const b = records.find((r) => r.kind === 'boot' && r.name === name);
  expect(b, `a process named ${name}`).toBeDefined();
  return b!.pid!;
}

/** The record's one-line text, as the event log shows it. */
export const text = recordText;
