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
import { Refused, ownTerm, refuse, spend, type Budget } from './boundary.ts';
import { describeValue } from './describe.ts';
import { endpointName, pid, type EndpointName, type Pid } from './ids.ts';
import { MAX_ACTION_TREE_DEPTH, type Limits } from './limits.ts';
import { INTEREST_TYPES, ORIENTATIONS, type InterestType, type Orientation, type Role } from './role.ts';
import type { Term } from './term.ts';
import { canonicalize } from './unify.ts';

/** The talk's `transition`: a new state and any number of actions (or nested lists of actions). */
export function transition<S>(state: S, ...actions: ActionTree[]): Transition<S> {
  return { state, actions };
}

/**
 * A transition the kernel owns: its actions flat and owned. Only this module makes them
 * (the private field is the proof: a Proxy or a look-alike does not have it).
 */
export class OwnedTransition {
  readonly #owned = true;
  constructor(
    readonly state: unknown,
    readonly actions: readonly Action[],
  ) {}
  static is(x: unknown): x is OwnedTransition {
    return typeof x === 'object' && x !== null && #owned in x;
  }
}

/** One transition's copy: its budgets, and the limits. */
interface Copy extends Budget {
  /** Entries of the action tree left (maxTransitionActions). */
  entries: number;
}

/** What a transition with no actions has. */
const NO_ACTIONS: readonly Action[] = Object.freeze([]);

/**
 * A value user code returned as a kernel-owned transition: its state, and its actions flat and
 * owned. Throws Refused, or whatever a getter or Proxy trap of `t` throws (the caller contains
 * both: process.ts).
 */
export function ownTransition(t: unknown, limits: Limits): { readonly state: unknown; readonly actions: readonly Action[] } {
  if (OwnedTransition.is(t)) return t;
  if (typeof t !== 'object' || t === null || !('state' in t)) {
    return refuse(null, `expected a transition {state, actions}, got ${describeValue(t)}`);
  }
  const { state, actions: tree } = t as { state: unknown; actions?: unknown };
  // The common cases of a handler, a new state and nothing to do, need no copy to be set up.
  if (tree === null || tree === undefined || tree === false) return { state, actions: NO_ACTIONS };
  const n = Array.isArray(tree) ? listLength(tree) : -1;
  if (n === 0) return { state, actions: NO_ACTIONS };
  const c: Copy = { size: limits.maxTransitionSize, limits, nodes: 0, copy: true, entries: limits.maxTransitionActions };
  const actions: Action[] = [];
  if (n > 0) flattenList(tree as unknown[], n, actions, c, 0);
  else flattenInto(tree, actions, c, 0);
  return { state, actions };
}

/** A boot given as a ready transition, owned as part of the transition that spawns it. */
function ownBoot(t: unknown, c: Copy, depth: number): OwnedTransition {
  if (OwnedTransition.is(t)) return t;
  if (typeof t !== 'object' || t === null || !('state' in t)) return refuse(null, `spawn: the initial transition is ${describeValue(t)}`);
  const { state, actions: tree } = t as { state: unknown; actions?: unknown };
  const actions: Action[] = [];
  flattenInto(tree, actions, c, depth);
  return new OwnedTransition(state, actions);
}

function entry(c: Copy, n: number): void {
  c.entries -= n;
  if (c.entries < 0) {
    refuse('maxTransitionActions', `more than maxTransitionActions (${c.limits.maxTransitionActions}) entries in one transition's action tree`);
  }
}

/** A list's length, read once. */
function listLength(list: readonly unknown[]): number {
  const n: unknown = list.length;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : refuse(null, 'an action list without a proper length');
}

function flattenInto(tree: unknown, out: Action[], c: Copy, depth: number): void {
  if (tree === null || tree === undefined || tree === false) return entry(c, 1);
  if (Array.isArray(tree)) return flattenList(tree, listLength(tree), out, c, depth);
  entry(c, 1);
  out.push(ownAction(tree, c, false, depth));
}

