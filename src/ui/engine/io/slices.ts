/**
 * Long file work (import, re-check, export) in bounded slices: the work checks `clock.due()` and,
 * when a slice has used its budget, awaits `clock.pause()` (a timer), so the engine's worker goes
 * on answering the UI (and a Stop) between slices.
 */

/** Time a slice of file work may take before it lets other work in. */
export const IO_SLICE_MS = 12;

export interface SliceClock {
  /** Has the current slice used its budget? */
  due(): boolean;
  /** Ends the slice: resolves at the next frame, which starts a new slice. */
  pause(): Promise<void>;
}

export function sliceClock(now: () => number, later: (f: () => void) => void, budgetMs = IO_SLICE_MS): SliceClock {
  let deadline = now() + budgetMs;
  return {
    due: () => now() >= deadline,
    pause: () =>
      new Promise<void>((resolve) => {
        later(() => {
          deadline = now() + budgetMs;
          resolve();
        });
      }),
  };
}

/** A clock that never pauses (tests, Node). */
export const unslicedClock: SliceClock = { due: () => false, pause: () => Promise.resolve() };

/** Set by Stop; long jobs check it between lines. */
export interface StopSignal {
  readonly stopped: boolean;
}

/** Thrown (and caught by the job's owner) when a job was stopped. */
export class JobStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'JobStopped';
  }
}
