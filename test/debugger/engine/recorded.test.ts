/**
 * A recorded trace (a native file read by RecordedBuilder into a History with no run) is the live
 * run it was exported from, read-only: the same records, ids, steps and models at every index, the
 * header's inputs where the live run applied them, seeking as cheap as the live history's.
 */
import { describe, expect, it } from 'vitest';
import { TestHistory } from '../../helpers/history.ts';
import {
  branch, canGrow, grow, historyStatus, indexOfId, modelAt, recordsBeforeStep, runInputs, seekWork, stepEnds, type History,
} from '../../../src/debugger/engine/history.ts';
import { RecordedBuilder, readUiField, recordedFromText, type Recorded } from '../../../src/debugger/engine/recorded.ts';
import { exportHistory } from '../../../src/debugger/export/index.ts';
import type { Model } from '../../../src/debugger/model.ts';
import { simulationOptions } from '../../../src/debugger/replay/index.ts';
import {
  TRACE_VERSION, TraceParseError, TraceReader, actionToJson, linesOf, makeHeader, roleToJson, serializeRecord, stateToJson,
} from '../../../src/debugger/trace/index.ts';
import { tcpClientSpec } from '../../../src/kernel/ground/line-client.ts';
import { withInputs, type Input } from '../../../src/kernel/ground/run.ts';
import { pid, struct, type TraceRecord } from '../../../src/kernel/index.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';

const FULL = { maxDepth: 1_000, maxNodes: Number.MAX_SAFE_INTEGER };
/** The checkpoint interval of both sides (small, so seeks cross several). */
const EVERY = 64;

/** A model as plain JSON: live states and actions through the trace's own encoders, so both sides compare. */
function plain(m: Model): unknown {
  return {
    time: m.time,
    applied: m.applied,
    last: m.last,
    procs: [...m.procs.values()].map((p) => ({
      ...p,
      vm: [...p.vm],
      state: stateToJson(p.state, FULL),
      endpoints: [...p.endpoints.values()].map((e) => ({ ...e, role: roleToJson(e.role) })),
      metaEndpoints: [...p.metaEndpoints.values()].map((e) => ({ ...e, role: roleToJson(e.role) })),
      queue: p.queue.toArray().map(actionToJson),
      crash: p.crash === null ? null : stateToJson(p.crash, FULL),
      exit: p.exit === null ? null : { how: p.exit.how, reason: stateToJson(p.exit.reason, FULL) },
    })),
  };
}

const lines = (rs: readonly TraceRecord[]): string[] => rs.map(serializeRecord);

/** A live engine history of scenario `id` with these inputs, grown `units` units (default: to its end). */
function live(id: string, inputs: readonly Input[] = [], units = Number.MAX_SAFE_INTEGER): TestHistory {
  const s = findScenario(id)!;
  return new TestHistory(startScenario(s), { checkpointEvery: EVERY }, inputs, { maxSteps: s.maxSteps ?? 100_000, untilMs: null }).growAll(units);
}

/** The live history as a native trace, with its inputs (applied and to come) in the header; `extra` is spliced into it. */
function native(t: TestHistory, id: string, extra = ''): string {
  const run = t.h.run!;
  const header = makeHeader({
    scenario: id, seed: findScenario(id)!.seed, options: simulationOptions(run.sim, run.budget.maxSteps, run.budget.untilMs), inputs: runInputs(t.h),
  });
  const chunks: string[] = [];
  exportHistory('native', header, { records: t.records, stepEnds: t.stepEnds, status: historyStatus(t.h) }, (c) => chunks.push(c));
  const text = chunks.join('');
  if (extra === '') return text;
  const nl = text.indexOf('\n');
  return `${text.slice(0, nl - 1)},${extra}}${text.slice(nl)}`;
}

/** A file streamed line by line through the builder, with the live side's checkpoint interval. */
function read(text: string): Recorded {
  const reader = new TraceReader();
  const b = new RecordedBuilder(EVERY);
  for (const l of linesOf(text)) b.push(reader.line(l));
  reader.finish();
  return b.finish();
}

function expectSameModels(a: History, b: History, stride = 1): void {
  expect(a.records.length).toBe(b.records.length);
  for (let i = 0; i <= a.records.length; i += stride) expect(plain(modelAt(a, i)), `index ${i}`).toEqual(plain(modelAt(b, i)));
  expect(plain(a.frontier)).toEqual(plain(b.frontier));
}

const poke = (atStep: number, word: string, orientation: 'publisher' | 'subscriber' = 'publisher'): Input =>
  ({ atStep, kind: 'inject', body: struct('poke', word), orientation });

