/**
 * The edges of the presence graph: one curve per overlap or relay, from the publisher's port to
 * the subscriber's. An arrowhead marks each side that is told of the other (the live marker when
 * the edge carries presence); edges touching the selected process are highlighted (pg-near).
 */
import type { GraphEdge, PresenceGraph } from '../../debugger/views/graph.ts';
import type { JoinContext, Layer } from './joins.ts';
import { edgeHover } from './labels.ts';
import type { GraphLayout } from './types.ts';
import { setAttr } from './write.ts';

interface EdgeDatum {
  readonly edge: GraphEdge;
  readonly d: string;
}

/**
 * The edge's curve: it leaves the publisher's port rightwards and enters the subscriber's from the
 * left. A backward edge (subscriber left of the publisher) bends only a little, so it does not
 * swing far outside the drawing.
 */
export function edgePath(a: { ax: number; ay: number }, b: { ax: number; ay: number }): string {
  const f = (p: { x: number; y: number }) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
  const [p0, p1, p2, p3] = edgeControls({ x: a.ax, y: a.ay }, { x: b.ax, y: b.ay });
  return `M${f(p0)} C${f(p1)} ${f(p2)} ${f(p3)}`;
}

type XY = { readonly x: number; readonly y: number };

/** The curve's four control points (edgePath's; the stage checks them against its boxes). */
export function edgeControls(a: XY, b: XY): [XY, XY, XY, XY] {
  const dx = b.x - a.x;
  const bend = dx >= 0 ? Math.max(36, dx / 2) : Math.min(120, 40 + -dx / 8);
  return [a, { x: a.x + bend, y: a.y }, { x: b.x - bend, y: b.y }, b];
}

/** `selectedPorts`: the endpoints of the selected process. */
export function drawEdges(
  layer: Layer,
  graph: PresenceGraph,
  layout: GraphLayout,
  selectedPorts: ReadonlySet<string>,
  ctx: JoinContext,
): void {
  const { motion, cb } = ctx;
  const fresh = ctx.change?.addedEdges;
  const sel = layer
    .selectAll<SVGGElement, EdgeDatum>('g.pg-edge')
    .data(edgeData(graph, layout), (d) => d.edge.id)
    .join(
      (enter) => {
        const g = enter
          .append('g')
          .on('mouseenter mousemove', (ev: MouseEvent, d) => cb.onHover(edgeHover(d.edge, ev)))
          .on('mouseleave', () => cb.onHover(null));
        g.append('path').attr('class', 'pg-edge-hit');
        g.append('path').attr('class', 'pg-edge-line');
        return motion.fadeIn(g);
      },
      (update) => motion.revive(update),
      (exit) => motion.fadeOut(exit),
    );
  setAttr(sel, 'class', (d) => edgeClasses(d.edge, fresh?.has(d.edge.id) ?? false, selectedPorts));
  setAttr(sel, 'data-edge', (d) => d.edge.id);
  setAttr(sel, 'data-publisher', (d) => d.edge.publisher);
  setAttr(sel, 'data-subscriber', (d) => d.edge.subscriber);
  // select() (unlike selectAll) hands each path its edge's current datum.
  setAttr(sel.select<SVGPathElement>('path.pg-edge-hit'), 'd', (d) => d.d);
  const line = sel.select<SVGPathElement>('path.pg-edge-line');
  setAttr(line, 'd', (d) => d.d);
  const marker = (d: EdgeDatum) => (d.edge.live ? 'url(#pg-told-live)' : 'url(#pg-told)');
  setAttr(line, 'marker-start', (d) => (d.edge.kind === 'overlap' && d.edge.pubSeesSub ? marker(d) : null));
  setAttr(line, 'marker-end', (d) => (d.edge.kind === 'overlap' && d.edge.subSeesPub ? marker(d) : null));
}

/** The edges whose both ends are laid out. */
function edgeData(graph: PresenceGraph, layout: GraphLayout): EdgeDatum[] {
  const data: EdgeDatum[] = [];
  for (const edge of graph.edges) {
    const a = layout.ports.get(edge.publisher);
    const b = layout.ports.get(edge.subscriber);
    if (a === undefined || b === undefined) continue;
    data.push({ edge, d: edgePath(a, b) });
  }
  return data;
}

function edgeClasses(e: GraphEdge, fresh: boolean, selectedPorts: ReadonlySet<string>): string {
  const oneWay = e.kind === 'overlap' && e.pubSeesSub !== e.subSeesPub;
  return [
    'pg-edge',
    `pg-${e.kind}`,
    e.live ? 'pg-live' : 'pg-silent',
    oneWay ? 'pg-one-way' : '',
    fresh ? 'pg-fresh' : '',
    selectedPorts.has(e.publisher) || selectedPorts.has(e.subscriber) ? 'pg-near' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
