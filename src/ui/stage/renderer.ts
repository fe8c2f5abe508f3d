/**
 * The stage's renderer: d3 behind a small object (update / fit / zoomBy / destroy), as the
 * presence graph's renderer is. Layers, bottom to top: expanded VM frames, edges, nodes, moving
 * things (motion-layer.ts) — all in layout coordinates under the pan/zoom transform — then the
 * labels in screen space (label-layer.ts), re-placed after every update, pan and zoom.
 *
 * Rules:
 *   - a new step (another StageView) plays its motions; a new layout alone only redraws
 *   - what the step involves is the brightest thing (class st-now; the stage gets st-has-now)
 *   - the view follows the graph as it grows (fit after each layout) until the user pans or zooms;
 *     Fit gives it back
 *   - with reduced motion, nothing travels or glides
 */
import { select, type Selection } from 'd3';
import type { Projection } from '../../debugger/views/stage-project.ts';
import type { StageView } from '../../debugger/views/stage-types.ts';
import { Motion, reducedMotion, type RendererCallbacks } from '../graph/joins.ts';
import { fitTransform, PanZoom, type Transform } from '../graph/pan-zoom.ts';
import type { GraphLayout } from '../graph/types.ts';
import { drawEdges, drawNodes, drawVms, nodeData, type DrawContext, type NodeDatum } from './draw.ts';
import { LabelLayer, type Focus, type LabelSizes } from './label-layer.ts';
import { flashClass, MotionLayer } from './motion-layer.ts';
import { NAME_BAND } from './input.ts';
import { Router } from './routes.ts';

/** Space kept around the graph when the camera is clamped to it, in pixels. */
const CAMERA_MARGIN = 24;

/** The least scale at which a name of `px` pixels fits a process's name band. */
export const readableScale = (px: number): number => (px * 1.3 + 4) / NAME_BAND;

/** Adds or removes a class only if that changes it (classList.add of a present class still writes). */
function setClass(el: Element, cls: string, on: boolean): void {
  if (el.classList.contains(cls) !== on) el.classList.toggle(cls, on);
}

