/**
 * The stage's shapes, drawn with d3 into layout coordinates (the pan/zoom transform scales them):
 *   - an expanded nested VM: a container frame (its title band toggles it), its relay ports on
 *     the frame's border
 *   - a process: a box; a collapsed VM: a box on a shadow box (a stack: it holds processes); a
 *     driver group: a dashed box
 *   - an endpoint: a port on its box's edge, ▼ subscribers on the left, ▲ publishers on the right;
 *     the port's border is its interest type (participant solid, observer dashed, everything double)
 *   - an edge: a curve from the publisher's port to the subscriber's (presence carried: solid), or
 *     where that would cross a box, an orthogonal route around it (edge-routes.ts)
 * Text is not drawn here: labels live in screen space (label-layer.ts), so they never shrink
 * below a readable size. Every element is keyed by its stable id (joins.ts: enter, exit, move).
 */
import { select, type BaseType, type Selection } from 'd3';
import type { GraphEdge, GraphEndpoint, GraphProcess } from '../../debugger/views/graph.ts';
import type { NodeKind, Projection } from '../../debugger/views/stage-project.ts';
import { edgePaths } from './edge-routes.ts';
import { GROUND } from '../graph/input.ts';
import { selectsProcess, translateTo, type G, type JoinContext, type Layer } from '../graph/joins.ts';
import { edgeHover, endpointHover, processHover } from '../graph/labels.ts';
import type { GraphLayout, NodeBox, PortPos } from '../graph/types.ts';

/** Half the width of a port's triangle, in layout units. */
export const PORT_R = 7;

export interface NodeDatum {
  readonly box: NodeBox;
  readonly proc: GraphProcess;
  readonly kind: NodeKind;
  readonly ports: readonly PortDatum[];
}

export interface PortDatum {
  readonly ep: GraphEndpoint;
  readonly at: PortPos;
}

/** What a draw pass needs besides the layout: the renderer's join context, and the VM toggle. */
export interface DrawContext extends JoinContext {
  readonly onToggle: (vm: string) => void;
}

/** The drawn nodes (processes, collapsed VMs, driver groups) and expanded VMs, with their ports. */
export function nodeData(p: Projection, layout: GraphLayout): { nodes: NodeDatum[]; vms: NodeDatum[] } {
  const nodes: NodeDatum[] = [];
  const vms: NodeDatum[] = [];
  for (const proc of p.graph.processes) {
    const box = layout.nodes.get(proc.key);
    if (box === undefined) continue;
    const ports = proc.endpoints.flatMap((ep) => {
      const at = layout.ports.get(ep.id);
      return at === undefined ? [] : [{ ep, at }];
    });
    const d = { box, proc, kind: p.kinds.get(proc.key) ?? 'process', ports };
    (d.kind === 'vm' ? vms : nodes).push(d);
  }
  const depth = (b: NodeBox) => {
    let n = 0;
    for (let q = b.parent; q !== null && q !== GROUND; q = layout.nodes.get(q)?.parent ?? null) n++;
    return n;
  };
  vms.sort((a, b) => depth(a.box) - depth(b.box));
  return { nodes, vms };
}

/**
 * What of `sel` must be drawn again: the elements whose key (everything their drawing depends on)
 * differs from the one they were last drawn with. Most updates change a few elements of hundreds.
 */
function changedOnly<E extends Element, D>(
  sel: Selection<E, D, SVGGElement, unknown>,
  key: (d: D) => string,
): Selection<E, D, SVGGElement, unknown> {
  return sel.filter(function (d) {
    const el = this as E & { stageKey?: string };
    const k = key(d);
    if (el.stageKey === k) return false;
    el.stageKey = k;
    return true;
  });
}

/** Everything a node's drawing (its box, its ports, their handlers' data) depends on. */
function nodeKey(d: NodeDatum, selected: string | null): string {
  const b = d.box;
  const ports = d.ports.map(
    (p) => `${portClass(p.ep)}|${p.ep.id}|${p.ep.name}|${p.ep.topic}|${p.at.ax},${p.at.ay}`,
  );
  return [d.kind, d.proc.key === selected, d.proc.name, b.ax, b.ay, b.w, b.h, ...ports].join('\u0000');
}

/** ▼ for a subscriber, ▲ for a publisher: a triangle centred on the port, in local coordinates. */
function triangle(ep: GraphEndpoint): string {
  const r = PORT_R;
  return ep.orientation === 'publisher'
    ? `M${-r},${r * 0.8} L0,${-r} L${r},${r * 0.8} Z`
    : `M${-r},${-r * 0.8} L0,${r} L${r},${-r * 0.8} Z`;
}

