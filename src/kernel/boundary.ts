/**
 * The boundary between user values and the kernel (issue 11): a term user code hands over becomes
 * a kernel-owned term here, once — validated, deep-copied, frozen and measured against the limits.
 * After it, the kernel never reads a user object again.
 *
 * Data definition:
 *   Term (as the boundary accepts it)
 *       = string | finite number | boolean | null | Uint8Array | array of terms
 *       | an object whose own keys are exactly {struct, fields} (a string, an array of terms),
 *         exactly {evt, args} (the same), or exactly {wild} (null, a string or a finite number)
 *   Owned term = what ownTerm / adoptTerm return: every list and record in it frozen, the root
 *       registered with its Measure { nodes, depth, size, bytes } (size: limits.ts).
 *   Budget = what is left of one transition's maxTransitionSize (transition.ts makes one per
 *       transition; every term and name of the transition spends from it).
 * Rules:
 *   - Each property of a user value is read once (a getter runs once, a Proxy trap once per read),
 *     inside the caller's crash containment; anything else — extra or missing keys, a Symbol, a
 *     function, a hole, a non-finite number — is refused with a sentence naming the path.
 *   - A list's length is checked against the node budget before its elements are read, so a sparse
 *     list of length 2³²−1 costs nothing.
 *   - -0 becomes 0 (a trace cannot tell them apart). An owned term met again is taken as it is.
 *   - Byte strings cannot be frozen: the boundary copies them, and every handler gets a copy of a
 *     term holding bytes (`forUser`), so no handler can change what others or the trace see.
 */
import type { Limits } from './limits.ts';
import { _, children, termKind, type EvtTerm, type StructTerm, type Term, type Wild } from './term.ts';

export interface Measure {
  readonly nodes: number;
  readonly depth: number;
  readonly size: number;
  /** The term holds byte strings (which a handler gets a copy of). */
  readonly bytes: boolean;
}

/** Owned roots and their measures. Weak: it keeps nothing alive, and only the kernel adds to it. */
const OWNED = new WeakMap<object, Measure>();
OWNED.set(_, { nodes: 1, depth: 1, size: 1, bytes: false });

/** Why the boundary refused a value: the limit it exceeds (null: not a term at all), and where. */
export class Refused {
  constructor(
    readonly limit: keyof Limits | null,
    readonly problem: string,
    readonly path = '',
  ) {}
  sentence(what: string): string {
    return this.limit === null ? `${what}${this.path}: ${this.problem}` : `${what} ${this.problem}`;
  }
}

export const refuse = (limit: keyof Limits | null, problem: string): never => {
  throw new Refused(limit, problem);
};

/** A refusal seen from one level up (`seg` is the step down: `[3]`, `.fields[0]`). */
function at(e: unknown, seg: string): unknown {
  return e instanceof Refused && e.limit === null ? new Refused(null, e.problem, seg + e.path) : e;
}

export interface Budget {
  /** Size left for the rest of the transition. */
  size: number;
  readonly limits: Limits;
}

export const newBudget = (limits: Limits): Budget => ({ size: limits.maxTransitionSize, limits });

/** Spends `n` of the budget, refusing the transition when it runs out. */
export function spend(b: Budget, n: number): void {
  b.size -= n;
  if (b.size < 0) {
    refuse('maxTransitionSize', `brings the transition over maxTransitionSize (${b.limits.maxTransitionSize} nodes, characters and bytes)`);
  }
}

