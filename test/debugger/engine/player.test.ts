/**
 * The player as a pure reducer, without a browser: moving the cursor, jobs advanced by ticks,
 * interventions at the frontier and in the past (branching without re-running from the start),
 * finds, recorded sessions and notices.
 */
import { playerOf } from './player-harness.ts';
import { describe, expect, it } from 'vitest';
import { prettyRecord, struct, type TraceRecord } from '../../../src/kernel/index.ts';
import { canGrow, historyStatus, modelAt, runInputs, type History } from '../../../src/debugger/engine/history.ts';
import {
  DEFAULT_ENV, budgetFor, type PlayerAction, type PlayerEnv, type PlayerState,
} from '../../../src/debugger/engine/player.ts';
import { hasWork } from '../../../src/debugger/engine/jobs.ts';
import { SCENARIOS, findScenario } from '../../../src/scenarios/index.ts';
import { recordRun } from '../../../src/debugger/replay/index.ts';
import { recordedFromText } from '../../../src/debugger/engine/recorded.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };
const echo = findScenario('tcp-echo')!;

const player = (id = 'tcp-echo', e = env) => playerOf(e, id);

const current = (s: PlayerState): TraceRecord | undefined => s.history.records.get(s.cursor - 1);
const listenerOf = (s: PlayerState) => [...modelAt(s.history, s.cursor).procs.values()].find((p) => p.name === 'listener' && p.alive)!;
const texts = (h: History, from = 0, to = h.records.length) => h.records.slice(from, to).map((r) => prettyRecord(r));

describe('player: moving the cursor', () => {
  it('starts at record 0 and grows the run on demand when stepping forward', () => {
    const p = player();
    const before = p.s.history.records.length;
    for (let i = 0; i < before + 5; i++) p.do({ type: 'step' });
    expect(p.s.cursor).toBe(before + 5);
    expect(p.s.history.records.length).toBeGreaterThanOrEqual(before + 5);
    p.do({ type: 'step-back' });
    expect(p.s.cursor).toBe(before + 4);
  });

  it('step over lands on the next round of the same VM, or the first record after the round', () => {
    const p = player();
    p.do({ type: 'step-over' });
    expect(current(p.s)?.kind).toBe('round');
    for (let i = 0; i < 30; i++) {
      const from = p.s.cursor;
      p.do({ type: 'step-over' });
      expect(p.s.cursor).toBeGreaterThan(from);
      expect(['round', 'ground-event', 'world']).toContain(current(p.s)!.kind);
      const between = p.s.history.records.slice(from, p.s.cursor - 1);
      expect(between.some((x) => x.kind === 'round' && x.vm.length === 0)).toBe(false);
    }
  });

  it('plays at the chosen speed, paced by elapsed time, and pauses', () => {
    const p = player().do({ type: 'set-speed', speed: 100 }).do({ type: 'play' });
    expect(p.s.job?.kind).toBe('play');
    for (let i = 0; i < 10; i++) p.do({ type: 'tick', elapsedMs: 100, units: 16 }); // one second
    expect(p.s.cursor).toBe(100);
    p.do({ type: 'pause' });
    expect(p.s.job).toBeNull();
    p.do({ type: 'tick', elapsedMs: 100, units: 16 });
    expect(p.s.cursor).toBe(100);
  });

  it('to end grows to the end of the run, then lands on its last record', () => {
    const p = player().do({ type: 'to-end' }).settle();
    expect(historyStatus(p.s.history)).toBe('blocked');
    expect(p.s.cursor).toBe(p.s.history.records.length);
    // Play from the end starts again from the start.
    p.do({ type: 'play' });
    expect(p.s.cursor).toBe(0);
  });

  it('jumps past the frontier by growing; past the end it stops at the end with a notice', () => {
    const p = player().do({ type: 'jump', to: 150 }).settle();
    expect(p.s.cursor).toBe(150);
    p.do({ type: 'jump', to: 10_000_000 }).settle();
    expect(p.s.cursor).toBe(p.s.history.records.length);
    expect(p.s.notices.at(-1)?.text).toMatch(/past the end/);
  });

  it('explores in the background when asked, and Stop ends it', () => {
    const p = player('tcp-echo', { ...env, explore: true });
    expect(p.s.exploring).toBe(true);
    p.settle();
    expect(p.s.exploring).toBe(false);
    expect(canGrow(p.s.history)).toBe(false);
    expect(p.s.cursor).toBe(0);
    const q = player('tcp-echo', { ...env, explore: true }).do({ type: 'stop' });
    expect(q.s.exploring).toBe(false);
    expect(hasWork(q.s)).toBe(false);
  });

  it('load starts a new run; bad values leave notices; notices can be dismissed', () => {
    const p = player().do({ type: 'step' }).do({ type: 'load', scenario: 'ping-pong', seed: 3 });
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'ping-pong', seed: 3 });
    expect(p.s.cursor).toBe(0);
    p.do({ type: 'load', scenario: 'nope', seed: 1 }).do({ type: 'load', scenario: 'ping-pong', seed: -1 });
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'ping-pong', seed: 3 });
    expect(p.s.notices.map((n) => n.text)).toEqual(['There is no scenario "nope".', 'Seed must be a whole number from 0 to 4294967295.']);
    p.do({ type: 'dismiss', id: p.s.notices[0]!.id });
    expect(p.s.notices).toHaveLength(1);
  });

  it('moving the cursor clears the selected record but keeps the selected process', () => {
    const p = player().do({ type: 'jump', to: 40 }).settle().do({ type: 'select-record', index: 10 }).do({ type: 'select-process', key: '2' });
    p.do({ type: 'step' });
    expect(p.s.selection).toEqual({ process: '2', record: null });
  });
});

