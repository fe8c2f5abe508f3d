import { describe, expect, it } from 'vitest';
import { createSession, currentRecord, modelAtCursor } from '../../src/ui/session-store.ts';
import { manualScheduler } from '../../src/ui/frame-scheduler.ts';
import { formatUrlState, parseUrlState } from '../../src/ui/url-state.ts';
import { RunHistory } from '../../src/debugger/history.ts';
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

describe('URL state', () => {
  it('round-trips scenario, seed and step', () => {
    const u = parseUrlState(formatUrlState({ scenarioId: 'tcp-date', seed: 42, step: 17 }));
    expect(u).toEqual({ scenarioId: 'tcp-date', seed: 42, step: 17, problems: [] });
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
