/**
 * The panels' view of the session while a run plays (src/ui/throttled-session.ts): every state at
 * once when not playing; while playing, at most one every PLAY_PANELS_MS, the latest one at the end
 * of the wait (never dropped); a pause at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { SessionState } from '../../src/ui/session-store.ts';
import { follow, panelStore, PLAY_PANELS_MS } from '../../src/ui/throttled-session.ts';

/** A session state at `cursor`, playing or not (only the fields the throttle reads are real). */
function state(cursor: number, play: boolean): SessionState {
  return { cursor, frame: { status: { cursor, job: play ? { kind: 'play', fast: false } : null } } } as unknown as SessionState;
}

describe('the panels take in the session', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const session = createStore<SessionState>()(() => state(0, false));
    const panels = panelStore(session);
    const stop = follow(session, panels, () => Date.now());
    const seen: number[] = [];
    panels.subscribe((s) => seen.push(s.cursor));
    return { session, panels, stop, seen };
  }

  it('at once while the run does not play', () => {
    const { session, panels, seen } = setUp();
    for (let c = 1; c <= 5; c++) session.setState(state(c, false), true);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(panels.getState()).toBe(session.getState());
  });

  it('while playing, at most once every PLAY_PANELS_MS, the latest state when the wait is over', () => {
    const { session, panels, seen } = setUp();
    vi.advanceTimersByTime(PLAY_PANELS_MS);
    // 60 display frames of play, one record each.
    for (let c = 1; c <= 60; c++) {
      session.setState(state(c, true), true);
      vi.advanceTimersByTime(16);
    }
    const frames = 60 * 16;
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(frames / PLAY_PANELS_MS) + 1);
    expect(seen.length).toBeGreaterThanOrEqual(Math.floor(frames / PLAY_PANELS_MS));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    vi.advanceTimersByTime(PLAY_PANELS_MS);
    // Nothing is dropped for good: after the wait the panels have the last state.
    expect(panels.getState().cursor).toBe(60);
  });

  it('a pause (or any state that is not playing) at once, cancelling the wait', () => {
    const { session, panels, seen } = setUp();
    vi.advanceTimersByTime(PLAY_PANELS_MS);
    session.setState(state(1, true), true);
    session.setState(state(2, true), true);
    expect(panels.getState().cursor).toBe(1);
    session.setState(state(2, false), true);
    expect(panels.getState().cursor).toBe(2);
    vi.advanceTimersByTime(PLAY_PANELS_MS * 2);
    expect(seen).toEqual([1, 2]);
  });

  it('stops following when told', () => {
    const { session, panels, stop } = setUp();
    stop();
    session.setState(state(7, false), true);
    expect(panels.getState().cursor).toBe(0);
  });
});
