/**
 * What the renderer's d3 joins share: the context they draw in, and how their elements enter,
 * leave and move (see renderer.ts):
 *   - enter: fades in
 *   - exit:  fades out where it last was, then is removed; an element that comes back while
 *            leaving (the user stepped back) is revived
 *   - move:  glides to its new position
 * With reduced motion, and in an update that changes much at once, all of it is immediate. Motion counts the transitions it runs (and those it
 * is given to track), and says when the drawing starts and stops moving.
 */
import { select, type BaseType, type Selection, type Transition } from 'd3';
import type { GraphChange } from '../../debugger/views/graph.ts';
import type { HoverInfo } from './labels.ts';

const FADE_IN_MS = 350;
const FADE_OUT_MS = 700;
const MOVE_MS = 300;

/** The elements of one join, under a layer or a box. */
export type G<D> = Selection<SVGGElement, D, SVGGElement, unknown>;
/** A layer of the drawing (VMs, edges, processes): the parent of one top-level join. */
export type Layer = Selection<SVGGElement, unknown, null, undefined>;

export interface RendererCallbacks {
  readonly onSelect: (processKey: string) => void;
  readonly onHover: (info: HoverInfo | null) => void;
  /** How many process boxes are out of view (after each update, pan or zoom). */
  readonly onHidden?: (count: number) => void;
}

/** What one update draws with. */
export interface JoinContext {
  readonly motion: Motion;
  readonly cb: RendererCallbacks;
  /** What the current step changed: its new endpoints and edges pulse (class pg-fresh). */
  readonly change: GraphChange | null;
  readonly selected: string | null;
}

export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class Motion {
  /** Elements whose transition has neither ended nor been interrupted or cancelled. */
  private running = 0;
  /** This update changes too much to animate (see renderer.ts): it is drawn at once. */
  quiet = false;

  /** `onMoving(true)` when a first transition starts, `onMoving(false)` when the last one is over. */
  constructor(
    readonly enabled: boolean,
    private readonly onMoving: (moving: boolean) => void = () => {},
  ) {}

  private get animates(): boolean {
    return this.enabled && !this.quiet;
  }

  /** Counts each element of `t` as moving until its transition is over, however it ends. */
  track<E extends BaseType, D, P extends BaseType, PD>(t: Transition<E, D, P, PD>): Transition<E, D, P, PD> {
    const n = t.size();
    if (n === 0) return t;
    if (this.running === 0) this.onMoving(true);
    this.running += n;
    return t.on('end.motion interrupt.motion cancel.motion', () => {
      this.running--;
      if (this.running === 0) this.onMoving(false);
    });
  }

  fadeIn<E extends Element, D>(
    sel: Selection<E, D, SVGGElement, unknown>,
  ): Selection<E, D, SVGGElement, unknown> {
    if (this.animates) this.track(sel.style('opacity', 0).transition('fade').duration(FADE_IN_MS).style('opacity', 1));
    return sel;
  }

  /** Starts the exit of what is not leaving already (an exit restarted on every update never ends). */
  fadeOut<E extends Element, D>(
    sel: Selection<E, D, SVGGElement, unknown>,
  ): Selection<E, D, SVGGElement, unknown> {
    const leaving = sel.filter(':not(.pg-exiting)');
    leaving.classed('pg-exiting', true).attr('aria-hidden', 'true').attr('tabindex', null).attr('role', null);
    if (!this.animates) leaving.remove();
    else this.track(leaving.interrupt('fade').transition('fade').duration(FADE_OUT_MS).style('opacity', 0).remove());
    return sel;
  }

  /** Something that was leaving is back (the user stepped back): stop its exit. */
  revive<E extends Element, D>(
    sel: Selection<E, D, SVGGElement, unknown>,
  ): Selection<E, D, SVGGElement, unknown> {
    const leaving = sel.filter('.pg-exiting');
    if (!leaving.empty())
      leaving.interrupt('fade').classed('pg-exiting', false).attr('aria-hidden', null).style('opacity', 1);
    return sel;
  }

  /** Puts new boxes where they grow out of (moveTo then glides them to their place); without motion, nowhere. */
  startAt<D>(sel: G<D>, from: (d: D) => string | null): void {
    if (this.animates) sel.attr('transform', from);
  }

  /** Moves a box to (x, y), gliding if it was somewhere else already. */
  moveTo<D>(sel: G<D>, at: (d: D) => string): void {
    sel.each((d, i, nodes) => {
      const el = nodes[i]!;
      const next = at(d);
      const now = el.getAttribute('transform');
      if (now === next) return;
      if (now === null || !this.animates) el.setAttribute('transform', next);
      else this.track(select(el).transition('move').duration(MOVE_MS).attr('transform', next));
    });
  }
}

/** A box that selects its process on click, Enter or Space (a click that panned does not count). */
export function selectsProcess<D>(sel: G<D>, key: (d: D) => string, onSelect: (key: string) => void): G<D> {
  return sel
    .on('click', (ev: MouseEvent, d) => {
      if (ev.defaultPrevented) return;
      ev.stopPropagation();
      onSelect(key(d));
    })
    .on('keydown', (ev: KeyboardEvent, d) => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
      onSelect(key(d));
    });
}

/** The translate() that puts a box at its absolute position. */
export const translateTo = (box: { readonly ax: number; readonly ay: number }): string =>
  `translate(${box.ax.toFixed(1)},${box.ay.toFixed(1)})`;
