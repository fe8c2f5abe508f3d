import { describe, expect, it } from 'vitest';
import { createSession, currentRecord, maxStepsOf, modelAtCursor, stepBudget } from '../../src/ui/session-store.ts';
import { prettyRecord, struct } from '../../src/kernel/index.ts';
import { manualScheduler } from '../../src/ui/frame-scheduler.ts';
import { formatUrlState, parseUrlState } from '../../src/ui/url-state.ts';
import { RunHistory } from '../../src/debugger/history.ts';
import { liveHistory } from '../../src/debugger/history-api.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';

function session(id = 'tcp-echo', opts: { explore?: boolean } = {}) {
  const sched = manualScheduler();
  const store = createSession(id, undefined, { scheduler: sched, explore: opts.explore ?? false });
  return { store, sched, s: () => store.getState() };
}

function pumpUntilIdle(sched: ReturnType<typeof manualScheduler>, max = 10_000): void {
  for (let i = 0; i < max && sched.pending; i++) sched.pump(16);
}

describe('session store', () => {
  it('starts at record 0 and grows the history on demand when stepping forward', () => {
    const { s } = session();
    expect(s().cursor).toBe(0);
    const before = s().length;
    for (let i = 0; i < before + 5; i++) s().stepForward();
    expect(s().cursor).toBe(before + 5);
    expect(s().length).toBeGreaterThanOrEqual(before + 5);
    s().stepBack();
    expect(s().cursor).toBe(before + 4);
  });

  it('stepping back gives exactly the model stepping forward produced', () => {
    const { s } = session();
    const seen = [];
    for (let i = 0; i < 60; i++) {
      s().stepForward();
      seen.push(modelAtCursor(s()));
    }
    for (let i = 59; i > 0; i--) {
      s().stepBack();
      expect(modelAtCursor(s()).applied).toBe(seen[i - 1]!.applied);
      expect(modelAtCursor(s()).procs.toJS()).toEqual(seen[i - 1]!.procs.toJS());
    }
  });

  it('step over lands on the next round of the same VM, or the first record after the round', () => {
    const { s } = session();
    s().stepOver();
    expect(currentRecord(s())?.kind).toBe('round');
    for (let i = 0; i < 30; i++) {
      const from = s().cursor;
      s().stepOver();
      const r = currentRecord(s())!;
      expect(s().cursor).toBeGreaterThan(from);
      expect(['round', 'ground-event', 'world']).toContain(r.kind);
      // Nothing in between began a round of the ground VM.
      const between = s().history.records.slice(from, s().cursor - 1);
      expect(between.some((x) => x.kind === 'round' && x.vm.length === 0)).toBe(false);
    }
  });

  it('plays at the chosen speed in frames, and pauses', () => {
    const { s, sched } = session();
    s().setSpeed(100);
    s().play();
    expect(s().job?.kind).toBe('play');
    for (let i = 0; i < 10; i++) sched.pump(100); // one second
    expect(s().cursor).toBeGreaterThanOrEqual(95);
    expect(s().cursor).toBeLessThanOrEqual(100);
    s().pause();
    expect(s().job).toBeNull();
    const at = s().cursor;
    sched.pump(100);
    expect(s().cursor).toBe(at);
  });

  it('to end grows to the end of the run in frames, then jumps there', () => {
    const { s, sched } = session();
    s().toEnd();
    pumpUntilIdle(sched);
    expect(s().simStatus).not.toBe('running');
    expect(s().cursor).toBe(s().length);
    const ref = new RunHistory(startScenario(findScenario('tcp-echo')!));
    ref.growAll(100_000);
    expect(s().length).toBe(ref.length);
  });

  it('jumps past the frontier by growing; past the end it stops at the end with a notice', () => {
    const { s, sched } = session();
    s().jumpTo(150);
    pumpUntilIdle(sched);
    expect(s().cursor).toBe(150);
    s().jumpTo(10_000_000);
    pumpUntilIdle(sched);
    expect(s().cursor).toBe(s().length);
    expect(s().notices.at(-1)?.text).toMatch(/past the end/);
  });

  it('explores in the background, and Stop ends it', () => {
    const { s, sched } = session('tcp-echo', { explore: true });
    expect(s().exploring).toBe(true);
    s().stop();
    expect(s().exploring).toBe(false);
    expect(sched.pending).toBe(false);
    const { s: s2, sched: sched2 } = session('tcp-echo', { explore: true });
    pumpUntilIdle(sched2);
    expect(s2().exploring).toBe(false);
    expect(s2().simStatus).not.toBe('running');
    expect(s2().cursor).toBe(0);
  });

  it('setScenario and setSeed start a new run; bad values leave a notice', () => {
    const { s } = session();
    s().stepForward();
    s().setScenario('ping-pong');
    expect(s().scenario.id).toBe('ping-pong');
    expect(s().cursor).toBe(0);
    s().setScenario('nope');
    expect(s().scenario.id).toBe('ping-pong');
    expect(s().notices.length).toBe(1);
    s().setSeed(7);
    expect(s().seed).toBe(7);
    s().setSeed(-1);
    expect(s().seed).toBe(7);
    expect(s().notices.length).toBe(2);
    s().dismissNotice(s().notices[0]!.id);
    expect(s().notices.length).toBe(1);
  });
});