describe('a recorded trace', () => {
  const run = live('tcp-echo');
  const text = native(run, 'tcp-echo');
  const rec = read(text);
  const h = rec.history;

  it('has the live run\'s records, steps and ids, and is read-only', () => {
    expect(lines(h.records.slice())).toEqual(lines(run.records));
    expect(h.records.slice().map((r) => [r.id, r.kind, r.cause])).toEqual(run.records.map((r) => [r.id, r.kind, r.cause]));
    expect(stepEnds(h)).toEqual(run.stepEnds);
    expect(h.boundaries.slice()).toEqual(run.h.boundaries.slice());
    for (let step = 0; step <= run.stepEnds.length; step++) expect(recordsBeforeStep(h, step)).toBe(recordsBeforeStep(run.h, step));
    expect(rec.header).toMatchObject({ scenario: 'tcp-echo', seed: 1, version: TRACE_VERSION, inputs: [] });
    expect(rec.endStatus).toBe(historyStatus(run.h));
    expect(rec.endStatus).toBe('blocked');
    expect(rec.ui).toBeNull();
    // Read-only: no run, nothing to grow, no branch.
    expect(h.run).toBeNull();
    expect(historyStatus(h)).toBe('recorded');
    expect(canGrow(h)).toBe(false);
    expect(grow(h, 10, h.records.length + 10)).toBe(h);
    expect(() => branch(h, 5, { kind: 'inject', body: 'x', orientation: 'publisher' }, { maxSteps: 10, untilMs: null })).toThrow(/recorded/);
    for (const r of run.records) expect(indexOfId(h, r.id)).toBe(run.indexOfId(r.id));
    expect(indexOfId(h, 0)).toBeNull();
    expect(indexOfId(h, run.records.at(-1)!.id + 1)).toBeNull();
  });

  it('recordedFromText reads the same history as the builder fed line by line', () => {
    const whole = recordedFromText(text);
    expect(lines(whole.history.records.slice())).toEqual(lines(h.records.slice()));
    expect(whole.history.boundaries.slice()).toEqual(h.boundaries.slice());
    expect(whole.endStatus).toBe(rec.endStatus);
  });

  it('gives the same model as the live run at every index (tcp-echo)', () => {
    expectSameModels(h, run.h);
  });

  it('seeks incrementally from checkpoints: one record per step forward, less than a checkpoint interval back', () => {
    modelAt(h, 100);
    let before = seekWork(h);
    for (let n = 101; n < 140; n++) modelAt(h, n);
    // One record each, none where a checkpoint is exactly at the cursor (128).
    expect(seekWork(h) - before).toBe(38);
    before = seekWork(h);
    let seeks = 0;
    for (let i = h.records.length - 1; i >= 0; i -= 7, seeks++) modelAt(h, i);
    expect(seekWork(h) - before).toBeLessThanOrEqual(seeks * (EVERY - 1));
    // The live history, with checkpoints at the same records, does the same work for the same seeks.
    const live0 = seekWork(run.h);
    modelAt(run.h, 100);
    const liveBefore = seekWork(run.h);
    for (let n = 101; n < 140; n++) modelAt(run.h, n);
    expect(seekWork(run.h) - liveBefore).toBe(38);
    expect(liveBefore).toBeGreaterThan(live0);
  });

  it('places the header\'s inputs where the live run applied them', () => {
    const inputs: Input[] = [poke(3, 'hi'), poke(3, 'again', 'subscriber'), { atStep: 5, kind: 'kill', vm: [], pid: pid(2), reason: struct('stopped') }];
    const t = live('ping-pong', inputs);
    expect(t.h.applied.length).toBe(3);
    const back = read(native(t, 'ping-pong'));
    expect(back.header.inputs).toEqual(inputs);
    expect(back.history.applied.slice()).toEqual(t.h.applied.slice());
    expect(runInputs(back.history)).toEqual(inputs);
    expect(back.history.boundaries.slice()).toEqual(t.h.boundaries.slice());
    expect(stepEnds(back.history)).toEqual(t.stepEnds);
    expectSameModels(back.history, t.h);
  });

  it('places every kind of input: a client connecting, an inject and a kill, in a run with scripted clients', () => {
    const carol = tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 5999, send: ['late'] });
    const inputs: Input[] = [
      { atStep: 0, kind: 'connect', client: carol },
      { atStep: 20, kind: 'connect', client: { ...carol, name: 'dave', host: 'dave' } },
      poke(20, 'x'),
      { atStep: 60, kind: 'kill', vm: [], pid: pid(2), reason: struct('killed-by-user') },
    ];
    const t = live('tcp-echo', inputs);
    expect(t.h.applied.slice().map((a) => a.records > 0)).toEqual([true, true, true, true]);
    const back = read(native(t, 'tcp-echo'));
    expect(back.history.applied.slice()).toEqual(t.h.applied.slice());
    expect(back.history.boundaries.slice()).toEqual(t.h.boundaries.slice());
    expectSameModels(back.history, t.h, 5);
  });

  it('reads the header\'s ui field (where the exporting app stood), and refuses a malformed one naming the field', () => {
    const withUi = read(native(run, 'tcp-echo', '"ui":{"cursor":42}'));
    expect(withUi.ui).toEqual({ cursor: 42 });
    expect(withUi.header.ui).toEqual({ cursor: 42 });
    const refused = (t: string): TraceParseError => {
      try {
        read(t);
      } catch (e) {
        expect(e).toBeInstanceOf(TraceParseError);
        return e as TraceParseError;
      }
      throw new Error('accepted');
    };
    const bad = refused(native(run, 'tcp-echo', '"ui":{"cursor":"x"}'));
    expect([bad.line, bad.field]).toEqual([1, 'ui.cursor']);
    expect(refused(native(run, 'tcp-echo', '"ui":[]')).field).toBe('ui');
    expect(() => readUiField({ ...withUi.header, ui: { cursor: -1 } }, 7)).toThrow(/^line 7, field ui\.cursor: /);
    expect(readUiField({ ...withUi.header, ui: { cursor: 3, later: true } })).toEqual({ cursor: 3 });
    const breakpoints = [{ text: 'quit', enabled: false }];
    expect(readUiField({ ...withUi.header, ui: { cursor: 3, breakpoints } })).toEqual({ cursor: 3, breakpoints });
    expect(() => readUiField({ ...withUi.header, ui: { cursor: 3, breakpoints: [{ text: 'quit' }] } })).toThrow(/field ui\.breakpoints\[0\]\.enabled: /);
  });

  it('refuses a damaged file naming the line and field', () => {
    const ls = text.split('\n');
    const r = JSON.parse(ls[5]!);
    r.vm = 'ground';
    ls[5] = JSON.stringify(r);
    expect(() => read(ls.join('\n'))).toThrow(/^line 6, field vm: /);
    expect(() => recordedFromText(ls.join('\n'))).toThrow(TraceParseError);
    expect(() => read(text.split('\n').slice(0, 20).join('\n') + '\n')).toThrow(/^line 21: the file ends without its end line/);
    expect(() => new RecordedBuilder().finish()).toThrow(/^line 1: empty trace/);
  });

  it('reads a version 1 file (no step lines, no end line) as one step, with its inputs placed', () => {
    const inputs = [poke(3, 'hi'), poke(7, 'later')];
    const t = live('ping-pong', inputs);
    const ls = native(t, 'ping-pong').split('\n');
    const v1 = [ls[0]!.replace(`"version":${TRACE_VERSION}`, '"version":1'), ...ls.slice(1).filter((l) => !l.startsWith('{"step"') && !l.startsWith('{"end"'))];
    const back = recordedFromText(v1.join('\n'));
    expect(back.header.version).toBe(1);
    expect(back.endStatus).toBeNull();
    expect(lines(back.history.records.slice())).toEqual(lines(t.records));
    // Each input where the live run applied it; with no step lines, its records run on to the next
    // input (or the end): a version 1 file does not say where a step ends.
    expect(back.history.applied.slice().map((x) => [x.input, x.atRecord])).toEqual(t.h.applied.slice().map((x) => [x.input, x.atRecord]));
    expect(back.history.applied.slice().map((x, i) => x.records >= t.h.applied.get(i)!.records)).toEqual([true, true]);
    // One step: every record is before the (only) step's end.
    expect(stepEnds(back.history).at(-1)).toBe(t.records.length);
    expect(new Set(stepEnds(back.history).slice(0, -1)).size).toBeLessThanOrEqual(1);
    expectSameModels(back.history, t.h, 3);
  });

  it('reads a file exported while the run was still going, with an input given at the frontier and not applied yet', () => {
    const t = live('tcp-echo', [poke(10, 'early')], 40);
    expect(historyStatus(t.h)).toBe('running');
    // The UI's intervention at the frontier: the input waits for the next unit of the run.
    t.h = { ...t.h, run: withInputs(t.h.run!, [poke(t.h.run!.sim.steps, 'now')]) };
    const back = read(native(t, 'tcp-echo'));
    expect(back.endStatus).toBe('running');
    expect(lines(back.history.records.slice())).toEqual(lines(t.records));
    expect(stepEnds(back.history)).toEqual(t.stepEnds);
    expect(runInputs(back.history)).toEqual(runInputs(t.h));
    expectSameModels(back.history, t.h, 3);
    // It is placed where the live run applies it next: at the end, with no records yet.
    const n = t.records.length;
    expect(back.history.applied.get(1)).toEqual({ input: poke(t.h.run!.sim.steps, 'now'), atRecord: n, records: 0 });
    t.grow(Number.POSITIVE_INFINITY, 1);
    expect(t.h.applied.get(1)).toMatchObject({ atRecord: n });
  });

  // An input of the header whose step the run never reached (it hit its step budget first) is not
  // placed: the history has the file's steps, and the input is kept as never applied.
  it('a run that stopped at its budget before a header input\'s step keeps the file\'s step count', () => {
    const s = findScenario('tcp-echo')!;
    const t = new TestHistory(startScenario(s), { checkpointEvery: EVERY }, [poke(50, 'never')], { maxSteps: 30, untilMs: null }).growAll();
    expect(historyStatus(t.h)).toBe('limit');
    expect(t.stepEnds).toHaveLength(31);
    const back = read(native(t, 'tcp-echo'));
    expect(back.endStatus).toBe('limit');
    expect(back.history.boundaries.last()!.steps).toBe(30);
    expect(stepEnds(back.history)).toEqual(t.stepEnds);
    expect(back.history.applied.length).toBe(0);
    expect(back.unapplied).toEqual([poke(50, 'never')]);
  });
});