/** The elements of a list of `n`: checked against what is left before any is read (a sparse list of length 2³²−1). */
function flattenList(list: readonly unknown[], n: number, out: Action[], c: Copy, depth: number): void {
  if (depth >= MAX_ACTION_TREE_DEPTH) refuse(null, `action tree nested more than ${MAX_ACTION_TREE_DEPTH} levels`);
  entry(c, 1);
  if (n > c.entries) entry(c, n);
  for (let i = 0; i < n; i++) flattenInto(list[i], out, c, depth + 1);
}

/** One action, copied: each field read once, checked, owned. */
function ownAction(x: unknown, c: Copy, meta: boolean, depth: number): Action {
  if (typeof x !== 'object' || x === null) return refuse(null, `${describeValue(x)} is not an action`);
  const a = x as Record<string, unknown>;
  const type = a.type;
  spendFor(c, 1, 'an action');
  switch (type) {
    case 'add-role':
      return ownAddRole(a, c);
    case 'delete-role':
      return { type, name: ownName(a.name, 'delete-role: endpoint name', c), reason: ownReasonTerm(a.reason, 'delete-role reason', c) };
    case 'send-message': {
      const orientation = ownOrientation(a.orientation, 'send-message');
      return { type, orientation, body: termIn(a.body, 'message body', c) };
    }
    case 'spawn':
      return ownSpawn(a, c, depth);
    case 'quit':
      return { type, pid: ownPid(a.pid), reason: ownReasonTerm(a.reason, 'quit reason', c) };
    case 'yield':
      if (meta) return refuse(null, 'at-meta-level cannot wrap a yield');
      if (typeof a.k !== 'function') return refuse(null, 'yield needs a function');
      return { type, k: a.k as UserYieldK };
    case 'at-meta-level': {
      if (meta) return refuse(null, 'at-meta-level cannot wrap another at-meta-level');
      const p = a.preaction;
      if (typeof p !== 'object' || p === null) return refuse(null, 'at-meta-level needs an action');
      return { type, preaction: ownAction(p, c, true, depth) as Preaction };
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
  const role: Role = {
    orientation: ownOrientation(orientation, 'add-role'),
    // Canonical as the endpoint will store it, so the action's record shows it that way too.
    topic: canonicalize(termIn(topic, 'add-role topic', c)),
    interest: ownInterest(interest),
  };
  return { type: 'add-role', name: owned, role, handler: handler as UserHandler };
}

function ownSpawn(a: Record<string, unknown>, c: Copy, depth: number): Action {
  const { boot, nested, k, name } = a;
  if (typeof boot !== 'function' && (typeof boot !== 'object' || boot === null)) {
    return refuse(null, 'spawn needs a boot function or an initial transition');
  }
  if (k !== null && typeof k !== 'function') return refuse(null, 'spawn: the continuation must be a function');
  if (typeof nested !== 'boolean') return refuse(null, `spawn: nested must be true or false, got ${describeValue(nested)}`);
  const ownedName = ownName(name, 'spawn: the process name', c);
  const ownedBoot: BootSpec = typeof boot === 'function' ? (boot as () => Transition<unknown>) : ownBoot(boot, c, depth + 1);
  return { type: 'spawn', boot: ownedBoot, nested, k: k as UserSpawnK | null, name: ownedName };
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
    spend(c, n);
  } catch (e) {
    throw e instanceof Refused ? new Refused(e.limit, e.sentence(what)) : e;
  }
}

/** A term of this transition, owned; a refusal names `what`. */
function termIn(v: unknown, what: string, c: Copy): Term {
  try {
    return ownTerm(v, c);
  } catch (e) {
    throw e instanceof Refused ? new Refused(e.limit, e.sentence(what)) : e;
  }
}

function ownReasonTerm(v: unknown, what: string, c: Copy): Term {
  const before = c.size;
  const t = termIn(v, what, c);
  const size = before - c.size;
  if (size > c.limits.maxReasonSize) {
    refuse('maxReasonSize', `${what} has size ${size}, more than maxReasonSize (${c.limits.maxReasonSize}) nodes, characters and bytes`);
  }
  return t;
}