describe('player: the kind of the last cursor move', () => {
  const kinds = (p: ReturnType<typeof player>) => p.s.lastMove.kind;

  it('steps by hand are steps, forward or back, one record or several; play is play', () => {
    const p = player().do({ type: 'step' });
    expect(p.s.lastMove).toEqual({ kind: 'step', jumps: 0 });
    p.do({ type: 'step-by', by: 3 });
    expect([p.s.cursor, kinds(p)]).toEqual([4, 'step']);
    p.do({ type: 'step-back' });
    expect([p.s.cursor, kinds(p)]).toEqual([3, 'step-back']);
    p.do({ type: 'step-by', by: -2 });
    expect([p.s.cursor, kinds(p)]).toEqual([1, 'step-back']);
    p.do({ type: 'step-over' });
    expect(kinds(p)).toBe('step');
    p.do({ type: 'set-speed', speed: 100 }).do({ type: 'play' }).do({ type: 'tick', elapsedMs: 100, units: 16 });
    expect(kinds(p)).toBe('play');
    expect(p.s.lastMove.jumps).toBe(0);
  });

  it('every way of landing somewhere else is a jump, however few records it moves, and counts', () => {
    const p = player().do({ type: 'jump', to: 60 }).settle().do({ type: 'step' });
    // However few records each of these moves the cursor by, it is a jump.
    const moves: PlayerAction[] = [
      { type: 'jump', to: 58 },
      { type: 'jump-to-step', step: 2 },
      { type: 'to-start' },
      { type: 'find', position: { match: { text: 'listener' } }, label: 'a find', ticket: 9 },
    ];
    let jumps = 1;
    for (const a of moves) {
      const before = p.s.cursor;
      p.do(a).settle();
      expect(p.s.cursor, a.type).not.toBe(before);
      jumps++;
      expect(p.s.lastMove, a.type).toEqual({ kind: 'jump', jumps });
      p.do({ type: 'step' });
      expect(p.s.lastMove, a.type).toEqual({ kind: 'step', jumps });
    }
    // A seek past the frontier lands as a jump too; so does a new run.
    p.do({ type: 'jump', to: p.s.history.records.length + 5 }).settle();
    expect(p.s.lastMove).toEqual({ kind: 'jump', jumps: ++jumps });
    p.do({ type: 'load', scenario: 'ping-pong', seed: 1 });
    expect(p.s.lastMove).toEqual({ kind: 'jump', jumps: jumps + 1 });
  });

  it('a move that leaves the cursor where it is is no move', () => {
    const p = player().do({ type: 'step' }).do({ type: 'jump', to: 1 });
    expect(p.s.lastMove).toEqual({ kind: 'step', jumps: 0 });
  });
});

