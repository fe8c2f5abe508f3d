/**
 * Sizes of what the presence graph draws, in SVG units. The layout (elk and the stabiliser) and
 * the renderer share these, so a port is exactly where its endpoint row is drawn.
 *
 *   process box:  PROC_W wide; a title (PROC_HEAD) then one ROW per endpoint; subscriber ports on
 *                 the left edge, publisher ports on the right edge, at the middle of their row
 *   VM container: title band VM_HEAD, padding VM_PAD around its children; boundary ports stacked
 *                 from the top on their side
 */
import type { Side } from './input.ts';

export const PROC_W = 264;
export const PROC_HEAD = 22;
export const ROW = 17;
export const PROC_PAD_B = 6;

export const VM_HEAD = 28;
export const VM_PAD = 30;
export const VM_PAD_B = 18;
export const VM_MIN_W = 240;
/** Boundary ports start this far below the container's title band. */
export const VM_PORT_TOP = 6;

/** Space kept between sibling boxes when the stabiliser places new ones. */
export const GAP = 18;
/** Space a surviving box must keep from its neighbours before they are pushed down. */
export const MIN_GAP = 4;
/** elk's space between boxes in one layer: room for a box to grow by a row without pushing. */
export const NODE_SPACING = 34;

export function procHeight(rows: number): number {
  return PROC_HEAD + Math.max(1, rows) * ROW + PROC_PAD_B;
}

/** A process port's offset from its box's top-left corner. */
export function procPortOffset(side: Side, row: number, width = PROC_W): { x: number; y: number } {
  return { x: side === 'EAST' ? width : 0, y: PROC_HEAD + row * ROW + ROW / 2 };
}

/** A VM container's boundary port offset from the container's top-left corner. */
export function vmPortOffset(side: Side, index: number, width: number): { x: number; y: number } {
  return { x: side === 'EAST' ? width : 0, y: VM_HEAD + VM_PORT_TOP + index * ROW + ROW / 2 };
}

/** The least height of a VM container with `ports` boundary ports on its fuller side. */
export function vmMinHeight(ports: number): number {
  return VM_HEAD + VM_PORT_TOP + ports * ROW + VM_PAD_B;
}
