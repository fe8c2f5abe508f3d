/** The selected process at the cursor (state, endpoints, queue, diff), and "Why?" for the current record. */
import { memo, useState } from 'react';
import type { StateNode } from '../../debugger/views/inspector.ts';
import type { WhyLine } from '../../debugger/engine/frame.ts';
import { MAX_WHY_LINKS, WHY_SHOWN } from '../../debugger/engine/constants.ts';
import { useActions, useSection, useSessionNow, useStatus } from '../session-context.ts';
import { Panel } from './Panel.tsx';
import { CAUSE_LEGEND, RecordText } from './RecordText.tsx';

export function InspectorPanel() {
  return (
    <Panel title="Inspector" className="panel-inspector">
      <ProcessInspector />
      <Why />
    </Panel>
  );
}

function ProcessInspector() {
  const key = useStatus((st) => st.selection.process, null);
  const view = useSection('inspector') ?? null;
  if (key === null)
    return (
      <p className="empty">Select a process in the VM tree, the presence graph or the sequence chart.</p>
    );
  if (view === null) return <p className="empty">Process {key} does not exist yet at this step.</p>;
  return (
    <div className="inspection">
      <h3>
        <span className="pid">p{view.pid}</span> {view.name} <span className="muted">in {view.vm}</span>
      </h3>
      <p className={view.alive ? 'status-alive' : 'status-dead'}>
        {view.alive ? 'alive' : `exited: ${view.exit ?? '?'}`}
        {view.crash !== null && <span className="crash-badge"> crashed: {view.crash}</span>}
      </p>
      <h4>State</h4>
      <StateTree node={view.state} open />
      {view.diff.length > 0 && (
        <>
          <h4>Changed by this step</h4>
          <table className="diff">
            <tbody>
              {view.diff.map((d) => (
                <tr key={d.path}>
                  <th scope="row">{d.path}</th>
                  <td className="before">{d.before}</td>
                  <td className="after">{d.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>Endpoints ({view.endpoints.length})</h4>
      {view.endpoints.length === 0 ? (
        <p className="empty">none</p>
      ) : (
        <ul className="mono-list">
          {view.endpoints.map((e) => (
            <li key={`${e.meta ? '^' : ''}${e.name}`}>
              <strong>{e.name}</strong>
              {e.meta && <span className="tag">meta</span>} {e.role}
            </li>
          ))}
        </ul>
      )}
      <h4>Pending actions ({view.queue.length})</h4>
      {view.queue.length === 0 ? (
        <p className="empty">none</p>
      ) : (
        <ol className="mono-list">
          {view.queue.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** A value of the state and its parts; memoised: the store keeps an unchanged node's object. */
const StateTree = memo(function StateTree({ node, open = false }: { node: StateNode; open?: boolean }) {
  if (node.children.length === 0) {
    return (
      <div className="state-leaf">
        <span className="state-label">{node.label}</span>: <code>{node.preview}</code>
      </div>
    );
  }
  return (
    <details className="state-node" open={open}>
      <summary>
        <span className="state-label">{node.label}</span> <span className="muted">{node.preview}</span>
      </summary>
      {node.children.map((c, i) => (
        <StateTree key={`${c.label}-${i}`} node={c} />
      ))}
    </details>
  );
});


/** The chain of causes of the selected record (or the cursor's record), back to its root. */
function Why() {
  const why = useSection('why') ?? null;
  const [raw, setRaw] = useState(false);
  const { setView } = useActions();
  const all = useSessionNow((s) => s.view.whyLinks) > WHY_SHOWN;
  const setAll = (on: boolean) => setView({ whyLinks: on ? MAX_WHY_LINKS : WHY_SHOWN });
  const shown = why?.lines ?? [];
  const total = why?.total ?? 0;
  return (
    <div className="why">
      <h4>
        Why? {why !== null && <span className="muted">record #{why.id}, then what caused it, back to the start</span>}
      </h4>
      {shown.length === 0 ? (
        <p className="empty">Step forward, or pick a record in the event log.</p>
      ) : (
        <>
          <label className="why-raw-toggle">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> raw records
          </label>
          {raw && <p className="why-legend muted">{CAUSE_LEGEND}</p>}
          <ol className="why-chain" aria-label="Chain of causes">
            {shown.map((l, i) => (
              <WhyRow key={l.index} line={l} first={i === 0} raw={raw} />
            ))}
          </ol>
        </>
      )}
      {total > WHY_SHOWN && (
        <button type="button" className="link why-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `show the nearest ${WHY_SHOWN} causes` : `show all ${total} causes`}
        </button>
      )}
    </div>
  );
}

/** One cause: who acted, what happened, about what; a button that goes there. */
function WhyRow({ line, first, raw }: { line: WhyLine; first: boolean; raw: boolean }) {
  const { jumpTo, selectRecord } = useActions();
  const go = () => {
    jumpTo(line.index + 1);
    selectRecord(line.index);
  };
  return (
    <li className={first ? 'why-line why-self' : 'why-line'}>
      <button type="button" className="link why-go" onClick={go} title={line.raw} aria-label={`Go to record #${line.id}: ${line.actor} ${line.what}`}>
        #{line.id}
      </button>
      {raw ? (
        <code className="why-raw">
          <RecordText text={line.raw} />
        </code>
      ) : (
        <span className="why-words">
          <strong className="why-actor">{line.actor}</strong> <span className="why-what">{line.what}</span>
          {line.about !== '' && (
            <code className="why-about" title={line.about}>
              {line.about}
            </code>
          )}
        </span>
      )}
    </li>
  );
}
