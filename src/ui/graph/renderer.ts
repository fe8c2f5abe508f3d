/**
 * Draws a laid-out presence graph into an SVG with d3, behind a small object (update/fit/destroy).
 *
 * Layers, bottom to top: VM containers with their boundary ports (draw-vms.ts), edges
 * (draw-edges.ts), process boxes with an endpoint row and a port per endpoint (draw-procs.ts).
 * Every element is keyed by its stable id, so an update only touches what changed (joins.ts):
 *   - enter: fades in; if the current step added it, it pulses (CSS animation, class pg-fresh)
 *   - exit:  fades out where it last was, then is removed
 *   - move:  a box whose layout position changed glides there (rare: the stabiliser keeps boxes put)
 * Colours and highlights (live edges, selection) are plain class changes and never need a layout.
 * An element without a position in the current layout (new, the layout is still running) waits
 * for the next layout. An update writes only the attributes and texts that changed (write.ts), so a
 * step that changes colours costs the browser no layout. On the SVG, `data-generation` is the
 * generation of the layout last drawn, and `data-motion` says whether anything is moving
 * ("moving") or the drawing is still ("still"): tests wait on them.
 */
import { select, type Selection } from 'd3';
import type { GraphChange, PresenceGraph } from '../../debugger/views/graph.ts';
import { drawEdges } from './draw-edges.ts';
import { drawProcs } from './draw-procs.ts';
import { drawVms } from './draw-vms.ts';
import { Motion, reducedMotion, type JoinContext, type Layer, type RendererCallbacks } from './joins.ts';
import { PanZoom } from './pan-zoom.ts';
import type { GraphLayout, NodeBox } from './types.ts';
import { writeAttr } from './write.ts';

export type { HoverInfo } from './labels.ts';

export interface RenderData {
  readonly graph: PresenceGraph;
  readonly layout: GraphLayout | null;
  readonly change: GraphChange | null;
  readonly selected: string | null;
}

/** The most elements an update may add and remove with animation (more are drawn at once). */
const ANIMATED_MAX = 24;

const EMPTY: GraphLayout = {
  key: '',
  generation: 0,
  engine: 'local',
  ms: 0,
  nodes: new Map(),
  ports: new Map(),
  bounds: { x: 0, y: 0, w: 0, h: 0 },
};

/** The arrowheads of the edges: one for a side that is told, one for a live edge's. */
function appendArrowMarkers(svg: Selection<SVGSVGElement, unknown, null, undefined>): void {
  const defs = svg.append('defs');
  for (const [id, cls] of [
    ['pg-told', 'pg-arrow'],
    ['pg-told-live', 'pg-arrow pg-arrow-live'],
  ] as const) {
    defs
      .append('marker')
      .attr('id', id)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('markerUnits', 'userSpaceOnUse')
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('class', cls);
  }
}

export class GraphRenderer {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly vmLayer: Layer;
  private readonly edgeLayer: Layer;
  private readonly procLayer: Layer;
  private readonly panZoom: PanZoom;
  private readonly cb: RendererCallbacks;
  private readonly motion: Motion;
  private fitted = false;
  private boxes: readonly NodeBox[] = [];
  private lastSelected: string | null = null;
  private hiddenFrame: number | null = null;
  /** The keys of what the last update drew (boxes, endpoint rows, edges). */
  private drawn: ReadonlySet<string> = new Set();

  constructor(svgEl: SVGSVGElement, cb: RendererCallbacks) {
    this.cb = cb;
    this.svg = select(svgEl);
    this.svg.selectAll('*').remove();
    this.svg.attr('data-motion', 'still');
    this.motion = new Motion(!reducedMotion(), (moving) => {
      this.svg.attr('data-motion', moving ? 'moving' : 'still');
    });
    appendArrowMarkers(this.svg);
    const viewport = this.svg.append('g').attr('class', 'pg-viewport');
    this.vmLayer = viewport.append('g').attr('class', 'pg-vms');
    this.edgeLayer = viewport.append('g').attr('class', 'pg-edges');
    this.procLayer = viewport.append('g').attr('class', 'pg-procs');
    this.panZoom = new PanZoom(svgEl, viewport.node()!, {
      onView: () => this.countHidden(),
      track: (t) => this.motion.track(t),
    });
  }

