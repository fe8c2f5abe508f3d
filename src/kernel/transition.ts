/**
 * Transitions returned by user code, at the boundary (boundary.ts): a handler's, boot function's or
 * continuation's result becomes a kernel-owned transition once — its action tree flattened, every
 * action copied into a frozen kernel action, every term and name checked and owned. Bad output is a
 * crash of the process, never a kernel error; the kernel never reads the returned object again.
 *
 * Rules:
 *   - An ActionTree is flattened left to right, depth first; null, undefined, false and holes are
 *     skipped. Lists are read by index (never by a user iterator); every entry (action, list or
 *     skipped one) spends one of maxTransitionActions, and a list longer than what is left is
 *     refused before its elements are read.
 *   - Handlers, continuations and boot functions must be functions: kernel code (relay, run-vm,
 *     resume: actions.ts) is the kernel's own and is refused from user code. A boot given as a ready
 *     transition is owned here too (its size counts in this transition).
 *   - Names are strings of at most maxNameLength characters; a kill's pid is a safe integer;
 *     `nested` is a boolean; an explicit reason is at most maxReasonSize.
 */
import type { Action, ActionTree, BootSpec, Preaction, Transition, UserHandler, UserSpawnK, UserYieldK } from './actions.ts';
import { Refused, describeValue, newBudget, ownTerm, refuse, spend, type Budget } from './boundary.ts';
import { endpointName, pid, type EndpointName, type Pid } from './ids.ts';
import { MAX_ACTION_TREE_DEPTH, type Limits } from './limits.ts';
import { INTEREST_TYPES, ORIENTATIONS, type InterestType, type Orientation, type Role } from './role.ts';
import type { Term } from './term.ts';

/** The talk's `transition`: a new state and any number of actions (or nested lists of actions). */
export function transition<S>(state: S, ...actions: ActionTree[]): Transition<S> {
  return { state, actions };
}

/** A transition the kernel owns: frozen, its actions flat and owned. */
export interface OwnedTransition {
  readonly state: unknown;
  readonly actions: readonly Action[];
}
const OWNED_TRANSITIONS = new WeakSet<object>();

/** One transition's copy: its budgets, and the limits. */
interface Copy {
  readonly budget: Budget;
  readonly limits: Limits;
  entries: number;
}

/**
 * A value user code returned as a kernel-owned transition. Throws Refused, or whatever a getter or
 * Proxy trap of `t` throws (the caller contains both: process.ts).
 */
export function ownTransition(t: unknown, limits: Limits): OwnedTransition {
  const c: Copy = { budget: newBudget(limits), limits, entries: limits.maxTransitionActions };
  return ownTransitionIn(t, c, 0);
}

function ownTransitionIn(t: unknown, c: Copy, depth: number): OwnedTransition {
  if (typeof t === 'object' && t !== null && OWNED_TRANSITIONS.has(t)) return t as OwnedTransition;
  if (typeof t !== 'object' || t === null || !('state' in t)) {
    return refuse(null, `expected a transition {state, actions}, got ${describeValue(t)}`);
  }
  const { state, actions: tree } = t as { state: unknown; actions?: unknown };
  const actions: Action[] = [];
  flattenInto(tree, actions, c, depth);
  const owned: OwnedTransition = Object.freeze({ state, actions: Object.freeze(actions) });
  OWNED_TRANSITIONS.add(owned);
  return owned;
}

function entry(c: Copy, n: number): void {
  c.entries -= n;
  if (c.entries < 0) {
    refuse('maxTransitionActions', `more than maxTransitionActions (${c.limits.maxTransitionActions}) entries in one transition's action tree`);
  }
}

function flattenInto(tree: unknown, out: Action[], c: Copy, depth: number): void {
  entry(c, 1);
  if (tree === null || tree === undefined || tree === false) return;
  if (depth > MAX_ACTION_TREE_DEPTH) refuse(null, `action tree nested more than ${MAX_ACTION_TREE_DEPTH} levels`);
  if (Array.isArray(tree)) {
    const n: unknown = (tree as unknown[]).length;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) refuse(null, 'an action list without a proper length');
    // Before reading any element: a sparse list of length 2³²−1 is refused at once.
    if ((n as number) > c.entries) entry(c, n as number);
    for (let i = 0; i < (n as number); i++) flattenInto((tree as unknown[])[i], out, c, depth + 1);
    return;
  }
  out.push(ownAction(tree, c, false, depth));
}

