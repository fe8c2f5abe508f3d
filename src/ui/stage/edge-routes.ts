/**
 * The stage's edges never cross a box that is not one of their ends (issue 12). An edge leaves its
 * publisher's port outwards and enters its subscriber's port from outside its box (a relay port on
 * an expanded VM's border: from the side its peer is on).
 *
 * Rule: the presence graph's curve (edgePath) when it crosses no process box; otherwise the
 * shortest route with few bends on a sparse orthogonal grid — the lines CLEARANCE outside every
 * box's sides and through the two ports' stubs — found by Dijkstra over (grid point, heading) with
 * BEND_COST per turn, drawn with rounded corners. The grid first holds the boxes near the two ends,
 * then all of them; if even that finds nothing (a stub inside a box), the curve is kept.
 * Process boxes (collapsed VMs and driver groups too) are obstacles; expanded VM frames are not
 * (edges go in and out of them), their processes are.
 */
import { edgeControls, edgePath } from '../graph/draw-edges.ts';
import type { GraphLayout, NodeBox, PortPos } from '../graph/types.ts';

export interface Pt {
  readonly x: number;
  readonly y: number;
}

/** An obstacle: a box's corners. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** How far a route keeps from a box it passes, in layout units. */
export const CLEARANCE = 12;
/** The straight run out of (and into) a port before a route may turn. */
const STUB = 16;
/** What a turn costs, in layout units of length: fewer bends read better. */
const BEND_COST = 60;
/** Boxes this far around the two ends make the first, small grid. */
const NEAR = 260;
/** Points a curve is checked at. */
const CURVE_SAMPLES = 32;
/** A rounded corner's radius, at most. */
const CORNER_R = 10;

const rectOf = (b: NodeBox): Rect => ({ x0: b.ax, y0: b.ay, x1: b.ax + b.w, y1: b.ay + b.h });

/** Does the segment p–q pass through the inside of `r` shrunk by `inset`? (Liang–Barsky clipping.) */
export function segmentHits(p: Pt, q: Pt, r: Rect, inset = 0): boolean {
  const x0 = r.x0 + inset;
  const y0 = r.y0 + inset;
  const x1 = r.x1 - inset;
  const y1 = r.y1 - inset;
  if (x0 >= x1 || y0 >= y1) return false;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  // One side of the box: the part of the segment on its inner side (den: the segment's direction
  // across the side, num: how far inside the start is).
  const clip = (den: number, num: number): boolean => {
    if (den === 0) return num > 0;
    const t = num / den;
    if (den < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    return t0 < t1;
  };
  return clip(-dx, p.x - x0) && clip(dx, x1 - p.x) && clip(-dy, p.y - y0) && clip(dy, y1 - p.y);
}

function sampleCurve([p0, p1, p2, p3]: readonly [Pt, Pt, Pt, Pt]): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i <= CURVE_SAMPLES; i++) {
    const t = i / CURVE_SAMPLES;
    const u = 1 - t;
    const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    out.push({ x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y });
  }
  return out;
}

const polylineHits = (pts: readonly Pt[], obstacles: readonly Rect[], inset: number): boolean =>
  pts.some((p, i) => i > 0 && obstacles.some((r) => segmentHits(pts[i - 1]!, p, r, inset)));

/** An edge's end: its port and the direction (±1 along x) its stub leaves the port in. */
export interface End {
  readonly at: Pt;
  readonly dir: 1 | -1;
}

/** A route: the presence graph's curve (its four control points), or an orthogonal polyline. */
export interface EdgeRoute {
  readonly kind: 'curve' | 'orthogonal';
  readonly points: readonly Pt[];
}

/**
 * The route from the publisher's end to the subscriber's: the curve when it crosses no obstacle,
 * else an orthogonal route around them (the curve again if none is found).
 */
export function routeEdge(from: End, to: End, obstacles: readonly Rect[]): EdgeRoute {
  const curve = edgeControls(from.at, to.at);
  // The curve lies within its control points' hull: only boxes meeting their bounds can be hit.
  const [cx, cy] = [curve.map((p) => p.x), curve.map((p) => p.y)];
  const hull = { x0: Math.min(...cx), y0: Math.min(...cy), x1: Math.max(...cx), y1: Math.max(...cy) };
  const inHull = obstacles.filter((r) => r.x1 > hull.x0 && r.x0 < hull.x1 && r.y1 > hull.y0 && r.y0 < hull.y1);
  if (!polylineHits(sampleCurve(curve), inHull, 1)) return { kind: 'curve', points: curve };
  const box = {
    x0: Math.min(from.at.x, to.at.x) - NEAR,
    y0: Math.min(from.at.y, to.at.y) - NEAR,
    x1: Math.max(from.at.x, to.at.x) + NEAR,
    y1: Math.max(from.at.y, to.at.y) + NEAR,
  };
  const near = obstacles.filter((r) => r.x1 > box.x0 && r.x0 < box.x1 && r.y1 > box.y0 && r.y0 < box.y1);
  const route = gridRoute(from, to, near) ?? (near.length < obstacles.length ? gridRoute(from, to, obstacles) : null);
  return route === null ? { kind: 'curve', points: curve } : { kind: 'orthogonal', points: route };
}

