/**
 * The engine history with the user's inputs (issue 7): inputs given at the frontier, as the player
 * gives them, are recorded with their step and where their records are; a run grown again from the
 * same start with the same inputs is the same run, record for record, whatever the slice sizes; an
 * input's records count in its step; an input wakes a run that has ended; an intervention in the
 * past drops the later inputs; and the trace of such a run replays with its inputs in the header.
 */
import { describe, expect, it } from 'vitest';
import { TestHistory } from '../../helpers/history.ts';
import { boundaryAt, branch, discardsAt, grow, historyStatus, modelAt, runInputs, type History } from '../../../src/debugger/engine/history.ts';
import { RunDriver, makeRunHeader, recordRun, replayTrace, type RunConfig } from '../../../src/debugger/replay/index.ts';
import { encodeInput, serializeRecord, writeTraceFromHistory } from '../../../src/debugger/trace/index.ts';
import { tcpClientSpec } from '../../../src/kernel/ground/line-client.ts';
import { withInputs, type Intervention } from '../../../src/kernel/ground/run.ts';
import { prettyRecord, struct, type TraceRecord } from '../../../src/kernel/index.ts';
import { findScenario, SCENARIOS, startScenario } from '../../../src/scenarios/index.ts';

const echo = findScenario('tcp-echo')!;
const BUDGET = { maxSteps: 100_000, untilMs: null } as const;
const lines = (rs: readonly TraceRecord[]): string[] => rs.map((r) => prettyRecord(r));
const pidOf = (h: History, name: string, at = h.records.length) =>
  [...modelAt(h, at).procs.values()].find((p) => p.name === name && p.alive)!.pid;
const carol = (send: string[]): Intervention => ({
  kind: 'connect',
  client: tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 5999, send }),
});

/** An intervention at the frontier, as the player makes it: due at once, applied by the next unit. */
function intervene(t: TestHistory, i: Intervention): void {
  t.h = { ...t.h, run: withInputs(t.h.run!, [{ ...i, atStep: t.h.run!.sim.steps }]) };
  t.grow(Number.POSITIVE_INFINITY, 1);
}

function growToStep(t: TestHistory, step: number): void {
  while (t.h.run!.sim.steps < step) t.grow(Number.POSITIVE_INFINITY, 1);
}

/** tcp-echo with three interventions: a client after 40 steps, an inject after 50, and at the end a kill. */
function intervened(): TestHistory {
  const t = new TestHistory(startScenario(echo), {}, [], BUDGET);
  growToStep(t, 40);
  intervene(t, carol(['late', 'later']));
  growToStep(t, 50);
  intervene(t, { kind: 'inject', body: struct('hello', 'world'), orientation: 'publisher' });
  t.growAll();
  intervene(t, { kind: 'kill', vm: [], pid: pidOf(t.h, 'listener'), reason: struct('killed-by-user') });
  return t.growAll();
}

