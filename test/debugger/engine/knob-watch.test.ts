/**
 * Issue 13's engine parts for the tour: a run loaded with a knob (one scenario option set) is that
 * configured scenario's run, keeps its knob through a reset and into a trace header; a watch finds a
 * position in the background without moving the cursor, and scans again after a branch; with the
 * future hidden the log, the sequence chart and the markers show nothing after the cursor, and the
 * log's filters list no process born after it.
 */
import { playerOf } from './player-harness.ts';
import { describe, expect, it } from 'vitest';
import { prettyRecord } from '../../../src/kernel/index.ts';
import { Engine } from '../../../src/debugger/engine/engine.ts';
import { FULL_VIEW, type Frame, type ViewRequest } from '../../../src/debugger/engine/frame.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv } from '../../../src/debugger/engine/player.ts';
import { locate } from '../../../src/debugger/find.ts';
import { SCENARIOS, findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { supervisorWith } from '../../../src/scenarios/supervisor.ts';
import { sessionHeader } from '../../../src/ui/engine/io/trace-export.ts';
import { runConfigFromHeader } from '../../../src/debugger/replay/config.ts';
import { TestHistory } from '../../helpers/history.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

const player = (id: string, e = env) => playerOf(e, id);

const giveUp = { match: { kind: 'quit' as const, proc: 'supervisor' } };

describe('load with a knob', () => {
  it('runs the configured scenario, says so in its origin, and keeps the knob through a reset', () => {
    const p = player('supervisor');
    p.do({ type: 'load', scenario: 'supervisor', seed: 1, knob: { flag: '--max-restarts', value: '4' } }).do({ type: 'to-end' }).settle();
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'supervisor', seed: 1, knob: { flag: '--max-restarts', value: '4', config: { maxRestarts: '4' } } });
    // The same records as the configured scenario's own run, which differs from the default's.
    const configured = new TestHistory(startScenario(supervisorWith(4)));
    configured.growAll(100_000);
    const texts = p.s.history.records.slice().map((r) => prettyRecord(r));
    expect(texts).toEqual(configured.records.map((r) => prettyRecord(r)));
    expect(locate(p.s.history.records.slice(), giveUp)).toBeNull(); // with 4 restarts it never gives up
    p.do({ type: 'reset' });
    expect(p.s.origin.kind === 'scenario' && p.s.origin.knob?.value).toBe('4');
    p.do({ type: 'load', scenario: 'supervisor', seed: 1 });
    expect(p.s.origin).toEqual({ kind: 'scenario', scenario: 'supervisor', seed: 1 });
    p.do({ type: 'to-end' }).settle();
    expect(locate(p.s.history.records.slice(), giveUp)).not.toBeNull(); // the default (3) gives up
  });

  it('a knob the scenario does not have, or a value it does not take, is a notice and the run stays', () => {
    const p = player('supervisor');
    const before = p.s;
    p.do({ type: 'load', scenario: 'supervisor', seed: 1, knob: { flag: '--listener', value: 'observer' } });
    expect(p.s.notices.at(-1)?.text).toMatch(/no option --listener/);
    expect(p.s.history).toBe(before.history);
    p.do({ type: 'load', scenario: 'supervisor', seed: 1, knob: { flag: '--max-restarts', value: '9' } });
    expect(p.s.notices.at(-1)?.text).toMatch(/expected one of 2, 3, 4/);
  });

  it('the trace header records the knob’s configuration, so a replay configures the same scenario', () => {
    const p = player('supervisor');
    p.do({ type: 'load', scenario: 'supervisor', seed: 1, knob: { flag: '--max-restarts', value: '2' } });
    const header = sessionHeader(p.s);
    expect(header.options.scenario).toEqual({ maxRestarts: '2' });
    const { config } = runConfigFromHeader(header, SCENARIOS);
    expect(config.scenarioOptions).toEqual({ maxRestarts: '2' });
    expect(sessionHeader(player('supervisor').s).options.scenario).toBeUndefined();
  });
});

describe('a watch', () => {
  it('finds its position without moving the cursor, growing the run for it', () => {
    const p = player('supervisor');
    p.do({ type: 'step' }).do({ type: 'step' });
    p.do({ type: 'watch', position: giveUp, ticket: 7 }).settle();
    expect(p.s.cursor).toBe(2);
    const index = p.s.watch?.scan.found ?? null;
    expect(index).toBe(locate(p.s.history.records.slice(), giveUp));
    expect(index).not.toBeNull();
    p.do({ type: 'watch', position: null, ticket: 8 });
    expect(p.s.watch).toBeNull();
  });

  it('scans the run again after a branch, and is dropped by a new run', () => {
    const p = player('supervisor');
    p.do({ type: 'watch', position: giveUp, ticket: 1 }).settle();
    const before = p.s.watch!.scan.found!;
    // Kill the supervisor early: it quits with another reason, earlier.
    p.do({ type: 'jump', to: 30 }).settle();
    const sup = p.s.history.records.slice(0, 30).find((r) => r.kind === 'boot' && r.name === 'supervisor')!;
    p.do({ type: 'intervene', at: 30, intervention: { kind: 'kill', vm: sup.vm, pid: sup.pid!, reason: 'stop' } }).settle();
    expect(p.s.watch!.scan.found).not.toBe(before);
    expect(p.s.watch!.scan.found).toBe(locate(p.s.history.records.slice(), giveUp));
    p.do({ type: 'load', scenario: 'supervisor', seed: 1 });
    expect(p.s.watch).toBeNull();
  });
});

