/**
 * The engine: a player, the view a face asked for, and the frames made for it. Hosts drive it —
 * the browser's Web Worker (src/ui/engine/engine.worker.ts), Node tests and benchmarks in-process —
 * by dispatching actions and calling `pump` with a clock they own (the engine reads no clock).
 *
 * Rules:
 *   - dispatch applies one lifted action at once (cheap: long work is left to jobs).
 *   - pump advances jobs for about `sliceMs` (one tick for paced play), then makes a frame if the
 *     state or the view changed. Background growth alone publishes at most every EXPLORE_FRAME_MS,
 *     so a face is not re-rendered for records nobody is looking at yet.
 *   - `next` says when to pump again: 'now' (work left), 'paced' (play: next display frame),
 *     or 'idle' (until the next action).
 */
import type { Frame, ViewRequest } from './frame.ts';
import { FULL_VIEW } from './frame.ts';
import { FrameMaker } from './frame-maker.ts';
import { hasWork } from './jobs.ts';
import { reduce, type PlayerAction, type PlayerEnv, type PlayerState } from './player.ts';

/** Run units per tick: the granularity at which a slice checks its clock. */
export const UNITS_PER_TICK = 16;
/** How often background growth alone may publish a frame. */
export const EXPLORE_FRAME_MS = 250;

export type PumpNext = 'now' | 'paced' | 'idle';

export interface Pumped {
  readonly frame: Frame | null;
  readonly next: PumpNext;
}

export class Engine {
  private current: PlayerState;
  private req: ViewRequest;
  private framed: { state: PlayerState; req: ViewRequest } | null = null;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private lastTickAt: number | null = null;
  /** An action arrived since the last frame: the face is waiting for its answer. */
  private readonly maker: FrameMaker;
  private asked = true;
  private partial = false;

  constructor(
    private readonly env: PlayerEnv,
    initial: PlayerState,
    req: ViewRequest = FULL_VIEW,
  ) {
    this.current = initial;
    this.req = req;
    this.maker = new FrameMaker(env.printer);
  }

  get state(): PlayerState {
    return this.current;
  }

  get view(): ViewRequest {
    return this.req;
  }

  dispatch(a: PlayerAction): void {
    const before = this.current.job;
    this.current = reduce(this.env, this.current, a);
    // Play measures its pace from its own first tick, not from whenever the engine last ticked.
    if (this.current.job !== before && this.current.job?.kind === 'play') this.lastTickAt = null;
    this.asked = true;
  }

  setView(req: ViewRequest): void {
    this.req = req;
    this.asked = true;
  }

  /** A new face (or one that lost its state): the next frame carries every section. */
  resetFace(): void {
    this.maker.resetFace();
    this.framed = null;
    this.asked = true;
  }

  /**
   * Works for about `sliceMs`, then makes a frame if one is due and `mayFrame` (a face that has not
   * taken in the last frame yet is not sent another: the next one will be fresher).
   */
  pump(now: () => number, sliceMs: number, mayFrame = true): Pumped {
    const t0 = now();
    this.work(now, t0, sliceMs);
    const s = this.current;
    const changed = this.framed === null || this.framed.state !== s || this.framed.req !== this.req || this.partial;
    const onlyGrowth = !this.asked && s.job === null && this.framed !== null && this.framed.state.cursor === s.cursor;
    let frame: Frame | null = null;
    if (mayFrame && changed && (!onlyGrowth || t0 - this.lastFrameAt >= EXPLORE_FRAME_MS || !hasWork(s))) {
      const made = this.maker.make(s, this.req);
      frame = made.frame;
      this.partial = made.more;
      this.framed = { state: s, req: this.req };
      this.lastFrameAt = t0;
      this.asked = false;
    }
    const pending = mayFrame && changed && frame === null;
    const next: PumpNext =
      s.job?.kind === 'play' && !s.job.fast ? 'paced' : hasWork(s) || this.partial || pending ? 'now' : 'idle';
    return { frame, next };
  }

  private work(now: () => number, t0: number, sliceMs: number): void {
    if (!hasWork(this.current)) {
      this.lastTickAt = null;
      return;
    }
    const elapsed = this.lastTickAt === null ? 0 : t0 - this.lastTickAt;
    this.lastTickAt = t0;
    const paced = this.current.job?.kind === 'play' && !this.current.job.fast;
    this.current = reduce(this.env, this.current, { type: 'tick', elapsedMs: elapsed, units: UNITS_PER_TICK });
    if (paced) return;
    while (hasWork(this.current) && now() - t0 < sliceMs) {
      this.current = reduce(this.env, this.current, { type: 'tick', elapsedMs: 0, units: UNITS_PER_TICK });
    }
  }
}
