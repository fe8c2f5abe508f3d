/**
 * Breakpoints in the player: next/previous hit, play and step over stopping at hits, "run until"
 * with its fuel, and the frame's hits. Expected hits are computed naively: every record of the
 * whole run scanned by hand (its kind and the name of its process), never by the query engine.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/kernel/index.ts';
import { DEFAULT_ENV, type PlayerEnv, type PlayerState } from '../../../src/debugger/engine/player.ts';
import { MAX_BREAKPOINTS } from '../../../src/debugger/engine/breakpoints.ts';
import { MAX_HIT_SPANS, queriesView } from '../../../src/debugger/engine/query-section.ts';
import { FrameMaker } from '../../../src/debugger/engine/frame-maker.ts';
import { FULL_VIEW } from '../../../src/debugger/engine/frame.ts';
import { PLAIN_PRINTER } from '../../../src/debugger/views/printer.ts';
import { SCENARIOS } from '../../../src/scenarios/index.ts';
import { playerOf } from './player-harness.ts';
import { sparkOf, watchValues, WATCH_SPARK_POINTS } from '../../../src/debugger/engine/query-watch.ts';
import { recordedFromText } from '../../../src/debugger/engine/recorded.ts';
import { exportRun, exportRunOf } from '../../../src/ui/engine/io/trace-export.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

/** A player on the whole run of `id` (run to its end, the cursor back at the start). */
function whole(id = 'tcp-echo') {
  return playerOf(env, id).do({ type: 'to-end' }).settle().do({ type: 'to-start' });
}

/** The names of processes, learnt from boot records as a naive reader would (vm path and pid). */
function namesOf(records: readonly TraceRecord[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of records) if (r.kind === 'boot') names.set(`${r.vm.join('/')}:${r.pid}`, r.name);
  return names;
}

/** The cursors (index + 1) of the records `keep` accepts, scanning every record. */
function naiveCursors(s: PlayerState, keep: (r: TraceRecord, name: string | undefined) => boolean): number[] {
  const records = s.history.records.slice();
  const names = namesOf(records);
  const out: number[] = [];
  records.forEach((r, i) => {
    if (keep(r, names.get(`${r.vm.join('/')}:${r.pid}`))) out.push(i + 1);
  });
  return out;
}

const isQuit = (r: TraceRecord) => r.kind === 'quit';
const isHandlerSpawn = (r: TraceRecord, name: string | undefined) => r.kind === 'boot' && name === 'connection-handler';
const union = (...lists: number[][]) => [...new Set(lists.flat())].sort((a, b) => a - b);

describe('breakpoints: moves to hits', () => {
  it('next-hit visits every hit of the enabled breakpoints in order, previous-hit goes back through them', () => {
    const p = whole();
    const expected = union(naiveCursors(p.s, isQuit), naiveCursors(p.s, isHandlerSpawn));
    expect(expected.length).toBeGreaterThan(3);
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'add-breakpoint', text: 'spawn to connection-handler' });
    const visited: number[] = [];
    for (let i = 0; i < expected.length + 2; i++) {
      const before = p.s.cursor;
      p.do({ type: 'next-hit' });
      if (p.s.cursor === before) break;
      visited.push(p.s.cursor);
    }
    expect(visited).toEqual(expected);
    expect(p.s.notices.at(-1)?.text).toMatch(/^No breakpoint hit after record/);
    const back: number[] = [];
    p.do({ type: 'to-end' });
    for (let i = 0; i < expected.length + 2; i++) {
      const before = p.s.cursor;
      p.do({ type: 'previous-hit' });
      if (p.s.cursor === before) break;
      back.push(p.s.cursor);
    }
    expect(back).toEqual([...expected].reverse());
  });

  it('a disabled breakpoint is not stopped at; removing one forgets it', () => {
    const p = whole();
    const quits = naiveCursors(p.s, isQuit);
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'add-breakpoint', text: 'spawn to connection-handler' });
    const spawnId = p.s.queries.breakpoints[1]!.id;
    p.do({ type: 'toggle-breakpoint', id: spawnId }).do({ type: 'next-hit' });
    expect(p.s.cursor).toBe(quits[0]);
    expect(p.s.queries.stopped).toEqual({ id: p.s.queries.breakpoints[0]!.id, cursor: quits[0] });
    p.do({ type: 'remove-breakpoint', id: spawnId });
    expect(p.s.queries.breakpoints.map((b) => b.text)).toEqual(['quit']);
  });

  it('with none enabled, or a query that does not parse, says so', () => {
    const p = whole();
    p.do({ type: 'next-hit' });
    expect(p.s.notices.at(-1)?.text).toMatch(/No breakpoint is enabled/);
    p.do({ type: 'add-breakpoint', text: 'knows to' });
    expect(p.s.queries.breakpoints).toEqual([]);
    expect(p.s.notices.at(-1)?.text).toMatch(/^Breakpoint not added: column 9: expected a process/);
  });

  it('holds at most MAX_BREAKPOINTS, and adding a text again enables the one there is', () => {
    const p = whole();
    for (let i = 0; i <= MAX_BREAKPOINTS; i++) p.do({ type: 'add-breakpoint', text: `quit between ${i} and ${i + 1}` });
    expect(p.s.queries.breakpoints).toHaveLength(MAX_BREAKPOINTS);
    const first = p.s.queries.breakpoints[0]!;
    p.do({ type: 'toggle-breakpoint', id: first.id }).do({ type: 'add-breakpoint', text: ` ${first.text} ` });
    expect(p.s.queries.breakpoints).toHaveLength(MAX_BREAKPOINTS);
    expect(p.s.queries.breakpoints[0]!.enabled).toBe(true);
  });
});

