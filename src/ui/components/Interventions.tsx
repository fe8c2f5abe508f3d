/**
 * User interventions (issue 7): kill the selected process, inject a message, add a TCP client.
 * Each is recorded as an input of the run (RunHistory.inputs), so the run stays replayable. At the
 * frontier an intervention applies at once; in the past the dialog asks before the future after
 * the cursor is discarded and the run is re-simulated with it.
 */
import { plural } from '../../debugger/views/plural.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { pretty, prettyVmPath, tcpClientSpec, type Term } from '../../kernel/values.ts';
import { scenarioOf, useSession, useStatus } from '../session-context.ts';
import { useUi } from '../ui-context.ts';
import type { DialogRequest } from '../ui-store.ts';
import { NextEventForm } from './NextEvent.tsx';
import { useApply } from './use-apply.tsx';
import { parseMessage } from '../../debugger/term-parse.ts';

export function InterventionBar() {
  const proc = useStatus((st) => st.selected, null) ?? undefined;
  const port = useSession((s) => scenarioOf(s)?.tcpPort ?? null);
  const openDialog = useUi((s) => s.openDialog);
  const killTitle =
    proc === undefined
      ? 'Select a process first (VM tree, presence graph or sequence chart)'
      : proc.alive
        ? `Kill p${proc.pid} ${proc.name}`
        : `p${proc.pid} ${proc.name} is not alive at this step`;
  return (
    <div className="interventions" role="toolbar" aria-label="Interventions">
      <span className="interventions-label">Intervene</span>
      <button type="button" disabled={proc?.alive !== true} title={killTitle} onClick={() => openDialog({ kind: 'kill' })}>
        Kill process…
      </button>
      <button type="button" title="Deliver a message from outside the ground VM" onClick={() => openDialog({ kind: 'inject' })}>
        Inject message…
      </button>
      <button type="button" className="next-event" title="Choose what the ground delivers next (a packet, a timer, a client's step, a fault)" onClick={() => openDialog({ kind: 'choose' })}>
        Next ground event…
      </button>
      {port !== null && (
        <button type="button" title="Start another scripted TCP client" onClick={() => openDialog({ kind: 'add-client' })}>
          Add client…
        </button>
      )}
      <RecordedInputs />
    </div>
  );
}

const NO_INPUTS: readonly never[] = [];