const sortedUnique = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** Dijkstra over (grid point, heading); null when the stubs cannot be joined. */
function gridRoute(from: End, to: End, obstacles: readonly Rect[]): Pt[] | null {
  const s = { x: from.at.x + from.dir * STUB, y: from.at.y };
  const t = { x: to.at.x + to.dir * STUB, y: to.at.y };
  const xs = sortedUnique([s.x, t.x, ...obstacles.flatMap((r) => [r.x0 - CLEARANCE, r.x1 + CLEARANCE])]);
  const ys = sortedUnique([s.y, t.y, ...obstacles.flatMap((r) => [r.y0 - CLEARANCE, r.y1 + CLEARANCE])]);
  const blocked = blockedSegments(xs, ys, obstacles);
  // A stub leaves its own box from its border: only another box can block it.
  const stubBlocked = (p: Pt, q: Pt) => obstacles.some((r) => segmentHits(p, q, r));
  if (stubBlocked(from.at, s) || stubBlocked(to.at, t)) return null;
  const nx = xs.length;
  const at = (i: number): Pt => ({ x: xs[i % nx]!, y: ys[Math.floor(i / nx)]! });
  const start = xs.indexOf(s.x) + nx * ys.indexOf(s.y);
  const goal = xs.indexOf(t.x) + nx * ys.indexOf(t.y);
  // Headings: 0 +x, 1 -x, 2 +y, 3 -y (h ^ 1 is h reversed: no U-turns). The route starts heading
  // along the first stub; it ends at the last stub turning (BEND_COST) or not towards its port, in
  // the extra state `done`.
  const steps = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;
  const startHeading = from.dir === 1 ? 0 : 1;
  const goalHeading = to.dir === 1 ? 1 : 0;
  const state = (i: number, h: number) => i * 4 + h;
  const done = xs.length * ys.length * 4;
  const dist = new Float64Array(done + 1).fill(Infinity);
  const prev = new Int32Array(dist.length).fill(-1);
  const heap = new MinHeap();
  dist[state(start, startHeading)] = 0;
  heap.push(0, state(start, startHeading));
  while (heap.size > 0) {
    const [d, st] = heap.pop();
    if (d > dist[st]!) continue;
    if (st === done) return simplify([from.at, ...trace(prev, prev[done]!).map((k) => at(k >> 2)), to.at]);
    const i = st >> 2;
    const h = st & 3;
    if (i === goal && h !== (goalHeading ^ 1)) {
      const total = d + (h === goalHeading ? 0 : BEND_COST);
      if (total < dist[done]!) {
        dist[done] = total;
        prev[done] = st;
        heap.push(total, done);
      }
      continue;
    }
    const ix = i % nx;
    const iy = Math.floor(i / nx);
    for (let nh = 0; nh < 4; nh++) {
      if (nh === (h ^ 1)) continue;
      const jx = ix + steps[nh]![0];
      const jy = iy + steps[nh]![1];
      if (jx < 0 || jy < 0 || jx >= nx || jy >= ys.length) continue;
      const j = jx + nx * jy;
      if (nh < 2 ? blocked.h[Math.min(i, j)] === 1 : blocked.v[Math.min(i, j)] === 1) continue;
      const p = at(i);
      const q = at(j);
      const nd = d + Math.abs(q.x - p.x) + Math.abs(q.y - p.y) + (nh === h ? 0 : BEND_COST);
      const ns = state(j, nh);
      if (nd < dist[ns]!) {
        dist[ns] = nd;
        prev[ns] = st;
        heap.push(nd, ns);
      }
    }
  }
  return null;
}

