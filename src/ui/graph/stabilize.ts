/**
 * The stabiliser: turns a fresh placement (elk's, relative to parents) into the layout shown,
 * keeping every box that was on screen before exactly where it was.
 *
 * Rule, per container, children first:
 *   - a surviving box (same id, same parent) keeps its previous position; its height never shrinks
 *     while it lives (a box that grew for a passing endpoint keeps the room, so nothing below it
 *     moves up and down as endpoints come and go)
 *   - a new box goes where elk put it, translated by the median offset between elk's and the
 *     previous positions of the survivors (so it lands in the old frame), then moved down until it
 *     overlaps no box already placed (survivors are placed first, in their previous order)
 *   - a nested VM that was on screen keeps its frame and grows only right and down (new children
 *     are kept right of and below its top-left corner); the ground VM's origin follows its
 *     children's top-left corner, moving the other way, so children keep their absolute positions
 * Without a previous layout, elk's placement is taken as it is. The result depends only on its
 * inputs (no clock, no randomness), so the same step always looks the same.
 */
import {
  GAP,
  MIN_GAP,
  PROC_W,
  VM_HEAD,
  VM_MIN_W,
  VM_PAD,
  VM_PAD_B,
  procHeight,
  procPortOffset,
  vmMinHeight,
  vmPortOffset,
} from './geometry.ts';
import { GROUND, type InputNode, type LayoutInput } from './input.ts';
import type { GraphLayout, LayoutEngineKind, NodeBox, PortPos, RelRect } from './types.ts';

/** How many pushes a new box may take before it goes below everything instead (bounds the work). */
const MAX_PUSHES = 64;

/**
 * The rows a process box has room for: its rows when it first appears; never fewer than before
 * while it lives; a box that outgrows its room for the first time gets exactly what it needs (one
 * passing endpoint fits in the spacing elk leaves), and a box that keeps growing gets half as much
 * again, so boxes below it are pushed down a few times, not at every new endpoint.
 */
export function nodeRoom(n: InputNode, prev: GraphLayout | null): { rows: number; grown: boolean } {
  const before = prev?.nodes.get(n.id);
  if (before === undefined || before.parent !== n.parent) return { rows: n.rows, grown: false };
  if (n.rows <= before.rows) return { rows: before.rows, grown: before.grown };
  return { rows: before.grown ? n.rows + Math.ceil(n.rows / 2) : n.rows, grown: true };
}

/** A process box's height (see nodeRoom). */
export function nodeHeight(n: InputNode, prev: GraphLayout | null): number {
  return procHeight(nodeRoom(n, prev).rows);
}

interface Placed {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const overlaps = (a: Placed, b: Placed, gap: number): boolean =>
  a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

/**
 * Moves `r` down until it is `gap` clear of everything in `placed` (or, after MAX_PUSHES, below
 * everything). Survivors need only a small gap, so a box that grew by a row or two does not push
 * its neighbours; new boxes keep the full GAP.
 */
function settle(r: Placed, placed: readonly Placed[], gap: number): void {
  for (let pushes = 0; pushes < MAX_PUSHES; pushes++) {
    const hit = placed.find((q) => overlaps(r, q, gap));
    if (hit === undefined) return;
    r.y = hit.y + hit.h + gap;
  }
  r.y = Math.max(r.y, ...placed.map((q) => q.y + q.h + gap));
}

export interface StabilizeArgs {
  readonly input: LayoutInput;
  /** Fresh placement relative to parents (elk's); missing boxes are placed as new at the origin. */
  readonly fresh: ReadonlyMap<string, RelRect>;
  readonly prev: GraphLayout | null;
  readonly generation: number;
  readonly engine: LayoutEngineKind;
  readonly ms: number;
}

export function stabilize({ input, fresh, prev, generation, engine, ms }: StabilizeArgs): GraphLayout {
  const st = new Stabilizer(input, fresh, prev);
  const ground = input.nodes.find((n) => n.id === GROUND)!;
  const size = st.place(ground);
  // The ground VM's origin moves against its children's shift, so they keep their absolute positions.
  const prevGround = prev?.nodes.get(GROUND);
  const gShift = st.shiftOf.get(GROUND)!;
  st.rel.set(GROUND, {
    id: GROUND,
    x: prevGround === undefined ? 0 : prevGround.x - gShift.x,
    y: prevGround === undefined ? 0 : prevGround.y - gShift.y,
    w: size.w,
    h: size.h,
  });
  return absolute(input, st.rel, prev, { generation, engine, ms });
}

/** Where a container's children may start: inside its padding, below its title band. */
const INNER_LEFT = VM_PAD;
const INNER_TOP = VM_HEAD + 8;

/** One stabilisation: places every container's children, children first, into `rel`. */
class Stabilizer {
  private readonly children = new Map<string, InputNode[]>();
  /** Every box's position relative to its container, filled in as containers are placed. */
  readonly rel = new Map<string, Placed>();
  /** Children's shift inside each container (the container moves by minus this). */
  readonly shiftOf = new Map<string, { x: number; y: number }>();

