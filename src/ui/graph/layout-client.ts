/**
 * The presence graph's layout client: asks elk (in a Web Worker) for layouts, one at a time, and
 * applies only the latest.
 *
 * Data definition:
 *   LayoutStatus = { state, large, nodes, endpoints, generation, workerRuns, localRuns, dropped,
 *                    startedAt, error }
 *     state      'idle' | 'running' (a worker layout is in flight) | 'stopped' (the user stopped it)
 *     dropped    results that arrived after a newer request had been made (never applied)
 * Rule:
 *   - a request whose structure key equals the layout on screen (or the one in flight) does nothing:
 *     only colours changed, and the renderer redraws those without a layout
 *   - at most one layout is in flight; newer requests replace the pending one (older pending
 *     requests are dropped unsent), and a result is applied only if no newer request was made
 *   - when every box of the new structure is already on screen (endpoints, edges or processes
 *     went away, or endpoints were added to existing boxes), nothing new needs placing: the
 *     stabiliser reuses the cached positions at once, without elk
 *   - otherwise the elk graph is built from the latest layout (seeding elk's interactive mode) at
 *     the moment it is sent, so it always starts from what is on screen
 *   - the last layout stays on screen until the next is ready
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { LARGE_GRAPH_ENDPOINTS, readElk, toElkGraph } from './elk-graph.ts';
import type { LayoutInput } from './input.ts';
import { stabilize } from './stabilize.ts';
import type { GraphLayout } from './types.ts';

/** Something that lays out elk graphs: elk in a Web Worker in the app, a fake or elk.bundled in tests. */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
  terminate(): void;
}

export type LayoutState = 'idle' | 'running' | 'stopped';

export interface LayoutStatus {
  readonly state: LayoutState;
  readonly large: boolean;
  readonly nodes: number;
  readonly endpoints: number;
  readonly generation: number;
  readonly workerRuns: number;
  readonly localRuns: number;
  readonly dropped: number;
  readonly startedAt: number | null;
  readonly error: string | null;
}

export interface LayoutClientOptions {
  readonly engine: () => LayoutEngine;
  readonly now?: () => number;
  /** Called whenever the layout or the status changes. */
  readonly onChange: (layout: GraphLayout | null, status: LayoutStatus) => void;
}

interface Request {
  readonly seq: number;
  readonly input: LayoutInput;
  readonly fresh: boolean;
}

export class LayoutClient {
  private engine: LayoutEngine | null = null;
  private readonly makeEngine: () => LayoutEngine;
  private readonly now: () => number;
  private readonly onChange: LayoutClientOptions['onChange'];
  private current: GraphLayout | null = null;
  private inFlight: Request | null = null;
  private pending: Request | null = null;
  private seq = 0;
  private run: unknown = undefined;
  private status: LayoutStatus = {
    state: 'idle',
    large: false,
    nodes: 0,
    endpoints: 0,
    generation: 0,
    workerRuns: 0,
    localRuns: 0,
    dropped: 0,
    startedAt: null,
    error: null,
  };

  constructor(opts: LayoutClientOptions) {
    this.makeEngine = opts.engine;
    this.now = opts.now ?? (() => performance.now());
    this.onChange = opts.onChange;
  }

  get layout(): GraphLayout | null {
    return this.current;
  }

  get state(): LayoutStatus {
    return this.status;
  }

  /**
   * Lays out `input`. `run` identifies the run being shown: when it changes (another scenario,
   * seed or reset), cached positions are forgotten. `fresh` forgets them too (the "re-layout" button).
   */
  request(input: LayoutInput, run: unknown, fresh = false): void {
    if (run !== this.run) {
      // Another run: its boxes share keys with this one's but not their places. Forget them,
      // and take the old drawing off the screen at once.
      const had = this.current !== null;
      this.run = run;
      this.current = null;
      fresh = true;
      if (had) this.setStatus({});
    }
    if (!fresh) {
      const latest = this.pending ?? this.inFlight;
      if (latest !== null ? latest.input.key === input.key : this.current?.key === input.key) return;
    }
    this.pending = { seq: ++this.seq, input, fresh };
    if (this.inFlight === null) this.dispatch();
  }