const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;
const getter = (key: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(TYPED_ARRAY, key)!.get as (this: unknown) => unknown;
/** Brand checks that run no user code: a Proxy or an impostor is not a Uint8Array. */
const typedArrayTag = getter(Symbol.toStringTag);
const typedArrayLength = getter('length');
const isRealBytes = (o: object): o is Uint8Array => typedArrayTag.call(o) === 'Uint8Array';

/** One term's walk: its counts so far, and the transition's budget. */
interface Walk {
  readonly limits: Limits;
  readonly budget: Budget;
  nodes: number;
  depth: number;
  bytes: boolean;
}

/**
 * `v` as an owned term, spending its size from `budget`. Throws Refused (or whatever a getter or
 * trap of `v` throws: the caller contains it).
 */
export function ownTerm(v: unknown, budget: Budget): Term {
  const w: Walk = { limits: budget.limits, budget, nodes: 0, depth: 0, bytes: false };
  const before = budget.size;
  const t = copy(v, 1, w);
  if (t !== null && typeof t === 'object' && !OWNED.has(t)) {
    OWNED.set(t, { nodes: w.nodes, depth: w.depth, size: before - budget.size, bytes: w.bytes });
  }
  return t;
}

function node(w: Walk, depth: number, size: number): void {
  if (++w.nodes > w.limits.maxTermNodes) refuse('maxTermNodes', `has more than maxTermNodes (${w.limits.maxTermNodes}) nodes`);
  if (depth > w.limits.maxTermDepth) refuse('maxTermDepth', `is nested deeper than maxTermDepth (${w.limits.maxTermDepth})`);
  if (depth > w.depth) w.depth = depth;
  spend(w.budget, size);
}

function text(s: string, w: Walk): string {
  if (s.length > w.limits.maxStringLength) {
    refuse('maxStringLength', `holds a string of ${s.length} characters, longer than maxStringLength (${w.limits.maxStringLength})`);
  }
  spend(w.budget, s.length);
  return s;
}

function copy(v: unknown, depth: number, w: Walk): Term {
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

function copyObject(o: object, depth: number, w: Walk): Term {
  const m = OWNED.get(o);
  if (m !== undefined) return reuse(o as Term, m, depth, w);
  if (Array.isArray(o)) {
    node(w, depth, 1);
    return Object.freeze(copyList(o, depth, w));
  }
  if (isRealBytes(o)) return copyBytes(o, depth, w);
  const keys = Reflect.ownKeys(o);
  const rec = o as Record<string, unknown>;
  if (keys.length === 2 && keys.includes('struct') && keys.includes('fields')) return copyRecord('struct', 'fields', rec, depth, w);
  if (keys.length === 2 && keys.includes('evt') && keys.includes('args')) return copyRecord('evt', 'args', rec, depth, w);
  if (keys.length === 1 && keys[0] === 'wild') return copyWild(rec.wild, depth, w);
  return refuse(null, `an object with keys [${keyList(keys)}] is not a term`);
}

function reuse(t: Term, m: Measure, depth: number, w: Walk): Term {
  w.nodes += m.nodes - 1;
  node(w, depth + m.depth - 1, m.size);
  w.bytes ||= m.bytes;
  return t;
}

function copyList(o: readonly unknown[], depth: number, w: Walk): Term[] {
  const n: unknown = o.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return refuse(null, 'a list without a proper length is not a term');
  // Before reading any element: a sparse list of length 2³²−1 is refused at once.
  if (w.nodes + n > w.limits.maxTermNodes) refuse('maxTermNodes', `has more than maxTermNodes (${w.limits.maxTermNodes}) nodes`);
  if (n > w.budget.size) spend(w.budget, n);
  const out: Term[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push(copy(o[i], depth + 1, w));
    } catch (e) {
      throw at(e, `[${i}]`);
    }
  }
  return out;
}

function copyBytes(o: Uint8Array, depth: number, w: Walk): Uint8Array {
  const n = typedArrayLength.call(o) as number;
  node(w, depth, 1);
  if (n > w.limits.maxStringLength) {
    refuse('maxStringLength', `holds ${n} bytes in one byte string, more than maxStringLength (${w.limits.maxStringLength})`);
  }
  spend(w.budget, n);
  w.bytes = true;
  const out = new Uint8Array(n);
  out.set(o);
  return out;
}

function copyRecord(tag: 'struct' | 'evt', list: 'fields' | 'args', o: Record<string, unknown>, depth: number, w: Walk): Term {
  const name = o[tag];
  const items = o[list];
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
  const frozen = Object.freeze(copied);
  return Object.freeze(tag === 'struct' ? { struct: name, fields: frozen } : { evt: name, args: frozen });
}

function copyWild(name: unknown, depth: number, w: Walk): Wild {
  node(w, depth, 1);
  if (name === null) return _;
  if (typeof name === 'string') return Object.freeze({ wild: text(name, w) });
  if (typeof name === 'number' && Number.isFinite(name)) return Object.freeze({ wild: name === 0 ? 0 : name });
  return refuse(null, `wildcard name ${describeValue(name)} is not null, a string or a finite number`);
}

/** At most this many keys of an object are named in a refusal, each clipped. */
const MAX_KEYS_SHOWN = 6;
const MAX_KEY_CHARS = 40;

function keyList(keys: readonly (string | symbol)[]): string {
  const shown = keys.slice(0, MAX_KEYS_SHOWN).map((k) => clip(typeof k === 'symbol' ? `Symbol(${k.description ?? ''})` : k, MAX_KEY_CHARS));
  return shown.join(', ') + (keys.length > MAX_KEYS_SHOWN ? `, … (${keys.length} keys)` : '');
}

export const clip = (s: string, max: number): string => (s.length <= max ? s : s.slice(0, max - 1) + '…');

/** JSON.stringify stops after this many keys, values and characters (a sparse array of length 2³²−1). */
const DESCRIBE_BUDGET = 4_096;
const TOO_LONG = Symbol('too long');

/**
 * A short description of any value for a sentence: JSON when it is small, else its type. Never
 * throws and never walks more than DESCRIBE_BUDGET steps (a getter or toJSON may still run).
 */
export function describeValue(x: unknown, maxChars = 60): string {
  return clip(describeFully(x), maxChars);
}

/** As describeValue, unclipped (at most DESCRIBE_BUDGET characters of JSON). */
export function describeFully(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'symbol') return `Symbol(${clip(x.description ?? '', MAX_KEY_CHARS)})`;
  try {
    let left = DESCRIBE_BUDGET;
    const s = JSON.stringify(x, (k: string, v: unknown) => {
      left -= 1 + k.length + (typeof v === 'string' ? v.length : 0);
      if (left < 0) throw TOO_LONG;
      return v;
    });
    return s ?? typeName(x);
  } catch {
    return typeName(x);
  }
}

