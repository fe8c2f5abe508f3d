/**
 * Every record of the run, virtualised and filterable; clicking a row travels to it. The engine
 * filters the whole run and sends the rows in view; this component tells it which rows those are,
 * and follows the cursor without reading layout while a frame is committed.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { LOG_KINDS, type LogKind } from '../../debugger/views/kinds.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';
import { Panel } from './Panel.tsx';

const ROW_H = 22;
const OVERSCAN = 8;

export function EventLogPanel() {
  return (
    <Panel title="Event log" className="panel-log">
      <Filters />
      <LogList />
    </Panel>
  );
}

const NO_NAMES = { procs: [], vms: ['ground'] } as const;

/**
 * The search text as typed: the engine's copy of the filter arrives a frame later, and a field
 * showing that copy would lose keys typed in between.
 */
function useDraft(engineText: string): [string, (t: string) => void] {
  // What was typed, and every text sent since: the engine echoing one of those is our own echo;
  // any other text is a change from elsewhere (a new run, the tour) and replaces the draft.
  const [draft, setDraft] = useState<{ text: string; sent: readonly string[] }>({ text: engineText, sent: [engineText] });
  const text = draft.sent.includes(engineText) ? draft.text : engineText;
  const type = (t: string) =>
    setDraft((d) => (d.sent.includes(engineText) ? { text: t, sent: [...d.sent.slice(-50), t] } : { text: t, sent: [engineText, t] }));
  return [text, type];
}

function Filters() {
  const filters = useStatus((st) => st.filters, null);
  const { setFilters } = useActions();
  const names = useSection('names') ?? NO_NAMES;
  const [text, setText] = useDraft(filters?.text ?? '');
  if (filters === null) return null;
  const toggleKind = (k: LogKind) => {
    const kinds = new Set(filters.kinds);
    if (kinds.has(k)) kinds.delete(k);
    else kinds.add(k);
    setFilters({ kinds });
  };
  return (
    <div className="log-filters">
      <label className="field">
        <span>Search</span>
        <input
          type="search"
          value={text}
          placeholder="text in a record"
          onChange={(e) => {
            setText(e.target.value);
            setFilters({ text: e.target.value });
          }}
        />
      </label>
      <label className="field">
        <span>Process</span>
        <select value={filters.proc ?? ''} onChange={(e) => setFilters({ proc: e.target.value === '' ? null : e.target.value })}>
          <option value="">any process</option>
          {names.procs.map((p) => (
            <option key={p.key} value={p.key}>
              p{p.key} {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>VM</span>
        <select value={filters.vm ?? ''} onChange={(e) => setFilters({ vm: e.target.value === '' ? null : e.target.value })}>
          <option value="">any VM</option>
          {names.vms.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="kinds">
        <legend>Kinds</legend>
        {LOG_KINDS.map((k) => (
          <label key={k} className={`chip kind-${k}`}>
            <input type="checkbox" checked={filters.kinds.has(k)} onChange={() => toggleKind(k)} />
            {k}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** The scroll box's viewport: its scroll offset and height (px). */
interface Viewport {
  top: number;
  height: number;
}

/**
 * Where to scroll so that the row at `pos` (of `rows`) is centred, or null if it is in `v` already
 * (or there is nothing to show).
 */
function followTarget(v: Viewport, pos: number, rows: number): number | null {
  if (pos >= rows || v.height === 0) return null;
  const y = pos * ROW_H;
  if (y >= v.top && y + ROW_H <= v.top + v.height) return null;
  return Math.max(0, Math.min(y - v.height / 2, rows * ROW_H - v.height));
}

/**
 * The scroll box's viewport, kept from scroll events and a ResizeObserver (both report after the
 * browser has laid the page out): tells the engine which rows are in view whenever that changes
 * by a row, and keeps the cursor's row (`cursorPos` of `rowCount`) in view — when it leaves the
 * viewport, the list is scrolled to centre it in the next animation frame, where the page is laid
 * out anyway (writing scrollTop forces a layout). Nothing reads layout while a frame is committed.
 */
function useViewport(
  scroller: React.RefObject<HTMLDivElement | null>,
  cursor: number,
  cursorPos: number,
  rowCount: number,
): void {
  const { setView } = useActions();
  const want = useRef({ cursor, cursorPos, rowCount });
  const follow = useRef(() => {});
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const viewport: Viewport = { top: 0, height: 0 };
    let last = '';
    let frame: number | null = null;
    const tell = () => {
      const first = Math.max(0, Math.floor(viewport.top / ROW_H) - OVERSCAN);
      const count = Math.ceil(viewport.height / ROW_H) + 2 * OVERSCAN;
      const key = `${first}:${count}`;
      if (key === last) return;
      last = key;
      setView({ log: { first, count, follow: true } });
    };
    follow.current = () => {
      const w = want.current;
      const top = w.cursor === 0 ? null : followTarget(viewport, w.cursorPos, w.rowCount);
      if (top === null) return;
      // Until the scroll event reports where the list is, take it to be where it was sent.
      viewport.top = top;
      if (frame !== null) cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = null;
        el.scrollTop = top;
      });
    };
    const onScroll = () => {
      viewport.top = el.scrollTop;
      tell();
    };
    // Also the first measure: an observer reports an element's size once it starts observing it.
    const ro = new ResizeObserver(() => {
      viewport.top = el.scrollTop;
      viewport.height = el.clientHeight;
      tell();
      follow.current();
    });
    ro.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
      if (frame !== null) cancelAnimationFrame(frame);
      follow.current = () => {};
    };
  }, [scroller, setView]);
  useLayoutEffect(() => {
    want.current = { cursor, cursorPos, rowCount };
    follow.current();
  }, [cursor, cursorPos, rowCount]);
}

function LogList() {
  const log = useSection('log') ?? null;
  const cursor = useSession((s) => s.cursor);
  const selected = useStatus((st) => st.selection.record, null);
  const { jumpTo, selectRecord } = useActions();
  const scroller = useRef<HTMLDivElement>(null);
  // Keep the cursor's record in view as the cursor moves, or as the list grows to include it.
  const cursorPos = log?.cursorPos ?? 0;
  const rowCount = log?.matching ?? 0;
  useViewport(scroller, cursor, cursorPos, rowCount);

  const rows = (log?.rows ?? []).map((row, k) => {
    const i = row.index;
    const cls = ['log-row', `kind-${row.kind}`, i === cursor - 1 ? 'current' : '', i >= cursor ? 'future' : '', i === selected ? 'selected' : ''].join(' ');
    return (
      <li key={i} style={{ top: (log!.first + k) * ROW_H }} className={cls} aria-current={i === cursor - 1 ? 'step' : undefined}>
        <button
          type="button"
          title={row.text}
          onClick={() => {
            jumpTo(i + 1);
            selectRecord(i);
          }}
        >
          <span className="log-id">#{row.id}</span>
          <span className="log-kind">{row.kind}</span>
          <span className="log-proc">{row.procName}</span>
          <span className="log-text">{row.text}</span>
        </button>
      </li>
    );
  });

  return (
    <>
      <p className="log-count">
        {rowCount.toLocaleString('en')} of {(log?.length ?? 0).toLocaleString('en')} records
        {log !== null && !log.complete && ' (filtering…)'}
      </p>
      <div className="log-scroll" ref={scroller}>
        <ol className="log-list" aria-label="Records" style={{ height: rowCount * ROW_H }}>
          {rows}
        </ol>
      </div>
    </>
  );
}
