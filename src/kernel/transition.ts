/**
 * Transitions returned by user code: flattening of action trees and validation of everything a
 * handler, boot function or continuation hands back (bad output is a crash, never a kernel error).
 *
 * Rule: an ActionTree is flattened left to right, depth first; null, undefined and false are skipped.
 * Handlers and continuations must be functions: kernel code (relay, run-vm, resume: actions.ts) is
 * the kernel's own and is refused from user code.
 */
import type { Action, ActionTree, Preaction, Transition } from './actions.ts';
import { isActionLike } from './actions.ts';
import type { Limits } from './limits.ts';
import { INTEREST_TYPES, ORIENTATIONS } from './role.ts';
import { termMeasure, type Term } from './term.ts';
import { invalidTermReason } from './term-json.ts';

/** The talk's `transition`: a new state and any number of actions (or nested lists of actions). */
export function transition<S>(state: S, ...actions: ActionTree[]): Transition<S> {
  return { state, actions };
}

export type Checked = { ok: true; state: unknown; actions: readonly Action[] } | { ok: false; error: string };

/** Validates a value user code returned as a Transition and flattens its actions. */
export function checkTransition(t: unknown, limits: Limits): Checked {
  if (typeof t !== 'object' || t === null || !('state' in t)) {
    return { ok: false, error: `expected a transition {state, actions}, got ${describe(t)}` };
  }
  const actions: Action[] = [];
  const error = flattenInto((t as { actions?: unknown }).actions, actions, limits, 0);
  return error === null ? { ok: true, state: (t as { state: unknown }).state, actions } : { ok: false, error };
}

function flattenInto(tree: unknown, out: Action[], limits: Limits, depth: number): string | null {
  if (tree === null || tree === undefined || tree === false) return null;
  if (depth > 100) return 'action tree nested more than 100 levels';
  if (Array.isArray(tree)) {
    for (const sub of tree) {
      const e = flattenInto(sub, out, limits, depth + 1);
      if (e !== null) return e;
    }
    return null;
  }
  if (!isActionLike(tree)) return `${describe(tree)} is not an action`;
  const e = checkAction(tree, limits, false);
  if (e !== null) return e;
  if (out.length >= limits.maxQueueLength) return `more than ${limits.maxQueueLength} actions in one transition`;
  out.push(tree);
  return null;
}

function checkAction(a: Action, limits: Limits, meta: boolean): string | null {
  switch (a.type) {
    case 'add-role':
      if (typeof a.handler !== 'function') return 'add-role needs a handler function';
      if (a.name !== null && typeof a.name !== 'string') return 'add-role: endpoint name must be a string';
      if (typeof a.role !== 'object' || a.role === null) return 'add-role needs a role';
      if (!ORIENTATIONS.includes(a.role.orientation)) return `add-role: bad orientation ${describe(a.role.orientation)}`;
      if (!INTEREST_TYPES.includes(a.role.interest)) return `add-role: bad interest type ${describe(a.role.interest)}`;
      return checkTerm(a.role.topic, 'add-role topic', limits);
    case 'delete-role':
      if (typeof a.name !== 'string') return 'delete-role: endpoint name must be a string';
      return checkTerm(a.reason, 'delete-role reason', limits);
    case 'send-message':
      if (!ORIENTATIONS.includes(a.orientation)) return `send-message: bad orientation ${describe(a.orientation)}`;
      return checkTerm(a.body, 'message body', limits);
    case 'spawn':
      if (typeof a.boot !== 'function' && (typeof a.boot !== 'object' || a.boot === null)) {
        return 'spawn needs a boot function or an initial transition';
      }
      if (a.k !== null && typeof a.k !== 'function') return 'spawn: the continuation must be a function';
      return null;
    case 'quit':
      if (a.pid !== null && !Number.isInteger(a.pid)) return `quit: pid must be an integer, got ${describe(a.pid)}`;
      return checkTerm(a.reason, 'quit reason', limits);
    case 'yield':
      if (meta) return 'at-meta-level cannot wrap a yield';
      return typeof a.k === 'function' ? null : 'yield needs a function';
    case 'at-meta-level':
      if (meta) return 'at-meta-level cannot wrap another at-meta-level';
      if (!isActionLike(a.preaction)) return 'at-meta-level needs an action';
      return checkAction(a.preaction as Preaction, limits, true);
  }
}

function checkTerm(t: Term, what: string, limits: Limits): string | null {
  const bad = invalidTermReason(t, what);
  if (bad !== null) return bad;
  const m = termMeasure(t, limits.maxTermNodes, limits.maxTermDepth);
  if (m.nodes > limits.maxTermNodes) return `${what} has more than maxTermNodes (${limits.maxTermNodes}) nodes`;
  if (m.depth > limits.maxTermDepth) return `${what} is nested deeper than maxTermDepth (${limits.maxTermDepth})`;
  return null;
}

function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return 'a function';
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 60 ? s.slice(0, 57) + '...' : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
}
