/**
 * The stage's labels, in screen space (level of detail): drawn outside the pan/zoom transform at a
 * fixed size (≥ 12 px; ≥ 16 px in the presenter view), re-placed whenever the view moves. A label
 * is shown only where it fits — a process's name in its name band, a port's name and topic in its
 * band (the topic shortened the same way everywhere, see stage-text.ts), a VM's title in its head —
 * and only where it overlaps no label of higher priority (place-labels.ts). What the current step
 * involves comes first and is shown whole: its endpoints' topics and its notes (an absence's or a
 * crash's reason) as callouts beside their nodes, kept off other nodes.
 */
import { select, type Selection } from 'd3';
import type { GraphEndpoint } from '../../debugger/views/graph.ts';
import type { Projection } from '../../debugger/views/stage-project.ts';
import type { Transform } from '../graph/pan-zoom.ts';
import type { NodeDatum } from './draw.ts';
import { PORT_R } from './draw.ts';
import { NAME_BAND, PORT_BAND } from './input.ts';
import { Measurer, nodeForms, portForms, portWhole } from './label-text.ts';
import { placeLabels, type Candidate, type Obstacle, type Rect } from './place-labels.ts';

/** Label sizes in CSS pixels: the stage's ordinary view and the presenter view. */
export interface LabelSizes {
  readonly label: number;
  readonly name: number;
}
export const NORMAL_SIZES: LabelSizes = { label: 13, name: 14 };
export const PRESENTER_SIZES: LabelSizes = { label: 16, name: 18 };

/** A line's height for a font size, and the padding inside a callout's background. */
const LINE = 1.3;
const PAD = 4;
/** A callout is at most this wide (px), or this share of the stage's width. */
const CALLOUT_W = 460;
const CALLOUT_SHARE = 0.45;
/** The VM container's title band (layout units; draw.ts draws it). */
const VM_HEAD_BAND = 30;

const PRIORITY = {
  note: 90,
  callout: 80,
  actorName: 60,
  selectedName: 55,
  vmTitle: 45,
  name: 40,
  actorPort: 30,
  port: 10,
} as const;

export interface Focus {
  /** Drawn node keys the current step involves. */
  readonly actors: ReadonlySet<string>;
  readonly selected: string | null;
  /** Drawn ports whose whole topic is shown (the current step's endpoints). */
  readonly ports: ReadonlySet<string>;
  /** Notes beside drawn nodes: an absence's or crash's reason. */
  readonly notes: readonly { readonly node: string; readonly text: string; readonly kind: string }[];
}

interface Shown {
  readonly id: string;
  readonly cls: string;
  readonly lines: readonly string[];
  readonly px: number;
  readonly bold: boolean;
  readonly anchor: 'start' | 'end';
  readonly bg: boolean;
  readonly title: string;
}

interface Planned extends Shown {
  readonly places: readonly Rect[];
  readonly priority: number;
  readonly owner: string | null;
  readonly avoid: boolean;
}

export interface LabelInput {
  readonly nodes: readonly NodeDatum[];
  readonly vms: readonly NodeDatum[];
  readonly projection: Projection;
  readonly focus: Focus;
  readonly sizes: LabelSizes;
}

/** Scales this close are one (a glide's frames compute theirs from the view's width). */
const sameScale = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * a;