  /** Counts the boxes out of view, at most once per animation frame. */
  private countHidden(): void {
    if (this.cb.onHidden === undefined || this.hiddenFrame !== null) return;
    this.hiddenFrame = requestAnimationFrame(() => {
      this.hiddenFrame = null;
      const v = this.panZoom.visible();
      if (v === null) return;
      const out = this.boxes.filter(
        (b) => b.ax + b.w < v.x || b.ax > v.x + v.w || b.ay + b.h < v.y || b.ay > v.y + v.h,
      );
      this.cb.onHidden?.(out.length);
    });
  }

  fit(animate = true): void {
    this.panZoom.fit(animate && this.motion.enabled);
  }

  zoomBy(factor: number): void {
    this.panZoom.zoomBy(factor);
  }

  destroy(): void {
    if (this.hiddenFrame !== null) cancelAnimationFrame(this.hiddenFrame);
    this.panZoom.destroy();
    this.svg.selectAll('*').interrupt();
    this.svg.selectAll('*').remove();
  }

  /** Forget the view (a new run): the next layout with boxes is fitted to the panel. */
  refit(): void {
    this.fitted = false;
    this.panZoom.touched = false;
  }

  update({ graph, layout, change, selected }: RenderData): void {
    if (layout === null) {
      // A new run whose first layout is not ready: what was drawn fades away (if it was little).
      const none: JoinContext = { motion: this.motion, cb: this.cb, change: null, selected: null };
      this.motion.quiet = this.drawn.size > ANIMATED_MAX;
      drawVms(this.vmLayer, EMPTY, new Map(), none);
      drawEdges(this.edgeLayer, graph, EMPTY, new Set(), none);
      drawProcs(this.procLayer, graph, EMPTY, none);
      this.boxes = [];
      this.drawn = new Set();
      return;
    }
    const ctx: JoinContext = { motion: this.motion, cb: this.cb, change, selected };
    writeAttr(this.svg.node(), 'data-generation', layout.generation);
    this.motion.quiet = this.changesMuch(graph, layout);
    const procs = new Map(graph.processes.map((p) => [p.key, p]));
    const selectedPorts = new Set(procs.get(selected ?? '')?.endpoints.map((e) => e.id) ?? []);
    drawVms(this.vmLayer, layout, procs, ctx);
    drawEdges(this.edgeLayer, graph, layout, selectedPorts, ctx);
    drawProcs(this.procLayer, graph, layout, ctx);
    this.panZoom.update(layout.bounds);
    this.boxes = graph.processes.flatMap((p) => {
      const b = layout.nodes.get(p.key);
      return b === undefined || p.isVm ? [] : [b];
    });
    this.keepInView(layout, selected);
    this.countHidden();
  }

  /**
   * Does this update add or remove more than ANIMATED_MAX boxes, rows and edges? (A jump, or a new
   * layout of the whole graph: fading hundreds of elements in and out shows nothing a reader can
   * follow, and repaints the panel for every frame of it.)
   */
  private changesMuch(graph: PresenceGraph, layout: GraphLayout): boolean {
    const drawn = new Set<string>();
    for (const p of graph.processes) {
      if (!layout.nodes.has(p.key)) continue;
      drawn.add(p.key);
      for (const e of p.endpoints) if (layout.ports.has(e.id)) drawn.add(e.id);
    }
    for (const e of graph.edges) if (layout.ports.has(e.publisher) && layout.ports.has(e.subscriber)) drawn.add(e.id);
    let changed = 0;
    for (const k of drawn) if (!this.drawn.has(k)) changed++;
    for (const k of this.drawn) if (!drawn.has(k)) changed++;
    this.drawn = drawn;
    return changed > ANIMATED_MAX;
  }

  private keepInView(layout: GraphLayout, selected: string | null): void {
    // The first layout with boxes in it is fitted to the panel (unless the user has already
    // panned or zoomed); later layouts keep the view, so nothing moves on screen.
    if (!this.fitted && this.boxes.length > 0) {
      this.fitted = true;
      if (!this.panZoom.touched) this.fit(false);
    }
    // A process selected elsewhere (VM tree, sequence chart) is brought into view.
    if (selected !== this.lastSelected) {
      this.lastSelected = selected;
      const box = selected === null ? undefined : layout.nodes.get(selected);
      if (box !== undefined) this.panZoom.reveal(box, this.motion.enabled);
    }
  }
}
