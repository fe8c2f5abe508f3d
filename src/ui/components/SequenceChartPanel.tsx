/**
 * The sequence chart around the cursor: a lifeline per process (grouped by VM), arrows for
 * messages, feedback, presence and absence, spawn and quit, crash reasons. It follows the cursor;
 * events after the cursor are shown faded; clicking an event travels to it. Only the rows in
 * view, and those around the current event, are drawn.
 */
import { memo, useCallback, useMemo, useState } from 'react';
import type { SequenceView } from '../../debugger/engine/frame.ts';
import type { SeqEvent } from '../../debugger/views/sequence.ts';
import { useActions, useSection, useSession, useSessionNow, useStatus } from '../session-context.ts';
import { arrange, NO_ARRANGEMENT, type LaneArrangement } from '../sequence/lanes.ts';
import { COL_W, HEAD_H, LEFT, LaneBar, SeqHead } from '../sequence/SeqHead.tsx';
import { Panel } from './Panel.tsx';
import { clampScroll, useFollowScroll, type ScrollBox, type ScrollTarget } from '../scroll-follow.ts';

const NO_CHART: SequenceView = { lifelines: [], events: [], currentPos: -1 };
const ROW_H = 24;
/** Rows drawn beyond those in view, above and below. */
const OVERSCAN = 6;
/** Rows taken to be in view until the scroll box is measured. */
const INITIAL_ROWS = 20;

/** The x of each lifeline's centre, by process key. */
type Columns = ReadonlyMap<string, number>;

/** The horizontal extent of an event's arrow. */
interface Span {
  readonly left: number;
  readonly right: number;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** The user's arrangement of the lanes, forgotten when another run is shown. */
function useLanes(): [LaneArrangement, (a: LaneArrangement) => void] {
  const runId = useStatus((st) => st.runId, 0);
  const [state, setState] = useState({ runId, lanes: NO_ARRANGEMENT });
  const lanes = state.runId === runId ? state.lanes : NO_ARRANGEMENT;
  return [lanes, (next) => setState({ runId, lanes: next })];
}

export function SequenceChartPanel() {
  const cursor = useSession((s) => s.cursor);
  const selected = useStatus((st) => st.selection.process, null);
  const actions = useActions();
  // One conversation: the current record's root cause and everything it led to (the engine's).
  const conversationOnly = useSessionNow((s) => s.view.sequence?.conversationOnly ?? false);
  const setConversationOnly = (on: boolean) => actions.setView({ sequence: { conversationOnly: on } });
  const [lanes, setLanes] = useLanes();
  const fromEngine = useSection('sequence') ?? NO_CHART;
  const chart = useMemo(() => arrange(fromEngine, lanes), [fromEngine, lanes]);

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
  const { scroller, view } = useChartScroll(chart.currentPos, span, content);
  const rows = useMemo(() => drawnRows(chart.events.length, view, chart.currentPos), [chart, view]);

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
      <LaneBar chart={fromEngine} lanes={lanes} onChange={setLanes} />
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
              lanes={lanes}
              onLanes={setLanes}
            />
            <SeqBody
              chart={chart}
              rows={rows}
              col={col}
              width={width}
              selected={selected}
              cursor={cursor}
              onJump={jump}
            />
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

/**
 * Where to scroll box `b` (holding `content` px) so that the row at `pos` and both ends of its
 * arrow (`span`) are in view; each coordinate is unchanged where that part is in view already.
 */
function followTarget(b: ScrollBox, content: { width: number; height: number }, pos: number, span: Span | null): ScrollTarget {
  const y = HEAD_H + pos * ROW_H;
  const top =
    y < b.top + HEAD_H || y + ROW_H > b.top + b.height ? clampScroll(y - b.height / 2, content.height - b.height) : b.top;
  const left =
    span !== null && (span.left < b.left || span.right > b.left + b.width)
      ? clampScroll(span.left - COL_W, content.width - b.width)
      : b.left;
  return { top, left };
}

/** The rows a scroll box shows: the first, and how many (the sticky heads cover its top). */
interface RowsInView {
  readonly first: number;
  readonly count: number;
}

const rowsInView = (b: ScrollBox): RowsInView => ({
  first: Math.floor(b.top / ROW_H),
  count: Math.ceil(Math.max(0, b.height - HEAD_H) / ROW_H) + 1,
});

/**
 * The events drawn (of `n`, by position): those in view and, around the current one (at
 * `currentPos`), those that following the cursor may scroll into view — so a jump paints its
 * rows in the frame that scrolls to them. The chart holds hundreds of events; a few dozen are drawn.
 */
function drawnRows(n: number, view: RowsInView, currentPos: number): number[] {
  const out = new Set<number>();
  const add = (from: number, to: number) => {
    for (let i = Math.max(0, from); i < Math.min(n, to); i++) out.add(i);
  };
  add(view.first - OVERSCAN, view.first + view.count + OVERSCAN);
  if (currentPos >= 0) add(currentPos - view.count - OVERSCAN, currentPos + view.count + OVERSCAN);
  return [...out].sort((a, b) => a - b);
}

/**
 * The scroll box: follows the current event's row (at `currentPos`) and both ends of its arrow
 * (`span`) in a chart of `content` px (scroll-follow.ts), and says which rows it shows.
 */
function useChartScroll(currentPos: number, span: Span | null, content: { width: number; height: number }) {
  const [view, setView] = useState<RowsInView>({ first: 0, count: INITIAL_ROWS });
  const onBox = useCallback((b: ScrollBox) => {
    const v = rowsInView(b);
    setView((p) => (p.first === v.first && p.count === v.count ? p : v));
  }, []);
  const scroller = useFollowScroll(
    `${currentPos}:${span?.left}:${span?.right}:${content.width}:${content.height}`,
    (b) => (currentPos < 0 ? null : followTarget(b, content, currentPos, span)),
    onBox,
  );
  return { scroller, view };
}

interface BodyProps {
  readonly chart: SequenceView;
  /** The positions of the events to draw. */
  readonly rows: readonly number[];
  readonly col: Columns;
  readonly width: number;
  readonly selected: string | null;
  readonly cursor: number;
  readonly onJump: (e: SeqEvent) => void;
}

const bodyHeight = (chart: SequenceView): number => chart.events.length * ROW_H + 10;

/** The lifelines and a row per event drawn; events at or after the cursor are the future. */
function SeqBody({ chart, rows, col, width, selected, cursor, onJump }: BodyProps) {
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
      {rows.map((i) => {
        const e = chart.events[i]!;
        return (
          <EventRow
            key={e.index}
            e={e}
            y={i * ROW_H + ROW_H / 2}
            col={col}
            current={i === chart.currentPos}
            future={e.index >= cursor}
            onJump={onJump}
          />
        );
      })}
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
