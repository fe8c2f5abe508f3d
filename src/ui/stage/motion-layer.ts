/**
 * What moves on the stage, in layout coordinates, for the motions of one step (in record order,
 * which is delivery order; reversed when the step went back):
 *   deliver   a token (message or feedback) travels from the sender to the receiving endpoint,
 *             along the edge between them when it is drawn; a VM boundary it crosses flashes
 *   presence  the edge between the two endpoints is drawn in, from the peer to the one told
 *   absence   the same edge withdrawn (its reason is a note, see label-layer.ts)
 *   spawn     a token from the parent to the child (the child's box grows in where it lands)
 *   send      at meta level: a token from the process to its VM's boundary
 * Motions of one step share its duration, each starting half a motion after the one before.
 * A token stays at its destination, small, until the next step; stepping back plays the motions
 * backwards (the token returns to the sender) and removes the tokens of the step undone. With
 * reduced motion nothing travels: tokens and edges are drawn where they end.
 */
import { easeCubicInOut, type Selection } from 'd3';
import type { StageMotion } from '../../debugger/views/stage-types.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where a motion goes: a path through points, or along a drawn edge (`edge`, reversed or not). */
export interface Route {
  readonly points: readonly Point[];
  readonly edge: SVGPathElement | null;
  readonly reversed: boolean;
  /** The edge's length, measured once. */
  readonly length?: number;
  /** The VM frames it crosses (flashed as it passes). */
  readonly crosses: readonly string[];
}

export interface Plan {
  readonly motions: readonly StageMotion[];
  readonly back: boolean;
  readonly durationMs: number;
  readonly animate: boolean;
  readonly route: (m: StageMotion) => Route | null;
  readonly flash: (vm: string) => void;
}

/** A token's radius, in layout units; a token at rest is smaller. */
const TOKEN_R = 9;
const REST_R = 6;

type Layer = Selection<SVGGElement, unknown, null, undefined>;

/** Points a token's route along a drawn edge is sampled at (it moves straight between two). */
const EDGE_SAMPLES = 24;

/**
 * The point at `u` ∈ [0, 1] along a drawn edge: getPointAtLength walks the whole path at every
 * call (costly on a long routed edge at every frame of every token), so the edge is sampled once
 * per route, lazily, at EDGE_SAMPLES + 1 points, and a token moves straight between two of them.
 */
function edgePointAt(r: Route, samples: (Point | undefined)[], u: number): Point {
  const edge = r.edge!;
  const len = r.length ?? edge.getTotalLength();
  const sample = (i: number): Point => {
    let p = samples[i];
    if (p === undefined) {
      const q = edge.getPointAtLength((i / EDGE_SAMPLES) * len);
      p = samples[i] = { x: q.x, y: q.y };
    }
    return p;
  };
  const f = Math.max(0, Math.min(1, u)) * EDGE_SAMPLES;
  const i = Math.min(EDGE_SAMPLES - 1, Math.floor(f));
  const a = sample(i);
  const b = sample(i + 1);
  return { x: a.x + (b.x - a.x) * (f - i), y: a.y + (b.y - a.y) * (f - i) };
}

/** The samples of drawn edges, per route. */
const edgeSamples = new WeakMap<Route, (Point | undefined)[]>();

