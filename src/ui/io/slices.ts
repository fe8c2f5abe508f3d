/**
 * Long file work (import, re-check, export) in bounded slices: the work checks `clock.due()` and,
 * when a slice has used its budget, awaits `clock.pause()` (the next frame), so the page keeps
 * painting and a Stop button keeps working.
 */
import type { FrameScheduler } from '../frame-scheduler.ts';
import { FRAME_BUDGET_MS } from '../session-store.ts';

export interface SliceClock {
  /** Has the current slice used its budget? */
  due(): boolean;
  /** Ends the slice: resolves at the next frame, which starts a new slice. */
  pause(): Promise<void>;
}

export function sliceClock(sched: FrameScheduler, budgetMs = FRAME_BUDGET_MS): SliceClock {
  let deadline = sched.now() + budgetMs;
  return {
    due: () => sched.now() >= deadline,
    pause: () =>
      new Promise<void>((resolve) => {
        sched.frame(() => {
          deadline = sched.now() + budgetMs;
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
