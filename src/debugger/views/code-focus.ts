/**
 * What a trace record points at in the source: the process that acted (by its names, so that the
 * Code panel can find its spawn and its code, src/debugger/code/locate.ts) and the endpoint whose
 * handler ran or which changed; for a presence or absence, the peer endpoint that caused it too.
 *
 * Data definition:
 *   CodeActor = { names, endpoint }
 *     names     the names of the enclosing VM processes, outermost first, then the process's own
 *     endpoint  the endpoint involved (null: the process's boot, a quit, …)
 *   CodeFocus = { actor, peer }    null where the record has no process (a ground event, the world)
 * Rules:
 *   - deliver: the endpoint whose handler ran; a presence or absence also names the peer endpoint.
 *     A delivery to a VM process's relay endpoint "c/n" is, in the source, child c's meta-endpoint n.
 *   - endpoint (added, replaced, removed): that endpoint. An add-role or delete-role action: its endpoint.
 *   - any other action: the endpoint of the handler that queued it (its cause, a delivery in the
 *     same process), else none (the boot or a continuation queued it).
 *   - boot, continuation, quit and the others: the process alone.
 */
import { assertNever } from '../../kernel/values.ts';
import type { Pid, TraceRecord, VmPath } from '../../kernel/index.ts';
import { procKey, type Model } from '../model.ts';

export interface CodeActor {
  readonly names: readonly string[];
  readonly endpoint: string | null;
}

export interface CodeFocus {
  readonly actor: CodeActor | null;
  readonly peer: CodeActor | null;
}

export const NO_FOCUS: CodeFocus = { actor: null, peer: null };

/** A VM process's relay endpoint for its child's meta-endpoint: "c/n" (kernel/actions.ts relayName). */
const RELAY = /^(\d+)\/(.+)$/;

function namesOf(model: Model, vm: VmPath, pid: Pid | number): string[] {
  const path = [...vm, pid];
  return path.map((p, i) => model.procs.get(procKey(path.slice(0, i) as unknown as VmPath, p))?.name ?? `process ${p}`);
}

function actor(model: Model, vm: VmPath, pid: Pid, endpoint: string | null): CodeActor {
  const relay = endpoint === null ? null : RELAY.exec(endpoint);
  if (relay !== null) return { names: namesOf(model, [...vm, pid] as unknown as VmPath, Number(relay[1])), endpoint: relay[2]! };
  // A name the kernel chose (#1, #2, …) is written nowhere.
  return { names: namesOf(model, vm, pid), endpoint: endpoint !== null && endpoint.startsWith('#') ? null : endpoint };
}

function actionEndpoint(r: TraceRecord & { kind: 'action' }, cause: TraceRecord | undefined): string | null {
  const a = r.action.type === 'at-meta-level' ? r.action.preaction : r.action;
  if (a.type === 'add-role' || a.type === 'delete-role') return a.name;
  return cause?.kind === 'deliver' && cause.pid === r.pid && cause.vm.length === r.vm.length ? cause.endpoint : null;
}

/** The focus of record `r`; `cause` is the record that caused it, if known; `model` names the processes. */
export function codeFocus(r: TraceRecord, cause: TraceRecord | undefined, model: Model): CodeFocus {
  if (r.pid === null) return NO_FOCUS;
  switch (r.kind) {
    case 'deliver':
      return {
        actor: actor(model, r.vm, r.pid, r.endpoint),
        peer: r.peer === null ? null : actor(model, r.vm, r.peer.pid, r.peer.endpoint),
      };
    case 'endpoint':
      return { actor: actor(model, r.vm, r.pid, r.endpoint), peer: null };
    case 'action':
      return { actor: actor(model, r.vm, r.pid, actionEndpoint(r, cause)), peer: null };
    case 'boot':
    case 'continuation':
    case 'quit':
    case 'enqueue':
    case 'no-op':
    case 'limit':
    case 'round':
    case 'gc':
    case 'ground-event':
    case 'world':
      return { actor: actor(model, r.vm, r.pid, null), peer: null };
    default:
      return assertNever(r, 'trace record');
  }
}