function RecordedInputs() {
  const inputs = useStatus((st) => st.inputs, NO_INPUTS);
  const count = inputs.length;
  if (count === 0) return <span className="inputs-none muted">no interventions recorded</span>;
  return (
    <details className="recorded-inputs">
      <summary>
        {plural(count, 'recorded input')}
      </summary>
      <ol>
        {inputs.map((i, n) => (
          <li key={n}>
            after step {i.atStep}
            {i.state === 'applied' ? ` (record ${i.atRecord})` : i.state === 'pending' ? ' (still to come)' : ' (never applied: the run ended first)'}: {i.text}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The open intervention dialog, if any. */
export function InterventionDialog() {
  const dialog = useUi((s) => s.dialog);
  const close = useUi((s) => s.closeDialog);
  if (dialog === null) return null;
  return <Dialog request={dialog} onClose={close} />;
}

const TITLES: Record<DialogRequest['kind'], string> = {
  kill: 'Kill process',
  inject: 'Inject message',
  'add-client': 'Add client',
  choose: 'Next ground event',
};

function Dialog({ request, onClose }: { request: DialogRequest; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [onClose]);
  return (
    <div className="overlay" onClick={onClose}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="intervention-title"
        className="dialog intervention-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="intervention-title">{TITLES[request.kind]}</h2>
        {request.kind === 'kill' && <KillForm initialReason={request.reason} onDone={onClose} />}
        {request.kind === 'inject' && (
          <InjectForm initialBody={request.body} initialOrientation={request.orientation} onDone={onClose} />
        )}
        {request.kind === 'add-client' && (
          <AddClientForm initialHost={request.host} initialLines={request.lines} onDone={onClose} />
        )}
        {request.kind === 'choose' && <NextEventForm onDone={onClose} />}
      </div>
    </div>
  );
}

function Buttons({ submit, disabled, onCancel }: { submit: string; disabled: boolean; onCancel: () => void }) {
  return (
    <div className="dialog-buttons">
      <button type="submit" className="primary" disabled={disabled}>
        {submit}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function KillForm({ initialReason, onDone }: { initialReason: string | undefined; onDone: () => void }) {
  const proc = useStatus((st) => st.selected, null) ?? undefined;
  const [reason, setReason] = useState(initialReason ?? 'killed-by-user()');
  const parsed = parseMessage(reason, 'notation');
  const { apply, confirmView, confirming } = useApply(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (proc === undefined || !proc.alive || !parsed.ok) return;
    apply({ kind: 'kill', vm: proc.vm, pid: proc.pid, reason: parsed.term });
  };
  if (proc === undefined || !proc.alive) {
    return (
      <>
        <p>{proc === undefined ? 'No process is selected.' : `p${proc.pid} ${proc.name} is not alive at this step.`}</p>
        <div className="dialog-buttons">
          <button type="button" onClick={onDone}>
            Close
          </button>
        </div>
      </>
    );
  }
  return (
    <form onSubmit={submit}>
      <p>
        Remove <strong>p{proc.pid} {proc.name}</strong> from <code>{prettyVmPath(proc.vm)}</code>, as if killed
        from outside: its peers see the absence of its endpoints, with this reason.
      </p>
      <label className="field wide">
        <span>Reason (the kernel’s notation)</span>
        <input
          type="text"
          value={reason}
          spellCheck={false}
          aria-invalid={!parsed.ok}
          aria-describedby="kill-reason-help"
          onChange={(e) => setReason(e.target.value)}
          readOnly={confirming}
        />
      </label>
      <p id="kill-reason-help" className={parsed.ok ? 'hint' : 'field-error'}>
        {parsed.ok ? `reason: ${pretty(parsed.term)}` : parsed.error}
      </p>
      {confirming ? confirmView('kill') : <Buttons submit="Kill" disabled={!parsed.ok} onCancel={onDone} />}
    </form>
  );
}

function InjectForm({
  initialBody,
  initialOrientation,
  onDone,
}: {
  initialBody: string | undefined;
  initialOrientation: 'publisher' | 'subscriber' | undefined;
  onDone: () => void;
}) {
  const [body, setBody] = useState(initialBody ?? '');
  const [form, setForm] = useState<'notation' | 'json'>('notation');
  const [orientation, setOrientation] = useState<'publisher' | 'subscriber'>(initialOrientation ?? 'publisher');
  const parsed = parseMessage(body, form);
  const empty = body.trim() === '';
  const { apply, confirmView, confirming } = useApply(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.ok) return;
    apply({ kind: 'inject', body: parsed.term as Term, orientation });
  };
  return (
    <form onSubmit={submit}>
      <p>Deliver a message into the ground VM from outside (no sending process), as a ground event.</p>
      <fieldset className="choice">
        <legend>Written as</legend>
        <label>
          <input type="radio" name="form" checked={form === 'notation'} onChange={() => setForm('notation')} /> the
          kernel’s notation
        </label>
        <label>
          <input type="radio" name="form" checked={form === 'json'} onChange={() => setForm('json')} /> JSON
        </label>
      </fieldset>
      <label className="field wide">
        <span>Message</span>
        <textarea
          rows={3}
          value={body}
          spellCheck={false}
          placeholder={form === 'json' ? '{"struct": "hello", "fields": ["world"]}' : 'hello("world", 1)'}
          aria-invalid={!empty && !parsed.ok}
          aria-describedby="inject-help"
          onChange={(e) => setBody(e.target.value)}
          readOnly={confirming}
        />
      </label>
      <p id="inject-help" className={empty || parsed.ok ? 'hint' : 'field-error'}>
        {empty
          ? form === 'json'
            ? 'JSON as in the trace format: {"struct": name, "fields": […]}, lists, strings, numbers, {"bytes": "…"}.'
            : 'name(args), [a, b], "text", #"bytes", numbers, true, false, null.'
          : parsed.ok
            ? `message: ${pretty(parsed.term)}`
            : parsed.error}
      </p>
      <label className="field">
        <span>Direction</span>
        <select value={orientation} onChange={(e) => setOrientation(e.target.value as 'publisher' | 'subscriber')}>
          <option value="publisher">message (down, to subscribers)</option>
          <option value="subscriber">feedback (up, to publishers)</option>
        </select>
      </label>
      {confirming ? confirmView('inject') : <Buttons submit="Inject" disabled={!parsed.ok} onCancel={onDone} />}
    </form>
  );
}

const HOST_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** What is wrong with `host` as a new client's name, or null. */
function hostProblem(host: string, world: { readonly vmHost: string; readonly clients: readonly string[] }) {
  if (!HOST_RE.test(host)) return 'a host name: letters, digits, - _ . (not starting with a symbol)';
  if (world.clients.includes(host)) return `there is already a client named ${host}`;
  if (host === world.vmHost) return `${host} is the VM’s own host`;
  return null;
}

function AddClientForm({
  initialHost,
  initialLines,
  onDone,
}: {
  initialHost: string | undefined;
  initialLines: readonly string[] | undefined;
  onDone: () => void;
}) {
  const scenarioPort = useSession((s) => scenarioOf(s)?.tcpPort ?? null);
  const world = useStatus((st) => st.world, null) ?? { vmHost: 'server', clients: [] };
  const [host, setHost] = useState(initialHost ?? 'carol');
  const [port, setPort] = useState(String(scenarioPort ?? ''));
  const [lines, setLines] = useState((initialLines ?? ['hello']).join('\n'));
  const portN = Number(port);
  const hostError = hostProblem(host, world);
  const portError = /^\d+$/.test(port) && portN >= 1 && portN <= 65535 ? null : 'a port from 1 to 65535';
  const sendLines = lines.split('\n').filter((l) => l !== '');
  const { apply, confirmView, confirming } = useApply(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (hostError !== null || portError !== null) return;
    apply({ kind: 'connect', client: tcpClientSpec({ client: host, host, to: world.vmHost, port: portN, send: sendLines }) });
  };
  return (
    <form onSubmit={submit}>
      <p>
        A new host connects to <code>{world.vmHost}</code>, sends each line, waits for one line back after each, and
        closes.
      </p>
      <div className="field-row">
        <label className="field">
          <span>Host name</span>
          <input
            type="text"
            value={host}
            aria-invalid={hostError !== null}
            onChange={(e) => setHost(e.target.value.trim())}
            readOnly={confirming}
          />
        </label>
        <label className="field">
          <span>Port</span>
          <input
            type="text"
            inputMode="numeric"
            size={6}
            value={port}
            aria-invalid={portError !== null}
            onChange={(e) => setPort(e.target.value.trim())}
            readOnly={confirming}
          />
        </label>
      </div>
      {(hostError ?? portError) !== null && <p className="field-error">{hostError ?? portError}</p>}
      <label className="field wide">
        <span>Lines to send (one per line)</span>
        <textarea rows={3} value={lines} onChange={(e) => setLines(e.target.value)} readOnly={confirming} />
      </label>
      {confirming ? (
        confirmView('add the client')
      ) : (
        <Buttons submit="Add client" disabled={hostError !== null || portError !== null} onCancel={onDone} />
      )}
    </form>
  );
}