describe('interventions and searches', () => {
  const listenerOf = (st: ReturnType<ReturnType<typeof session>['s']>) =>
    [...modelAtCursor(st).procs.values()].find((p) => p.name === 'listener' && p.alive)!;

  it('at the frontier an intervention applies at once and the run goes on', () => {
    const { s, sched } = session();
    s().toEnd();
    pumpUntilIdle(sched);
    const end = s().length;
    const l = listenerOf(s());
    expect(s().intervene({ kind: 'kill', vm: l.vm, pid: l.pid, reason: struct('killed-by-user') })).toEqual({ kind: 'applied' });
    const input = s().history.inputs[0]!;
    expect(input).toMatchObject({ input: { atStep: liveHistory(s().history).simulation.steps }, atRecord: end });
    expect(s().cursor).toBe(end + input.records);
    expect(s().inputCount).toBe(1);
    expect(stepBudget(s())).toBe(maxStepsOf(s().scenario) + input.input.atStep);
    s().toEnd();
    pumpUntilIdle(sched);
    expect(s().history.records.slice(end).map(prettyRecord).some((r) => /p3 deliver observe-publishers absence .*killed-by-user/.test(r))).toBe(true);
  });

  it('in the past it asks first, then re-simulates from the start and lands after the new input', () => {
    const { s, sched } = session();
    s().toEnd();
    pumpUntilIdle(sched);
    const before = s().history.records.map(prettyRecord);
    s().jumpTo(56);
    const l = listenerOf(s());
    const kill = { kind: 'kill' as const, vm: l.vm, pid: l.pid, reason: 'early' };
    const asked = s().intervene(kill);
    expect(asked).toEqual({ kind: 'confirm', discard: before.length - 56 });
    expect(s().length).toBe(before.length); // nothing happened yet
    expect(s().intervene(kill, true)).toEqual({ kind: 'branching' });
    pumpUntilIdle(sched);
    const h = s().history;
    expect(h.inputs).toHaveLength(1);
    expect(h.inputs[0]!.atRecord).toBe(56);
    expect(s().cursor).toBe(56 + h.inputs[0]!.records);
    expect(h.records.slice(0, 56).map(prettyRecord)).toEqual(before.slice(0, 56));
    expect(prettyRecord(h.records[56]!)).toMatch(/ground-event \(user kill\) kill\(\[\], 2, "early"\)/);
    expect(s().inputCount).toBe(1);
  });

  it('seekWhere grows and scans until a record matches; Stop or a step ends it without a result', () => {
    const { s, sched } = session();
    const found: (number | null)[] = [];
    s().seekWhere((r) => r.kind === 'world' && r.what === 'client-recv', 'first echo', (i) => found.push(i));
    expect(s().job).toEqual({ kind: 'find', label: 'first echo' });
    pumpUntilIdle(sched);
    expect(found).toHaveLength(1);
    expect(s().cursor).toBe(found[0]! + 1);
    expect(prettyRecord(currentRecord(s())!)).toMatch(/alice client-recv data\(1, #"You said: hello\\n"\)/);
    s().seekWhere(() => false, 'never', (i) => found.push(i));
    s().stepBack();
    expect(found.at(-1)).toBeNull();
    expect(s().job).toBeNull();
    s().seekWhere(() => false, 'never', (i) => found.push(i));
    pumpUntilIdle(sched);
    expect(found).toHaveLength(3);
    expect(found.at(-1)).toBeNull();
  });
});

describe('URL state', () => {
  it('round-trips scenario, seed and step', () => {
    const u = parseUrlState(formatUrlState({ scenarioId: 'tcp-date', seed: 42, step: 17 }));
    expect(u).toEqual({ scenarioId: 'tcp-date', seed: 42, step: 17, problems: [] });
  });

  it('holds the tour stop and the presenter view instead, during the tour', () => {
    expect(formatUrlState({ scenarioId: 'tcp-date', seed: 1, step: 3, tour: 'wart', presenter: true })).toBe('?tour=wart&presenter=1');
    expect(formatUrlState({ scenarioId: 'tcp-date', seed: 1, step: 3, tour: null })).toBe('?scenario=tcp-date&seed=1&step=3');
    expect(parseUrlState('?tour=wart&presenter=1')).toMatchObject({ tour: 'wart', presenter: true });
    expect(parseUrlState('?tour=wart').presenter).toBeUndefined();
  });

  it('falls back to defaults and names every bad value', () => {
    const u = parseUrlState('?scenario=nope&seed=-3&step=abc');
    expect(u.scenarioId).toBe('tcp-echo');
    expect(u.seed).toBe(findScenario('tcp-echo')!.seed);
    expect(u.step).toBe(0);
    expect(u.problems).toHaveLength(3);
    expect(u.problems.join(' ')).toMatch(/nope/);
    expect(u.problems.join(' ')).toMatch(/-3/);
    expect(u.problems.join(' ')).toMatch(/abc/);
  });
});
