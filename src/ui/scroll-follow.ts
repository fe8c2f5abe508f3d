/**
 * A scroll box that follows something (the cursor's row in the event log, the current event in
 * the sequence chart) without ever reading layout while React commits a frame.
 *
 * Data definition:
 *   ScrollBox = { top, left, width, height }: the box's scroll offsets and its client size (px),
 *               as last reported by a scroll event or its ResizeObserver (both come after the
 *               browser has laid the page out, so reading them there forces nothing)
 * Rule: when `key` changes (the followed thing moved), or the box is resized, `target(box)` says
 * where to scroll (null: it is in view already); the scroll is written in the next animation
 * frame, where the page is laid out anyway (writing scrollTop forces a layout), and the kept box
 * takes the target at once, until the scroll event reports where the box really is.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';

export interface ScrollBox {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export interface ScrollTarget {
  readonly top: number;
  readonly left: number;
}

/** `x` kept within [0, max] (a scroll offset the browser would accept). */
export const clampScroll = (x: number, max: number): number => Math.max(0, Math.min(x, max));

/**
 * The box for the element given the returned ref. `onBox` hears every new measure (it must not
 * change between renders: a setter, or a callback made once).
 */
export function useFollowScroll(
  key: string,
  target: (box: ScrollBox) => ScrollTarget | null,
  onBox?: (box: ScrollBox) => void,
): RefObject<HTMLDivElement | null> {
  const scroller = useRef<HTMLDivElement>(null);
  const targetRef = useRef(target);
  const follow = useRef(() => {});
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    let box: ScrollBox = { top: 0, left: 0, width: 0, height: 0 };
    let frame: number | null = null;
    const measure = () => {
      box = { top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight };
      onBox?.(box);
    };
    follow.current = () => {
      const to = box.height === 0 ? null : targetRef.current(box);
      if (to === null || (Math.round(to.top) === Math.round(box.top) && Math.round(to.left) === Math.round(box.left))) return;
      box = { ...box, ...to };
      if (frame !== null) cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = null;
        el.scrollTo(to.left, to.top);
      });
    };
    // Also the first measure: an observer reports an element's size once it starts observing it.
    const ro = new ResizeObserver(() => {
      measure();
      follow.current();
    });
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
      if (frame !== null) cancelAnimationFrame(frame);
      follow.current = () => {};
    };
  }, [onBox]);
  useLayoutEffect(() => {
    targetRef.current = target;
  });
  useLayoutEffect(() => {
    follow.current();
  }, [key]);
  return scroller;
}
