/**
 * Every record of the run, virtualised and filterable; clicking a row travels to it. The engine
 * filters the whole run and sends the rows in view; this component tells it which rows those are,
 * and follows the cursor. The list is one Tab stop, with the arrows, Home and End inside it
 * (log-keys.ts).
 */
import { plural } from '../../debugger/views/plural.ts';
import { useCallback, useRef, useState } from 'react';
import { LOG_KINDS, type LogKind } from '../../debugger/views/kinds.ts';
import { useActions, useSection, useSession, useStatus } from '../session-context.ts';
import { Panel } from './Panel.tsx';
import { useRovingRows } from './log-keys.ts';
import { clampScroll, useFollowScroll, type ScrollBox, type ScrollTarget } from '../scroll-follow.ts';

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

/**
 * Where to scroll box `b` so that the row at `pos` (of `rows`) is centred, or null if it is in
 * view already (or there is nothing to show).
 */
function followTarget(b: ScrollBox, pos: number, rows: number): ScrollTarget | null {
  if (pos >= rows) return null;
  const y = pos * ROW_H;
  if (y >= b.top && y + ROW_H <= b.top + b.height) return null;
  return { top: clampScroll(y - b.height / 2, rows * ROW_H - b.height), left: b.left };
}

/**
 * The list's scroll box: tells the engine which rows are in view whenever that changes by a row,
 * and keeps the cursor's row (`cursorPos` of `rowCount`) in view as the cursor moves, or as the
 * list grows to include it — without reading layout while a frame is committed (scroll-follow.ts).
 */
function useViewport(cursor: number, cursorPos: number, rowCount: number) {
  const { setView } = useActions();
  const told = useRef('');
  const tell = useCallback(
    (box: ScrollBox) => {
      const first = Math.max(0, Math.floor(box.top / ROW_H) - OVERSCAN);
      const count = Math.ceil(box.height / ROW_H) + 2 * OVERSCAN;
      const key = `${first}:${count}`;
      if (key === told.current) return;
      told.current = key;
      setView({ log: { first, count, follow: true } });
    },
    [setView],
  );
  return useFollowScroll(
    `${cursor}:${cursorPos}:${rowCount}`,
    (box) => (cursor === 0 ? null : followTarget(box, cursorPos, rowCount)),
    tell,
  );
}

function LogList() {
  const log = useSection('log') ?? null;
  const cursor = useSession((s) => s.cursor);
  const selected = useStatus((st) => st.selection.record, null);
  const { jumpTo, selectRecord } = useActions();
  const cursorPos = log?.cursorPos ?? 0;
  const rowCount = log?.matching ?? 0;
  const scroller = useViewport(cursor, cursorPos, rowCount);

  const first = log?.first ?? 0;
  const shown = log?.rows ?? [];
  const currentK = shown.findIndex((row) => row.index === cursor - 1);
  const roving = useRovingRows(scroller, {
    rowCount, rowHeight: ROW_H, rendered: shown.map((_, k) => first + k), cursorPos: currentK === -1 ? null : first + currentK,
  });

  const rows = shown.map((row, k) => {
    const i = row.index;
    const cls = ['log-row', `kind-${row.kind}`, i === cursor - 1 ? 'current' : '', i >= cursor ? 'future' : '', i === selected ? 'selected' : ''].join(' ');
    return (
      <li key={i} style={{ top: (first + k) * ROW_H }} className={cls} aria-current={i === cursor - 1 ? 'step' : undefined} data-pos={first + k}>
        <button
          type="button"
          tabIndex={first + k === roving.tabPos ? 0 : -1}
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
        {rowCount.toLocaleString('en')} of {plural(log?.length ?? 0, 'record')}
        {log !== null && !log.complete && ' (filtering…)'}
        {log != null && log.hidden > 0 && <span className="log-hidden"> · the records after the cursor are hidden until you answer the tour’s question</span>}
      </p>
      <div className="log-scroll" ref={scroller}>
        <ol className="log-list" aria-label="Records" style={{ height: rowCount * ROW_H }} {...roving.listProps}>
          {rows}
        </ol>
      </div>
    </>
  );
}
