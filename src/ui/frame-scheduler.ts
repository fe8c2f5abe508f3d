/**
 * Where the session store gets its clock and its frames: requestAnimationFrame in the browser,
 * a manual pump in unit tests. Long work (play, to end, seeking, exploring) runs one bounded slice
 * per frame, so the page keeps painting.
 */
export interface FrameScheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `cb` before the next paint; returns a handle for `cancel`. */
  frame(cb: () => void): number;
  cancel(handle: number): void;
}

export const browserScheduler: FrameScheduler = {
  now: () => performance.now(),
  frame: (cb) => requestAnimationFrame(() => cb()),
  cancel: (h) => cancelAnimationFrame(h),
};

/** A scheduler driven by hand: `pump(ms)` advances the clock and runs the pending frame. */
export interface ManualScheduler extends FrameScheduler {
  pump(advanceMs?: number): boolean;
  readonly pending: boolean;
}

export function manualScheduler(): ManualScheduler {
  let clock = 0;
  let next = 1;
  let queued: { handle: number; cb: () => void } | null = null;
  return {
    now: () => clock,
    frame(cb) {
      queued = { handle: next++, cb };
      return queued.handle;
    },
    cancel(h) {
      if (queued?.handle === h) queued = null;
    },
    pump(advanceMs = 16) {
      clock += advanceMs;
      const q = queued;
      queued = null;
      q?.cb();
      return q !== null;
    },
    get pending() {
      return queued !== null;
    },
  };
}