describe('breakpoints: play, step over, run until', () => {
  it('play stops at each hit, then runs to the end', () => {
    const p = whole();
    const expected = naiveCursors(p.s, isHandlerSpawn);
    p.do({ type: 'add-breakpoint', text: 'spawn to connection-handler' }).do({ type: 'set-speed', speed: 5000 });
    for (const c of expected) {
      p.do({ type: 'play' }).settle();
      expect(p.s.cursor).toBe(c);
      expect(p.s.job).toBeNull();
      expect(p.s.lastMove.kind).toBe('play');
    }
    p.do({ type: 'play' }).settle();
    expect(p.s.cursor).toBe(p.s.history.records.length);
  });

  it('step over stops at a hit it would cross', () => {
    const p = whole();
    const all = naiveCursors(p.s, () => true);
    const quits = naiveCursors(p.s, isQuit);
    // Step over from just before a quit lands on it (the quit is within the round).
    p.do({ type: 'jump', to: quits[0]! - 1 });
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'step-over' });
    expect(p.s.cursor).toBe(quits[0]);
    expect(all).toContain(p.s.cursor);
  });

  it('run until grows the live run to the first hit after the cursor', () => {
    const reference = whole();
    const expected = naiveCursors(reference.s, isHandlerSpawn)[0]!;
    const p = playerOf(env, 'tcp-echo');
    expect(p.s.history.records.length).toBeLessThan(expected);
    p.do({ type: 'add-breakpoint', text: 'spawn to connection-handler' });
    p.do({ type: 'next-hit' });
    expect(p.s.cursor).toBe(0);
    expect(p.s.notices.at(-1)?.text).toMatch(/"Run until" runs further/);
    p.do({ type: 'run-until' });
    expect(p.s.job?.kind).toBe('run-until');
    p.settle();
    expect(p.s.cursor).toBe(expected);
    expect(p.s.job).toBeNull();
  });

  it('run until stops when its fuel is spent, or when the run ends, with a notice', () => {
    const p = playerOf(env, 'tcp-echo');
    p.do({ type: 'add-breakpoint', text: 'crash' }).do({ type: 'run-until', fuel: 50 }).settle();
    const start = p.s.history.records.length;
    expect(p.s.notices.at(-1)?.text).toMatch(/^Run until: out of fuel after \d+ more records with no breakpoint hit; stopped at record \d+\.$/);
    expect(p.s.cursor).toBe(start);
    p.do({ type: 'run-until' }).settle();
    expect(p.s.notices.at(-1)?.text).toBe(`Run until: the run ended at record ${p.s.history.records.length} with no breakpoint hit.`);
    p.do({ type: 'run-until' });
    expect(p.s.notices.at(-1)?.text).toMatch(/^The run is over: no breakpoint hit/);
  });

  it('breakpoints stay across a new run', () => {
    const p = whole();
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'load', scenario: 'glitching', seed: 1 });
    p.do({ type: 'to-end' }).settle().do({ type: 'to-start' });
    expect(p.s.queries.breakpoints.map((b) => b.text)).toEqual(['quit']);
    p.do({ type: 'next-hit' });
    expect(p.s.cursor).toBe(naiveCursors(p.s, isQuit)[0]);
  });
});

describe('breakpoints: in a trace header', () => {
  it('the native export writes them; the trace opens with them (a bad one refused with a notice)', async () => {
    const p = whole();
    const quits = naiveCursors(p.s, isQuit);
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'add-breakpoint', text: 'crash' });
    p.do({ type: 'toggle-breakpoint', id: p.s.queries.breakpoints[1]!.id }).do({ type: 'add-breakpoint', text: 'spawn' });
    let text = '';
    await exportRun('native', exportRunOf(p.s), (chunk) => {
      text += chunk;
    });
    const saved = [{ text: 'quit', enabled: true }, { text: 'crash', enabled: false }, { text: 'spawn', enabled: true }];
    expect(recordedFromText(text).ui).toEqual({ cursor: 0, breakpoints: saved });
    const recorded = recordedFromText(text.replace('"text":"spawn"', '"text":"presence to"'));
    const q = playerOf(env, 'glitching').do({ type: 'open-recorded', recorded, name: 'x.jsonl' });
    expect(q.s.queries.breakpoints.map((b) => [b.text, b.enabled])).toEqual([['quit', true], ['crash', false]]);
    expect(q.s.notices.at(-1)?.text).toMatch(/^Breakpoint not added: column 12/);
    q.do({ type: 'next-hit' });
    expect(q.s.cursor).toBe(quits[0]);
  });
});