function typeName(x: unknown): string {
  try {
    return Object.prototype.toString.call(x);
  } catch {
    return 'an unprintable value';
  }
}

/** Limits for checking a value outside a run (the debugger's values): none but depth. */
const CHECK_DEPTH = 1_000;

/**
 * Why an untrusted value is not a term the boundary would take (its shape, at any size up to
 * CHECK_DEPTH levels), or null. `path` names the value in the sentence. Never throws.
 */
export function invalidTermReason(v: unknown, path = 'term'): string | null {
  const max = Number.MAX_SAFE_INTEGER;
  const limits = { maxTermNodes: max, maxTermDepth: CHECK_DEPTH, maxStringLength: max, maxTransitionSize: max } as Limits;
  try {
    ownTerm(v, newBudget(limits));
    return null;
  } catch (e) {
    return e instanceof Refused ? e.sentence(path) : `${path}: unreadable (${describeValue(e)})`;
  }
}

// ---- kernel-made terms ---------------------------------------------------------------------------

/** The measure of an owned term; undefined for a term the kernel does not own (atoms: none needed). */
export const measureOf = (t: Term): Measure | undefined => (t !== null && typeof t === 'object' ? OWNED.get(t) : undefined);

/** Can a handler be given `t` itself: an atom, or an owned term without bytes. */
export function shareable(t: Term): boolean {
  if (t === null || typeof t !== 'object') return true;
  const m = OWNED.get(t);
  return m !== undefined && !m.bytes;
}

/**
 * A term the kernel made itself (an intersection, a canonical topic): frozen in place and
 * registered, or Refused if it is over a term limit. Its lists and records must be the kernel's own
 * fresh ones (unify.ts rebuilds every one); atoms and byte strings may be shared.
 */
export function adoptTerm(t: Term, limits: Limits): Term | Refused {
  if (t === null || typeof t !== 'object' || OWNED.has(t)) return t;
  const w: Walk = { limits, budget: { size: limits.maxTransitionSize, limits }, nodes: 0, depth: 0, bytes: false };
  try {
    freezeWalk(t, 1, w);
  } catch (e) {
    if (e instanceof Refused) return e;
    throw e;
  }
  OWNED.set(t, { nodes: w.nodes, depth: w.depth, size: limits.maxTransitionSize - w.budget.size, bytes: w.bytes });
  return t;
}

function freezeWalk(t: Term, depth: number, w: Walk): void {
  if (t === null || typeof t !== 'object') {
    node(w, depth, 1);
    if (typeof t === 'string') spend(w.budget, t.length);
    return;
  }
  const m = OWNED.get(t);
  if (m !== undefined) {
    reuse(t, m, depth, w);
    return;
  }
  if (t instanceof Uint8Array) {
    node(w, depth, 1 + t.length);
    w.bytes = true;
    return;
  }
  node(w, depth, 1);
  const kind = termKind(t);
  const name = kind === 'struct' ? (t as StructTerm).struct : kind === 'evt' ? (t as EvtTerm).evt : kind === 'wild' ? (t as Wild).wild : null;
  if (typeof name === 'string') spend(w.budget, name.length);
  const items = children(t);
  if (kind !== 'list') Object.freeze(items);
  for (const c of items) freezeWalk(c, depth + 1, w);
  Object.freeze(t);
}

/**
 * What a handler may be given of `t`: `t` itself when shareable, else a copy with fresh byte
 * strings (frozen, never registered: the handler can change those bytes, so the kernel will copy
 * them again if they come back).
 */
export function forUser(t: Term): Term {
  return shareable(t) ? t : userCopy(t);
}

function userCopy(t: Term): Term {
  if (t === null || typeof t !== 'object') return t;
  if (t instanceof Uint8Array) return new Uint8Array(t);
  if (Array.isArray(t)) return Object.freeze((t as readonly Term[]).map(userCopy));
  if ('struct' in t) return Object.freeze({ struct: t.struct, fields: Object.freeze(t.fields.map(userCopy)) });
  if ('evt' in t) return Object.freeze({ evt: t.evt, args: Object.freeze(t.args.map(userCopy)) });
  return Object.freeze({ wild: (t as Wild).wild });
}
