/**
 * The app shell: one scenario, stepped round by round, with its trace and live processes.
 * The full debugger UI replaces this; keep it small.
 */
import { useStore } from 'zustand';
import type { GroundVM } from '../kernel/index.ts';
import type { LabStore, LogLine } from './store.ts';

interface ProcessRow {
  readonly pid: number;
  readonly name: string;
  readonly endpoints: readonly string[];
}

/** Live processes of the ground VM, derived at render time (cheap, and keeps the store minimal). */
function processRows(ground: GroundVM): ProcessRow[] {
  return [...ground.vm.processes.values()].map((p) => ({
    pid: p.pid,
    name: p.name,
    endpoints: [...p.endpoints.keys()],
  }));
}

export function App({ store }: { store: LabStore }) {
  const scenario = useStore(store, (s) => s.scenario);
  const ground = useStore(store, (s) => s.ground);
  const status = useStore(store, (s) => s.status);
  const log = useStore(store, (s) => s.log);
  const { step, runDemo, reset } = store.getState();

  return (
    <div className="app">
      <header>
        <h1>os2 Lab</h1>
        <p>
          A simulator and debugger for os2, Tony Garnock-Jones&apos;s pub/sub kernel: processes talk only by
          publishing and subscribing, see each other through presence, and run in nested VMs under a ground
          VM.
        </p>
      </header>

      <section className="scenario">
        <h2>{scenario.title}</h2>
        <p>{scenario.description}</p>
        <div className="controls">
          <button type="button" onClick={runDemo}>
            Run demo
          </button>
          <button type="button" onClick={step} disabled={status !== 'running'}>
            Step
          </button>
          <button type="button" onClick={reset}>
            Reset
          </button>
          <span className="status" aria-live="polite">
            {status} · {ground.steps} step{ground.steps === 1 ? '' : 's'}
          </span>
        </div>
      </section>

      <main className="panes">
        <ProcessList rows={processRows(ground)} />
        <EventLog log={log} />
      </main>
    </div>
  );
}

function ProcessList({ rows }: { rows: readonly ProcessRow[] }) {
  return (
    <section role="region" aria-label="Processes" className="pane">
      <h2>Processes</h2>
      {rows.length === 0 ? (
        <p className="empty">No live processes.</p>
      ) : (
        <ul>
          {rows.map((p) => (
            <li key={p.pid}>
              <span className="pid">p{p.pid}</span> <span className="name">{p.name}</span>
              {p.endpoints.length > 0 && <span className="endpoints"> [{p.endpoints.join(', ')}]</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EventLog({ log }: { log: readonly LogLine[] }) {
  return (
    <section role="region" aria-label="Event log" className="pane log">
      <h2>Event log</h2>
      {log.length === 0 ? (
        <p className="empty">Press Step or Run demo.</p>
      ) : (
        <ol>
          {log.map((l) => (
            <li key={l.id} className={`kind-${l.kind}`}>
              {l.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