const overlaps = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export class LabelLayer {
  private readonly measure: Measurer;
  /** The camera the labels were last placed for. */
  private placedAt: Transform | null = null;

  constructor(
    private readonly layer: Selection<SVGGElement, unknown, null, undefined>,
    family: string,
  ) {
    this.measure = new Measurer(family);
  }

  /**
   * Places and draws every label for the view `t` of a `width` × `height` stage, and — while the
   * camera glides at the same scale to `to` — for the views on the way there too (the glide then
   * only moves the layer: see pan).
   */
  draw(input: LabelInput, t: Transform, width: number, height: number, to: Transform | null = null): void {
    const s = new Screen(t);
    const view = viewOf(t, width, height, to !== null && sameScale(to.k, t.k) ? to : t);
    // Only what is on screen gets labels: the rest is not planned (nor measured) at all.
    const shown = (d: NodeDatum) => overlaps(s.box(d), view);
    const onScreen = input.nodes.filter(shown);
    const planned = [
      ...onScreen.flatMap((d) => this.nodeLabels(d, input, s)),
      ...input.vms.filter(shown).flatMap((d) => this.vmTitle(d, input, s)),
      ...this.callouts(input, s, width),
    ];
    const inView = (r: Rect) =>
      r.x >= view.x && r.y >= view.y && r.x + r.w <= view.x + view.w && r.y + r.h <= view.y + view.h;
    const candidates: Candidate[] = planned.map((p) => ({ ...p, places: p.places.filter(inView) }));
    const obstacles: Obstacle[] = onScreen.map((d) => ({ ...s.box(d), owner: d.proc.key }));
    const at = placeLabels(candidates, obstacles);
    this.placedAt = t;
    this.pan(t);
    this.render(planned.flatMap((p) => (at.has(p.id) ? [{ ...p, place: at.get(p.id)! }] : [])));
  }

  /**
   * Follows a pan of the camera without placing anything (the labels are placed relative to the
   * camera's translation); false when the scale changed (the labels must be placed again).
   */
  pan(t: Transform): boolean {
    if (this.placedAt === null || !sameScale(this.placedAt.k, t.k)) return false;
    const tr = `translate(${t.x.toFixed(2)},${t.y.toFixed(2)})`;
    const el = this.layer.node()!;
    if (el.getAttribute('transform') !== tr) el.setAttribute('transform', tr);
    return true;
  }

  clear(): void {
    this.placedAt = null;
    this.layer.selectAll('*').remove();
  }

  private nodeLabels(d: NodeDatum, input: LabelInput, s: Screen): Planned[] {
    const { sizes, focus, projection } = input;
    const key = d.proc.key;
    const b = s.box(d);
    const actor = focus.actors.has(key);
    const out: Planned[] = [];
    const lineH = sizes.name * LINE;
    const band = Math.min(b.h, NAME_BAND * s.k);
    const name = this.measure.fit(
      nodeForms(d.proc.name, d.kind, projection.members.get(key) ?? 1),
      sizes.name,
      b.w - 16,
      true,
    );
    if (name !== null) {
      const inside =
        band >= lineH ? [{ x: sticky(b, name.w, 8, s.left), y: b.y + (band - lineH) / 2, w: name.w, h: lineH }] : [];
      const above = actor ? [{ x: b.x, y: b.y - lineH - 3, w: name.w, h: lineH }] : [];
      const priority = actor
        ? PRIORITY.actorName
        : key === focus.selected
          ? PRIORITY.selectedName
          : PRIORITY.name;
      out.push({
        id: `n:${key}`,
        cls: `st-name st-name-${d.kind}`,
        lines: [name.text],
        px: sizes.name,
        bold: true,
        anchor: 'start',
        bg: false,
        title: d.proc.name,
        places: [...inside, ...above],
        priority,
        owner: key,
        avoid: inside.length === 0,
      });
    }
    if (PORT_BAND * s.k < sizes.label * LINE) return out;
    for (const p of d.ports) {
      if (focus.ports.has(p.ep.id)) continue;
      const l = this.portLabel(p.ep, s.point(p.at), b, sizes.label, actor);
      if (l !== null) out.push(l);
    }
    return out;
  }

  private portLabel(
    ep: GraphEndpoint,
    at: { x: number; y: number },
    b: Rect,
    px: number,
    actor: boolean,
  ): Planned | null {
    const inset = PORT_R * 1.4 + 4;
    const fit = this.measure.fit(portForms(ep), px, b.w - 2 * inset);
    if (fit === null) return null;
    const h = px * LINE;
    const pub = ep.orientation === 'publisher';
    const x = pub ? b.x + b.w - inset - fit.w : b.x + inset;
    return {
      id: `p:${ep.id}`,
      cls: `st-port-label st-${ep.orientation}`,
      lines: [fit.text],
      px,
      bold: false,
      anchor: 'start',
      bg: false,
      title: `${ep.name}: ${ep.topic}`,
      places: [{ x, y: at.y - h / 2, w: fit.w, h }],
      priority: actor ? PRIORITY.actorPort : PRIORITY.port,
      owner: ep.proc,
      avoid: false,
    };
  }

  private vmTitle(d: NodeDatum, input: LabelInput, s: Screen): Planned[] {
    const { sizes, projection } = input;
    const b = s.box(d);
    const fit = this.measure.fit(
      nodeForms(d.proc.name, 'vm', projection.members.get(d.proc.key) ?? 0),
      sizes.name,
      b.w - 20,
      true,
    );
    if (fit === null) return [];
    const h = sizes.name * LINE;
    const band = VM_HEAD_BAND * s.k;
    const inside = band >= h ? [{ x: sticky(b, fit.w, 10, s.left), y: b.y + (band - h) / 2, w: fit.w, h }] : [];
    return [
      {
        id: `v:${d.proc.key}`,
        cls: 'st-vm-title',
        lines: [fit.text],
        px: sizes.name,
        bold: true,
        anchor: 'start',
        bg: inside.length === 0,
        title: d.proc.name,
        places: [...inside, { x: b.x + 4, y: b.y - h - 4, w: fit.w, h }],
        priority: PRIORITY.vmTitle,
        owner: d.proc.key,
        avoid: true,
      },
    ];
  }

  /** The current step's endpoints, whole, and its notes: boxes beside their nodes. */
  private callouts(input: LabelInput, s: Screen, width: number): Planned[] {
    const max = Math.min(CALLOUT_W, width * CALLOUT_SHARE);
    const px = input.sizes.label;
    const out: Planned[] = [];
    const beside = (
      id: string,
      cls: string,
      text: string,
      d: NodeDatum,
      at: { x: number; y: number },
      priority: number,
    ) => {
      const { lines, w } = this.measure.wrap(text, px, max);
      const bw = w + 2 * PAD;
      const bh = lines.length * px * LINE + 2 * PAD;
      const b = s.box(d);
      const places = [
        { x: b.x + b.w + 12, y: at.y - bh / 2, w: bw, h: bh },
        { x: b.x - 12 - bw, y: at.y - bh / 2, w: bw, h: bh },
        { x: b.x, y: b.y + b.h + 6, w: bw, h: bh },
        { x: b.x, y: b.y - bh - 6, w: bw, h: bh },
      ];
      out.push({
        id,
        cls,
        lines,
        px,
        bold: false,
        anchor: 'start',
        bg: true,
        title: text,
        places,
        priority,
        owner: d.proc.key,
        avoid: true,
      });
    };
    const byKey = new Map(input.nodes.map((d) => [d.proc.key, d]));
    for (const d of input.nodes)
      for (const p of d.ports)
        if (input.focus.ports.has(p.ep.id))
          beside(`c:${p.ep.id}`, 'st-callout', portWhole(p.ep), d, s.point(p.at), PRIORITY.callout);
    input.focus.notes.forEach((n, i) => {
      const d = byKey.get(n.node);
      if (d !== undefined)
        beside(`note:${i}`, `st-note st-note-${n.kind}`, n.text, d, s.center(d), PRIORITY.note);
    });
    return out;
  }

  private render(labels: readonly Placed[]): void {
    this.layer
      .selectAll<SVGGElement, Placed>('g.st-lbl')
      .data(labels, (d) => d.id)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'st-lbl');
        e.append('title');
        e.append('rect').attr('class', 'st-lbl-bg').attr('rx', 4);
        e.append('text');
        return e;
      })
      .each(function (d) {
        // Most labels are where they were: only what changed is written to the DOM.
        const key = `${d.place.x},${d.place.y},${d.place.w},${d.px},${d.cls},${d.lines.join('\n')}`;
        const el = this as SVGGElement & { stageKey?: string };
        if (el.stageKey === key) return;
        el.stageKey = key;
        drawLabel(select(el), d);
      });
  }
}

