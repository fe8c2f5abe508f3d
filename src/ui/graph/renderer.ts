/**
 * Draws a laid-out presence graph into an SVG with d3, behind a small object (update/fit/destroy).
 *
 * Layers, bottom to top: VM containers (with their boundary ports), edges, process boxes (with an
 * endpoint row and a port per endpoint). Every element is keyed by its stable id, so an update only
 * touches what changed:
 *   - enter: fades in; if the current step added it, it pulses (CSS animation, class pg-fresh)
 *   - exit:  fades out where it last was, then is removed
 *   - move:  a box whose layout position changed glides there (rare: the stabiliser keeps boxes put)
 * Colours and highlights (live edges, selection) are plain class changes and never need a layout.
 * An element without a position in the current layout (new, the layout is still running) waits
 * for the next layout.
 */
import { select, type Selection } from 'd3';
import type {
  GraphChange,
  GraphEdge,
  GraphEndpoint,
  GraphProcess,
  PresenceGraph,
} from '../../debugger/views/graph.ts';
import { PROC_HEAD, ROW } from './geometry.ts';
import { GROUND } from './input.ts';
import { PanZoom } from './pan-zoom.ts';
import type { GraphLayout, NodeBox, PortPos } from './types.ts';

const FADE_IN_MS = 350;
const FADE_OUT_MS = 700;
const MOVE_MS = 300;
/** Characters that fit in a row and in a title (monospace at 11 px). */
const NAME_CHARS = 16;
const TOPIC_CHARS = 28;
const TITLE_CHARS = 36;

export interface RenderData {
  readonly graph: PresenceGraph;
  readonly layout: GraphLayout | null;
  readonly change: GraphChange | null;
  readonly selected: string | null;
}

export interface HoverInfo {
  readonly title: string;
  readonly lines: readonly string[];
  /** Client coordinates of the pointer. */
  readonly x: number;
  readonly y: number;
}

export interface RendererCallbacks {
  readonly onSelect: (processKey: string) => void;
  readonly onHover: (info: HoverInfo | null) => void;
  /** How many process boxes are out of view (after each update, pan or zoom). */
  readonly onHidden?: (count: number) => void;
}

type G<D> = Selection<SVGGElement, D, SVGGElement, unknown>;

const EMPTY: GraphLayout = {
  key: '',
  generation: 0,
  engine: 'local',
  ms: 0,
  nodes: new Map(),
  ports: new Map(),
  bounds: { x: 0, y: 0, w: 0, h: 0 },
};

interface VmDatum {
  readonly box: NodeBox;
  readonly proc: GraphProcess | null;
  readonly ports: readonly { readonly ep: GraphEndpoint; readonly at: PortPos; readonly index: number }[];
}

interface ProcDatum {
  readonly box: NodeBox;
  readonly proc: GraphProcess;
  readonly rows: readonly { readonly ep: GraphEndpoint; readonly y: number }[];
}

interface EdgeDatum {
  readonly edge: GraphEdge;
  readonly d: string;
}

export function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/**
 * The edge's curve: it leaves the publisher's port rightwards and enters the subscriber's from the
 * left. A backward edge (subscriber left of the publisher) bends only a little, so it does not
 * swing far outside the drawing.
 */
export function edgePath(a: { ax: number; ay: number }, b: { ax: number; ay: number }): string {
  const dx = b.ax - a.ax;
  const bend = dx >= 0 ? Math.max(36, dx / 2) : Math.min(120, 40 + -dx / 8);
  const f = (n: number) => n.toFixed(1);
  return `M${f(a.ax)},${f(a.ay)} C${f(a.ax + bend)},${f(a.ay)} ${f(b.ax - bend)},${f(b.ay)} ${f(b.ax)},${f(b.ay)}`;
}