/** What the refusal of one action says: the action's kind first, as before the boundary existed. */
function ownAction(x: unknown, c: Copy, meta: boolean, depth: number): Action {
  if (typeof x !== 'object' || x === null) return refuse(null, `${describeValue(x)} is not an action`);
  const a = x as Record<string, unknown>;
  const type = a.type;
  spendFor(c, 1, 'an action');
  switch (type) {
    case 'add-role':
      return ownAddRole(a, c);
    case 'delete-role':
      return Object.freeze({ type, name: ownName(a.name, 'delete-role: endpoint name', c), reason: ownReasonTerm(a.reason, 'delete-role reason', c) });
    case 'send-message': {
      const orientation = ownOrientation(a.orientation, 'send-message');
      return Object.freeze({ type, orientation, body: termIn(a.body, 'message body', c) });
    }
    case 'spawn':
      return ownSpawn(a, c, depth);
    case 'quit':
      return Object.freeze({ type, pid: ownPid(a.pid), reason: ownReasonTerm(a.reason, 'quit reason', c) });
    case 'yield':
      if (meta) return refuse(null, 'at-meta-level cannot wrap a yield');
      if (typeof a.k !== 'function') return refuse(null, 'yield needs a function');
      return Object.freeze({ type, k: a.k as UserYieldK });
    case 'at-meta-level': {
      if (meta) return refuse(null, 'at-meta-level cannot wrap another at-meta-level');
      const p = a.preaction;
      if (typeof p !== 'object' || p === null) return refuse(null, 'at-meta-level needs an action');
      return Object.freeze({ type, preaction: ownAction(p, c, true, depth) as Preaction });
    }
    default:
      return refuse(null, `${describeValue(x)} is not an action`);
  }
}

function ownAddRole(a: Record<string, unknown>, c: Copy): Action {
  const handler = a.handler;
  if (typeof handler !== 'function') return refuse(null, 'add-role needs a handler function');
  const name = a.name;
  const owned: EndpointName | null = name === null ? null : ownName(name, 'add-role: endpoint name', c);
  const r = a.role;
  if (typeof r !== 'object' || r === null) return refuse(null, 'add-role needs a role');
  const { orientation, topic, interest } = r as Record<string, unknown>;
  const role: Role = Object.freeze({
    orientation: ownOrientation(orientation, 'add-role'),
    topic: termIn(topic, 'add-role topic', c),
    interest: ownInterest(interest),
  });
  return Object.freeze({ type: 'add-role', name: owned, role, handler: handler as UserHandler });
}

function ownSpawn(a: Record<string, unknown>, c: Copy, depth: number): Action {
  const { boot, nested, k, name } = a;
  if (typeof boot !== 'function' && (typeof boot !== 'object' || boot === null)) {
    return refuse(null, 'spawn needs a boot function or an initial transition');
  }
  if (k !== null && typeof k !== 'function') return refuse(null, 'spawn: the continuation must be a function');
  if (typeof nested !== 'boolean') return refuse(null, `spawn: nested must be true or false, got ${describeValue(nested)}`);
  const ownedName = ownName(name, 'spawn: the process name', c);
  const ownedBoot: BootSpec = typeof boot === 'function' ? (boot as () => Transition<unknown>) : ownTransitionIn(boot, c, depth + 1);
  return Object.freeze({ type: 'spawn', boot: ownedBoot, nested, k: k as UserSpawnK | null, name: ownedName });
}

function ownName(v: unknown, what: string, c: Copy): EndpointName {
  if (typeof v !== 'string') return refuse(null, `${what} must be a string, got ${describeValue(v)}`);
  if (v.length > c.limits.maxNameLength) {
    refuse('maxNameLength', `${what} has ${v.length} characters, more than maxNameLength (${c.limits.maxNameLength})`);
  }
  spendFor(c, v.length, what);
  return endpointName(v);
}

function ownOrientation(v: unknown, what: string): Orientation {
  return ORIENTATIONS.includes(v as Orientation) ? (v as Orientation) : refuse(null, `${what}: bad orientation ${describeValue(v)}`);
}

function ownInterest(v: unknown): InterestType {
  return INTEREST_TYPES.includes(v as InterestType) ? (v as InterestType) : refuse(null, `add-role: bad interest type ${describeValue(v)}`);
}

function ownPid(v: unknown): Pid | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return refuse(null, `quit: pid must be an integer of at most 2^53 − 1, got ${describeValue(v)}`);
  return pid(v === 0 ? 0 : v);
}

/** Spends from the transition's size budget; a refusal names `what`. */
function spendFor(c: Copy, n: number, what: string): void {
  try {
    spend(c.budget, n);
  } catch (e) {
    throw e instanceof Refused ? new Refused(e.limit, e.sentence(what)) : e;
  }
}

/** A term of this transition, owned; a refusal names `what`. */
function termIn(v: unknown, what: string, c: Copy): Term {
  try {
    return ownTerm(v, c.budget);
  } catch (e) {
    throw e instanceof Refused ? new Refused(e.limit, e.sentence(what)) : e;
  }
}

function ownReasonTerm(v: unknown, what: string, c: Copy): Term {
  const before = c.budget.size;
  const t = termIn(v, what, c);
  const size = before - c.budget.size;
  if (size > c.limits.maxReasonSize) {
    refuse('maxReasonSize', `${what} has size ${size}, more than maxReasonSize (${c.limits.maxReasonSize}) nodes, characters and bytes`);
  }
  return t;
}