/** The first index of the sorted `xs` whose value is greater than `v`. */
function above(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Which grid segments pass through a box grown by CLEARANCE - 1 (a route on a grid line just
 * CLEARANCE outside it passes): h[k] for the segment from point k rightwards, v[k] downwards.
 */
function blockedSegments(xs: readonly number[], ys: readonly number[], obstacles: readonly Rect[]) {
  const nx = xs.length;
  const h = new Uint8Array(nx * ys.length);
  const v = new Uint8Array(nx * ys.length);
  const pad = CLEARANCE - 1;
  for (const r of obstacles) {
    const [x0, x1, y0, y1] = [r.x0 - pad, r.x1 + pad, r.y0 - pad, r.y1 + pad];
    // Grid lines strictly inside the grown box, and the segments between lines that overlap it.
    const [ci0, ci1] = [above(xs, x0), above(xs, x1 - 1e-9)];
    const [rj0, rj1] = [above(ys, y0), above(ys, y1 - 1e-9)];
    for (let j = rj0; j < rj1; j++) for (let i = Math.max(0, ci0 - 1); i < ci1 && i < nx - 1; i++) h[i + nx * j] = 1;
    for (let i = ci0; i < ci1; i++) for (let j = Math.max(0, rj0 - 1); j < rj1 && j < ys.length - 1; j++) v[i + nx * j] = 1;
  }
  return { h, v };
}

function trace(prev: Int32Array, end: number): number[] {
  const out: number[] = [];
  for (let k = end; k !== -1; k = prev[k]!) out.push(k);
  return out.reverse();
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(pts: readonly Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last !== undefined && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (before !== undefined && last !== undefined && (before.x === last.x) === (last.x === p.x) && (before.y === last.y) === (last.y === p.y)) out.pop();
    out.push(p);
  }
  return out;
}

/** A binary min-heap of (priority, value). */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(k: number, v: number): void {
    const { keys, values } = this;
    let i = keys.length;
    keys.push(k);
    values.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= k) break;
      keys[i] = keys[p]!;
      values[i] = values[p]!;
      i = p;
    }
    keys[i] = k;
    values[i] = v;
  }

  pop(): [number, number] {
    const { keys, values } = this;
    const top: [number, number] = [keys[0]!, values[0]!];
    const k = keys.pop()!;
    const v = values.pop()!;
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= keys.length) break;
        const c = l + 1 < keys.length && keys[l + 1]! < keys[l]! ? l + 1 : l;
        if (keys[c]! >= k) break;
        keys[i] = keys[c]!;
        values[i] = values[c]!;
        i = c;
      }
      keys[i] = k;
      values[i] = v;
    }
    return top;
  }
}

const f = (n: number) => n.toFixed(1);

/** The SVG path of an orthogonal route: its polyline with rounded corners. */
function polylinePath(pts: readonly Pt[]): string {
  let d = `M${f(pts[0]!.x)},${f(pts[0]!.y)}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [a, c, b] = [pts[i - 1]!, pts[i]!, pts[i + 1]!];
    const r = Math.min(CORNER_R, Math.hypot(c.x - a.x, c.y - a.y) / 2, Math.hypot(b.x - c.x, b.y - c.y) / 2);
    const towards = (p: Pt, len: number): Pt => {
      const l = Math.hypot(p.x - c.x, p.y - c.y) || 1;
      return { x: c.x + ((p.x - c.x) / l) * len, y: c.y + ((p.y - c.y) / l) * len };
    };
    const [p, q] = [towards(a, r), towards(b, r)];
    d += ` L${f(p.x)},${f(p.y)} Q${f(c.x)},${f(c.y)} ${f(q.x)},${f(q.y)}`;
  }
  const last = pts[pts.length - 1]!;
  return `${d} L${f(last.x)},${f(last.y)}`;
}

/** Is `inner` the box `outer` or inside it? */
function within(layout: GraphLayout, inner: string, outer: string): boolean {
  for (let n: string | null = inner; n !== null; n = layout.nodes.get(n)?.parent ?? null) if (n === outer) return true;
  return false;
}

/** A port's end: out of its box on its side; on an expanded VM's border, towards the peer. */
function endOf(layout: GraphLayout, port: PortPos, peer: PortPos): End {
  const out = port.side === 'EAST' ? 1 : -1;
  const inward = layout.nodes.get(port.node)?.kind === 'vm' && within(layout, peer.node, port.node);
  return { at: { x: port.ax, y: port.ay }, dir: inward ? (-out as 1 | -1) : out };
}

/** Every edge's path (by edge id) for a layout: publisher port → subscriber port, around the boxes. */
export function edgePaths(layout: GraphLayout, edges: readonly { id: string; publisher: string; subscriber: string }[]): Map<string, string> {
  const obstacles = [...layout.nodes.values()].filter((b) => b.kind === 'process').map(rectOf);
  const out = new Map<string, string>();
  for (const e of edges) {
    const a = layout.ports.get(e.publisher);
    const b = layout.ports.get(e.subscriber);
    if (a === undefined || b === undefined) continue;
    const route = routeEdge(endOf(layout, a, b), endOf(layout, b, a), obstacles);
    out.set(e.id, route.kind === 'curve' ? edgePath(a, b) : polylinePath(route.points));
  }
  return out;
}
