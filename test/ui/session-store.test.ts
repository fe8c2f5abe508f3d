/**
 * The UI's session store over the engine, in-process (the same host as the Web Worker's, every
 * message structured-cloned): it shows what the engine sends, predicts simple moves so a dragged
 * slider does not snap back, resolves finds, and acknowledges frames so that at most one is in flight.
 */
import { describe, expect, it } from 'vitest';
import { testSession } from '../helpers/session.ts';
import { formatUrlState, parseUrlState } from '../../src/ui/url-state.ts';

function session(scenario = 'tcp-echo', step = 0) {
  return testSession(scenario, step);
}

describe('session store over the engine', () => {
  it('becomes ready with the catalogue and the first frame', () => {
    const { s, settle } = session();
    expect(s().ready).toBe(false);
    settle();
    expect(s().ready).toBe(true);
    expect(s().scenarios.map((x) => x.id)).toContain('dns-proxy');
    expect(s().scenarios.find((x) => x.id === 'tcp-echo')?.tcpPort).toBe(5999);
    expect(s().frame?.status.origin).toEqual({ kind: 'scenario', scenario: 'tcp-echo', seed: 1 });
    expect(s().frame?.tree?.key).toBe('ground');
  });

  it('opens a link at its step, and names an unknown scenario', () => {
    const { s, settle } = session('nope', 40);
    settle();
    expect(s().cursor).toBe(40);
    expect(s().frame?.status.origin.scenario).toBe('tcp-echo');
    expect(s().frame?.status.notices.map((n) => n.text)).toEqual(['Unknown scenario "nope"; showing tcp-echo.']);
  });

  it('predicts simple moves at once and takes the engine’s word when it answers', () => {
    const { s, a, settle, run } = session();
    settle();
    a().toEnd();
    settle();
    expect(s().frame!.status.length).toBeGreaterThan(100);
    a().jumpTo(50);
    expect(s().cursor).toBe(50); // before the engine has run
    a().stepBack();
    expect(s().cursor).toBe(49);
    run();
    settle();
    expect(s().cursor).toBe(49);
    expect(s().frame!.status.cursor).toBe(49);
  });

  it('keeps one frame in flight: the next waits for the paint of the last', () => {
    const { s, a, settle, run, paint, acks } = session();
    settle();
    const before = acks();
    a().stepForward();
    run();
    expect(acks()).toBe(before + 1);
    a().stepForward();
    run();
    expect(acks()).toBe(before + 1); // not painted yet: no second frame
    expect(s().frame!.status.cursor).toBe(1);
    paint();
    run();
    expect(acks()).toBe(before + 2);
    expect(s().frame!.status.cursor).toBe(2);
  });

  it('a find resolves with the record’s index and selects the named process', async () => {
    const { s, a, settle } = session();
    settle();
    const found = a().find({ match: { kind: 'world', text: 'client-recv' } }, 'first echo', { name: 'listener' });
    settle();
    const index = await found;
    expect(index).not.toBeNull();
    expect(s().cursor).toBe(index! + 1);
    expect(s().frame!.status.current?.text).toMatch(/client-recv/);
    expect(s().frame!.status.selected?.name).toBe('listener');
  });

  it('a find whose outcome no frame carried (two ended between frames) still settles', async () => {
    const { s, a, run, paint, settle } = session();
    settle();
    a().stepForward();
    run(); // a frame is in flight, not yet painted: the engine sends no other
    const first = a().find({ match: { kind: 'world', text: 'client-recv' } }, 'first echo');
    run();
    const second = a().find({ match: { kind: 'world', text: 'client-recv' } }, 'again');
    run();
    paint();
    settle();
    // Both outcomes reach the page, though one frame carried them: the same record, found twice.
    const index = s().frame!.status.found.at(-1)!.index;
    expect(index).not.toBeNull();
    await expect(first).resolves.toBe(index);
    await expect(second).resolves.toBe(index);
  });

  it('finds beyond what a frame keeps settle as not found, and the newest as found', async () => {
    const { a, run, paint, settle } = session();
    settle();
    a().stepForward();
    run();
    const finds = Array.from({ length: 12 }, (_, i) => {
      const f = a().find({ match: { kind: 'world', text: 'client-recv' } }, `find ${i}`);
      run();
      return f;
    });
    paint();
    settle();
    const got = await Promise.all(finds);
    const index = got.at(-1);
    expect(index).not.toBeNull();
    // The frame keeps the last eight outcomes; the four before them are reported ended.
    expect(got).toEqual([...Array(4).fill(null), ...Array(8).fill(index)]);
  });

  it('acknowledges a frame even when a subscriber throws, so the next frame still comes', () => {
    const { store, s, a, settle } = session();
    settle();
    let thrown = 0;
    const off = store.subscribe((now, prev) => {
      if (now.frame !== prev.frame && thrown === 0) {
        thrown++;
        throw new Error('a broken panel');
      }
    });
    a().stepForward();
    expect(() => settle()).toThrow('a broken panel');
    off();
    a().stepForward();
    settle();
    expect(s().frame!.status.cursor).toBe(2);
  });

  it('interventions are applied at the cursor shown', () => {
    const { s, a, settle } = session();
    settle();
    a().toEnd();
    settle();
    a().jumpTo(50);
    settle();
    expect(s().frame!.status.discardAtCursor).toBeGreaterThan(0);
    a().intervene({ kind: 'inject', body: { struct: 'hello', fields: [] }, orientation: 'publisher' });
    settle();
    const st = s().frame!.status;
    expect(st.inputs).toHaveLength(1);
    expect(st.inputs[0]!.text).toBe('inject message hello()');
    expect(st.cursor).toBeGreaterThan(50);
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

  it('holds the breakpoints in order, enabled or not', () => {
    const breakpoints = [{ text: 'presence to "customer (take)"', enabled: true }, { text: 'crash', enabled: false }, { text: 'quit & spawn', enabled: true }];
    const search = formatUrlState({ scenarioId: 'handoff', seed: 1, step: 3, breakpoints });
    expect(search).toBe('?scenario=handoff&seed=1&step=3&break=presence%20to%20%22customer%20(take)%22&break-off=crash&break=quit%20%26%20spawn');
    expect(parseUrlState(search)).toEqual({ scenarioId: 'handoff', seed: 1, step: 3, breakpoints, problems: [] });
    expect(parseUrlState('?scenario=handoff&break=').breakpoints).toBeUndefined();
  });

  it('falls back to defaults and names every bad value (the engine names an unknown scenario)', () => {
    const u = parseUrlState('?scenario=nope&seed=-3&step=abc');
    expect(u.scenarioId).toBe('nope');
    expect(u.seed).toBeNull();
    expect(u.step).toBe(0);
    expect(u.problems).toHaveLength(2);
    expect(u.problems.join(' ')).toMatch(/-3/);
    expect(u.problems.join(' ')).toMatch(/abc/);
  });
});
