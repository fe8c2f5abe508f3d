/**
 * Scrolling one box, never the page: `scrollWithin(box, el)` moves `box`'s scrollTop just enough to
 * show `el` (its top, if it is taller than the box). For a row selected elsewhere (the VM tree) or
 * a part that takes focus (the tour's verdict, focused with preventScroll): scrollIntoView would
 * scroll every scrolling ancestor, the page too, and take the stage or the drawer's title away.
 */
export function scrollWithin(box: HTMLElement, el: HTMLElement): void {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < b.top) box.scrollTop -= b.top - r.top;
  else if (r.bottom > b.bottom) box.scrollTop += Math.min(r.bottom - b.bottom, r.top - b.top);
}
