/**
 * The query bar, its results and the breakpoints (issue 15; docs/queries.md, "In the app"): a thin
 * face over the engine's `queries` section. The question is asked and answered in the engine's
 * worker; this shows the answer (a table whose rows travel to their record), a parse error with its
 * column, the breakpoints with enable/remove and the moves to their hits, and the query watches
 * (a query's hits covering the cursor and up to it, with a sparkline over the run).
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { AskedView, BreakpointView, QueriesView } from '../../debugger/engine/query-section.ts';
import type { WatchValueView } from '../../debugger/engine/query-watch.ts';
import { plural } from '../../debugger/views/plural.ts';
import { useActions, useSection, useStatus } from '../session-context.ts';

/** Questions the bar remembers (ArrowUp / ArrowDown walk them). */
const HISTORY_KEPT = 30;
/** Completions offered at once. */
const SUGGESTIONS_SHOWN = 6;

const NO_NAMES: QueriesView['names'] = { processes: [], endpoints: [] };
const NO_WATCHES: readonly WatchValueView[] = [];

/** A name as the query language reads it: bare if it is a plain word, else quoted. */
const quoteName = (n: string): string => (/^[A-Za-z_][\w-]*$/.test(n) ? n : `"${n.replace(/"/g, '\\"')}"`);

