/**
 * What a query's filters mean, on one record or interval seen as a View: the part of the query
 * language both evaluators share (the index's, evaluate.ts, and the tests' naive one, which scans
 * every record and computes intervals by brute force). How hits are found and joined is theirs.
 *
 * Data definition:
 *   View      = what a filter reads: the process (a record's; an interval's observer or owner), the
 *               peer (a presence's or absence's other side; a message's sender), the endpoint name,
 *               the term (topic, message or body), the orientation, the reason, the record (its
 *               index) or the interval [from, to) and its duration in each unit
 *   Bindings  = variable name → value, from patterns (?x) and process variables (?p: the pid path)
 * Rule for a pattern P on a term T: P with its bound variables replaced unifies with T (the
 * kernel's intersect); the variables it binds are read off by matching P against the
 * intersection (the kernel's match). A value bound to a term with wildcards keeps them anonymous.
 */
import {
  assertNever, children, isCrashReason, isGround, termEquals, termKind, type Orientation, type StructTerm, type Term, type EvtTerm,
} from '../../kernel/index.ts';
import type { Filter, ProcSpec, ReasonSpec, Unit } from './ast.ts';
import { compiled, matchInstance } from './pattern.ts';

export interface ProcRef {
  readonly path: readonly number[];
  readonly name: string | null;
}

export type Bindings = ReadonlyMap<string, Term>;
export const NO_BINDINGS: Bindings = new Map();

export interface View {
  readonly proc: ProcRef | null;
  readonly peer: ProcRef | null;
  readonly endpoint: string | null;
  readonly term: Term | undefined;
  readonly orientation: Orientation | null;
  readonly reason: Term | undefined;
  /** A record (from is its index), or an interval [from, to) (to null: still open). */
  readonly record: boolean;
  readonly from: number;
  readonly to: number | null;
  readonly duration: (unit: Unit) => number;
}

/** The pattern with its bound variables replaced by their values. */
function substitute(p: Term, b: Bindings): Term {
  if (b.size === 0) return p;
  const go = (t: Term): Term => {
    switch (termKind(t)) {
      case 'wild': {
        const name = (t as { wild: string | number | null }).wild;
        return name === null ? t : (b.get(String(name)) ?? t);
      }
      case 'list': return (t as readonly Term[]).map(go);
      case 'struct': return { struct: (t as StructTerm).struct, fields: (t as StructTerm).fields.map(go) };
      case 'evt': return { evt: (t as EvtTerm).evt, args: (t as EvtTerm).args.map(go) };
      default: return t;
    }
  };
  return go(p);
}

/** A value's wildcards made anonymous: the intersection's numbers mean nothing outside it. */
function anonymous(t: Term): Term {
  switch (termKind(t)) {
    case 'wild': return { wild: null };
    case 'list': return (t as readonly Term[]).map(anonymous);
    case 'struct': return { struct: (t as StructTerm).struct, fields: (t as StructTerm).fields.map(anonymous) };
    case 'evt': return { evt: (t as EvtTerm).evt, args: (t as EvtTerm).args.map(anonymous) };
    default: return t;
  }
}

/** Does `pattern` unify with `term` given `b`? The bindings extended, or null. */
export function unifyBind(pattern: Term, term: Term, b: Bindings): Bindings | null {
  let p = pattern;
  if (b.size > 0) for (const v of compiled(pattern).vars) if (b.has(v)) { p = substitute(pattern, b); break; }
  const m = matchInstance(p, term);
  if (m === null) return null;
  if (m.size === 0) return b;
  const out = new Map(b);
  for (const [name, value] of m) out.set(String(name), isGround(value) ? value : anonymous(value));
  return out;
}

/** The first sub-term of `term` (itself included, in preorder) that `pattern` unifies with. */
function containing(pattern: Term, term: Term, b: Bindings): Bindings | null {
  const found = unifyBind(pattern, term, b);
  if (found !== null) return found;
  for (const c of children(term)) {
    const r = containing(pattern, c, b);
    if (r !== null) return r;
  }
  return null;
}

const pathTerm = (p: ProcRef): Term => [...p.path];

function procMatches(spec: ProcSpec, ref: ProcRef | null, b: Bindings): Bindings | null {
  if (ref === null) return null;
  switch (spec.type) {
    case 'name': return ref.name === spec.name ? b : null;
    case 'path': return ref.path.length === spec.path.length && ref.path.every((x, i) => x === spec.path[i]) ? b : null;
    case 'var': {
      const bound = b.get(spec.name);
      if (bound === undefined) return new Map(b).set(spec.name, pathTerm(ref));
      if (typeof bound === 'string') return ref.name === bound ? b : null;
      return termEquals(bound, pathTerm(ref)) ? b : null;
    }
    default: return assertNever(spec, 'process');
  }
}

function reasonMatches(spec: ReasonSpec, reason: Term | undefined, b: Bindings): Bindings | null {
  if (reason === undefined) return null;
  switch (spec.type) {
    case 'crash': return isCrashReason(reason) ? b : null;
    case 'normal': return reason === false ? b : null;
    case 'pattern': return unifyBind(spec.pattern, reason, b);
    default: return assertNever(spec, 'reason');
  }
}

function filterMatches(f: Filter, v: View, b: Bindings): Bindings | null {
  switch (f.type) {
    case 'proc': return procMatches(f.proc, v.proc, b);
    case 'peer': return procMatches(f.proc, v.peer, b);
    case 'endpoint': return v.endpoint === f.name ? b : null;
    case 'on': {
      const t = v.term;
      return t === undefined ? null : unifyBind(f.pattern, t, b);
    }
    case 'containing': {
      const t = v.term;
      return t === undefined ? null : containing(f.pattern, t, b);
    }
    case 'orientation': return v.orientation === f.orientation ? b : null;
    case 'reason': return reasonMatches(f.reason, v.reason, b);
    case 'longer': return v.duration(f.than.unit) > f.than.n ? b : null;
    case 'shorter': return v.duration(f.than.unit) < f.than.n ? b : null;
    case 'open': return v.to === null ? b : null;
    case 'between': return (v.record ? v.from >= f.from && v.from <= f.to : v.from <= f.to && (v.to === null || v.to > f.from)) ? b : null;
    default: return assertNever(f, 'filter');
  }
}

/** The bindings under which every filter holds of the view, or null. */
export function matchFilters(filters: readonly Filter[], v: View, b: Bindings = NO_BINDINGS): Bindings | null {
  let out: Bindings | null = b;
  for (const f of filters) {
    out = filterMatches(f, v, out);
    if (out === null) return null;
  }
  return out;
}

/** Do two hits' bindings agree on every variable they share? */
export function compatible(a: Bindings, b: Bindings): boolean {
  for (const [name, value] of a) {
    const other = b.get(name);
    if (other !== undefined && !termEquals(value, other)) return false;
  }
  return true;
}
