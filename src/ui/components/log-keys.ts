/**
 * The event log's keyboard: the list is one Tab stop (a roving tabindex over its rows), and inside
 * it the arrows, Page Up / Page Down, Home and End move the focus from row to row; Enter or Space
 * on a row goes to its record (the row is a button). The list is virtualised, so a row out of view
 * is scrolled to first and focused once the engine has sent it.
 *
 * Data definition:
 *   position  a row's place in the filtered list (0 … rowCount - 1), as `data-pos` on its <li>
 *   active    the position that last had focus, or null
 *   tab stop  the row that is in the Tab order: the active one if it is rendered, else the
 *             cursor's row if rendered, else the first rendered row
 */
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';

/** Keys the list keeps for itself (the shortcuts would otherwise take Home and End). */
const OWN_KEYS = 'ArrowUp ArrowDown PageUp PageDown Home End';

export interface RovingOptions {
  /** Rows in the filtered list. */
  readonly rowCount: number;
  readonly rowHeight: number;
  /** The positions of the rows rendered now. */
  readonly rendered: readonly number[];
  /** The cursor's row, if it is in the list. */
  readonly cursorPos: number | null;
}

export interface Roving {
  /** The position whose row is in the Tab order, or null (no rows). */
  readonly tabPos: number | null;
  /** For the list element: its keys, and where focus is. */
  readonly listProps: {
    readonly 'data-own-keys': string;
    readonly onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
    readonly onFocus: (e: FocusEvent<HTMLElement>) => void;
  };
}

/** The position of the row that holds `el`, or null. */
function positionOf(el: EventTarget | null): number | null {
  if (!(el instanceof Element)) return null;
  const pos = el.closest('[data-pos]')?.getAttribute('data-pos');
  return pos == null ? null : Number(pos);
}

/** Where a key moves the focus from `at`, or null if it is not one of the list's keys. */
function target(key: string, at: number, o: RovingOptions, page: number): number | null {
  const last = o.rowCount - 1;
  const clamp = (n: number) => Math.max(0, Math.min(last, n));
  switch (key) {
    case 'ArrowDown':
      return clamp(at + 1);
    case 'ArrowUp':
      return clamp(at - 1);
    case 'PageDown':
      return clamp(at + page);
    case 'PageUp':
      return clamp(at - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** Scrolls `el` just enough that row `pos` is in view. */
function reveal(el: HTMLElement, pos: number, rowHeight: number): void {
  const top = pos * rowHeight;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
}

function focusRow(list: HTMLElement | null, pos: number): boolean {
  const button = list?.querySelector<HTMLElement>(`[data-pos="${pos}"] button`);
  button?.focus({ preventScroll: true });
  return button != null;
}

export function useRovingRows(scroller: RefObject<HTMLElement | null>, o: RovingOptions): Roving {
  const [active, setActive] = useState<number | null>(null);
  // A row asked for by a key but not rendered yet: focused as soon as it is.
  const pending = useRef<number | null>(null);
  useEffect(() => {
    if (pending.current !== null && focusRow(scroller.current, pending.current)) pending.current = null;
  });

  const has = (p: number | null): p is number => p !== null && o.rendered.includes(p);
  const tabPos = has(active) ? active : has(o.cursorPos) ? o.cursorPos : (o.rendered[0] ?? null);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const at = positionOf(e.target);
    const el = scroller.current;
    if (at === null || el === null || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor(el.clientHeight / o.rowHeight) - 1);
    const to = target(e.key, at, o, page);
    if (to === null) return;
    e.preventDefault();
    reveal(el, to, o.rowHeight);
    setActive(to);
    pending.current = focusRow(el, to) ? null : to;
  };
  const onFocus = (e: FocusEvent<HTMLElement>) => {
    const at = positionOf(e.target);
    if (at !== null && at !== active) setActive(at);
  };
  return { tabPos, listProps: { 'data-own-keys': OWN_KEYS, onKeyDown, onFocus } };
}