const portClass = (ep: GraphEndpoint) =>
  `st-port st-${ep.orientation} st-${ep.interest}${ep.meta ? ' st-meta' : ''}`;

/** Ports under `parent`, each at its position relative to `origin` (the box's corner). */
function joinPorts(parent: G<NodeDatum>, ctx: JoinContext): void {
  parent
    .selectAll<SVGGElement, PortDatum>('g.st-port')
    .data(
      (d) => d.ports.map((p) => ({ ...p, origin: d.box })),
      (p) => p.ep.id,
    )
    .join((enter) => {
      const g = enter.append('g');
      g.append('path').attr('class', 'st-port-shape');
      return ctx.motion.fadeIn(g);
    })
    .attr('class', (p) => portClass(p.ep))
    .attr('data-port', (p) => p.ep.id)
    .attr('transform', function (p) {
      const o = (select(this.parentNode as SVGGElement).datum() as NodeDatum).box;
      return `translate(${(p.at.ax - o.ax).toFixed(1)},${(p.at.ay - o.ay).toFixed(1)})`;
    })
    .on('mouseenter mousemove', (ev: MouseEvent, p) => ctx.cb.onHover(endpointHover(p.ep, ev)))
    .on('mouseleave', () => ctx.cb.onHover(null))
    .select('path.st-port-shape')
    .attr('d', (p) => triangle(p.ep));
}

export function drawVms(layer: Layer, vms: readonly NodeDatum[], ctx: DrawContext): void {
  const sel = layer
    .selectAll<SVGGElement, NodeDatum>('g.st-vm')
    .data(vms, (d) => d.proc.key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'st-vm');
        g.append('rect').attr('class', 'st-vm-frame').attr('rx', 12);
        g.append('rect')
          .attr('class', 'st-vm-head')
          .attr('rx', 12)
          .attr('role', 'button')
          .attr('tabindex', 0);
        return ctx.motion.fadeIn(g);
      },
      (update) => ctx.motion.revive(update),
      (exit) => ctx.motion.fadeOut(exit),
    )
  ctx.motion.moveTo(sel, (d) => translateTo(d.box));
  const changed = changedOnly(sel, (d) => nodeKey(d, null))
    .attr('data-key', (d) => d.proc.key)
    .attr('data-kind', 'vm');
  changed
    .select('rect.st-vm-frame')
    .attr('width', (d) => d.box.w)
    .attr('height', (d) => d.box.h);
  const head = changed
    .select<SVGRectElement>('rect.st-vm-head')
    .attr('width', (d) => d.box.w)
    .attr('height', 30)
    .attr('aria-label', (d) => `Collapse VM p${d.proc.key} ${d.proc.name}`);
  toggles(head, (d) => d.proc.key, ctx.onToggle);
  joinPorts(changed, ctx);
}

/** A shape that toggles its VM on click, Enter or Space. */
function toggles<E extends SVGElement, P extends BaseType>(
  sel: Selection<E, NodeDatum, P, unknown>,
  key: (d: NodeDatum) => string,
  onToggle: (k: string) => void,
): void {
  sel
    .on('click', (ev: Event, d) => {
      if (ev.defaultPrevented) return;
      ev.stopPropagation();
      onToggle(key(d));
    })
    .on('keydown', (ev: Event, d) => {
      const k = (ev as KeyboardEvent).key;
      if (k !== 'Enter' && k !== ' ') return;
      ev.preventDefault();
      onToggle(key(d));
    });
}

/** Where a new node starts: a dot at its parent's centre, when the parent is on the stage (it grows out of it). */
function bornAt(d: NodeDatum, byKey: ReadonlyMap<string, NodeDatum>): string | null {
  const parent = d.proc.parent === null ? undefined : byKey.get(d.proc.parent);
  if (parent === undefined) return null;
  const b = parent.box;
  return `translate(${(b.ax + b.w / 2).toFixed(1)},${(b.ay + b.h / 2).toFixed(1)}) scale(${SPAWN_SCALE})`;
}

/** The size a spawned node starts at, out of its parent. */
const SPAWN_SCALE = 0.05;

