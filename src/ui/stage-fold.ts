/**
 * The stage above the fold: outside the presenter view the stage's area is as tall as the viewport
 * below what is above it (the header, the two lines of the scenario's description, the transport,
 * notices), so at 1440×900 the whole stage shows without scrolling. The area's CSS height reads the
 * `--stage-top` this hook keeps (its distance from the top of the page) and clamps the result.
 */
import { useLayoutEffect, type RefObject } from 'react';

export function useStageAboveFold(ref: RefObject<HTMLElement | null>, on: boolean): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!on || el === null) return;
    const place = () => {
      const top = Math.round(el.getBoundingClientRect().top + window.scrollY);
      if (el.style.getPropertyValue('--stage-top') !== `${top}px`) el.style.setProperty('--stage-top', `${top}px`);
    };
    place();
    // Whatever above the stage changes height (a notice, the description opened, the tour beside
    // narrowing the page) resizes the workspace that holds it.
    const watch = new ResizeObserver(place);
    if (el.parentElement !== null) watch.observe(el.parentElement);
    window.addEventListener('resize', place);
    return () => {
      watch.disconnect();
      window.removeEventListener('resize', place);
      el.style.removeProperty('--stage-top');
    };
  }, [ref, on]);
}
