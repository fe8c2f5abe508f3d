/** Every record of the run, virtualised and filterable; clicking a row travels to it. */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { filterIndices, LOG_KINDS, logRow, type LogKind } from '../../debugger/views/index.ts';
import { prettyVmPath } from '../../kernel/index.ts';
import type { Model } from '../../debugger/model.ts';
import { namesModel } from '../session-store.ts';
import { useSession, useSessionStore } from '../session-context.ts';
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

function vmOptions(names: Model): string[] {
  const out = new Set<string>(['ground']);
  for (const p of names.procs.values()) if (p.isVm) out.add(prettyVmPath([...p.vm, p.pid]));
  return [...out];
}

function Filters() {
  const filters = useSession((s) => s.filters);
  const setFilters = useSession((s) => s.setFilters);
  const names = useSession(namesModel);
  const procs = useMemo(() => [...names.procs.values()], [names]);
  const vms = useMemo(() => vmOptions(names), [names]);
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
          value={filters.text}
          placeholder="text in a record"
          onChange={(e) => setFilters({ text: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Process</span>
        <select
          value={filters.proc ?? ''}
          onChange={(e) => setFilters({ proc: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">any process</option>
          {procs.map((p) => (
            <option key={p.key} value={p.key}>
              p{p.key} {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>VM</span>
        <select
          value={filters.vm ?? ''}
          onChange={(e) => setFilters({ vm: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">any VM</option>
          {vms.map((v) => (
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

/** First position in the sorted `xs` whose value is ≥ x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function LogList() {
  const history = useSession((s) => s.history);
  const length = useDeferredValue(useSession((s) => s.length));
  const cursor = useSession((s) => s.cursor);
  const selected = useSession((s) => s.selectedRecord);
  const filters = useSession((s) => s.filters);
  const names = useSession(namesModel);
  const store = useSessionStore();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });

  const indices = useMemo(
    () => filterIndices(history.records, length, filters, names),
    [history, length, filters, names],
  );

  // Keep the cursor's record in view as the cursor moves, or as the list grows to include it (a
  // new run, a seek). Judged from the scroller itself: after a new run the browser may have clamped
  // its scroll position before any scroll event was measured.
  const cursorPos = lowerBound(indices, cursor - 1);
  const rowCount = indices.length;
  useEffect(() => {
    const el = scroller.current;
    if (el === null || cursor === 0 || cursorPos >= rowCount) return;
    const y = cursorPos * ROW_H;
    const top = el.scrollTop;
    const height = el.clientHeight;
    if (y < top || y + ROW_H > top + height) el.scrollTop = Math.max(0, y - height / 2);
  }, [cursor, cursorPos, rowCount]);

  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, []);

  const first = Math.max(0, Math.floor(view.top / ROW_H) - OVERSCAN);
  const last = Math.min(indices.length, Math.ceil((view.top + view.height) / ROW_H) + OVERSCAN);
  const rows = [];
  for (let p = first; p < last; p++) {
    const i = indices[p]!;
    const row = logRow(history.records[i]!, i, names);
    const cls = [
      'log-row',
      `kind-${row.kind}`,
      i === cursor - 1 ? 'current' : '',
      i >= cursor ? 'future' : '',
      i === selected ? 'selected' : '',
    ].join(' ');
    rows.push(
      <li
        key={i}
        style={{ top: p * ROW_H }}
        className={cls}
        aria-current={i === cursor - 1 ? 'step' : undefined}
      >
        <button
          type="button"
          title={row.text}
          onClick={() => {
            store.getState().jumpTo(i + 1);
            store.getState().selectRecord(i);
          }}
        >
          <span className="log-id">#{row.id}</span>
          <span className="log-kind">{row.kind}</span>
          <span className="log-proc">{row.procName}</span>
          <span className="log-text">{row.text}</span>
        </button>
      </li>,
    );
  }

  return (
    <>
      <p className="log-count">
        {indices.length.toLocaleString('en')} of {length.toLocaleString('en')} records
      </p>
      <div className="log-scroll" ref={scroller}>
        <ol className="log-list" aria-label="Records" style={{ height: indices.length * ROW_H }}>
          {rows}
        </ol>
      </div>
    </>
  );
}