const centreOf = (boxes: readonly { ax: number; ay: number; w: number; h: number }[]) => {
  const x0 = Math.min(...boxes.map((b) => b.ax));
  const y0 = Math.min(...boxes.map((b) => b.ay));
  const x1 = Math.max(...boxes.map((b) => b.ax + b.w));
  const y1 = Math.max(...boxes.map((b) => b.ay + b.h));
  return { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
};

const inView = (
  b: { ax: number; ay: number; w: number; h: number },
  t: Transform,
  width: number,
  height: number,
): boolean =>
  t.x + b.ax * t.k >= 0 &&
  t.y + b.ay * t.k >= 0 &&
  t.x + (b.ax + b.w) * t.k <= width &&
  t.y + (b.ay + b.h) * t.k <= height;

/** A translation along one axis that keeps the graph [b0, b0 + bw] on screen as much as it can. */
function clampAxis(t: number, b0: number, bw: number, size: number, k: number): number {
  if (bw * k + 2 * CAMERA_MARGIN <= size) return (size - bw * k) / 2 - b0 * k;
  return Math.min(CAMERA_MARGIN - b0 * k, Math.max(size - (b0 + bw) * k - CAMERA_MARGIN, t));
}

export interface StageData {
  readonly projection: Projection;
  readonly layout: GraphLayout | null;
  readonly stage: StageView | null;
  readonly selected: string | null;
  /** How long the step's motions take, in ms. */
  readonly durationMs: number;
  readonly sizes: LabelSizes;
  /** The processes of the focused conversation (others fade), or null. */
  readonly conversation: ReadonlySet<string> | null;
}

export interface StageCallbacks extends RendererCallbacks {
  readonly onToggle: (vm: string) => void;
  readonly onAnimating: (on: boolean) => void;
}

type Layer = Selection<SVGGElement, unknown, null, undefined>;

const NO_FOCUS: Focus & { edges: ReadonlySet<string> } = {
  actors: new Set(),
  selected: null,
  ports: new Set(),
  notes: [],
  edges: new Set(),
};

export class StageRenderer {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly layers: { vms: Layer; edges: Layer; nodes: Layer };
  private readonly motions: MotionLayer;
  private readonly labels: LabelLayer;
  private readonly panZoom: PanZoom;
  private readonly motion: Motion;
  private data: StageData | null = null;
  private drawnFor: Pick<StageData, 'projection' | 'layout' | 'selected'> | null = null;
  private drawn: { nodes: NodeDatum[]; vms: NodeDatum[] } = { nodes: [], vms: [] };
  private focus = NO_FOCUS;
  private playedFor: StageView | null = null;
  private boundsKey = '';
  private mode: 'auto' | 'whole' = 'auto';
  private labelFrame: number | null = null;
  /** Where the camera is gliding to (the labels are placed for the way there), and its number. */
  private glide: { readonly to: Transform; readonly id: number } | null = null;
  private glides = 0;

  constructor(
    svgEl: SVGSVGElement,
    private readonly cb: StageCallbacks,
  ) {
    this.motion = new Motion(!reducedMotion());
    this.svg = select(svgEl);
    this.svg.selectAll('*').remove();
    const viewport = this.svg.append('g').attr('class', 'st-viewport');
    this.layers = {
      vms: viewport.append('g').attr('class', 'st-vms'),
      edges: viewport.append('g').attr('class', 'st-edges'),
      nodes: viewport.append('g').attr('class', 'st-nodes'),
    };
    this.motions = new MotionLayer(viewport.append('g').attr('class', 'st-fx'), cb.onAnimating);
    this.labels = new LabelLayer(
      this.svg.append('g').attr('class', 'st-labels'),
      getComputedStyle(svgEl).fontFamily,
    );
    this.panZoom = new PanZoom(svgEl, viewport.node()!, {
      straight: true,
      // A glide of the camera at one scale moves the labels' layer; they are placed at its end.
      onView: () => {
        if (this.glide === null || !this.labels.pan(this.panZoom.transform)) this.scheduleLabels();
      },
      track: (tr) => {
        const id = this.glides;
        tr.on('end.labels interrupt.labels', () => {
          if (this.glide?.id !== id) return;
          this.glide = null;
          this.scheduleLabels();
        });
      },
    });
  }

  get animates(): boolean {
    return this.motion.enabled;
  }

  /** Has the user panned or zoomed since the stage last fitted the graph? */
  get touched(): boolean {
    return this.panZoom.touched;
  }

  /** Shows the whole graph, and keeps showing it whole as it grows (until the user moves the view). */
  fit(animate = true): void {
    this.mode = 'whole';
    this.panZoom.fit(animate && this.motion.enabled);
  }

  /** Follows the step at a readable scale (the default), from now on. */
  followStep(): void {
    this.mode = 'auto';
    this.panZoom.touched = false;
    this.boundsKey = '';
    const layout = this.data?.layout;
    if (layout != null) this.follow(layout, true);
  }

  zoomBy(factor: number): void {
    this.panZoom.zoomBy(factor);
  }

  /** A new run: the next layout is fitted afresh. */
  refit(): void {
    this.panZoom.touched = false;
    this.mode = 'auto';
    this.boundsKey = '';
    this.motions.clear();
  }

  destroy(): void {
    if (this.labelFrame !== null) cancelAnimationFrame(this.labelFrame);
    this.motions.clear();
    this.panZoom.destroy();
    this.svg.selectAll('*').interrupt();
    this.svg.selectAll('*').remove();
  }

  update(data: StageData): void {
    this.data = data;
    const { layout, projection } = data;
    if (layout === null) {
      this.drawn = { nodes: [], vms: [] };
      this.drawnFor = null;
      for (const l of Object.values(this.layers)) l.selectAll('*').remove();
      this.motions.clear();
      this.labels.clear();
      return;
    }
    // Most steps change nothing drawn (the same projection, layout and selection): only what moves.
    const same =
      this.drawnFor !== null &&
      this.drawnFor.projection === projection &&
      this.drawnFor.layout === layout &&
      this.drawnFor.selected === data.selected;
    if (!same) {
      const ctx: DrawContext = {
        motion: this.motion,
        cb: this.cb,
        change: null,
        selected: data.selected,
        onToggle: this.cb.onToggle,
      };
      this.drawn = nodeData(projection, layout);
      drawVms(this.layers.vms, this.drawn.vms, ctx);
      drawEdges(this.layers.edges, projection.graph.edges, layout, ctx);
      drawNodes(this.layers.nodes, this.drawn.nodes, ctx);
      this.drawnFor = { projection, layout, selected: data.selected };
    }
    const router = new Router(projection, layout, (id) => this.edgeElement(id));
    this.focus = data.stage === null ? NO_FOCUS : router.focus(data.stage, data.selected);
    this.highlight(data);
    const stepped = data.stage !== this.playedFor;
    this.play(data, router);
    this.follow(layout, stepped);
    this.scheduleLabels();
    // The benchmarks and tests read which step the stage has drawn.
    if (data.stage !== null) this.svg.attr('data-cursor', data.stage.cursor);
  }

  private edgeElement(id: string): SVGPathElement | null {
    return this.layers.edges
      .selectAll<SVGPathElement, unknown>('path.st-edge')
      .filter(function () {
        return this.dataset.edge === id && !this.classList.contains('pg-exiting');
      })
      .node();
  }

  /**
   * The step's nodes, ports and edges bright; outside the focused conversation, faded. A class is
   * written only where it changes (a step changes a few elements of hundreds).
   */
  private highlight(data: StageData): void {
    const f = this.focus;
    const rep = (key: string) => data.projection.node(key) ?? key;
    const conv = data.conversation === null ? null : new Set([...data.conversation].map(rep));
    const svg = this.svg.node()!;
    setClass(svg, 'st-has-now', f.actors.size > 0);
    setClass(svg, 'st-focused', conv !== null);
    // Tests and tools read what the step involves, as drawn.
    const actors = [...f.actors].join(' ');
    if (svg.getAttribute('data-actors') !== actors) svg.setAttribute('data-actors', actors);
    this.layers.nodes.selectAll<SVGGElement, NodeDatum>('g.st-node').each(function (d) {
      setClass(this, 'st-now', f.actors.has(d.proc.key));
      setClass(this, 'st-faded', conv !== null && !conv.has(d.proc.key));
    });
    this.layers.nodes.selectAll<SVGGElement, { ep: { id: string } }>('g.st-port').each(function (p) {
      setClass(this, 'st-now', f.ports.has(p.ep.id));
    });
    this.layers.vms.selectAll<SVGGElement, NodeDatum>('g.st-vm').each(function (d) {
      setClass(this, 'st-now', f.actors.has(d.proc.key));
    });
    this.layers.edges.selectAll<SVGPathElement, { edge: { id: string } }>('path.st-edge').each(function (d) {
      setClass(this, 'st-now', f.edges.has(d.edge.id));
    });
  }

  private play(data: StageData, router: Router): void {
    const stage = data.stage;
    if (stage === null || stage === this.playedFor) return;
    this.playedFor = stage;
    const back = stage.from > stage.cursor;
    const crash = new Set(
      stage.motions.flatMap((m) => (m.kind === 'crash' ? [data.projection.node(m.proc)] : [])),
    );
    if (!back && crash.size > 0)
      this.layers.nodes.selectAll<SVGGElement, NodeDatum>('g.st-node').each(function (d) {
        if (crash.has(d.proc.key)) flashClass(this, 'st-crash-flash');
      });
    this.motions.play({
      motions: stage.motions,
      back,
      durationMs: data.durationMs,
      animate: this.motion.enabled && stage.move !== 'jump',
      route: (m) => router.route(m),
      flash: (vm) =>
        flashClass(
          this.layers.vms.select<SVGGElement>(`g.st-vm[data-key="${CSS.escape(vm)}"]`).node(),
          'st-cross-flash',
        ),
    });
  }

  /**
   * The camera, unless the user has moved the view: in 'whole' mode (Fit) the whole graph, fitted
   * again as it grows; in 'auto' mode the same when the names can be read at that scale, otherwise
   * the scale at which they can, centred on what the step involves (and following it).
   */
  private follow(layout: GraphLayout, stepped: boolean): void {
    this.panZoom.update(layout.bounds);
    if (this.panZoom.touched || layout.nodes.size <= 1) return;
    const { width, height } = this.panZoom.extent();
    if (width === 0 || height === 0) return;
    const b = layout.bounds;
    const boundsKey = `${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)},${width},${height}`;
    const grown = boundsKey !== this.boundsKey;
    const first = this.boundsKey === '';
    this.boundsKey = boundsKey;
    const whole = fitTransform(b, width, height);
    const kRead = readableScale(this.data?.sizes.name ?? 14);
    if (this.mode === 'whole' || whole.k >= kRead) {
      if (grown) this.show(whole, !first && this.motion.enabled);
      return;
    }
    const boxes = this.drawn.nodes.filter((d) => this.focus.actors.has(d.proc.key)).map((d) => d.box);
    const t = this.panZoom.transform;
    const seen = Math.abs(t.k - kRead) < 1e-3 && boxes.every((x) => inView(x, t, width, height));
    if (seen && !(stepped && first)) return;
    const c = boxes.length > 0 ? centreOf(boxes) : { x: b.x + b.w / 2, y: b.y + b.h / 2 };
    const x = clampAxis(width / 2 - c.x * kRead, b.x, b.w, width, kRead);
    const y = clampAxis(height / 2 - c.y * kRead, b.y, b.h, height, kRead);
    this.show({ k: kRead, x, y }, !first && this.motion.enabled);
  }

  private show(t: Transform, animate: boolean): void {
    this.glide = animate ? { to: t, id: ++this.glides } : null;
    this.panZoom.show(t, animate);
  }

  /** Re-places the labels at the next animation frame (once, however many moves came before). */
  private scheduleLabels(): void {
    if (this.labelFrame !== null) return;
    this.labelFrame = requestAnimationFrame(() => {
      this.labelFrame = null;
      this.drawLabels();
    });
  }

  private drawLabels(): void {
    const data = this.data;
    if (data === null || data.layout === null) return;
    const { width, height } = this.panZoom.extent();
    this.labels.draw(
      {
        nodes: this.drawn.nodes,
        vms: this.drawn.vms,
        projection: data.projection,
        focus: this.focus,
        sizes: data.sizes,
      },
      this.panZoom.transform,
      width,
      height,
      this.glide?.to ?? null,
    );
  }
}
