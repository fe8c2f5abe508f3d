/**
 * A source view draws only the lines near what is shown: following the cursor through DNS changes
 * the file on almost every step, and drawing a whole file (thousands of elements) each time cost
 * the page a long layout and paint per step. Lines have one fixed height (.code-line), so the
 * lines above and below the window are two spacers of known height.
 *
 * Rules: the window is the visible lines plus OVERSCAN on each side; when the focus line changes
 * (or the file) and is out of view, the view scrolls to put it near the top (what the window is
 * drawn around in that same render, so the focus line is always in the DOM); a scroll by hand
 * moves the window and is never undone until the focus changes again.
 */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/** Lines drawn beyond the visible ones, above and below. */
const OVERSCAN = 20;
/** A line's height until one is measured (the CSS's 1.45em at 12.4 px). */
const DEFAULT_LINE_PX = 18;
/** Lines assumed visible until the view is measured. */
const DEFAULT_ROWS = 40;
/** Lines kept above the focus line when the view scrolls to it. */
const CONTEXT_ABOVE = 2;

export interface LineWindow {
  /** Lines from … to (exclusive) are drawn. */
  readonly from: number;
  readonly to: number;
  /** Height of the spacers above and below, in px. */
  readonly above: number;
  readonly below: number;
  readonly onScroll: () => void;
}

interface Seen {
  readonly key: string;
  readonly focus: number | null;
}

export function useLineWindow(ref: RefObject<HTMLElement | null>, count: number, focus: number | null, key: string): LineWindow {
  const [top, setTop] = useState(0);
  const [rows, setRows] = useState(DEFAULT_ROWS);
  const [linePx, setLinePx] = useState(DEFAULT_LINE_PX);
  const [seen, setSeen] = useState<Seen>({ key: '', focus: null });
  /** Where the view must scroll: a new object each time, so a scroll by hand in between is not undone. */
  const [target, setTarget] = useState<{ readonly line: number } | null>(null);
  const fresh = seen.key !== key || seen.focus !== focus;
  const outOfView = focus !== null && (focus < top || focus >= top + rows - CONTEXT_ABOVE);
  const first = fresh && outOfView ? Math.max(0, focus - CONTEXT_ABOVE) : seen.key !== key && focus === null ? 0 : top;
  const from = Math.max(0, Math.min(first, count) - OVERSCAN);
  const to = Math.min(count, first + rows + OVERSCAN);

  // A new focus or file moves the window in this render (React's "adjust state while rendering").
  if (fresh) {
    setSeen({ key, focus });
    if (first !== top) {
      setTop(first);
      setTarget({ line: first });
    }
  }
  useMeasure(ref, setLinePx, setRows);
  useEffect(() => {
    // In the next frame: no layout forced while React commits.
    if (target === null) return;
    const id = requestAnimationFrame(() => {
      if (ref.current !== null) ref.current.scrollTop = target.line * linePx;
    });
    return () => cancelAnimationFrame(id);
  }, [ref, target, linePx]);

  const onScroll = () => {
    const box = ref.current;
    if (box !== null) setTop(Math.floor(box.scrollTop / linePx));
  };
  return { from, to, above: from * linePx, below: Math.max(0, count - to) * linePx, onScroll };
}

/** The line height (once, from a drawn line) and the visible rows (whenever the view is resized). */
function useMeasure(ref: RefObject<HTMLElement | null>, setLinePx: (px: number) => void, setRows: (n: number) => void): void {
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const line = box.querySelector<HTMLElement>('.code-line');
    const px = line !== null && line.offsetHeight > 0 ? line.offsetHeight : DEFAULT_LINE_PX;
    setLinePx(px);
    if (typeof ResizeObserver === 'undefined') return;
    const obs = new ResizeObserver(() => setRows(Math.max(1, Math.ceil(box.clientHeight / px)) + 1));
    obs.observe(box);
    return () => obs.disconnect();
  }, [ref, setLinePx, setRows]);
}