describe('hiding the future', () => {
  const view: ViewRequest = { ...FULL_VIEW, hideFuture: true, log: { first: 0, count: 1000, follow: false } };
  function frames(v: ViewRequest) {
    let t = 0;
    const eng = new Engine(env, initialState(env, findScenario('supervisor')!), v);
    const settle = (): Frame => {
      let merged: Partial<Frame> = {};
      for (let i = 0; i < 10_000; i++) {
        const r = eng.pump(() => t++, 10);
        if (r.frame !== null) merged = { ...merged, ...r.frame };
        if (r.next === 'idle') break;
      }
      return merged as Frame;
    };
    return { eng, settle };
  }

  it('the log, the sequence chart and the markers show only records before the cursor', () => {
    const { eng, settle } = frames(view);
    eng.dispatch({ type: 'to-end' });
    settle();
    eng.dispatch({ type: 'jump', to: 120 });
    const f = settle();
    const total = eng.state.history.records.length;
    expect(total).toBeGreaterThan(200);
    expect(f.log!.length).toBe(120);
    expect(f.log!.hidden).toBe(total - 120);
    expect(f.log!.rows.every((r) => r.index < 120)).toBe(true);
    expect(f.log!.rows).toHaveLength(120);
    expect(f.sequence!.events.every((e) => e.index < 120)).toBe(true);
    const counted = f.markers!.filter((b) => b.from >= 120).flatMap((b) => Object.values(b.counts));
    expect(counted.every((n) => n === 0)).toBe(true);
    // Shown again, the future is there.
    eng.setView({ ...view, hideFuture: false });
    const g = settle();
    expect(g.log!.length).toBe(total);
    expect(g.log!.hidden).toBe(0);
    expect(g.sequence!.events.some((e) => e.index >= 120)).toBe(true);
    expect(g.markers!.filter((b) => b.from >= 120).some((b) => Object.values(b.counts).some((n) => n > 0))).toBe(true);
  });

  it('the log’s process and VM filters list only the processes born up to the cursor', () => {
    const { eng, settle } = frames(view);
    eng.dispatch({ type: 'to-end' });
    settle();
    const records = eng.state.history.records.slice();
    // adder#2 is born well into the run (the supervisor's first restart); jump to just before its boot.
    const born = records.findIndex((r) => r.kind === 'boot' && r.name === 'adder#2');
    expect(born).toBeGreaterThan(50);
    const namesAt = (cursor: number, v: ViewRequest): readonly string[] => {
      eng.setView(v);
      eng.dispatch({ type: 'jump', to: cursor });
      return settle().names!.procs.map((p) => p.name);
    };
    const before = namesAt(born, view);
    expect(before).not.toContain('adder#2');
    expect(before).toContain('adder#1');
    // Every process booted before the cursor is listed (alive or not), and nothing booted after it —
    // with the primordial process, which has no boot record.
    const bootedBefore = records.slice(0, born).filter((r) => r.kind === 'boot').length;
    expect(before).toContain('primordial');
    expect(before).toHaveLength(bootedBefore + 1);
    // Its boot record passed, it is listed; and with the future shown, the whole run's processes are.
    expect(namesAt(born + 1, view)).toContain('adder#2');
    const all = namesAt(born, { ...view, hideFuture: false });
    expect(all).toContain('adder#2');
    expect(all).toHaveLength(records.filter((r) => r.kind === 'boot').length + 1);
  });

  it('a filtered log and one conversation are cut at the cursor too', () => {
    const { eng, settle } = frames({ ...view, sequence: { conversationOnly: true } });
    eng.dispatch({ type: 'to-end' });
    settle();
    eng.dispatch({ type: 'set-filters', patch: { text: 'adder' } });
    eng.dispatch({ type: 'jump', to: 150 });
    const f = settle();
    expect(f.log!.rows.length).toBeGreaterThan(0);
    expect(f.log!.rows.every((r) => r.index < 150)).toBe(true);
    expect(f.sequence!.events.every((e) => e.index < 150)).toBe(true);
  });
});