describe('player: interventions', () => {
  it('at the frontier an intervention applies at once and the run goes on with a fresh budget', () => {
    const p = player().do({ type: 'to-end' }).settle();
    const end = p.s.history.records.length;
    const l = listenerOf(p.s);
    p.do({ type: 'intervene', at: p.s.cursor, intervention: { kind: 'kill', vm: l.vm, pid: l.pid, reason: struct('killed-by-user') } });
    const applied = p.s.history.applied.get(0)!;
    expect(applied.atRecord).toBe(end);
    expect(p.s.cursor).toBe(end + applied.records);
    expect(p.s.history.run!.budget).toEqual(budgetFor(echo, applied.input.atStep));
    p.do({ type: 'to-end' }).settle();
    expect(texts(p.s.history, end).some((r) => /p3 deliver observe-publishers absence .*killed-by-user/.test(r))).toBe(true);
  });

  it('in the past it branches at the cursor, keeps the records before it, and lands after the new input', () => {
    const p = player().do({ type: 'to-end' }).settle();
    const before = texts(p.s.history);
    p.do({ type: 'jump', to: 56 });
    const l = listenerOf(p.s);
    p.do({ type: 'intervene', at: 56, intervention: { kind: 'kill', vm: l.vm, pid: l.pid, reason: 'early' } });
    const h = p.s.history;
    expect(runInputs(h)).toHaveLength(1);
    expect(h.applied.get(0)!.atRecord).toBe(56);
    expect(p.s.cursor).toBe(56 + h.applied.get(0)!.records);
    expect(texts(h, 0, 56)).toEqual(before.slice(0, 56));
    expect(prettyRecord(h.records.get(56)!)).toMatch(/ground-event \(user kill\) kill\(\[\], 2, "early"\)/);
  });

  it('a recorded session refuses interventions with a notice', () => {
    const p = player().do({ type: 'to-end' }).settle();
    const lines: string[] = [];
    recordRun(echo, { scenario: 'tcp-echo', seed: 1, maxSteps: 10_000, untilMs: null, inputs: [] }, (l) => lines.push(l));
    // Where the exporting app stood: the header's ui field.
    lines[0] = `${lines[0]!.slice(0, -1)},"ui":{"cursor":5}}`;
    const file = recordedFromText(lines.join('\n'));
    p.do({ type: 'open-recorded', recorded: file, name: 'x.jsonl' });
    expect(p.s.origin).toEqual({ kind: 'recorded', name: 'x.jsonl', scenario: 'tcp-echo', seed: 1 });
    expect(p.s.cursor).toBe(5);
    const recorded = p.s.history;
    expect(texts(recorded)).toEqual(texts(p.s.previous!.history));
    p.do({ type: 'intervene', at: 5, intervention: { kind: 'inject', body: 'x', orientation: 'publisher' } });
    expect(p.s.history).toBe(recorded);
    expect(p.s.notices.at(-1)?.text).toMatch(/read-only/);
    p.do({ type: 'back-to-live' });
    expect(p.s.origin.kind).toBe('scenario');
    expect(p.s.previous).toBeNull();
  });
});