function epClasses(ep: GraphEndpoint, fresh: boolean): string {
  return [
    'pg-ep',
    `pg-${ep.orientation}`,
    `pg-${ep.interest}`,
    ep.meta ? 'pg-meta' : '',
    fresh ? 'pg-fresh' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function glyph(ep: GraphEndpoint): string {
  return `${ep.orientation === 'publisher' ? '▲' : '▼'}${ep.meta ? '⇡' : ''}`;
}

function visibility(e: GraphEdge): string {
  if (e.kind === 'relay') return 'relay: the VM carries this at-meta-level endpoint to its own VM';
  if (e.pubSeesSub && e.subSeesPub) return 'both sides are told of each other (carries presence)';
  if (e.pubSeesSub) return 'only the publisher is told (the subscriber observes unseen)';
  if (e.subSeesPub) return 'only the subscriber is told (the publisher observes unseen)';
  return 'neither side is told (both observe)';
}

function endpointHover(ep: GraphEndpoint, ev: MouseEvent): HoverInfo {
  return {
    title: `${ep.orientation} · ${ep.interest}${ep.meta ? ' · at meta level' : ''}`,
    lines: [`endpoint ${ep.name} of p${ep.proc}`, `topic ${ep.topic}`],
    x: ev.clientX,
    y: ev.clientY,
  };
}

function edgeHover(e: GraphEdge, ev: MouseEvent): HoverInfo {
  return {
    title: e.kind === 'relay' ? 'relay edge' : e.live ? 'overlap carrying presence' : 'overlap (silent)',
    lines: [`${e.publisher} → ${e.subscriber}`, `intersection ${e.intersection}`, visibility(e)],
    x: ev.clientX,
    y: ev.clientY,
  };
}

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class GraphRenderer {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly vmLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly edgeLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly procLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly panZoom: PanZoom;
  private readonly cb: RendererCallbacks;
  private readonly motion: boolean;
  private fitted = false;
  private boxes: readonly NodeBox[] = [];
  private lastSelected: string | null = null;
  private hiddenFrame: number | null = null;

  constructor(svgEl: SVGSVGElement, cb: RendererCallbacks) {
    this.cb = cb;
    this.motion = !reducedMotion();
    this.svg = select(svgEl);
    this.svg.selectAll('*').remove();
    const defs = this.svg.append('defs');
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
    const viewport = this.svg.append('g').attr('class', 'pg-viewport');
    this.vmLayer = viewport.append('g').attr('class', 'pg-vms');
    this.edgeLayer = viewport.append('g').attr('class', 'pg-edges');
    this.procLayer = viewport.append('g').attr('class', 'pg-procs');
    this.panZoom = new PanZoom(svgEl, viewport.node()!, () => this.countHidden());
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
    this.panZoom.fit(animate && this.motion);
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
      // A new run whose first layout is not ready: what was drawn fades away.
      this.drawVms(EMPTY, new Map(), null, null);
      this.drawEdges(graph, EMPTY, null, new Set());
      this.drawProcs(graph, EMPTY, null, null);
      this.boxes = [];
      return;
    }
    const procs = new Map(graph.processes.map((p) => [p.key, p]));
    const selectedPorts = new Set(procs.get(selected ?? '')?.endpoints.map((e) => e.id) ?? []);
    this.drawVms(layout, procs, change, selected);
    this.drawEdges(graph, layout, change, selectedPorts);
    this.drawProcs(graph, layout, change, selected);
    this.panZoom.update(layout.bounds);
    this.boxes = graph.processes.flatMap((p) => {
      const b = layout.nodes.get(p.key);
      return b === undefined || p.isVm ? [] : [b];
    });
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
      if (box !== undefined) this.panZoom.reveal(box, this.motion);
    }
    this.countHidden();
  }

  private fadeIn<E extends Element, D>(sel: Selection<E, D, SVGGElement, unknown>): Selection<E, D, SVGGElement, unknown> {
    if (this.motion) sel.style('opacity', 0).transition('fade').duration(FADE_IN_MS).style('opacity', 1);
    return sel;
  }

  private fadeOut<E extends Element, D>(sel: Selection<E, D, SVGGElement, unknown>): Selection<E, D, SVGGElement, unknown> {
    sel.classed('pg-exiting', true).attr('aria-hidden', 'true').attr('tabindex', null).attr('role', null);
    if (!this.motion) sel.remove();
    else sel.interrupt('fade').transition('fade').duration(FADE_OUT_MS).style('opacity', 0).remove();
    return sel;
  }

  /** Something that was leaving is back (the user stepped back): stop its exit. */
  private revive<E extends Element, D>(sel: Selection<E, D, SVGGElement, unknown>): Selection<E, D, SVGGElement, unknown> {
    const leaving = sel.filter('.pg-exiting');
    if (!leaving.empty()) leaving.interrupt('fade').classed('pg-exiting', false).attr('aria-hidden', null).style('opacity', 1);
    return sel;
  }

  /** Moves a box to (x, y), gliding if it was somewhere else already. */
  private moveTo<D>(sel: G<D>, at: (d: D) => string): void {
    sel.each((d, i, nodes) => {
      const el = nodes[i]!;
      const next = at(d);
      const now = el.getAttribute('transform');
      if (now === next) return;
      if (now === null || !this.motion) el.setAttribute('transform', next);
      else select(el).transition('move').duration(MOVE_MS).attr('transform', next);
    });
  }

  private drawVms(
    layout: GraphLayout,
    procs: ReadonlyMap<string, GraphProcess>,
    change: GraphChange | null,
    selected: string | null,
  ): void {
    const data: VmDatum[] = [];
    for (const box of layout.nodes.values()) {
      if (box.kind !== 'vm') continue;
      const proc = box.id === GROUND ? null : (procs.get(box.id) ?? null);
      if (box.id !== GROUND && proc === null) continue;
      const counts = { WEST: 0, EAST: 0 };
      const ports = (proc?.endpoints ?? []).flatMap((ep) => {
        const at = layout.ports.get(ep.id);
        return at === undefined ? [] : [{ ep, at, index: counts[at.side]++ }];
      });
      data.push({ box, proc, ports });
    }
    data.sort((a, b) => depth(a.box, layout) - depth(b.box, layout));
    const fresh = change?.addedEndpoints;
    const sel = this.vmLayer
      .selectAll<SVGGElement, VmDatum>('g.pg-vm')
      .data(data, (d) => d.box.id)
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'pg-vm');
          g.append('rect').attr('class', 'pg-vm-frame').attr('rx', 10);
          g.append('text').attr('class', 'pg-vm-title').attr('x', 12).attr('y', 18);
          g.append('g').attr('class', 'pg-vm-ports');
          return this.fadeIn(g);
        },
        (update) => this.revive(update),
        (exit) => this.fadeOut(exit),
      );
    sel.order();
    sel
      .attr('data-key', (d) => d.box.id)
      .attr('data-x', (d) => d.box.ax.toFixed(1))
      .attr('data-y', (d) => d.box.ay.toFixed(1))
      .classed('pg-ground', (d) => d.proc === null)
      .classed('pg-selected', (d) => d.proc !== null && d.proc.key === selected);
    this.moveTo(sel, (d) => `translate(${d.box.ax.toFixed(1)},${d.box.ay.toFixed(1)})`);
    sel
      .select<SVGRectElement>('rect.pg-vm-frame')
      .attr('width', (d) => d.box.w)
      .attr('height', (d) => d.box.h);
    sel
      .select<SVGTextElement>('text.pg-vm-title')
      .text((d) =>
        d.proc === null ? 'ground VM' : `p${d.proc.key} ${clip(d.proc.name, TITLE_CHARS)} · nested VM`,
      );
    // A nested VM is its VM process: its box selects the process.
    sel
      .filter((d) => d.proc !== null)
      .attr('role', 'button')
      .attr('tabindex', 0)
      .attr('aria-label', (d) => `p${d.proc!.key} ${d.proc!.name} (nested VM)`)
      .attr('aria-pressed', (d) => String(d.proc!.key === selected))
      .on('click', (ev: MouseEvent, d) => {
        if (ev.defaultPrevented) return;
        ev.stopPropagation();
        this.cb.onSelect(d.proc!.key);
      })
      .on('keydown', (ev: KeyboardEvent, d) => {
        if (ev.key !== 'Enter' && ev.key !== ' ') return;
        ev.preventDefault();
        this.cb.onSelect(d.proc!.key);
      });

    sel
      .select<SVGGElement>('g.pg-vm-ports')
      .selectAll<SVGGElement, VmDatum['ports'][number]>('g.pg-vm-port')
      .data(
        (d) => d.ports,
        (p) => p.ep.id,
      )
      .join(
        (enter) => {
          const g = enter.append('g');
          g.append('rect').attr('x', -5).attr('y', -5).attr('width', 10).attr('height', 10).attr('rx', 2);
          g.append('text').attr('class', 'pg-port-label').attr('y', -7);
          return this.fadeIn(g);
        },
        (update) => this.revive(update),
        (exit) => this.fadeOut(exit),
      )
      .attr('class', (p) => `pg-vm-port ${epClasses(p.ep, fresh?.has(p.ep.id) ?? false)}`)
      .attr('data-endpoint', (p) => p.ep.id)
      .attr('transform', function (p) {
        const box = (select(this.parentNode as SVGGElement).datum() as VmDatum).box;
        return `translate(${(p.at.ax - box.ax).toFixed(1)},${(p.at.ay - box.ay).toFixed(1)})`;
      })
      .on('mouseenter mousemove', (ev: MouseEvent, p) => this.cb.onHover(endpointHover(p.ep, ev)))
      .on('mouseleave', () => this.cb.onHover(null))
      .select<SVGTextElement>('text')
      .attr('x', (p) => (p.at.side === 'EAST' ? 8 : -8))
      .attr('text-anchor', (p) => (p.at.side === 'EAST' ? 'start' : 'end'))
      .text((p) => `${glyph(p.ep)} ${clip(p.ep.name, NAME_CHARS)}`);
  }

  private drawEdges(
    graph: PresenceGraph,
    layout: GraphLayout,
    change: GraphChange | null,
    selectedPorts: ReadonlySet<string>,
  ): void {
    const data: EdgeDatum[] = [];
    for (const edge of graph.edges) {
      const a = layout.ports.get(edge.publisher);
      const b = layout.ports.get(edge.subscriber);
      if (a === undefined || b === undefined) continue;
      data.push({ edge, d: edgePath(a, b) });
    }
    const fresh = change?.addedEdges;
    const sel = this.edgeLayer
      .selectAll<SVGGElement, EdgeDatum>('g.pg-edge')
      .data(data, (d) => d.edge.id)
      .join(
        (enter) => {
          const g = enter.append('g');
          g.append('path').attr('class', 'pg-edge-hit');
          g.append('path').attr('class', 'pg-edge-line');
          return this.fadeIn(g);
        },
        (update) => this.revive(update),
        (exit) => this.fadeOut(exit),
      );
    sel
      .attr('class', (d) => {
        const e = d.edge;
        const oneWay = e.kind === 'overlap' && e.pubSeesSub !== e.subSeesPub;
        return [
          'pg-edge',
          `pg-${e.kind}`,
          e.live ? 'pg-live' : 'pg-silent',
          oneWay ? 'pg-one-way' : '',
          fresh?.has(e.id) ? 'pg-fresh' : '',
          selectedPorts.has(e.publisher) || selectedPorts.has(e.subscriber) ? 'pg-near' : '',
        ]
          .filter(Boolean)
          .join(' ');
      })
      .attr('data-edge', (d) => d.edge.id)
      .attr('data-publisher', (d) => d.edge.publisher)
      .attr('data-subscriber', (d) => d.edge.subscriber)
      .on('mouseenter mousemove', (ev: MouseEvent, d) => this.cb.onHover(edgeHover(d.edge, ev)))
      .on('mouseleave', () => this.cb.onHover(null));
    sel.selectAll<SVGPathElement, EdgeDatum>('path').attr('d', (d) => d.d);
    const marker = (d: EdgeDatum) => (d.edge.live ? 'url(#pg-told-live)' : 'url(#pg-told)');
    sel
      .select<SVGPathElement>('path.pg-edge-line')
      .attr('marker-start', (d) => (d.edge.kind === 'overlap' && d.edge.pubSeesSub ? marker(d) : null))
      .attr('marker-end', (d) => (d.edge.kind === 'overlap' && d.edge.subSeesPub ? marker(d) : null));
  }

  private drawProcs(
    graph: PresenceGraph,
    layout: GraphLayout,
    change: GraphChange | null,
    selected: string | null,
  ): void {
    const data: ProcDatum[] = [];
    for (const proc of graph.processes) {
      if (proc.isVm) continue;
      const box = layout.nodes.get(proc.key);
      if (box === undefined) continue;
      const rows = proc.endpoints.flatMap((ep) => {
        const at = layout.ports.get(ep.id);
        return at === undefined ? [] : [{ ep, y: at.ay - box.ay - ROW / 2 }];
      });
      data.push({ box, proc, rows });
    }
    const fresh = change?.addedEndpoints;
    const sel = this.procLayer
      .selectAll<SVGGElement, ProcDatum>('g.pg-proc')
      .data(data, (d) => d.proc.key)
      .join(
        (enter) => {
          const g = enter.append('g').attr('class', 'pg-proc').attr('role', 'button').attr('tabindex', 0);
          g.append('rect').attr('class', 'pg-frame').attr('rx', 6);
          g.append('rect').attr('class', 'pg-head').attr('height', PROC_HEAD).attr('rx', 6);
          g.append('text').attr('class', 'pg-title').attr('x', 8).attr('y', 15);
          g.append('g').attr('class', 'pg-rows');
          return this.fadeIn(g);
        },
        (update) => this.revive(update),
        (exit) => this.fadeOut(exit),
      );
    sel
      .attr('data-key', (d) => d.proc.key)
      .attr('data-x', (d) => d.box.ax.toFixed(1))
      .attr('data-y', (d) => d.box.ay.toFixed(1))
      .attr('aria-label', (d) => `p${d.proc.key} ${d.proc.name}`)
      .attr('aria-pressed', (d) => String(d.proc.key === selected))
      .classed('pg-selected', (d) => d.proc.key === selected)
      .on('click', (ev: MouseEvent, d) => {
        if (ev.defaultPrevented) return;
        ev.stopPropagation();
        this.cb.onSelect(d.proc.key);
      })
      .on('keydown', (ev: KeyboardEvent, d) => {
        if (ev.key !== 'Enter' && ev.key !== ' ') return;
        ev.preventDefault();
        this.cb.onSelect(d.proc.key);
      });
    this.moveTo(sel, (d) => `translate(${d.box.ax.toFixed(1)},${d.box.ay.toFixed(1)})`);
    sel
      .select<SVGRectElement>('rect.pg-frame')
      .attr('width', (d) => d.box.w)
      .attr('height', (d) => d.box.h);
    sel.select<SVGRectElement>('rect.pg-head').attr('width', (d) => d.box.w);
    sel
      .select<SVGTextElement>('text.pg-title')
      .text((d) => `p${d.proc.key} ${clip(d.proc.name, TITLE_CHARS)}`)
      .on('mouseenter mousemove', (ev: MouseEvent, d) =>
        this.cb.onHover({
          title: `p${d.proc.key} ${d.proc.name}`,
          lines: [
            `pid ${d.proc.pid} in ${d.proc.vm === GROUND ? 'the ground VM' : `VM p${d.proc.vm}`}`,
            `${d.proc.endpoints.length} endpoint${d.proc.endpoints.length === 1 ? '' : 's'}`,
          ],
          x: ev.clientX,
          y: ev.clientY,
        }),
      )
      .on('mouseleave', () => this.cb.onHover(null));

    sel
      .select<SVGGElement>('g.pg-rows')
      .selectAll<SVGGElement, ProcDatum['rows'][number]>('g.pg-ep')
      .data(
        (d) => d.rows,
        (r) => r.ep.id,
      )
      .join(
        (enter) => {
          const g = enter.append('g');
          g.append('rect')
            .attr('class', 'pg-row')
            .attr('x', 4)
            .attr('y', 1)
            .attr('height', ROW - 2)
            .attr('rx', 3);
          g.append('rect')
            .attr('class', 'pg-row-inner')
            .attr('x', 6.5)
            .attr('y', 3.5)
            .attr('height', ROW - 7)
            .attr('rx', 2);
          const t = g
            .append('text')
            .attr('x', 10)
            .attr('y', ROW - 5);
          t.append('tspan').attr('class', 'pg-ep-name');
          t.append('tspan').attr('class', 'pg-topic');
          g.append('circle')
            .attr('class', 'pg-port')
            .attr('r', 3.5)
            .attr('cy', ROW / 2);
          // Placed before fading in, so a new row does not glide from the top.
          g.attr('transform', (r) => `translate(0,${r.y.toFixed(1)})`);
          return this.fadeIn(g);
        },
        (update) => this.revive(update),
        (exit) => this.fadeOut(exit),
      )
      .attr('class', (r) => epClasses(r.ep, fresh?.has(r.ep.id) ?? false))
      .attr('data-endpoint', (r) => r.ep.id)
      .call((rows) => this.moveTo(rows, (r) => `translate(0,${r.y.toFixed(1)})`))
      .on('mouseenter mousemove', (ev: MouseEvent, r) => this.cb.onHover(endpointHover(r.ep, ev)))
      .on('mouseleave', () => this.cb.onHover(null))
      .each(function (r) {
        const g = select(this);
        const w = (select(this.parentNode as SVGGElement).datum() as ProcDatum).box.w;
        g.selectAll('rect.pg-row').attr('width', w - 8);
        g.selectAll('rect.pg-row-inner').attr('width', w - 13);
        g.select('circle.pg-port').attr('cx', r.ep.orientation === 'publisher' ? w : 0);
        g.select('tspan.pg-ep-name').text(`${glyph(r.ep)} ${clip(r.ep.name, NAME_CHARS)} `);
        g.select('tspan.pg-topic').text(clip(r.ep.topic, TOPIC_CHARS));
      });
  }
}

function depth(box: NodeBox, layout: GraphLayout): number {
  let n = 0;
  for (let p = box.parent; p !== null; p = layout.nodes.get(p)?.parent ?? null) n++;
  return n;
}