  /** Stops the layout in flight (terminating the worker) and forgets the pending one. */
  stop(): void {
    if (this.inFlight === null && this.pending === null) return;
    this.engine?.terminate();
    this.engine = null;
    this.inFlight = null;
    this.pending = null;
    this.seq++;
    this.setStatus({ state: 'stopped', startedAt: null });
  }

  /** Ends the worker; the client can still be used (a new worker starts on the next request). */
  dispose(): void {
    this.engine?.terminate();
    this.engine = null;
    if (this.inFlight !== null) this.pending ??= this.inFlight;
    // A request made but not answered is re-sent by resume().
    this.inFlight = null;
  }

  /** Re-sends a request interrupted by dispose (React's StrictMode unmounts and remounts once). */
  resume(): void {
    if (this.inFlight === null && this.pending !== null) this.dispatch();
  }

  private setStatus(patch: Partial<LayoutStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onChange(this.current, this.status);
  }

  private dispatch(): void {
    const req = this.pending;
    if (req === null) return;
    this.pending = null;
    const prev = req.fresh ? null : this.current;
    const large = req.input.endpoints > LARGE_GRAPH_ENDPOINTS;
    const counts = { large, nodes: req.input.nodes.length, endpoints: req.input.endpoints };
    if (prev !== null && req.input.nodes.every((n) => prev.nodes.get(n.id)?.parent === n.parent)) {
      const t0 = this.now();
      const fresh = new Map(
        [...prev.nodes].map(([id, b]) => [id, { x: b.x, y: b.y, w: b.w, h: b.h }] as const),
      );
      this.current = stabilize({
        input: req.input,
        fresh,
        prev,
        generation: this.status.generation + 1,
        engine: 'local',
        ms: 0,
      });
      this.current = { ...this.current, ms: this.now() - t0 };
      this.setStatus({
        ...counts,
        state: 'idle',
        generation: this.current.generation,
        localRuns: this.status.localRuns + 1,
        startedAt: null,
        error: null,
      });
      return;
    }
    // A fresh object per sending, so an answer to an earlier sending of the same request (from a
    // worker since terminated) is never taken for this one.
    const sent: Request = { ...req };
    this.inFlight = sent;
    this.engine ??= this.makeEngine();
    const engine = this.engine;
    const t0 = this.now();
    this.setStatus({ ...counts, state: 'running', startedAt: t0 });
    let graph: ElkNode;
    try {
      graph = toElkGraph(req.input, prev, { large });
    } catch (e) {
      this.finish(sent, prev, null, t0, e);
      return;
    }
    engine.layout(graph).then(
      (result) => this.finish(sent, prev, result, t0, null),
      (e: unknown) => this.finish(sent, prev, null, t0, e),
    );
  }

  private finish(
    req: Request,
    prev: GraphLayout | null,
    result: ElkNode | null,
    t0: number,
    error: unknown,
  ): void {
    if (this.inFlight !== req) return; // stopped or disposed meanwhile
    this.inFlight = null;
    if (req.seq !== this.seq) {
      // A newer request exists: this result is stale and never applied.
      this.status = { ...this.status, dropped: this.status.dropped + 1 };
      if (this.pending !== null) this.dispatch();
      else this.setStatus({ state: 'idle', startedAt: null });
      return;
    }
    const generation = this.status.generation + 1;
    const fresh = result === null ? new Map() : readElk(result);
    const engineKind = result === null ? 'fallback' : 'worker';
    const layout = stabilize({
      input: req.input,
      fresh,
      prev,
      generation,
      engine: engineKind,
      ms: this.now() - t0,
    });
    this.current = layout;
    this.setStatus({
      state: 'idle',
      generation,
      workerRuns: this.status.workerRuns + (result === null ? 0 : 1),
      startedAt: null,
      error:
        error === null ? null : `Layout failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
