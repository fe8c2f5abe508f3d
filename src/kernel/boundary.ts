/**
 * The boundary between user values and the kernel (issue 11): a term user code hands over becomes
 * a kernel-owned term here, once — validated, deep-copied and measured against the limits. After
 * it, the kernel never reads a user object again, and never hands its own terms to user code.
 *
 * Data definition:
 *   Term (as the boundary takes it)
 *       = string | finite number | boolean | null | Uint8Array | array of terms
 *       | an object with exactly one of the keys struct, evt, wild:
 *           {struct: string, fields: array of terms} | {evt: string, args: array of terms}
 *         | {wild: null | string | finite number}           (other keys are not copied)
 *   Owned term = what ownTerm returns, or a term the kernel builds from owned ones (unify.ts): only
 *       the kernel holds it, so it is never checked again.
 *   Budget = what is left of one transition's maxTransitionSize, and the walk of its current term
 *       (transition.ts makes one per transition; every term and name of it spends from it).
 * Rules:
 *   - Each property of a user value is read once (a getter runs once, a Proxy trap once per read),
 *     inside the caller's crash containment; anything else — a Symbol, a function, a hole, a
 *     non-finite number, an object that is none or several of the above — is refused with a
 *     sentence naming the path. Copies are plain arrays and objects; -0 becomes 0.
 *   - A list's length is checked against the limits before its elements are read, so a sparse list
 *     of length 2³²−1 costs nothing.
 *   - Handlers get copies (`forUser`: fresh lists, records and byte strings), never the kernel's
 *     own terms: whatever a handler does to what it got, no other handler and no trace record sees
 *     it. (Copying for each delivery costs less than freezing: see the bench figures in issue 11.)
 */
import type { Limits } from './limits.ts';
import { _, children, termKind, type EvtTerm, type StructTerm, type Term, type Wild } from './term.ts';
import { describeValue } from './describe.ts';

/** Why the boundary refused a value: the limit it exceeds (null: not a term at all), and where. */
export class Refused {
  constructor(
    readonly limit: keyof Limits | null,
    readonly problem: string,
    readonly path = '',
  ) {}
  /** The refusal as a sentence about `what` (e.g. "message body"). */
  sentence(what: string): string {
    return this.limit === null ? `${what}${this.path}: ${this.problem}` : `${what} ${this.problem}`;
  }
}

export const refuse = (limit: keyof Limits | null, problem: string): never => {
  throw new Refused(limit, problem);
};

/** A refusal seen from one level up (`seg` is the step down: `[3]`, `.fields`). */
function at(e: unknown, seg: string): unknown {
  return e instanceof Refused && e.limit === null ? new Refused(null, e.problem, seg + e.path) : e;
}

/**
 * What is left of one transition's size, and the walk of its current term (one object, reused for
 * every term of the transition).
 */
export interface Budget {
  /** Size left for the rest of the transition. */
  size: number;
  readonly limits: Limits;
  /** The current term's nodes so far; whether its walk builds a copy. */
  nodes: number;
  copy: boolean;
}

export const newBudget = (limits: Limits): Budget => ({ size: limits.maxTransitionSize, limits, nodes: 0, copy: true });

/** Spends `n` of the budget, refusing the transition when it runs out. */
export function spend(b: Budget, n: number): void {
  b.size -= n;
  if (b.size < 0) refuse('maxTransitionSize', `brings the transition over maxTransitionSize (${b.limits.maxTransitionSize} nodes, characters and bytes)`);
}

