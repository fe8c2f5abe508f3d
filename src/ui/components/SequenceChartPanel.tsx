/**
 * The sequence chart around the cursor: a lifeline per process (grouped by VM), arrows for
 * messages, feedback, presence and absence, spawn and quit, crash reasons. It follows the cursor;
 * events after the cursor are shown faded; clicking an event travels to it.
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { SequenceView } from '../../debugger/engine/frame.ts';
import type { SeqEvent } from '../../debugger/views/sequence.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';
import { Panel } from './Panel.tsx';

const NO_CHART: SequenceView = { lifelines: [], events: [], currentPos: -1 };
const COL_W = 120;
const ROW_H = 24;
const HEAD_H = 38;
const LEFT = 70;

/** The x of each lifeline's centre, by process key. */
type Columns = ReadonlyMap<string, number>;
type Lifeline = SequenceView['lifelines'][number];

/** The horizontal extent of an event's arrow. */
interface Span {
  readonly left: number;
  readonly right: number;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function SequenceChartPanel() {
  const cursor = useSession((s) => s.cursor);
  const selected = useStatus((st) => st.selection.process, null);
  const actions = useActions();
  // One conversation: the current record's root cause and everything it led to (the engine's).
  const conversationOnly = useSession((s) => s.view.sequence?.conversationOnly ?? false);
  const setConversationOnly = (on: boolean) => actions.setView({ sequence: { conversationOnly: on } });
  const chart = useSection('sequence') ?? NO_CHART;

  // On the lifelines alone (kept by the store while they do not change), so the rows, memoised
  // on it, re-render only where their own event or state changed.
  const col = useMemo(
    () => new Map(chart.lifelines.map((l, i) => [l.key, LEFT + i * COL_W + COL_W / 2])),
    [chart.lifelines],
  );
  const current = chart.events[chart.currentPos];
  const span = useMemo(() => (current === undefined ? null : spanOf(current, col)), [current, col]);
  const width = LEFT + chart.lifelines.length * COL_W + 20;
  const content = { width, height: HEAD_H + bodyHeight(chart) };
  const scroller = useFollowCursor(chart.currentPos, span, content);

  const jump = useCallback(
    (e: SeqEvent) => {
      actions.jumpTo(e.index + 1);
      actions.selectRecord(e.index);
    },
    [actions],
  );

  return (
    <Panel title="Sequence chart" className="panel-seq">
      <label className="seq-only">
        <input type="checkbox" checked={conversationOnly} onChange={(e) => setConversationOnly(e.target.checked)} />{' '}
        this conversation only
      </label>
      <div className="seq-scroll" ref={scroller}>
        {chart.events.length === 0 ? (
          <p className="empty">No messages, presence or spawns around this step yet.</p>
        ) : (
          <>
            <SeqHead
              lifelines={chart.lifelines}
              col={col}
              width={width}
              selected={selected}
              onSelect={actions.selectProcess}
            />
            <SeqBody chart={chart} col={col} width={width} selected={selected} cursor={cursor} onJump={jump} />
          </>
        )}
      </div>
    </Panel>
  );
}

/** Where the arrow of event `e` starts and ends (a message from outside starts at the left margin). */
function spanOf(e: SeqEvent, col: Columns): Span {
  const xs = [col.get(e.to), e.from === null ? LEFT : col.get(e.from)].filter((x) => x !== undefined);
  return { left: Math.min(...xs), right: Math.max(...xs) };
}

/** The scroll box's viewport (scroll offsets and size) and its content's size, in px. */
interface Box {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

/** `x` kept within [0, max] (a scroll offset the browser would accept). */
const clampScroll = (x: number, max: number): number => Math.max(0, Math.min(x, max));

/**
 * Where to scroll box `b` (holding `content` px) so that the row at `pos` and both ends of its
 * arrow (`span`) are in view; each coordinate is unchanged where that part is in view already.
 */
function followTarget(b: Box, content: { width: number; height: number }, pos: number, span: Span | null) {
  const y = HEAD_H + pos * ROW_H;
  const top =
    y < b.top + HEAD_H || y + ROW_H > b.top + b.height ? clampScroll(y - b.height / 2, content.height - b.height) : b.top;
  const left =
    span !== null && (span.left < b.left || span.right > b.left + b.width)
      ? clampScroll(span.left - COL_W, content.width - b.width)
      : b.left;
  return { top: Math.round(top), left: Math.round(left) };
}

/**
 * Follows the cursor: keeps the current event's row (at `currentPos`) and both ends of its arrow
 * (`span`) in view of the scroll box, which is the element given the returned ref; `content` is
 * the chart's size. The box's geometry is kept from scroll events and a ResizeObserver, never read
 * while a frame is committed, and a scroll is written in the next animation frame (where the page
 * is laid out anyway: writing scrollTop forces a layout) and only when it moves the box.
 */
function useFollowCursor(currentPos: number, span: Span | null, content: { width: number; height: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const want = useRef({ currentPos, span, content });
  const follow = useRef(() => {});
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    let box: Box = { top: 0, left: 0, width: 0, height: 0 };
    let frame: number | null = null;
    const measure = () => {
      box = { top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight };
    };
    follow.current = () => {
      const w = want.current;
      if (w.currentPos < 0 || box.height === 0) return;
      const to = followTarget(box, w.content, w.currentPos, w.span);
      if (to.top === Math.round(box.top) && to.left === Math.round(box.left)) return;
      // Until the scroll event reports where the box is, take it to be where it was sent.
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
  }, []);
  const { width, height } = content;
  useLayoutEffect(() => {
    want.current = { currentPos, span, content: { width, height } };
    follow.current();
  }, [currentPos, span, width, height]);
  return scroller;
}

interface HeadProps {
  readonly lifelines: readonly Lifeline[];
  readonly col: Columns;
  readonly width: number;
  readonly selected: string | null;
  readonly onSelect: (key: string) => void;
}

/** The lifelines' heads (process and VM); choosing one selects its process. */
const SeqHead = memo(function SeqHead({ lifelines, col, width, selected, onSelect }: HeadProps) {
  return (
    <svg
      className="seq-head"
      width={width}
      height={HEAD_H}
      aria-hidden="false"
      role="group"
      aria-label="Lifelines"
    >
      {lifelines.map((l) => (
        <g
          key={l.key}
          transform={`translate(${col.get(l.key)! - COL_W / 2 + 4} 4)`}
          className={`lifeline-head${l.key === selected ? ' selected' : ''}`}
          role="button"
          tabIndex={0}
          aria-label={`select p${l.key} ${l.name}`}
          onClick={() => onSelect(l.key)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onSelect(l.key);
          }}
        >
          <rect width={COL_W - 8} height={HEAD_H - 8} rx={4} />
          <text x={(COL_W - 8) / 2} y={14} textAnchor="middle">
            p{l.key} {clip(l.name, 13)}
          </text>
          <text x={(COL_W - 8) / 2} y={26} textAnchor="middle" className="muted">
            {l.vm === 'ground' || l.vm === '' ? '' : l.vm}
          </text>
        </g>
      ))}
    </svg>
  );
});

interface BodyProps {
  readonly chart: SequenceView;
  readonly col: Columns;
  readonly width: number;
  readonly selected: string | null;
  readonly cursor: number;
  readonly onJump: (e: SeqEvent) => void;
}

const bodyHeight = (chart: SequenceView): number => chart.events.length * ROW_H + 10;

/** The lifelines and a row per event; events at or after the cursor are the future. */
function SeqBody({ chart, col, width, selected, cursor, onJump }: BodyProps) {
  const height = bodyHeight(chart);
  return (
    <svg className="seq-body" width={width} height={height} role="list" aria-label="Sequence events">
      <defs>
        <marker
          id="seq-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" className="arrowhead" />
        </marker>
      </defs>
      {chart.lifelines.map((l) => (
        <line
          key={l.key}
          className={`lifeline${l.key === selected ? ' selected' : ''}`}
          x1={col.get(l.key)}
          x2={col.get(l.key)}
          y1={0}
          y2={height}
        />
      ))}
      {chart.events.map((e, i) => (
        <EventRow
          key={e.index}
          e={e}
          y={i * ROW_H + ROW_H / 2}
          col={col}
          current={i === chart.currentPos}
          future={e.index >= cursor}
          onJump={onJump}
        />
      ))}
    </svg>
  );
}

const EventRow = memo(function EventRow({
  e,
  y,
  col,
  current,
  future,
  onJump,
}: {
  e: SeqEvent;
  y: number;
  col: Columns;
  current: boolean;
  future: boolean;
  onJump: (e: SeqEvent) => void;
}) {
  const x2 = col.get(e.to) ?? LEFT;
  const x1 = e.from === null ? 8 : (col.get(e.from) ?? x2);
  const self = x1 === x2;
  const cls = ['seq-event', `seq-${e.kind}`, current ? 'current' : '', future ? 'future' : ''].join(' ');
  const labelX = self ? x2 + 10 : Math.min(x1, x2) + Math.abs(x2 - x1) / 2;
  return (
    <g className={cls} role="listitem" onClick={() => onJump(e)}>
      <rect x={0} y={y - ROW_H / 2} width="100%" height={ROW_H} className="seq-hit" />
      {self ? (
        <text x={x2} y={y + 5} textAnchor="middle" className="seq-glyph">
          {e.kind === 'crash' ? '✖' : e.kind === 'quit' ? '✕' : '●'}
        </text>
      ) : (
        <line x1={x1} x2={x2 + (x2 > x1 ? -3 : 3)} y1={y} y2={y} markerEnd="url(#seq-arrow)" />
      )}
      <text x={labelX} y={y - 4} textAnchor={self ? 'start' : 'middle'} className="seq-label">
        {e.kind} {clip(e.label, self ? 40 : Math.max(8, Math.floor(Math.abs(x2 - x1) / 7)))}
      </text>
      <title>
        #{e.index + 1} {e.kind}: {e.label}
      </title>
    </g>
  );
});
