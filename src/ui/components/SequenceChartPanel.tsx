/**
 * The sequence chart around the cursor: a lifeline per process (grouped by VM), arrows for
 * messages, feedback, presence and absence, spawn and quit, crash reasons. It follows the cursor;
 * events after the cursor are shown faded; clicking an event travels to it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SequenceView } from '../../debugger/engine/frame.ts';
import type { SeqEvent } from '../../debugger/views/sequence.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';
import { arrange, NO_ARRANGEMENT, type LaneArrangement } from '../sequence/lanes.ts';
import { COL_W, HEAD_H, LEFT, LaneBar, SeqHead } from '../sequence/SeqHead.tsx';
import { Panel } from './Panel.tsx';

const NO_CHART: SequenceView = { lifelines: [], events: [], currentPos: -1 };
const ROW_H = 24;

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
  const conversationOnly = useSession((s) => s.view.sequence?.conversationOnly ?? false);
  const setConversationOnly = (on: boolean) => actions.setView({ sequence: { conversationOnly: on } });
  const [lanes, setLanes] = useLanes();
  const fromEngine = useSection('sequence') ?? NO_CHART;
  const chart = useMemo(() => arrange(fromEngine, lanes), [fromEngine, lanes]);

  const col = useMemo(
    () => new Map(chart.lifelines.map((l, i) => [l.key, LEFT + i * COL_W + COL_W / 2])),
    [chart],
  );
  const current = chart.events[chart.currentPos];
  const span = useMemo(() => (current === undefined ? null : spanOf(current, col)), [current, col]);
  const scroller = useFollowCursor(chart.currentPos, span);

  const width = LEFT + chart.lifelines.length * COL_W + 20;
  const jump = (e: SeqEvent) => {
    actions.jumpTo(e.index + 1);
    actions.selectRecord(e.index);
  };

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

/**
 * Follows the cursor: keeps the current event's row (at `currentPos`) and both ends of its arrow
 * (`span`) in view of the scroll box, which is the element given the returned ref.
 */
function useFollowCursor(currentPos: number, span: Span | null) {
  const scroller = useRef<HTMLDivElement>(null);
  // The scroll box's geometry, measured on scroll and resize (never read while stepping).
  const box = useRef({ top: 0, left: 0, width: 600, height: 300 });
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const measure = () => {
      box.current = {
        top: el.scrollTop,
        left: el.scrollLeft,
        width: el.clientWidth,
        height: el.clientHeight,
      };
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, []);
  useEffect(() => {
    const el = scroller.current;
    const b = box.current;
    if (el === null || currentPos < 0) return;
    const y = HEAD_H + currentPos * ROW_H;
    if (y < b.top + HEAD_H || y + ROW_H > b.top + b.height) el.scrollTop = Math.max(0, y - b.height / 2);
    if (span !== null && (span.left < b.left || span.right > b.left + b.width))
      el.scrollLeft = Math.max(0, span.left - COL_W);
  }, [currentPos, span]);
  return scroller;
}

interface BodyProps {
  readonly chart: SequenceView;
  readonly col: Columns;
  readonly width: number;
  readonly selected: string | null;
  readonly cursor: number;
  readonly onJump: (e: SeqEvent) => void;
}

/** The lifelines and a row per event; events at or after the cursor are the future. */
function SeqBody({ chart, col, width, selected, cursor, onJump }: BodyProps) {
  const height = chart.events.length * ROW_H + 10;
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

function EventRow({
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
}