/** The point at `t` ∈ [0, 1] of a route. */
function pointAt(r: Route, t: number): Point {
  const u = r.reversed ? 1 - t : t;
  if (r.edge !== null) {
    let samples = edgeSamples.get(r);
    if (samples === undefined) edgeSamples.set(r, (samples = []));
    return edgePointAt(r, samples, u);
  }
  const pts = r.points;
  if (pts.length === 1) return pts[0]!;
  const seg = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
  let d = u * seg.reduce((a, b) => a + b, 0);
  for (let i = 0; i < seg.length; i++) {
    if (d <= seg[i]! || i === seg.length - 1) {
      const f = seg[i] === 0 ? 1 : Math.min(1, d / seg[i]!);
      const a = pts[i]!;
      const b = pts[i + 1]!;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    d -= seg[i]!;
  }
  return pts[pts.length - 1]!;
}

/** The route as a path's `d` (for drawing an edge in and out). */
function routePath(r: Route): string {
  if (r.edge !== null) return r.edge.getAttribute('d') ?? '';
  return r.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

const TOKEN_KINDS: ReadonlySet<StageMotion['kind']> = new Set(['deliver', 'spawn', 'send']);

function tokenClass(m: StageMotion): string {
  if (m.kind === 'deliver') return m.feedback ? 'st-feedback' : 'st-message';
  return m.kind === 'spawn' ? 'st-spawn' : 'st-message';
}

export class MotionLayer {
  private generation = 0;
  private running = 0;

  constructor(
    private readonly layer: Layer,
    private readonly onAnimating: (on: boolean) => void,
  ) {}

  clear(): void {
    this.generation++;
    this.layer.selectAll('*').interrupt().remove();
    this.setRunning(0);
  }

  play(plan: Plan): void {
    this.clear();
    const gen = this.generation;
    const list = plan.back ? [...plan.motions].reverse() : plan.motions;
    const shown = list.flatMap((m) => {
      const r =
        TOKEN_KINDS.has(m.kind) || m.kind === 'presence' || m.kind === 'absence' ? plan.route(m) : null;
      return r === null ? [] : [{ m, r }];
    });
    const n = shown.length;
    const each = plan.durationMs / (1 + (n - 1) / 2);
    shown.forEach(({ m, r }, i) => {
      const delay = (i * each) / 2;
      const done = TOKEN_KINDS.has(m.kind)
        ? this.token(m, r, plan, delay, each)
        : this.edge(m, r, plan, delay, each);
      if (done === null) return;
      this.setRunning(this.running + 1);
      void done.then(() => {
        if (gen === this.generation) this.setRunning(this.running - 1);
      });
    });
  }

  private setRunning(n: number): void {
    const was = this.running > 0;
    this.running = Math.max(0, n);
    if (was !== this.running > 0) this.onAnimating(this.running > 0);
  }

  /** A token along the route; resolves when it has arrived (null: nothing animates). */
  private token(m: StageMotion, r: Route, plan: Plan, delay: number, ms: number): Promise<void> | null {
    const length = r.edge?.getTotalLength();
    const route: Route = {
      ...r,
      reversed: plan.back ? !r.reversed : r.reversed,
      ...(length === undefined ? {} : { length }),
    };
    const end = pointAt(route, 1);
    const c = this.layer
      .append('circle')
      .attr('class', `st-token ${tokenClass(m)}`)
      .attr('data-index', m.index)
      .attr('data-dir', plan.back ? 'back' : 'forward')
      .attr('r', REST_R)
      .attr('cx', end.x)
      .attr('cy', end.y);
    if (!plan.animate) return null;
    const start = pointAt(route, 0);
    c.attr('cx', start.x).attr('cy', start.y).attr('r', TOKEN_R).classed('st-moving', true);
    let crossed = 0;
    return c
      .transition()
      .delay(delay)
      .duration(ms)
      .ease(easeCubicInOut)
      .tween('move', () => (t: number) => {
        const p = pointAt(route, t);
        c.attr('cx', p.x).attr('cy', p.y);
        const due = Math.floor(t * (route.crosses.length + 1));
        while (crossed < Math.min(due, route.crosses.length)) plan.flash(route.crosses[crossed++]!);
      })
      .on('end', () => {
        c.classed('st-moving', false).attr('r', REST_R);
        if (plan.back) c.remove();
      })
      .end()
      .catch(() => undefined);
  }

  /** An edge drawn in (presence) or withdrawn (absence); backwards the other way. */
  private edge(m: StageMotion, r: Route, plan: Plan, delay: number, ms: number): Promise<void> | null {
    const drawIn = (m.kind === 'presence') !== plan.back;
    const p = this.layer
      .append('path')
      .attr('class', `st-draw st-${m.kind}`)
      .attr('data-index', m.index)
      .attr('d', routePath(r));
    const len = (p.node() as SVGPathElement).getTotalLength();
    // The dash grows from the peer's end (the path runs peer → told unless reversed).
    const from = r.reversed ? -len : len;
    p.attr('stroke-dasharray', `${len} ${len}`);
    if (!plan.animate) {
      p.attr('stroke-dashoffset', drawIn ? 0 : from);
      return null;
    }
    p.attr('stroke-dashoffset', drawIn ? from : 0);
    return p
      .transition()
      .delay(delay)
      .duration(ms)
      .ease(easeCubicInOut)
      .attr('stroke-dashoffset', drawIn ? 0 : from)
      .end()
      .catch(() => undefined);
  }
}

const flashWaits = new WeakMap<Element, Set<string>>();

/**
 * Flashes an element once: a CSS animation started by adding its class, which is taken off when
 * the animation ends. A flash still running restarts two frames later (a style pass must see the
 * class gone) — never by forcing a layout, which would cost a whole page's layout mid-update.
 */
export function flashClass(el: Element | null, cls: string): void {
  if (el === null) return;
  const start = () => {
    el.classList.add(cls);
    // One listener per element and class, however many flashes (reduced motion: no animation ends).
    const waiting = flashWaits.get(el) ?? new Set<string>();
    flashWaits.set(el, waiting);
    if (waiting.has(cls)) return;
    waiting.add(cls);
    el.addEventListener(
      'animationend',
      () => {
        waiting.delete(cls);
        el.classList.remove(cls);
      },
      { once: true },
    );
  };
  if (!el.classList.contains(cls)) return start();
  el.classList.remove(cls);
  requestAnimationFrame(() => requestAnimationFrame(start));
}
