/**
 * RunHistory with interventions: inputs are recorded with their step, a run grown again from the
 * same start with the same inputs is the same run (record for record), an intervention in the past
 * branches, and the trace written from such a history replays with its inputs in the header.
 */
import { describe, expect, it } from 'vitest';
import { prettyRecord, struct, type TraceRecord } from '../../src/kernel/index.ts';
import { tcpClientSpec } from '../../src/kernel/ground/clients.ts';
import type { Intervention } from '../../src/kernel/ground/inputs.ts';
import { RunHistory } from '../../src/debugger/history.ts';
import { RunDriver, makeRunHeader, replayTrace, type RunConfig } from '../../src/debugger/replay/index.ts';
import { encodeInput, writeTraceFromHistory } from '../../src/debugger/trace/index.ts';
import { findScenario, SCENARIOS, startScenario } from '../../src/scenarios/index.ts';

const echo = findScenario('tcp-echo')!;
const lines = (rs: readonly TraceRecord[]) => rs.map(prettyRecord);
const pidOf = (h: RunHistory, name: string, at = h.length) =>
  [...h.modelAt(at).procs.values()].find((p) => p.name === name && p.alive)!.pid;
const carol = (send: string[]): Intervention => ({
  kind: 'connect',
  client: tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 5999, send }),
});

/** tcp-echo with three interventions: a client after 40 steps, an inject after 50, and at the end a kill. */
function intervened(): RunHistory {
  const h = new RunHistory(startScenario(echo));
  while (h.simulation.steps < 40) h.grow(Number.MAX_SAFE_INTEGER, 1);
  h.applyInput(carol(['late', 'later']));
  while (h.simulation.steps < 50) h.grow(Number.MAX_SAFE_INTEGER, 1);
  h.applyInput({ kind: 'inject', body: struct('hello', 'world'), orientation: 'publisher' });
  h.growAll(10_000);
  h.applyInput({ kind: 'kill', vm: [], pid: pidOf(h, 'listener'), reason: struct('killed-by-user') });
  h.growAll(10_000);
  return h;
}

describe('RunHistory inputs', () => {
  it('records each input with the step it was applied after and where its records are', () => {
    const h = intervened();
    expect(h.inputs.map((i) => [i.input.kind, i.input.atStep])).toEqual([['connect', 40], ['inject', 50], ['kill', h.inputs[2]!.input.atStep]]);
    expect(h.inputs[2]!.input.atStep).toBeGreaterThan(69); // carol made the run longer than tcp-echo's 69 steps
    for (const i of h.inputs) {
      expect(i.records).toBeGreaterThan(0);
      const first = h.records[i.atRecord]!;
      expect(first.kind === 'ground-event' || first.kind === 'world').toBe(true);
    }
    expect(prettyRecord(h.records[h.inputs[2]!.atRecord]!)).toMatch(/ground-event \(user kill\) kill\(\[\], 2, killed-by-user\(\)\)/);
    // carol was served: two echoes.
    const echoes = lines(h.records).filter((l) => l.includes('carol client-recv'));
    expect(echoes.map((l) => l.replace(/.*#"/, ''))).toEqual(['You said: late\\n")', 'You said: later\\n")']);
    expect(h.status).toBe('quiescent'); // without its listener, the driver has nothing left to wait for
  });

  it('re-simulating from the start with the same inputs gives identical records', () => {
    const h = intervened();
    const scheduled = h.inputs.map((a) => a.input);
    // Grown in small slices, as the UI does…
    const again = new RunHistory(startScenario(echo), undefined, scheduled);
    while (again.canGrow) again.grow(again.length + 7, 3);
    expect(lines(again.records)).toEqual(lines(h.records));
    expect(again.stepEnds).toEqual(h.stepEnds);
    expect(again.inputs).toEqual(h.inputs);
    // …and all at once.
    const fast = new RunHistory(startScenario(echo), undefined, scheduled);
    fast.growAll(100_000);
    expect(lines(fast.records)).toEqual(lines(h.records));
  });

  it('counts an input’s records in the step it was applied after (stepEnds)', () => {
    const h = intervened();
    for (const i of h.inputs) {
      const end = i.atRecord + i.records;
      expect(h.stepEnds).toContain(h.inputs.find((j) => j.input.atStep === i.input.atStep && j.atRecord >= i.atRecord)!.atRecord + i.records);
      expect(end).toBeLessThanOrEqual(h.length);
    }
    // No step ends inside an input's records.
    for (const e of h.stepEnds) for (const i of h.inputs) expect(e > i.atRecord && e < i.atRecord + i.records).toBe(false);
  });

  it('branching in the past keeps the records before the cursor’s boundary, drops later inputs, applies the new one', () => {
    const h = intervened();
    const cursor = h.inputs[1]!.atRecord - 3; // inside the run after carol, before the inject
    const b = h.boundaryAt(cursor);
    expect(b.records).toBeGreaterThanOrEqual(cursor);
    expect(b.inputs).toBe(1);
    expect(h.discardsAt(cursor)).toBe(h.length - b.records);
    expect(h.discardsAt(h.length)).toBe(0);
    const kill: Intervention = { kind: 'kill', vm: [], pid: pidOf(h, 'listener', cursor), reason: 'early' };
    const { history: br, boundary } = h.branch(cursor, kill);
    expect(boundary).toEqual(b);
    br.grow(b.records + 1, 100_000);
    expect(br.length).toBe(b.records + br.inputs[1]!.records);
    expect(lines(br.records.slice(0, b.records))).toEqual(lines(h.records.slice(0, b.records)));
    expect(br.inputs.map((i) => [i.input.kind, i.input.atStep, i.atRecord])).toEqual([
      ['connect', 40, h.inputs[0]!.atRecord],
      ['kill', b.steps, b.records],
    ]);
    br.growAll(10_000);
    expect(lines(br.records).some((l) => l.includes('(user inject)'))).toBe(false);
    // The branch, grown again from its inputs, is the same run.
    const again = new RunHistory(startScenario(echo), undefined, br.inputs.map((a) => a.input));
    again.growAll(10_000);
    expect(lines(again.records)).toEqual(lines(br.records));
  });

  it('an input wakes a run that has ended; its boundary is the frontier', () => {
    const h = new RunHistory(startScenario(findScenario('ping-pong')!));
    h.growAll(1000);
    expect(h.status).toBe('quiescent');
    expect(h.boundaryAt(h.length)).toMatchObject({ records: h.length, steps: h.simulation.steps });
    h.applyInput({ kind: 'inject', body: struct('nobody-listens'), orientation: 'publisher' });
    expect(h.status).toBe('running');
    h.growAll(1000);
    expect(h.status).toBe('quiescent');
  });

  it('inputs in the trace header’s form; the header’s inputs replay', () => {
    const h = intervened();
    const inputs = h.inputs.map((a) => a.input);
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
    writeTraceFromHistory(makeRunHeader(new RunDriver(echo, config), config), h.records, h.stepEnds, h.status, (l) => out.push(l));
    expect(replayTrace(out, SCENARIOS)).toMatchObject({ ok: true, records: h.length });
  });
});