describe('query watches', () => {
  it('a watch counts the hits up to the cursor and those covering it, and its sparkline spans the run', () => {
    const p = whole();
    const quits = naiveCursors(p.s, isQuit);
    p.do({ type: 'add-query-watch', text: 'quit' }).do({ type: 'add-query-watch', text: 'quit' });
    expect(p.s.queries.watches).toHaveLength(1);
    for (const c of [0, quits[0]! - 1, quits[0]!, quits[1]!, p.s.history.records.length]) {
      p.do({ type: 'jump', to: c });
      const [w] = watchValues(p.s);
      expect(w).toMatchObject({ text: 'quit', soFar: quits.filter((q) => q <= c).length, now: quits.includes(c) ? 1 : 0 });
    }
    const spark = watchValues(p.s)[0]!.spark;
    expect(spark).toHaveLength(WATCH_SPARK_POINTS);
    expect(spark.every((pt) => pt.value === (quits.includes(pt.at + 1) ? 1 : 0))).toBe(true);
    expect(watchValues(p.s, true)[0]!.spark).toEqual([]);
    p.do({ type: 'add-query-watch', text: 'knows to' });
    expect(p.s.notices.at(-1)?.text).toMatch(/^Watch not added: column 9/);
    p.do({ type: 'remove-query-watch', id: p.s.queries.watches[0]!.id });
    expect(p.s.queries.watches).toEqual([]);
  });

  it('the sparkline counts the intervals covering each sample record (hand-computed)', () => {
    const b = new Map();
    const hits = [{ kind: 'knows', k: 0, from: 2, to: 5, bindings: b }, { kind: 'alone', k: 1, from: 4, to: null, bindings: b }, { kind: 'record', at: 7, bindings: b }] as const;
    expect(sparkOf(hits, 10, 10).map((pt) => pt.value)).toEqual([0, 0, 1, 1, 2, 1, 1, 2, 1, 1]);
    expect(sparkOf(hits, 0)).toEqual([]);
  });
});

describe('breakpoints: the frame', () => {
  it('carries every hit of each breakpoint as spans, and the query bar answer with its rows', () => {
    const p = whole();
    const quits = naiveCursors(p.s, isQuit);
    p.do({ type: 'add-breakpoint', text: 'quit' }).do({ type: 'ask', text: 'count quit' });
    const v = queriesView(p.s, PLAIN_PRINTER, false);
    expect(v.breakpoints[0]!.spans.map((sp) => sp.from + 1)).toEqual(quits);
    expect(v.breakpoints[0]!).toMatchObject({ count: quits.length, leftOff: 0, enabled: true });
    expect(v.asked).toMatchObject({ ok: true, head: 'count', count: quits.length });
    expect(v.names.processes).toContain('listener');
    p.do({ type: 'ask', text: 'quit' });
    const rows = queriesView(p.s, PLAIN_PRINTER, false).asked;
    expect(rows?.ok && rows.rows.map((r) => r.from + 1)).toEqual(quits);
    expect(rows?.ok && rows.rows.every((r) => /quit/.test(r.text) && r.kind === 'quit')).toBe(true);
  });

  it('caps the spans at MAX_HIT_SPANS and says how many were left off; hides hits after the cursor with no peeking', () => {
    const p = whole('ssh-flat');
    const n = p.s.history.records.length;
    expect(n).toBeGreaterThan(MAX_HIT_SPANS);
    p.do({ type: 'add-breakpoint', text: 'any' });
    const v = queriesView(p.s, PLAIN_PRINTER, false).breakpoints[0]!;
    expect(v).toMatchObject({ count: n, leftOff: n - MAX_HIT_SPANS });
    expect(v.spans).toHaveLength(MAX_HIT_SPANS);
    p.do({ type: 'jump', to: 10 });
    expect(queriesView(p.s, PLAIN_PRINTER, true).breakpoints[0]!.count).toBe(10);
  });

  it('a bad question shows its column; the frame maker sends the section', () => {
    const p = whole();
    p.do({ type: 'ask', text: 'presence to' });
    const { frame } = new FrameMaker().make(p.s, FULL_VIEW);
    expect(frame.queries?.asked).toMatchObject({ ok: false, column: 12 });
  });
});