describe('engine history: inputs', () => {
  it('records each input with the step it was applied after and where its records are', () => {
    const t = intervened();
    const applied = t.h.applied.slice();
    expect(applied.map((a) => [a.input.kind, a.input.atStep])).toEqual([['connect', 40], ['inject', 50], ['kill', applied[2]!.input.atStep]]);
    expect(applied[2]!.input.atStep).toBeGreaterThan(69); // carol made the run longer than tcp-echo's 69 steps
    for (const a of applied) {
      expect(a.records).toBeGreaterThan(0);
      const first = t.records[a.atRecord]!;
      expect(first.cause).toBeNull();
      expect(first.kind === 'ground-event' || first.kind === 'world').toBe(true);
    }
    expect(prettyRecord(t.records[applied[0]!.atRecord]!)).toMatch(/world .*client-added/);
    expect(prettyRecord(t.records[applied[1]!.atRecord]!)).toMatch(/ground-event \(user inject\)/);
    expect(prettyRecord(t.records[applied[2]!.atRecord]!)).toMatch(/ground-event \(user kill\) kill\(\[\], 2, killed-by-user\(\)\)/);
    // carol was served: two echoes.
    const echoes = lines(t.records).filter((l) => l.includes('carol client-recv'));
    expect(echoes.map((l) => l.replace(/.*#"/, ''))).toEqual(['You said: late\\n")', 'You said: later\\n")']);
    expect(historyStatus(t.h)).toBe('quiescent'); // without its listener, the driver has nothing left to wait for
    expect(runInputs(t.h)).toEqual(applied.map((a) => a.input));
  });

  it('re-simulating from the start with the same inputs gives identical records, whatever the slices', () => {
    const t = intervened();
    const scheduled = runInputs(t.h);
    const same = (again: TestHistory): void => {
      expect(again.records.map(serializeRecord)).toEqual(t.records.map(serializeRecord));
      expect(again.stepEnds).toEqual(t.stepEnds);
      expect(again.h.applied.slice()).toEqual(t.h.applied.slice());
      expect(again.h.boundaries.slice()).toEqual(t.h.boundaries.slice());
      expect(historyStatus(again.h)).toBe(historyStatus(t.h));
    };
    // Grown in small slices, as the engine does between frames…
    const sliced = new TestHistory(startScenario(echo), {}, scheduled, BUDGET);
    while (sliced.canGrow) sliced.grow(sliced.length + 7, 3);
    same(sliced);
    // …one unit at a time…
    const units = new TestHistory(startScenario(echo), {}, scheduled, BUDGET);
    while (units.canGrow) units.grow(Number.POSITIVE_INFINITY, 1);
    same(units);
    // …and all at once.
    same(new TestHistory(startScenario(echo), {}, scheduled, BUDGET).growAll());
  });

  it('counts an input’s records in the step it was applied after (stepEnds)', () => {
    const t = intervened();
    const ends = t.stepEnds;
    for (const a of t.h.applied) {
      // The step's end is after the input's records (the last input of that step included).
      const lastOfStep = t.h.applied.slice().filter((b) => b.input.atStep === a.input.atStep).at(-1)!;
      expect(ends[a.input.atStep]).toBe(lastOfStep.atRecord + lastOfStep.records);
      // The step before it ended before the input's records began.
      expect(ends[a.input.atStep - 1]!).toBeLessThanOrEqual(a.atRecord);
    }
    // No step ends inside an input's records.
    for (const e of ends) for (const a of t.h.applied) expect(e > a.atRecord && e < a.atRecord + a.records).toBe(false);
  });

  it('an intervention in the past keeps the records before the cursor’s boundary and the inputs before it, and drops the later ones', () => {
    const t = intervened();
    const h = t.h;
    const cursor = h.applied.get(1)!.atRecord - 3; // after carol, before the inject
    const b = boundaryAt(h, cursor);
    expect(b.records).toBeGreaterThanOrEqual(cursor);
    expect(b.inputs).toBe(1);
    expect(discardsAt(h, cursor)).toBe(h.records.length - b.records);
    expect(discardsAt(h, h.records.length)).toBe(0);
    const kill: Intervention = { kind: 'kill', vm: [], pid: pidOf(h, 'listener', cursor), reason: 'early' };
    const br = grow(branch(h, cursor, kill, BUDGET), Number.MAX_SAFE_INTEGER);
    expect(lines(br.records.slice(0, b.records))).toEqual(lines(h.records.slice(0, b.records)));
    expect(br.applied.slice().map((a) => [a.input.kind, a.input.atStep, a.atRecord])).toEqual([
      ['connect', 40, h.applied.get(0)!.atRecord],
      ['kill', b.steps, b.records],
    ]);
    expect(lines(br.records.slice()).some((l) => l.includes('(user inject)'))).toBe(false);
    // The branch, grown again from its inputs, is the same run.
    const again = new TestHistory(startScenario(echo), {}, runInputs(br), BUDGET).growAll();
    expect(again.records.map(serializeRecord)).toEqual(br.records.slice().map(serializeRecord));
  });

  it('an input wakes a run that has ended; its boundary is the frontier', () => {
    const t = new TestHistory(startScenario(findScenario('ping-pong')!), {}, [], BUDGET).growAll();
    expect(historyStatus(t.h)).toBe('quiescent');
    expect(t.canGrow).toBe(false);
    expect(boundaryAt(t.h, t.length)).toMatchObject({ records: t.length, steps: t.h.run!.sim.steps });
    const end = t.length;
    t.h = { ...t.h, run: withInputs(t.h.run!, [{ atStep: t.h.run!.sim.steps, kind: 'inject', body: struct('nobody-listens'), orientation: 'publisher' }]) };
    expect(historyStatus(t.h)).toBe('running');
    t.growAll();
    expect(t.h.applied.get(0)).toMatchObject({ atRecord: end });
    expect(t.length).toBeGreaterThan(end);
    expect(historyStatus(t.h)).toBe('quiescent');
  });

  it('inputs in the trace header’s form; the header’s inputs replay, and record the same trace byte for byte', () => {
    const t = intervened();
    const inputs = runInputs(t.h);
    const carolSteps = [
      { op: 'connect', host: 'server', port: 5999 }, { op: 'send', text: 'late\n' }, { op: 'expect-line' }, { op: 'send', text: 'later\n' },
      { op: 'expect-line' }, { op: 'close' },
    ];
    expect(encodeInput(inputs[0]!)).toEqual({ atStep: 40, kind: 'connect', client: { name: 'carol', host: 'carol', steps: carolSteps } });
    expect(encodeInput(inputs[1]!)).toEqual({ atStep: 50, kind: 'inject', body: { struct: 'hello', fields: ['world'] }, orientation: 'publisher' });
    expect(encodeInput(inputs[2]!)).toEqual({ atStep: inputs[2]!.atStep, kind: 'kill', vm: [], pid: 2, reason: { struct: 'killed-by-user', fields: [] } });

    // The replayer applies the header's inputs after the same steps and reaches the same records.
    const config: RunConfig = { scenario: echo.id, seed: echo.seed, maxSteps: echo.maxSteps ?? 100_000, untilMs: null, inputs };
    const out: string[] = [];
    writeTraceFromHistory(makeRunHeader(new RunDriver(echo, config), config), t.records, t.stepEnds, historyStatus(t.h), (l) => out.push(l));
    expect(replayTrace(out, SCENARIOS)).toMatchObject({ ok: true, records: t.length });
    // The CLI's recorder, given the same inputs, writes the very same file.
    const cli: string[] = [];
    recordRun(echo, config, (l) => cli.push(l));
    expect(cli).toEqual(out);
  });
});