  constructor(
    input: LayoutInput,
    private readonly fresh: ReadonlyMap<string, RelRect>,
    private readonly prev: GraphLayout | null,
  ) {
    for (const n of input.nodes) {
      if (n.parent === null) continue;
      const list = this.children.get(n.parent) ?? [];
      list.push(n);
      this.children.set(n.parent, list);
    }
  }

  /** The box's previous position, if it was on screen in the same container (a survivor). */
  private prevOf(n: InputNode): NodeBox | undefined {
    const b = this.prev?.nodes.get(n.id);
    return b !== undefined && b.parent === n.parent ? b : undefined;
  }

  /** Places container `c`'s children (nested containers first, recursively); returns `c`'s size. */
  place(c: InputNode): { w: number; h: number } {
    const kids = this.children.get(c.id) ?? [];
    const sizes = new Map<string, { w: number; h: number }>();
    for (const k of kids)
      sizes.set(k.id, k.kind === 'vm' ? this.place(k) : { w: PROC_W, h: nodeHeight(k, this.prev) });
    // A nested VM that stays on screen keeps its frame: new children go right of and below its
    // top-left corner, so it only grows right and down (growing left or up would push it into
    // its neighbours). The ground VM has no neighbours: its frame follows its children.
    const keepFrame = c.parent !== null && this.prevOf(c) !== undefined;
    return this.frame(c, this.arrange(kids, sizes, keepFrame), keepFrame);
  }

  /**
   * Survivors where they were, then new boxes where elk put them (moved into the old frame by the
   * median offset), each settled clear of the boxes placed before it.
   */
  private arrange(
    kids: readonly InputNode[],
    sizes: ReadonlyMap<string, { w: number; h: number }>,
    keepFrame: boolean,
  ): Placed[] {
    const survivors = kids.filter((k) => this.prevOf(k) !== undefined);
    const off = this.freshOffset(survivors);
    const order = (k: InputNode): [number, number] => {
      const p = this.prevOf(k);
      const f = this.fresh.get(k.id);
      return p !== undefined ? [p.y, p.x] : [(f?.y ?? 0) - off.y, (f?.x ?? 0) - off.x];
    };
    const byPosition = (a: InputNode, b: InputNode): number => {
      const [ay, ax] = order(a);
      const [by, bx] = order(b);
      return ay - by || ax - bx;
    };
    const placed: Placed[] = [];
    const put = (k: InputNode): void => {
      const size = sizes.get(k.id)!;
      const p = this.prevOf(k);
      const f = this.fresh.get(k.id);
      const shift = this.shiftOf.get(k.id) ?? { x: 0, y: 0 };
      const r: Placed =
        p !== undefined
          ? { id: k.id, x: p.x - shift.x, y: p.y - shift.y, w: size.w, h: size.h }
          : { id: k.id, x: (f?.x ?? 0) - off.x, y: (f?.y ?? 0) - off.y, w: size.w, h: size.h };
      if (p === undefined && keepFrame) {
        r.x = Math.max(r.x, INNER_LEFT);
        r.y = Math.max(r.y, INNER_TOP);
      }
      settle(r, placed, p !== undefined ? MIN_GAP : GAP);
      placed.push(r);
    };
    [...survivors].sort(byPosition).forEach(put);
    kids
      .filter((k) => this.prevOf(k) === undefined)
      .sort(byPosition)
      .forEach(put);
    return placed;
  }

