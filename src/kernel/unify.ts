/**
 * Structural matching (spec §1.1): first-order unification with an occurs check, topic
 * intersection with a canonicalised result, and alpha-equivalence.
 *
 * Data definition:
 *   A *canonical* term numbers its variables {wild: 0}, {wild: 1}, … in left-to-right order of first
 *   occurrence; every anonymous `?` gets its own number. Two topics are alpha-equivalent iff their
 *   canonical forms are termEquals. Endpoints store canonical topics.
 *   A substitution maps variable numbers to terms (an array; undefined = unbound).
 *
 * Rule: intersect(A, B) = canonicalize(apply(mgu(A, rename-apart(B)), A)), or undefined if no unifier.
 * The kernel bounds the work (intersectBounded): with named variables, an intersection can be
 * exponentially larger than its topics.
 */
import { children, termKind, termEquals, type EvtTerm, type StructTerm, type Term, type Wild } from './term.ts';

type Subst = (Term | undefined)[];

/**
 * Work left for one intersection: every step of unification, substitution and renaming spends one,
 * and past zero it stops with TOO_LARGE (intersectBounded). Unbounded elsewhere.
 */
interface Fuel {
  steps: number;
}
const UNBOUNDED: Fuel = { steps: Number.POSITIVE_INFINITY };
const TOO_LARGE = Symbol('intersection too large');

function burn(f: Fuel): void {
  if (--f.steps < 0) throw TOO_LARGE;
}

/** Renumbers variables by first occurrence. Anonymous wildcards each get a fresh number. */
export function canonicalize(t: Term): Term {
  return canonicalizeWith(t, UNBOUNDED);
}

function canonicalizeWith(t: Term, fuel: Fuel): Term {
  const names = new Map<string | number, number>();
  let next = 0;
  const go = (x: Term): Term => {
    burn(fuel);
    switch (termKind(x)) {
      case 'atom':
      case 'bytes':
        return x;
      case 'wild': {
        const name = (x as Wild).wild;
        if (name === null) return { wild: next++ };
        let n = names.get(name);
        if (n === undefined) names.set(name, (n = next++));
        return { wild: n };
      }
      default:
        return rebuild(x, go);
    }
  };
  return go(t);
}

/** Number of distinct variables of a canonical term (max index + 1). */
export function varCount(t: Term): number {
  switch (termKind(t)) {
    case 'atom':
    case 'bytes':
      return 0;
    case 'wild':
      return (t as Wild).wild === null ? 0 : Number((t as Wild).wild) + 1;
    default: {
      let m = 0;
      for (const c of children(t)) m = Math.max(m, varCount(c));
      return m;
    }
  }
}

function rebuild(x: Term, f: (c: Term) => Term): Term {
  switch (termKind(x)) {
    case 'list':
      return (x as readonly Term[]).map(f);
    case 'struct':
      return { struct: (x as StructTerm).struct, fields: (x as StructTerm).fields.map(f) };
    case 'evt':
      return { evt: (x as EvtTerm).evt, args: (x as EvtTerm).args.map(f) };
    default:
      return x;
  }
}

function shiftVars(t: Term, by: number, fuel: Fuel): Term {
  if (by === 0) return t;
  const go = (x: Term): Term => {
    burn(fuel);
    const k = termKind(x);
    if (k === 'wild') return { wild: Number((x as Wild).wild) + by };
    return k === 'atom' || k === 'bytes' ? x : rebuild(x, go);
  };
  return go(t);
}

function walk(t: Term, s: Subst, fuel: Fuel): Term {
  while (termKind(t) === 'wild') {
    burn(fuel);
    const b = s[(t as Wild).wild as number];
    if (b === undefined) return t;
    t = b;
  }
  return t;
}

function occurs(v: number, t: Term, s: Subst, fuel: Fuel): boolean {
  burn(fuel);
  t = walk(t, s, fuel);
  if (termKind(t) === 'wild') return (t as Wild).wild === v;
  for (const c of children(t)) if (occurs(v, c, s, fuel)) return true;
  return false;
}

/** Extends `s` so that a and b become equal; false if impossible. Variables are numbers. */
function unifyInto(a: Term, b: Term, s: Subst, fuel: Fuel): boolean {
  burn(fuel);
  a = walk(a, s, fuel);
  b = walk(b, s, fuel);
  const ka = termKind(a);
  const kb = termKind(b);
  if (ka === 'wild') {
    if (kb === 'wild' && (a as Wild).wild === (b as Wild).wild) return true;
    if (occurs((a as Wild).wild as number, b, s, fuel)) return false;
    s[(a as Wild).wild as number] = b;
    return true;
  }
  if (kb === 'wild') return unifyInto(b, a, s, fuel);
  if (ka !== kb) return false;
  switch (ka) {
    case 'atom':
      return a === b;
    case 'bytes':
      return termEquals(a, b);
    case 'struct':
      if ((a as StructTerm).struct !== (b as StructTerm).struct) return false;
      break;
    case 'evt':
      if ((a as EvtTerm).evt !== (b as EvtTerm).evt) return false;
      break;
  }
  const ca = children(a);
  const cb = children(b);
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (!unifyInto(ca[i]!, cb[i]!, s, fuel)) return false;
  return true;
}

