/**
 * The stage's layout input: the presence graph's (src/ui/graph/input.ts) for the projected graph,
 * with roomier process boxes — a name band of HEAD_ROWS rows, then one port every ROW_STEP rows —
 * so a box's rows are tall enough for labels at a readable size while the elk worker, the
 * stabiliser and the layout client are the graph's own, unchanged.
 */
import { PROC_HEAD, ROW } from '../graph/geometry.ts';
import { layoutInput, type LayoutInput } from '../graph/input.ts';
import type { PresenceGraph } from '../../debugger/views/graph.ts';
import { project, type Projection, type StageOptions } from '../../debugger/views/stage-project.ts';

/** Rows (of the graph's ROW units) above a process box's first port: room for its name. */
export const HEAD_ROWS = 1;
/** Rows between two ports of a process box. */
export const ROW_STEP = 2;
/** A port's band in a process box, in layout units (its port at the middle). */
export const PORT_BAND = ROW_STEP * ROW;
/** The name band at the top of a process box, in layout units: down to the first port's band. */
export const NAME_BAND = PROC_HEAD + HEAD_ROWS * ROW + ROW / 2 - PORT_BAND / 2;

export function stageInput(graph: PresenceGraph): LayoutInput {
  const base = layoutInput(graph);
  const nodes = base.nodes.map((n) =>
    n.kind !== 'process'
      ? n
      : {
          ...n,
          rows: HEAD_ROWS + Math.max(1, n.ports.length) * ROW_STEP - 1,
          ports: n.ports.map((p) => ({ ...p, row: HEAD_ROWS + p.row * ROW_STEP })),
        },
  );
  // The rows follow from the base structure, so its key still names the layout.
  return { ...base, key: `stage\n${base.key}`, nodes };
}

/**
 * The projection of the graph and its layout input, the same objects as long as what the stage
 * draws is the same: the engine sends a new graph at every step, and most steps change nothing
 * drawn (the renderer then redraws only what moves).
 */
export class ProjectionMemo {
  private last: { key: string; projection: Projection; input: LayoutInput } | null = null;

  get(graph: PresenceGraph, o: StageOptions): { projection: Projection; input: LayoutInput } {
    const projection = project(graph, o);
    const input = stageInput(projection.graph);
    const g = projection.graph;
    const key = [
      input.key,
      g.edges.map((e) => `${e.live ? 1 : 0}${e.pubSeesSub ? 1 : 0}${e.subSeesPub ? 1 : 0}`).join(''),
      g.processes
        .map((p) => `${p.name}\u0000${p.endpoints.map((e) => e.topic).join('\u0000')}`)
        .join('\u0001'),
      [...projection.members].join(','),
    ].join('\u0002');
    if (this.last?.key !== key) this.last = { key, projection, input };
    return this.last;
  }
}
