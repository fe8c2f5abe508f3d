/**
 * Where the stage's labels go (level of detail): each label has places it may take, in order of
 * preference; labels are placed by priority, each at its first place that overlaps no label placed
 * before it and no obstacle it must avoid; a label with no such place is not shown. So no two
 * shown labels overlap, by construction. Pure: boxes in, choices out (tested in test/ui/).
 *
 * Data definition:
 *   Rect      = { x, y, w, h }   screen pixels
 *   Candidate = { id, priority, places, avoid }
 *     places  the boxes it may take, best first
 *     avoid   whether it must also keep off the obstacles (node boxes not its own)
 *   Obstacle  = Rect & { owner }  a label never avoids its own node (owner = the label's `owner`)
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Candidate {
  readonly id: string;
  readonly priority: number;
  readonly places: readonly Rect[];
  /** The node it belongs to (it may lie on it), or null. */
  readonly owner: string | null;
  readonly avoid: boolean;
}

export interface Obstacle extends Rect {
  readonly owner: string;
}

/** Space kept between two labels, in pixels. */
export const LABEL_GAP = 2;
/** The spatial hash's cell size, in pixels. */
const CELL = 64;

const hits = (a: Rect, b: Rect, gap: number): boolean =>
  a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

/** Rectangles in a grid of cells, for asking what a box touches without scanning them all. */
class Grid<T extends Rect> {
  private readonly cells = new Map<number, T[]>();

  /** Each cell `r` touches, as one number (cell coordinates are far below 2^20 on any screen). */
  private each(r: Rect, f: (key: number) => boolean | void): boolean {
    const i1 = Math.floor((r.x + r.w) / CELL);
    const j1 = Math.floor((r.y + r.h) / CELL);
    for (let i = Math.floor(r.x / CELL); i <= i1; i++)
      for (let j = Math.floor(r.y / CELL); j <= j1; j++) if (f(i * 2 ** 21 + j) === true) return true;
    return false;
  }

  add(r: T): void {
    this.each(r, (k) => {
      const cell = this.cells.get(k);
      if (cell === undefined) this.cells.set(k, [r]);
      else cell.push(r);
    });
  }

  some(r: Rect, f: (t: T) => boolean): boolean {
    return this.each(r, (k) => this.cells.get(k)?.some(f) ?? false);
  }
}

/** The place each shown label takes (labels not in the map are hidden). */
export function placeLabels(
  candidates: readonly Candidate[],
  obstacles: readonly Obstacle[],
): Map<string, Rect> {
  const placed = new Grid<Rect>();
  const blocks = new Grid<Obstacle>();
  for (const o of obstacles) blocks.add(o);
  const out = new Map<string, Rect>();
  const order = [...candidates].sort((a, b) => b.priority - a.priority);
  for (const c of order) {
    // The grid is asked about the box grown by the gap: a label within the gap may sit in the next cell.
    const near = (r: Rect): Rect => ({ x: r.x - LABEL_GAP, y: r.y - LABEL_GAP, w: r.w + 2 * LABEL_GAP, h: r.h + 2 * LABEL_GAP });
    const free = (r: Rect) =>
      !placed.some(near(r), (q) => hits(r, q, LABEL_GAP)) &&
      (!c.avoid || !blocks.some(r, (o) => o.owner !== c.owner && hits(r, o, 0)));
    const at = c.places.find(free);
    if (at === undefined) continue;
    placed.add(at);
    out.set(c.id, at);
  }
  return out;
}
