/**
 * DOM writes that touch an element only where the value changed. Writing an SVG attribute or a
 * text with the value it already has still invalidates style and layout (a text is even replaced
 * by a new node, which the browser must shape again), so a redraw that rewrote every box cost a
 * full layout of the graph on every step. Reading an attribute or a text never forces a layout.
 */
import type { BaseType, Selection } from 'd3';

type Sel<E extends Element, D, P extends BaseType, PD> = Selection<E, D, P, PD>;

/** Sets attribute `name` of `el` to `value` (null: removes it), if it differs. */
export function writeAttr(el: Element | null, name: string, value: string | number | null): void {
  if (el === null) return;
  const next = value === null ? null : String(value);
  if (el.getAttribute(name) === next) return;
  if (next === null) el.removeAttribute(name);
  else el.setAttribute(name, next);
}

/** Sets the text of `el` to `value`, if it differs. */
export function writeText(el: Element | null, value: string): void {
  if (el !== null && el.textContent !== value) el.textContent = value;
}

/** Sets attribute `name` to `value(d)` (null: removes it) on each element where it differs. */
export function setAttr<E extends Element, D, P extends BaseType, PD>(
  sel: Sel<E, D, P, PD>,
  name: string,
  value: (d: D) => string | number | null,
): Sel<E, D, P, PD> {
  return sel.each((d, i, nodes) => writeAttr(nodes[i]!, name, value(d)));
}

/** Sets each element's text to `value(d)` where it differs. */
export function setText<E extends Element, D, P extends BaseType, PD>(
  sel: Sel<E, D, P, PD>,
  value: (d: D) => string,
): Sel<E, D, P, PD> {
  return sel.each((d, i, nodes) => writeText(nodes[i]!, value(d)));
}

/** Adds or removes class `name` on each element where that changes something. */
export function setClass<E extends Element, D, P extends BaseType, PD>(
  sel: Sel<E, D, P, PD>,
  name: string,
  on: (d: D) => boolean,
): Sel<E, D, P, PD> {
  // toggle() with a force that matches the current state writes nothing (unlike add/remove).
  return sel.each((d, i, nodes) => void nodes[i]!.classList.toggle(name, on(d)));
}