export function drawNodes(layer: Layer, nodes: readonly NodeDatum[], ctx: DrawContext): void {
  const byKey = new Map(nodes.map((d) => [d.proc.key, d]));
  const sel = layer
    .selectAll<SVGGElement, NodeDatum>('g.st-node')
    .data(nodes, (d) => d.proc.key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('class', 'st-node').attr('role', 'button').attr('tabindex', 0);
        ctx.motion.startAt(g, (d) => bornAt(d, byKey));
        g.append('rect').attr('class', 'st-shadow').attr('rx', 10).attr('x', 7).attr('y', 7);
        g.append('rect').attr('class', 'st-box').attr('rx', 10);
        return ctx.motion.fadeIn(g);
      },
      (update) => ctx.motion.revive(update),
      (exit) => ctx.motion.fadeOut(exit),
    );
  ctx.motion.moveTo(sel, (d) => translateTo(d.box));
  const changed = changedOnly(sel, (d) => nodeKey(d, ctx.selected))
    .attr('class', (d) => `st-node st-${d.kind}${d.proc.key === ctx.selected ? ' st-selected' : ''}`)
    .attr('data-key', (d) => d.proc.key)
    .attr('data-kind', (d) => d.kind)
    .attr('aria-label', (d) => nodeLabel(d))
    .on('mouseenter', (ev: MouseEvent, d) => ctx.cb.onHover(processHover(d.proc, ev)))
    .on('mouseleave', () => ctx.cb.onHover(null))
    .on('focus', function (_ev: FocusEvent, d) {
      const r = (this as SVGGElement).getBoundingClientRect();
      ctx.cb.onHover({
        ...processHover(d.proc, { clientX: r.right, clientY: r.top } as MouseEvent),
        lines: focusLines(d),
      });
    })
    .on('blur', () => ctx.cb.onHover(null));
  changed
    .select('rect.st-shadow')
    .attr('width', (d) => d.box.w)
    .attr('height', (d) => d.box.h)
    .attr('display', (d) => (d.kind === 'collapsed-vm' ? null : 'none'));
  changed
    .select('rect.st-box')
    .attr('width', (d) => d.box.w)
    .attr('height', (d) => d.box.h);
  const vms = changed.filter((d) => d.kind === 'collapsed-vm');
  toggles(vms, (d) => d.proc.key, ctx.onToggle);
  selectsProcess(
    changed.filter((d) => d.kind !== 'collapsed-vm'),
    (d) => d.proc.key,
    ctx.cb.onSelect,
  );
  joinPorts(changed, ctx);
}

function nodeLabel(d: NodeDatum): string {
  if (d.kind === 'collapsed-vm') return `Expand VM p${d.proc.key} ${d.proc.name}`;
  if (d.kind === 'drivers') return `p${d.proc.key} ${d.proc.name} driver and the processes it started`;
  return `p${d.proc.key} ${d.proc.name}`;
}

/** A focused node's card: every endpoint with its whole topic. */
function focusLines(d: NodeDatum): string[] {
  return d.proc.endpoints.map(
    (e) => `${e.orientation === 'publisher' ? '▲' : '▼'} ${e.name} (${e.interest}): ${e.topic}`,
  );
}

interface EdgeDatum {
  readonly edge: GraphEdge;
  readonly d: string;
}

/** The edges, each routed around the boxes that are not its ends (edge-routes.ts). */
export function drawEdges(
  layer: Layer,
  edges: readonly GraphEdge[],
  layout: GraphLayout,
  ctx: JoinContext,
): void {
  const paths = edgePaths(layout, edges);
  const data: EdgeDatum[] = edges.flatMap((edge) => {
    const d = paths.get(edge.id);
    return d === undefined ? [] : [{ edge, d }];
  });
  const sel = layer
    .selectAll<SVGPathElement, EdgeDatum>('path.st-edge')
    .data(data, (d) => d.edge.id)
    .join(
      (enter) => ctx.motion.fadeIn(enter.append('path')),
      (update) => ctx.motion.revive(update),
      (exit) => ctx.motion.fadeOut(exit),
    );
  changedOnly(sel, (d) => `${edgeClass(d.edge)}|${d.edge.publisher}|${d.edge.subscriber}|${d.d}`)
    .attr('class', (d) => edgeClass(d.edge))
    .attr('data-edge', (d) => d.edge.id)
    .attr('data-publisher', (d) => d.edge.publisher)
    .attr('data-subscriber', (d) => d.edge.subscriber)
    .attr('d', (d) => d.d)
    .on('mouseenter mousemove', (ev: MouseEvent, d) => ctx.cb.onHover(edgeHover(d.edge, ev)))
    .on('mouseleave', () => ctx.cb.onHover(null));
}

const edgeClass = (e: GraphEdge): string => `st-edge st-${e.kind} ${e.live ? 'st-live' : 'st-silent'}`;