const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;
const getter = (key: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(TYPED_ARRAY, key)!.get as (this: unknown) => unknown;
/** Brand checks that run no user code: a Proxy or an impostor is not a Uint8Array. */
const typedArrayTag = getter(Symbol.toStringTag);
const typedArrayLength = getter('length');

/**
 * `v` as an owned term, spending its size from `budget`. Throws Refused (or whatever a getter or
 * trap of `v` throws: the caller contains it).
 */
export function ownTerm(v: unknown, budget: Budget): Term {
  budget.nodes = 0;
  budget.copy = true;
  return copy(v, 1, budget);
}

/** Checks `v` as ownTerm would, copying nothing. */
function checkTerm(v: unknown, budget: Budget): void {
  budget.nodes = 0;
  budget.copy = false;
  copy(v, 1, budget);
}

function node(w: Budget, depth: number, size: number): void {
  if (++w.nodes > w.limits.maxTermNodes) refuse('maxTermNodes', `has more than maxTermNodes (${w.limits.maxTermNodes}) nodes`);
  if (depth > w.limits.maxTermDepth) refuse('maxTermDepth', `is nested deeper than maxTermDepth (${w.limits.maxTermDepth})`);
  spend(w, size);
}

function text(s: string, w: Budget): string {
  if (s.length > w.limits.maxStringLength) {
    refuse('maxStringLength', `holds a string of ${s.length} characters, longer than maxStringLength (${w.limits.maxStringLength})`);
  }
  spend(w, s.length);
  return s;
}

function copy(v: unknown, depth: number, w: Budget): Term {
  switch (typeof v) {
    case 'string':
      node(w, depth, 1);
      return text(v, w);
    case 'number':
      node(w, depth, 1);
      if (!Number.isFinite(v)) refuse(null, `number ${v} is not finite`);
      return v === 0 ? 0 : v;
    case 'boolean':
      node(w, depth, 1);
      return v;
    case 'object':
      if (v === null) {
        node(w, depth, 1);
        return null;
      }
      return copyObject(v, depth, w);
    default:
      return refuse(null, `a ${typeof v} is not a term`);
  }
}

function copyObject(o: object, depth: number, w: Budget): Term {
  if (Array.isArray(o)) {
    node(w, depth, 1);
    const items = copyList(o, depth, w);
    return w.copy ? items : o;
  }
  if (typedArrayTag.call(o) === 'Uint8Array') return copyBytes(o as Uint8Array, depth, w);
  const r = o as Record<string, unknown>;
  const st = r.struct;
  const ev = r.evt;
  const isWild = 'wild' in r;
  const kinds = (st === undefined ? 0 : 1) + (ev === undefined ? 0 : 1) + (isWild ? 1 : 0);
  if (kinds !== 1) return refuse(null, `an object with ${kinds === 0 ? 'none' : 'more than one'} of the keys struct, evt, wild is not a term`);
  if (st !== undefined) return copyRecord('struct', st, r.fields, depth, w);
  if (ev !== undefined) return copyRecord('evt', ev, r.args, depth, w);
  return copyWild(r.wild, depth, w);
}

function copyList(o: readonly unknown[], depth: number, w: Budget): Term[] {
  const n: unknown = o.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return refuse(null, 'a list without a proper length is not a term');
  // Before reading any element: a sparse list of length 2³²−1 is refused at once.
  if (w.nodes + n > w.limits.maxTermNodes) refuse('maxTermNodes', `has more than maxTermNodes (${w.limits.maxTermNodes}) nodes`);
  if (n > w.size) spend(w, n);
  const out: Term[] = [];
  let i = 0;
  try {
    for (; i < n; i++) {
      const c = copy(o[i], depth + 1, w);
      if (w.copy) out.push(c);
    }
  } catch (e) {
    throw at(e, `[${i}]`);
  }
  return out;
}

function copyBytes(o: Uint8Array, depth: number, w: Budget): Uint8Array {
  const n = typedArrayLength.call(o) as number;
  node(w, depth, 1);
  if (n > w.limits.maxStringLength) {
    refuse('maxStringLength', `holds ${n} bytes in one byte string, more than maxStringLength (${w.limits.maxStringLength})`);
  }
  spend(w, n);
  if (!w.copy) return o;
  const out = new Uint8Array(n);
  out.set(o);
  return out;
}

function copyRecord(tag: 'struct' | 'evt', name: unknown, items: unknown, depth: number, w: Budget): Term {
  const list = tag === 'struct' ? 'fields' : 'args';
  if (typeof name !== 'string') return refuse(null, `${tag} name is ${describeValue(name)}, not a string`);
  if (!Array.isArray(items)) return refuse(null, `.${list} is ${describeValue(items)}, not a list`);
  node(w, depth, 1);
  text(name, w);
  let copied: Term[];
  try {
    copied = copyList(items as unknown[], depth, w);
  } catch (e) {
    throw at(e, `.${list}`);
  }
  if (!w.copy) return null;
  return tag === 'struct' ? { struct: name, fields: copied } : { evt: name, args: copied };
}

function copyWild(name: unknown, depth: number, w: Budget): Wild {
  node(w, depth, 1);
  if (name === null) return _;
  if (typeof name === 'string') return { wild: text(name, w) };
  if (typeof name === 'number' && Number.isFinite(name)) return { wild: name === 0 ? 0 : name };
  return refuse(null, `wildcard name ${describeValue(name)} is not null, a string or a finite number`);
}

/** Checking a value outside a run (the debugger's values): no limit but depth. */
const CHECK_LIMITS = {
  maxTermNodes: Number.MAX_SAFE_INTEGER,
  maxTermDepth: 1_000,
  maxStringLength: Number.MAX_SAFE_INTEGER,
  maxTransitionSize: Number.MAX_SAFE_INTEGER,
} as Limits;

/**
 * Why an untrusted value is not a term the boundary would take (at any size, up to 1,000 levels
 * deep), or null. `path` names the value in the sentence. Never throws; copies nothing.
 */
export function invalidTermReason(v: unknown, path = 'term'): string | null {
  try {
    checkTerm(v, newBudget(CHECK_LIMITS));
    return null;
  } catch (e) {
    return e instanceof Refused ? e.sentence(path) : `${path}: unreadable (${describeValue(e)})`;
  }
}

// ---- terms the kernel makes, and what handlers are given ------------------------------------------

/**
 * The size of a term the kernel made itself (an intersection, a canonical topic, a reason), or
 * Refused if it is over a term limit (its size: over maxTransitionSize).
 */
export function measureTerm(t: Term, limits: Limits): number | Refused {
  const w = newBudget(limits);
  try {
    measureWalk(t, 1, w);
  } catch (e) {
    if (e instanceof Refused) return e;
    throw e;
  }
  return limits.maxTransitionSize - w.size;
}

function measureWalk(t: Term, depth: number, w: Budget): void {
  if (t === null || typeof t !== 'object') {
    node(w, depth, 1);
    if (typeof t === 'string') spend(w, t.length);
    return;
  }
  if (t instanceof Uint8Array) {
    node(w, depth, 1 + t.length);
    return;
  }
  node(w, depth, 1);
  const kind = termKind(t);
  const name = kind === 'struct' ? (t as StructTerm).struct : kind === 'evt' ? (t as EvtTerm).evt : kind === 'wild' ? (t as Wild).wild : null;
  if (typeof name === 'string') spend(w, name.length);
  for (const c of children(t)) measureWalk(c, depth + 1, w);
}

/**
 * What a handler is given of an owned term: a copy (fresh lists, records, wildcards and byte
 * strings; atoms are values), so that the kernel's own term stays as it is.
 */
export function forUser(t: Term): Term {
  if (t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) return (t as readonly Term[]).map(forUser);
  if (t instanceof Uint8Array) return new Uint8Array(t);
  if ('struct' in t) return { struct: t.struct, fields: t.fields.map(forUser) };
  if ('evt' in t) return { evt: t.evt, args: t.args.map(forUser) };
  return t === _ ? t : { wild: (t as Wild).wild };
}