function applySubst(t: Term, s: Subst, fuel: Fuel): Term {
  const go = (x: Term): Term => {
    burn(fuel);
    x = walk(x, s, fuel);
    const k = termKind(x);
    return k === 'atom' || k === 'bytes' || k === 'wild' ? x : rebuild(x, go);
  };
  return go(t);
}

/**
 * The most general common instance of two topics, canonicalised; undefined if they do not unify
 * (not null: the atom null is a perfectly good intersection).
 * The inputs may use any variable names: both are canonicalised and renamed apart first.
 */
export function intersect(a: Term, b: Term): Term | undefined {
  return intersectCanonical(canonicalize(a), canonicalize(b));
}

/** As `intersect`, for inputs that are already canonical. */
export function intersectCanonical(a: Term, b: Term): Term | undefined {
  return intersectWith(a, b, UNBOUNDED);
}

/**
 * As intersectCanonical, within `maxSteps` steps of work (the kernel's hot path: presence.ts), or
 * 'too-large' when the intersection needs more — named variables can make it exponentially larger
 * than the topics (limits.ts UNIFY_STEPS_PER_NODE).
 */
export function intersectBounded(a: Term, b: Term, maxSteps: number): Term | undefined | 'too-large' {
  try {
    return intersectWith(a, b, { steps: maxSteps });
  } catch {
    // TOO_LARGE, or a RangeError: a substitution chain deeper than the stack is too large too.
    return 'too-large';
  }
}

/** Do two canonical topics unify, within `maxSteps` steps of work ('too-large' past them)? */
export function unifiableBounded(a: Term, b: Term, maxSteps: number): boolean | 'too-large' {
  try {
    return unifyInto(a, shiftVars(b, varCount(a), UNBOUNDED), [], { steps: maxSteps });
  } catch {
    return 'too-large';
  }
}

function intersectWith(a: Term, b: Term, fuel: Fuel): Term | undefined {
  const s: Subst = [];
  const bShifted = shiftVars(b, varCount(a), fuel);
  if (!unifyInto(a, bShifted, s, fuel)) return undefined;
  return canonicalizeWith(applySubst(a, s, fuel), fuel);
}

/** Do two topics have a common instance? */
export function unifiable(a: Term, b: Term): boolean {
  return intersect(a, b) !== undefined;
}

/** One-way match of a canonical pattern against a message without wildcards (fast path). */
export function matchesGround(pattern: Term, message: Term, s: Subst = []): boolean {
  const k = termKind(pattern);
  if (k === 'wild') {
    const v = (pattern as Wild).wild as number;
    const bound = s[v];
    if (bound === undefined) {
      s[v] = message;
      return true;
    }
    return termEquals(bound, message);
  }
  if (k !== termKind(message)) return false;
  switch (k) {
    case 'atom':
      return pattern === message;
    case 'bytes':
      return termEquals(pattern, message);
    case 'struct':
      if ((pattern as StructTerm).struct !== (message as StructTerm).struct) return false;
      break;
    case 'evt':
      if ((pattern as EvtTerm).evt !== (message as EvtTerm).evt) return false;
      break;
  }
  const cp = children(pattern);
  const cm = children(message);
  if (cp.length !== cm.length) return false;
  for (let i = 0; i < cp.length; i++) if (!matchesGround(cp[i]!, cm[i]!, s)) return false;
  return true;
}

/** Alpha-equivalence: each topic is a specialisation of the other. */
export function alphaEquivalent(a: Term, b: Term): boolean {
  return termEquals(canonicalize(a), canonicalize(b));
}

/** Is `specific` an instance of `general` (every message matching specific matches general)? */
export function isSpecialization(specific: Term, general: Term): boolean {
  const g = canonicalize(general);
  // Freeze the specific side's variables by renaming them to constants no pattern can contain.
  const frozen = freezeVars(canonicalize(specific));
  return matchesGround(g, frozen, []);
}

function freezeVars(t: Term): Term {
  const go = (x: Term): Term => {
    const k = termKind(x);
    if (k === 'wild') return { evt: '\u0000frozen-var', args: [(x as Wild).wild] };
    return k === 'atom' || k === 'bytes' ? x : rebuild(x, go);
  };
  return go(t);
}

/**
 * Matches a message against a pattern with named wildcards and returns the bindings by name,
 * or null. A convenience for handler authors: `match(struct('tcp-channel', _, _, wild('b')), m)`.
 */
export function match(pattern: Term, message: Term): Map<string | number, Term> | null {
  const names: (string | number | null)[] = [];
  const numbered = numberNames(pattern, names);
  const s: Subst = [];
  if (!matchesGround(numbered, message, s)) return null;
  const out = new Map<string | number, Term>();
  names.forEach((name, i) => {
    const v = s[i];
    if (name !== null && v !== undefined) out.set(name, v);
  });
  return out;
}

function numberNames(t: Term, names: (string | number | null)[]): Term {
  const index = new Map<string | number, number>();
  const go = (x: Term): Term => {
    const k = termKind(x);
    if (k === 'wild') {
      const name = (x as Wild).wild;
      if (name !== null && index.has(name)) return { wild: index.get(name)! };
      names.push(name);
      if (name !== null) index.set(name, names.length - 1);
      return { wild: names.length - 1 };
    }
    return k === 'atom' || k === 'bytes' ? x : rebuild(x, go);
  };
  return go(t);
}
