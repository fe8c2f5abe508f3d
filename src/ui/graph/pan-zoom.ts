/**
 * Pan and zoom for an SVG drawing: d3-zoom behind a small object (create, update, fit, destroy),
 * so React components never touch d3 directly.
 *
 * The transform is applied to `viewport` (a <g> inside `svg`). Wheel zooms, dragging the
 * background pans; double-click zoom is off (double clicks belong to the boxes). The view's size
 * is kept from a ResizeObserver, so asking what is in view never forces a layout.
 */
import {
  interpolate,
  select,
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type Selection,
  type Transition,
  type ZoomBehavior,
} from 'd3';

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

type SvgTransition = Transition<SVGSVGElement, unknown, null, undefined>;

export interface PanZoomOptions {
  /** After every pan or zoom, and when the view's size changes. */
  readonly onView?: () => void;
  /** Told of each animated pan or zoom (so the renderer knows when the drawing is still). */
  readonly track?: (t: SvgTransition) => void;
  /** Glides straight (d3's default flies: it zooms out on the way, even between views of one scale). */
  readonly straight?: boolean;
}

export class PanZoom {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly behavior: ZoomBehavior<SVGSVGElement, unknown>;
  private readonly resize: ResizeObserver | null;
  private readonly track: (t: SvgTransition) => void;
  private bounds: Bounds | null = null;
  private current: Transform = { x: 0, y: 0, k: 1 };
  /** The view's size as last observed (null: not yet). */
  private size: { readonly width: number; readonly height: number } | null = null;
  /** Has the user panned or zoomed (with the pointer or wheel) since the last fit? */
  touched = false;

  constructor(svgEl: SVGSVGElement, viewport: SVGGElement, o: PanZoomOptions = {}) {
    const { onView } = o;
    this.track = o.track ?? (() => {});
    this.svg = select(svgEl);
    this.resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver((entries) => {
            const r = entries[entries.length - 1]!.contentRect;
            this.size = { width: r.width, height: r.height };
            onView?.();
          })
        : null;
    this.resize?.observe(svgEl);
    const vp = select(viewport);
    this.behavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      // d3's default extent reads the SVG's width and height, which forces a layout.
      .extent(() => {
        const size = this.viewSize();
        return [
          [0, 0],
          [size?.width ?? 0, size?.height ?? 0],
        ];
      })
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
        if (event.sourceEvent !== null && event.sourceEvent !== undefined) this.touched = true;
        vp.attr('transform', event.transform.toString());
        this.current = { x: event.transform.x, y: event.transform.y, k: event.transform.k };
        onView?.();
      });
    if (o.straight === true) this.behavior.interpolate(interpolate);
    this.svg.call(this.behavior).on('dblclick.zoom', null);
  }

  /** Tells the pan-zoom what the drawing covers (used by fit). */
  update(bounds: Bounds): void {
    this.bounds = bounds;
  }

  get transform(): Transform {
    return this.current;
  }

  /** The view's size: observed, or measured once if the observer has not reported yet. */
  private viewSize(): { readonly width: number; readonly height: number } | null {
    if (this.size !== null) return this.size;
    const el = this.svg.node();
    if (el === null) return null;
    const { width, height } = el.getBoundingClientRect();
    if (this.resize === null) return { width, height };
    this.size = { width, height };
    return this.size;
  }

  /** The part of the drawing in view, in drawing coordinates. */
  visible(): Bounds | null {
    const size = this.viewSize();
    if (size === null) return null;
    const t = this.current;
    return { x: -t.x / t.k, y: -t.y / t.k, w: size.width / t.k, h: size.height / t.k };
  }

  private animated(ms: number): SvgTransition {
    const t = this.svg.transition().duration(ms);
    this.track(t);
    return t;
  }

  /** Shows the whole drawing. */
  fit(animate = true): void {
    if (this.bounds === null) return;
    const size = this.viewSize();
    if (size === null) return;
    const { width, height } = size;
    if (width === 0 || height === 0) return;
    const t = fitTransform(this.bounds, width, height);
    this.touched = false;
    const target = zoomIdentity.translate(t.x, t.y).scale(t.k);
    if (animate) this.animated(350).call(this.behavior.transform, target);
    else this.svg.call(this.behavior.transform, target);
  }

  /** Shows the drawing under transform `t` (a view chosen by the program: it leaves `touched` as it is). */
  show(t: Transform, animate = true): void {
    const target = zoomIdentity.translate(t.x, t.y).scale(t.k);
    if (animate) this.animated(350).call(this.behavior.transform, target);
    else this.svg.call(this.behavior.transform, target);
  }

  /** The view's size in pixels (0 × 0 before it is known). */
  extent(): { readonly width: number; readonly height: number } {
    return this.viewSize() ?? { width: 0, height: 0 };
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
    if (animate) this.animated(350).call(this.behavior.translateTo, cx, cy);
    else this.svg.call(this.behavior.translateTo, cx, cy);
  }

  zoomBy(factor: number): void {
    this.animated(200).call(this.behavior.scaleBy, factor);
  }

  destroy(): void {
    this.resize?.disconnect();
    this.svg.interrupt();
    this.svg.on('.zoom', null);
  }
}