type Placed = Shown & { place: Rect };

function drawLabel(g: Selection<SVGGElement, Placed, null, undefined>, d: Placed): void {
  g.attr('data-label', d.id);
  g.select('title').text(d.title);
  g.select('rect.st-lbl-bg')
    .attr('display', d.bg ? 'inline' : 'none')
    .attr('x', d.place.x)
    .attr('y', d.place.y)
    .attr('width', d.place.w)
    .attr('height', d.place.h);
  const pad = d.bg ? PAD : 0;
  g.select('text')
    .attr('class', `st-label ${d.cls}`)
    .style('font-size', `${d.px}px`)
    .style('font-weight', d.bold ? 'bold' : 'normal')
    .selectAll('tspan')
    .data(d.lines)
    .join('tspan')
    .attr('x', d.place.x + pad)
    .attr('y', (_l, i) => d.place.y + pad + d.px * (LINE * i + 1.02))
    .text((l) => l);
}

/**
 * Where a title starts in box `b`: `pad` in from its left edge, or, when that edge is off screen,
 * at the screen's edge while the title still fits in the box (so a wide container keeps its title).
 */
function sticky(b: Rect, w: number, pad: number, left: number): number {
  return Math.max(b.x + pad, Math.min(left + pad, b.x + b.w - w - pad));
}

/**
 * Layout → label coordinates under a pan/zoom transform: screen pixels less the camera's
 * translation (the label layer is translated by it), so a pan moves the layer, not the labels.
 */
class Screen {
  constructor(private readonly t: Transform) {}

  get k(): number {
    return this.t.k;
  }

  /** The screen's left edge. */
  get left(): number {
    return -this.t.x;
  }

  point(p: { ax: number; ay: number }): { x: number; y: number } {
    return { x: p.ax * this.t.k, y: p.ay * this.t.k };
  }

  box(d: NodeDatum): Rect {
    const p = this.point(d.box);
    return { x: p.x, y: p.y, w: d.box.w * this.t.k, h: d.box.h * this.t.k };
  }

  center(d: NodeDatum): { x: number; y: number } {
    const b = this.box(d);
    return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  }
}

/** The screen of camera `t`, and of camera `to` (same scale), in label coordinates: their bounding box. */
function viewOf(t: Transform, width: number, height: number, to: Transform): Rect {
  const x = -Math.max(t.x, to.x);
  const y = -Math.max(t.y, to.y);
  return { x, y, w: width + Math.abs(t.x - to.x), h: height + Math.abs(t.y - to.y) };
}
