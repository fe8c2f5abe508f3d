/**
 * The inspector: one process at the cursor — its state as an expandable tree, its endpoints, its
 * pending actions, and what changed in its state since the previous step.
 *
 * Data definition:
 *   StateNode = { label, preview, children }   a bounded, printable tree of any value
 *   Inspection = { key, name, pid, vm, alive, exit, crash, state, endpoints, queue, diff }
 *   DiffLine  = { path, before, after }         leaves that differ between the two states
 */
import { plural } from './plural.ts';
import { isImmutable, isKeyed } from 'immutable';
import {
  invalidTermReason, isGround, pretty, prettyAction, prettyRoleShort, prettyVmPath, termKind, type Reason, type Term,
} from '../../kernel/index.ts';
import type { Model } from '../model.ts';
import { PLAIN_PRINTER, type Printer } from './printer.ts';
import { shown } from './shown.ts';

export interface StateNode {
  readonly label: string;
  readonly preview: string;
  readonly children: readonly StateNode[];
}

export const MAX_STATE_DEPTH = 12;

/** The decoded lines of bytes a protocol reads, as leaves of the state tree (none for plain bytes). */
function payloadLines(print: Printer, bytes: Uint8Array): StateNode[] {
  const lines = print.payloads(bytes).flatMap((d) => d.lines);
  return lines.map((line, i) => ({ label: String(i + 1), preview: shown(line), children: [] }));
}
export const MAX_STATE_CHILDREN = 200;

function isTerm(v: unknown): v is Term {
  return invalidTermReason(v) === null;
}

function entriesOf(v: object): [string, unknown][] {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [isTerm(k) ? pretty(k) : String(k), x]);
  if (v instanceof Set) return [...v.values()].map((x, i) => [String(i), x]);
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  if (typeof (v as { toJS?: unknown }).toJS === 'function' && 'size' in v) {
    return Object.entries((v as unknown as { toJS: () => object }).toJS());
  }
  return Object.entries(v);
}

/**
 * The process count of a live nested VM's state (an object with a `routing` index and an Immutable
 * `processes` map); null for anything else, such as a state read from a file ({"processes": null}).
 */
function nestedVmSize(v: object): number | null {
  if (!Object.hasOwn(v, 'processes') || !Object.hasOwn(v, 'routing')) return null;
  const procs = (v as { processes: unknown }).processes;
  return isImmutable(procs) && isKeyed(procs) ? procs.count() : null;
}

/** A printable tree of any state value (terms print in the kernel's notation). */
export function stateTree(value: unknown, label = 'state', print: Printer = PLAIN_PRINTER, depth = 0, seen = new Set<object>()): StateNode {
  const pretty = print.term;
  if (value === null || typeof value !== 'object') {
    const preview = typeof value === 'function' ? 'ƒ' : value === undefined ? 'undefined' : isTerm(value as Term) ? pretty(value as Term) : String(value);
    return { label: shown(label), preview: shown(preview), children: [] };
  }
  if (isTerm(value) && termKind(value) !== 'list' && isGround(value)) return { label: shown(label), preview: shown(pretty(value)), children: [] };
  if (value instanceof Uint8Array) return { label: shown(label), preview: shown(pretty(value)), children: payloadLines(print, value) };
  if (seen.has(value)) return { label, preview: '(cycle)', children: [] };
  if (depth >= MAX_STATE_DEPTH) return { label, preview: '…', children: [] };
  seen.add(value);
  const vmSize = nestedVmSize(value);
  if (vmSize !== null) return { label, preview: `nested VM (${plural(vmSize, 'process', 'processes')})`, children: [] };
  const entries = entriesOf(value);
  const children = entries.slice(0, MAX_STATE_CHILDREN).map(([k, v]) => stateTree(v, k, print, depth + 1, seen));
  if (entries.length > MAX_STATE_CHILDREN) children.push({ label: '…', preview: `${entries.length - MAX_STATE_CHILDREN} more`, children: [] });
  const kind = Array.isArray(value) ? `[${entries.length}]` : value instanceof Map ? `Map(${entries.length})` : `{${entries.length}}`;
  return { label, preview: kind, children };
}

export interface DiffLine {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

function leaves(n: StateNode, path: string, out: Map<string, string>): void {
  if (n.children.length === 0) out.set(path, n.preview);
  else for (const c of n.children) leaves(c, `${path}.${c.label}`, out);
}

/** The leaves of two states that differ (added, removed or changed). */
export function stateDiff(before: unknown, after: unknown, print: Printer = PLAIN_PRINTER): DiffLine[] {
  if (before === after) return [];
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(stateTree(before, 'state', print), 'state', a);
  leaves(stateTree(after, 'state', print), 'state', b);
  const out: DiffLine[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path) ?? '—';
    const y = b.get(path) ?? '—';
    if (x !== y) out.push({ path, before: x, after: y });
  }
  return out;
}

export interface Inspection {
  readonly key: string;
  readonly name: string;
  readonly pid: number;
  readonly vm: string;
  readonly alive: boolean;
  readonly isVm: boolean;
  readonly exit: string | null;
  readonly crash: string | null;
  readonly state: StateNode;
  readonly endpoints: readonly { readonly name: string; readonly role: string; readonly meta: boolean }[];
  readonly queue: readonly string[];
  readonly diff: readonly DiffLine[];
}

export function inspect(model: Model, key: string, previous: Model | null, print: Printer = PLAIN_PRINTER): Inspection | null {
  const p = model.procs.get(key);
  const pretty = print.term;
  if (p === undefined) return null;
  const before = previous?.procs.get(key);
  return {
    key, name: p.name, pid: p.pid, vm: prettyVmPath(p.vm), alive: p.alive, isVm: p.isVm,
    exit: p.exit === null ? null : shown(`${p.exit.how} ${pretty(p.exit.reason as Reason)}`),
    crash: p.crash === null ? null : shown(pretty(p.crash as Reason)),
    state: stateTree(p.state, 'state', print),
    endpoints: [...p.endpoints.values(), ...p.metaEndpoints.values()].map((e) => ({
      name: e.name, role: prettyRoleShort(e.role, pretty), meta: e.meta,
    })),
    queue: p.queue.toArray().map((a) => prettyAction(a, pretty)),
    diff: before === undefined ? [] : stateDiff(before.state, p.state, print),
  };
}