  /** The median offset between elk's positions of the survivors and their previous ones. */
  private freshOffset(survivors: readonly InputNode[]): { x: number; y: number } {
    const dx: number[] = [];
    const dy: number[] = [];
    for (const k of survivors) {
      const f = this.fresh.get(k.id);
      const p = this.prevOf(k)!;
      if (f === undefined) continue;
      dx.push(f.x - p.x);
      dy.push(f.y - p.y);
    }
    return { x: median(dx), y: median(dy) };
  }

  /**
   * Fits container `c`'s frame around its placed children: unless it keeps its frame, its origin
   * follows their top-left corner (they shift by the difference). Records the children in `rel`
   * and returns the container's size.
   */
  private frame(c: InputNode, placed: readonly Placed[], keepFrame: boolean): { w: number; h: number } {
    const minX = placed.length === 0 || keepFrame ? INNER_LEFT : Math.min(...placed.map((r) => r.x));
    const minY = placed.length === 0 || keepFrame ? INNER_TOP : Math.min(...placed.map((r) => r.y));
    const shift = { x: INNER_LEFT - minX, y: INNER_TOP - minY };
    this.shiftOf.set(c.id, shift);
    let maxX = 0;
    let maxY = 0;
    for (const r of placed) {
      r.x += shift.x;
      r.y += shift.y;
      this.rel.set(r.id, r);
      maxX = Math.max(maxX, r.x + r.w);
      maxY = Math.max(maxY, r.y + r.h);
    }
    const sidePorts = Math.max(
      c.ports.filter((p) => p.side === 'WEST').length,
      c.ports.filter((p) => p.side === 'EAST').length,
    );
    return { w: Math.max(VM_MIN_W, maxX + VM_PAD), h: Math.max(vmMinHeight(sidePorts), maxY + VM_PAD_B) };
  }
}

function absolute(
  input: LayoutInput,
  rel: ReadonlyMap<string, Placed>,
  prev: GraphLayout | null,
  meta: { generation: number; engine: LayoutEngineKind; ms: number },
): GraphLayout {
  const nodes = new Map<string, NodeBox>();
  const ports = new Map<string, PortPos>();
  for (const n of input.nodes) {
    const r = rel.get(n.id)!;
    const parent = n.parent === null ? undefined : nodes.get(n.parent);
    const ax = (parent?.ax ?? 0) + r.x;
    const ay = (parent?.ay ?? 0) + r.y;
    const room = n.kind === 'process' ? nodeRoom(n, prev) : { rows: 0, grown: false };
    nodes.set(n.id, {
      id: n.id,
      parent: n.parent,
      kind: n.kind,
      x: r.x,
      y: r.y,
      ax,
      ay,
      w: r.w,
      h: r.h,
      ...room,
    });
    for (const p of n.ports) {
      const at = n.kind === 'vm' ? vmPortOffset(p.side, p.row, r.w) : procPortOffset(p.side, p.row, r.w);
      ports.set(p.id, { id: p.id, node: n.id, side: p.side, ax: ax + at.x, ay: ay + at.y });
    }
  }
  const g = nodes.get(GROUND)!;
  return { key: input.key, ...meta, nodes, ports, bounds: { x: g.ax, y: g.ay, w: g.w, h: g.h } };
}
