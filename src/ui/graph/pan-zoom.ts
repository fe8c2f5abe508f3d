/**
 * Pan and zoom for an SVG drawing: d3-zoom behind a small object (create, update, fit, destroy),
 * so React components never touch d3 directly.
 *
 * The transform is applied to `viewport` (a <g> inside `svg`). Wheel zooms, dragging the
 * background pans; double-click zoom is off (double clicks belong to the boxes).
 */
import { select, zoom, zoomIdentity, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 3;
/** Fitting never enlarges a small drawing beyond this scale. */
const FIT_MAX_SCALE = 1.25;
const FIT_MARGIN = 16;

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** The transform that shows `bounds` centred in a `width` × `height` view. */
export function fitTransform(bounds: Bounds, width: number, height: number): Transform {
  const w = Math.max(1, bounds.w);
  const h = Math.max(1, bounds.h);
  const k = Math.max(
    MIN_SCALE,
    Math.min(FIT_MAX_SCALE, (width - 2 * FIT_MARGIN) / w, (height - 2 * FIT_MARGIN) / h),
  );
  return { k, x: (width - w * k) / 2 - bounds.x * k, y: (height - h * k) / 2 - bounds.y * k };
}

export class PanZoom {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly behavior: ZoomBehavior<SVGSVGElement, unknown>;
  private bounds: Bounds | null = null;
  private current: Transform = { x: 0, y: 0, k: 1 };
  /** Has the user panned or zoomed (with the pointer or wheel) since the last fit? */
  touched = false;

  constructor(svgEl: SVGSVGElement, viewport: SVGGElement, onZoom?: (t: Transform) => void) {
    this.svg = select(svgEl);
    const vp = select(viewport);
    this.behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
        if (event.sourceEvent !== null && event.sourceEvent !== undefined) this.touched = true;
        vp.attr('transform', event.transform.toString());
        this.current = { x: event.transform.x, y: event.transform.y, k: event.transform.k };
        onZoom?.({ x: event.transform.x, y: event.transform.y, k: event.transform.k });
      });
    this.svg.call(this.behavior).on('dblclick.zoom', null);
  }

  /** Tells the pan-zoom what the drawing covers (used by fit). */
  update(bounds: Bounds): void {
    this.bounds = bounds;
  }

  get transform(): Transform {
    return this.current;
  }

  /** The part of the drawing in view, in drawing coordinates. */
  visible(): Bounds | null {
    const el = this.svg.node();
    if (el === null) return null;
    const { width, height } = el.getBoundingClientRect();
    const t = this.current;
    return { x: -t.x / t.k, y: -t.y / t.k, w: width / t.k, h: height / t.k };
  }

  /** Shows the whole drawing. */
  fit(animate = true): void {
    if (this.bounds === null) return;
    const el = this.svg.node();
    if (el === null) return;
    const { width, height } = el.getBoundingClientRect();
    if (width === 0 || height === 0) return;
    const t = fitTransform(this.bounds, width, height);
    this.touched = false;
    const target = zoomIdentity.translate(t.x, t.y).scale(t.k);
    if (animate) this.svg.transition().duration(350).call(this.behavior.transform, target);
    else this.svg.call(this.behavior.transform, target);
  }

  /** Shows the drawing under transform `t` (a view chosen by the program: it leaves `touched` as it is). */
  show(t: Transform, animate = true): void {
    const target = zoomIdentity.translate(t.x, t.y).scale(t.k);
    if (animate) this.svg.transition().duration(350).call(this.behavior.transform, target);
    else this.svg.call(this.behavior.transform, target);
  }

  /** The view's size in pixels. */
  size(): { width: number; height: number } {
    const el = this.svg.node();
    if (el === null) return { width: 0, height: 0 };
    const { width, height } = el.getBoundingClientRect();
    return { width, height };
  }

  /** Pans (without zooming) so that `box` is in view, if it is not already. */
  reveal(box: { ax: number; ay: number; w: number; h: number }, animate = true): void {
    const v = this.visible();
    if (v === null || v.w === 0) return;
    const inside =
      box.ax >= v.x && box.ay >= v.y && box.ax + box.w <= v.x + v.w && box.ay + box.h <= v.y + v.h;
    if (inside) return;
    const cx = box.ax + box.w / 2;
    const cy = box.ay + box.h / 2;
    if (animate) this.svg.transition().duration(350).call(this.behavior.translateTo, cx, cy);
    else this.svg.call(this.behavior.translateTo, cx, cy);
  }

  zoomBy(factor: number): void {
    this.svg.transition().duration(200).call(this.behavior.scaleBy, factor);
  }

  destroy(): void {
    this.svg.interrupt();
    this.svg.on('.zoom', null);
  }
}
