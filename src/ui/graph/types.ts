/**
 * A laid-out presence graph: where every box and port is.
 *
 * Data definition:
 *   GraphLayout = { key, generation, engine, ms, nodes, ports, bounds }
 *     key        the LayoutInput key it was computed for (same key ⇒ no new layout needed)
 *     generation counts layouts applied since the session started (the e2e tests read it)
 *     engine     'worker' (elk ran in the Web Worker), 'local' (nothing new to place: the cached
 *                positions were reused without elk), 'fallback' (elk failed; new boxes stacked)
 *   NodeBox    = { id, parent, kind, x, y (relative to the parent's top-left), ax, ay (absolute), w, h,
 *                  rows, grown }
 *     rows       the endpoint rows a process box has room for (its height); grown: it has grown before
 *   PortPos    = { id, node, side, ax, ay }  (absolute)
 * Positions are keyed by stable ids (process keys, endpoint ids), which is what keeps boxes still
 * between steps.
 */
import type { NodeKind, Side } from './input.ts';

export interface NodeBox {
  readonly id: string;
  readonly parent: string | null;
  readonly kind: NodeKind;
  readonly x: number;
  readonly y: number;
  readonly ax: number;
  readonly ay: number;
  readonly w: number;
  readonly h: number;
  readonly rows: number;
  readonly grown: boolean;
}

export interface PortPos {
  readonly id: string;
  readonly node: string;
  readonly side: Side;
  readonly ax: number;
  readonly ay: number;
}

export type LayoutEngineKind = 'worker' | 'local' | 'fallback';

export interface GraphLayout {
  readonly key: string;
  readonly generation: number;
  readonly engine: LayoutEngineKind;
  readonly ms: number;
  readonly nodes: ReadonlyMap<string, NodeBox>;
  readonly ports: ReadonlyMap<string, PortPos>;
  readonly bounds: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
}

/** A box's position and size relative to its parent, as elk returns it. */
export interface RelRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