/** The word being typed at the end of `text` (after a space or an opening quote). */
function lastWord(text: string): { start: number; prefix: string } {
  const m = /"?[^\s"]*$/.exec(text)!;
  return { start: m.index, prefix: m[0].replace(/^"/, '') };
}

function suggestionsFor(text: string, names: QueriesView['names']): string[] {
  const { prefix } = lastWord(text);
  if (prefix.length === 0) return [];
  const all = [...names.processes, ...names.endpoints];
  return [...new Set(all)].filter((n) => n.startsWith(prefix) && n !== prefix).slice(0, SUGGESTIONS_SHOWN);
}

function complete(text: string, name: string): string {
  return `${text.slice(0, lastWord(text).start)}${quoteName(name)} `;
}

function QueryBar({ asked, names }: { asked: AskedView | null; names: QueriesView['names'] }) {
  const { ask, addBreakpoint, addQueryWatch } = useActions();
  const [text, setText] = useState('');
  const [history, setHistory] = useState<readonly string[]>([]);
  const [back, setBack] = useState(-1);
  const suggestions = useMemo(() => suggestionsFor(text, names), [text, names]);
  const submit = (): void => {
    const t = text.trim();
    ask(t === '' ? null : t);
    if (t !== '') setHistory((h) => [t, ...h.filter((x) => x !== t)].slice(0, HISTORY_KEPT));
    setBack(-1);
  };
  const walk = (to: number): void => {
    if (to < -1 || to >= history.length) return;
    setBack(to);
    setText(to === -1 ? '' : history[to]!);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') submit();
    else if (e.key === 'ArrowUp') walk(back + 1);
    else if (e.key === 'ArrowDown') walk(back - 1);
    else if (e.key === 'Tab' && !e.shiftKey && suggestions.length > 0) setText(complete(text, suggestions[0]!));
    else return;
    e.preventDefault();
  };
  const error = asked !== null && !asked.ok ? asked : null;
  return (
    <div className="query-bar">
      <div className="query-row">
        <input
          type="text"
          aria-label="Query"
          placeholder="presence to listener · crash · alone sub longer than 3 steps"
          spellCheck={false}
          autoComplete="off"
          value={text}
          aria-invalid={error !== null && error.text === text.trim()}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
        />
        <button type="button" onClick={submit}>Ask</button>
        <button type="button" disabled={text.trim() === ''} onClick={() => addBreakpoint(text.trim())}>
          Add breakpoint
        </button>
        <button type="button" disabled={text.trim() === ''} onClick={() => addQueryWatch(text.trim())}>
          Watch
        </button>
      </div>
      {suggestions.length > 0 && (
        <ul className="query-suggestions" aria-label="Completions (Tab takes the first)">
          {suggestions.map((n) => (
            <li key={n}>
              <button type="button" onClick={() => setText(complete(text, n))}>{n}</button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <QueryErrorView error={error} />}
    </div>
  );
}

function QueryErrorView({ error }: { error: Extract<AskedView, { ok: false }> }) {
  return (
    <div className="query-error" role="alert" data-column={error.column}>
      <pre aria-hidden="true">
        {error.text}
        {'\n'}
        {`${' '.repeat(Math.max(0, error.column - 1))}^`}
      </pre>
      <p>
        Column {error.column}: {error.error}
      </p>
    </div>
  );
}

function Results({ asked }: { asked: Extract<AskedView, { ok: true }> }) {
  const { jumpTo } = useActions();
  if (asked.head === 'count') return <p className="query-count" data-count={asked.count}>{plural(asked.count, 'hit')}.</p>;
  if (asked.head === 'processes') {
    return (
      <ul className="query-processes" aria-label="Processes found" data-count={asked.processes.length}>
        {asked.processes.length === 0 && <li>None.</li>}
        {asked.processes.map((p) => (
          <li key={p.path}>
            <button type="button" onClick={() => jumpTo(p.first + 1)}>{p.name} [{p.path}]</button>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="query-results">
      <p className="query-count" data-count={asked.count}>
        {plural(asked.count, 'hit')}
        {asked.leftOff > 0 ? ` (the first ${asked.rows.length} shown; ${asked.leftOff} more)` : ''}.
      </p>
      {asked.rows.length > 0 && (
        <table aria-label="Query results">
          <thead>
            <tr><th scope="col">Record</th><th scope="col">Kind</th><th scope="col">What</th></tr>
          </thead>
          <tbody>
            {asked.rows.map((r) => (
              <tr key={`${r.kind}-${r.from}-${r.text}`} onClick={() => jumpTo(r.from + 1)} data-record={r.from + 1}>
                <td><button type="button" onClick={(e) => { e.stopPropagation(); jumpTo(r.from + 1); }}>#{r.id}</button></td>
                <td>{r.kind}</td>
                <td className="mono">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BreakpointRow({ b }: { b: BreakpointView }) {
  const { toggleBreakpoint, removeBreakpoint } = useActions();
  return (
    <li data-hits={b.count} data-enabled={b.enabled}>
      <label>
        <input type="checkbox" checked={b.enabled} onChange={() => toggleBreakpoint(b.id)} aria-label={`Enable breakpoint ${b.text}`} />
        <code>{b.text}</code>
      </label>
      <span className="hits-count">
        {plural(b.count, 'hit')}
        {b.leftOff > 0 ? ` (${b.leftOff} not marked)` : ''}
      </span>
      <button type="button" aria-label={`Remove breakpoint ${b.text}`} onClick={() => removeBreakpoint(b.id)}>Remove</button>
    </li>
  );
}

function Breakpoints({ q }: { q: QueriesView }) {
  const { previousHit, nextHit, runUntil } = useActions();
  const cursor = useStatus((st) => st.cursor, 0);
  const live = useStatus((st) => st.canGrow, false);
  if (q.breakpoints.length === 0) return null;
  const stopped = q.stopped !== null && q.stopped.cursor === cursor ? q.breakpoints.find((b) => b.id === q.stopped!.id) : undefined;
  return (
    <div className="breakpoints">
      <div className="breakpoint-moves">
        <button type="button" onClick={previousHit} title="Previous hit (,)">◀ Previous hit</button>
        <button type="button" onClick={nextHit} title="Next hit (.)">Next hit ▶</button>
        {live && <button type="button" onClick={runUntil}>Run until a hit</button>}
        {stopped !== undefined && (
          <span className="stopped" role="status" data-record={cursor}>
            Stopped at <code>{stopped.text}</code> (record {cursor})
          </span>
        )}
      </div>
      <ul aria-label="Breakpoints">
        {q.breakpoints.map((b) => <BreakpointRow key={b.id} b={b} />)}
      </ul>
    </div>
  );
}

/** Height and width of a watch's sparkline, in its own units. */
const SPARK_W = 120;
const SPARK_H = 16;

function Sparkline({ w, length }: { w: WatchValueView; length: number }) {
  const cursor = useStatus((st) => st.cursor, 0);
  if (w.spark.length === 0) return null;
  const top = Math.max(1, ...w.spark.map((p) => p.value));
  const x = (at: number) => (at / Math.max(1, length)) * SPARK_W;
  const points = w.spark.map((p) => `${x(p.at).toFixed(1)},${(SPARK_H - 1 - (p.value / top) * (SPARK_H - 2)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" aria-hidden="true">
      <polyline points={points} />
      <line x1={x(cursor)} x2={x(cursor)} y1={0} y2={SPARK_H} />
    </svg>
  );
}

function Watches() {
  const watches = useSection('queryWatches') ?? NO_WATCHES;
  const length = useStatus((st) => st.length, 0);
  const { removeQueryWatch } = useActions();
  if (watches.length === 0) return null;
  return (
    <ul className="query-watches" aria-label="Watches">
      {watches.map((w) => (
        <li key={w.id} data-now={w.now} data-so-far={w.soFar}>
          <code>{w.text}</code>
          <span>
            {w.now} now · {w.soFar} so far
          </span>
          <Sparkline w={w} length={length} />
          <button type="button" aria-label={`Remove watch ${w.text}`} onClick={() => removeQueryWatch(w.id)}>Remove</button>
        </li>
      ))}
    </ul>
  );
}

export function QueryPanel() {
  const q = useSection('queries');
  const asked = q?.asked ?? null;
  return (
    <section className="queries" aria-label="Queries and breakpoints">
      <QueryBar asked={asked} names={q?.names ?? NO_NAMES} />
      {asked !== null && asked.ok && <Results asked={asked} />}
      <Watches />
      {q !== undefined && <Breakpoints q={q} />}
    </section>
  );
}