describe('player: reset and undo', () => {
  /** tcp-echo at record 60 with the listener killed at record 40, process 2 selected. */
  function worked() {
    const p = player().do({ type: 'jump', to: 40 }).settle();
    const l = listenerOf(p.s);
    p.do({ type: 'intervene', at: 40, intervention: { kind: 'kill', vm: l.vm, pid: l.pid, reason: struct('bye') } });
    p.do({ type: 'jump', to: 60 }).settle().do({ type: 'select-process', key: '2' });
    return p;
  }

  it('reset starts the scenario again at its seed, and undo puts back the run as it was', () => {
    const p = worked();
    const before = p.s;
    p.do({ type: 'reset' });
    expect([p.s.cursor, runInputs(p.s.history).length, p.s.origin]).toEqual([0, 0, before.origin]);
    expect(p.s.undo?.cursor).toBe(60);
    expect(p.s.runId).not.toBe(before.runId);
    p.do({ type: 'undo-reset' });
    expect(p.s.history).toBe(before.history);
    expect([p.s.cursor, p.s.selection, p.s.origin, p.s.undo]).toEqual([60, before.selection, before.origin, null]);
    expect(runInputs(p.s.history)).toHaveLength(1);
    // A face forgets what it drew for the reset run.
    expect(p.s.runId).toBeGreaterThan(before.runId + 1);
    // Nothing left to undo.
    const again = p.s;
    expect(p.do({ type: 'undo-reset' }).s).toBe(again);
  });

  it('reset at another seed is undone to the old seed', () => {
    const p = worked().do({ type: 'reset', seed: 7 });
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'tcp-echo', seed: 7 });
    p.do({ type: 'undo-reset' });
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'tcp-echo', seed: 1 });
    expect(p.s.cursor).toBe(60);
  });

  it('the offer ends with Keep, another load, an intervention, or a bad seed changes nothing', () => {
    expect(worked().do({ type: 'reset' }).do({ type: 'keep-reset' }).s.undo).toBeNull();
    expect(worked().do({ type: 'reset' }).do({ type: 'load', scenario: 'ping-pong', seed: 1 }).s.undo).toBeNull();
    const p = worked().do({ type: 'reset' }).do({ type: 'jump', to: 20 }).settle();
    const l = listenerOf(p.s);
    p.do({ type: 'intervene', at: 20, intervention: { kind: 'kill', vm: l.vm, pid: l.pid, reason: 'x' } });
    expect(p.s.undo).toBeNull();
    const q = worked();
    const before = q.s;
    q.do({ type: 'reset', seed: -3 });
    expect([q.s.history, q.s.cursor, q.s.undo]).toEqual([before.history, 60, null]);
    expect(q.s.notices.at(-1)?.text).toMatch(/^Seed must be/);
  });
});

describe('player: find', () => {
  it('grows and scans until the position is found; a move by hand ends it with no result', () => {
    const p = player();
    p.do({ type: 'find', position: { match: { kind: 'world', text: 'client-recv' } }, label: 'first echo', ticket: 1 });
    expect(p.s.job?.kind).toBe('find');
    p.settle();
    expect(p.s.found.at(-1)).toEqual({ ticket: 1, index: p.s.cursor - 1 });
    expect(prettyRecord(current(p.s)!)).toMatch(/alice client-recv data\(1, #"You said: hello\\n"\)/);
    p.do({ type: 'find', position: { match: { text: 'never there' } }, label: 'never', ticket: 2 }).do({ type: 'step-back' });
    expect(p.s.found.at(-1)).toEqual({ ticket: 2, index: null });
    p.do({ type: 'find', position: { match: { text: 'never there' } }, label: 'never', ticket: 3 }).settle();
    expect(p.s.found.at(-1)).toEqual({ ticket: 3, index: null });
    expect(p.s.found.map((f) => f.ticket)).toEqual([1, 2, 3]);
  });

  it('scans its checks over the same records, up to and including the found one', () => {
    const p = player();
    const hello = { match: { kind: 'world' as const, text: 'client-send' } };
    const secondSend = { match: { kind: 'world' as const, text: 'client-send' }, nth: 2 };
    const echo = { match: { kind: 'world' as const, text: 'client-recv' } };
    p.do({ type: 'find', position: echo, label: 'first echo', ticket: 4, checks: [hello, echo, secondSend] }).settle();
    const at = p.s.cursor - 1;
    const sends = p.s.history.records.slice(0, at + 1).filter((r) => r.kind === 'world' && prettyRecord(r).includes('client-send'));
    // Worked out from the records: alice sends "hello" before her first echo, and nothing else before it.
    expect(sends).toHaveLength(1);
    expect(p.s.found.at(-1)).toEqual({ ticket: 4, index: at, checks: [sends[0]!.id - 1, at, null] });
  });
});
