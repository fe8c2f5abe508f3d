/**
 * A UI session over the engine in-process, for unit tests: the same host as the Web Worker's,
 * messages structured-cloned, timers run by hand (`settle` runs the engine and paints every frame
 * until nothing is left to do).
 */
import type { HostClock } from '../../src/ui/engine/host.ts';
import { localLink } from '../../src/ui/engine/local-link.ts';
import { createSession, type SessionStore } from '../../src/ui/session-store.ts';

/** A clock whose timers run only when told to: `run()` fires everything due, advancing time. */
export function manualClock() {
  let t = 0;
  let timers: { at: number; f: () => void }[] = [];
  const clock: HostClock = {
    now: () => t,
    later(f, ms) {
      const h = { at: t + ms, f };
      timers.push(h);
      return h;
    },
    cancel(h) {
      timers = timers.filter((x) => x !== h);
    },
  };
  const run = (max = 100_000) => {
    for (let i = 0; i < max && timers.length > 0; i++) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift()!;
      t = Math.max(t, next.at) + 1;
      next.f();
    }
  };
  return { clock, run };
}

export function testSession(scenario = 'tcp-echo', step = 0, downloads: { blob: Blob; name: string }[] = []) {
  const { clock, run } = manualClock();
  let acks = 0;
  let pendingPaint: (() => void) | null = null;
  const store: SessionStore = createSession(localLink(clock), { scenario, seed: null, step }, {
    explore: false,
    afterPaint: (f) => {
      acks++;
      pendingPaint = f;
    },
    download: (blob, name) => downloads.push({ blob, name }),
  });
  const paint = () => {
    const f = pendingPaint;
    pendingPaint = null;
    f?.();
  };
  /** Runs the engine and paints every frame until nothing is left to do. */
  const settle = () => {
    for (let i = 0; i < 10_000; i++) {
      run();
      if (pendingPaint === null) return;
      paint();
    }
  };
  /** Settles until `done()` holds (file jobs await real promises between slices). */
  const until = async (done: () => boolean, max = 10_000) => {
    for (let i = 0; i < max && !done(); i++) {
      settle();
      await new Promise((r) => setTimeout(r, 0));
    }
    settle();
  };
  return { store, s: () => store.getState(), a: () => store.getState().actions, settle, until, run, paint, acks: () => acks, downloads };
}
