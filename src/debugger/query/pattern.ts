/**
 * A query's pattern compiled once, and matched against a record's term in one pass (match.ts's
 * unifyBind, whose rule is: the pattern unifies with the term; its variables are read off the
 * intersection by the kernel's `match`).
 *
 * Data definition:
 *   Compiled = { node, names, vars }   node: the pattern as a tree of tagged nodes, its wildcards
 *              numbered as the kernel's `match` numbers them (a named one keeps its first number);
 *              names[i]: wildcard i's name (null: anonymous); vars: the names
 * Rule (matchNode): a sub-term under an anonymous wildcard is not looked at (it unifies with
 * anything); where the term has a wildcard that the pattern does not skip, or a named variable would
 * take a sub-term with wildcards, the answer is UNDECIDED and the kernel's intersect decides.
 * `false` is exact even then: a clash between two ground parts fails every unification.
 */
import { intersect, isGround, match, termEquals, termKind, type EvtTerm, type StructTerm, type Term } from '../../kernel/index.ts';

const enum Tag { Any, Var, Atom, Bytes, Struct, List, Evt }

interface PNode {
  readonly tag: Tag;
  /** Atom, bytes: the value; Var: its number; Struct, Evt: the name. */
  readonly value: Term | number | string;
  readonly kids: readonly PNode[];
}

export interface Compiled {
  readonly node: PNode;
  readonly names: readonly (string | number | null)[];
  readonly vars: ReadonlySet<string>;
}

const NO_KIDS: readonly PNode[] = [];
/** Compiled patterns, beside the query's pattern objects (which never change). */
const compiledOf = new WeakMap<object, Compiled>();

export function compiled(p: Term): Compiled {
  const cached = typeof p === 'object' && p !== null ? compiledOf.get(p) : undefined;
  if (cached !== undefined) return cached;
  const names: (string | number | null)[] = [];
  const index = new Map<string | number, number>();
  const go = (x: Term): PNode => {
    switch (termKind(x)) {
      case 'wild': {
        const name = (x as { wild: string | number | null }).wild;
        if (name === null) {
          names.push(null);
          return { tag: Tag.Any, value: names.length - 1, kids: NO_KIDS };
        }
        let i = index.get(name);
        if (i === undefined) {
          names.push(name);
          index.set(name, (i = names.length - 1));
        }
        return { tag: Tag.Var, value: i, kids: NO_KIDS };
      }
      case 'list': return { tag: Tag.List, value: null, kids: (x as readonly Term[]).map(go) };
      case 'struct': return { tag: Tag.Struct, value: (x as StructTerm).struct, kids: (x as StructTerm).fields.map(go) };
      case 'evt': return { tag: Tag.Evt, value: (x as EvtTerm).evt, kids: (x as EvtTerm).args.map(go) };
      case 'bytes': return { tag: Tag.Bytes, value: x, kids: NO_KIDS };
      default: return { tag: Tag.Atom, value: x, kids: NO_KIDS };
    }
  };
  const made: Compiled = { node: go(p), names, vars: new Set(names.filter((n) => n !== null).map(String)) };
  if (typeof p === 'object' && p !== null) compiledOf.set(p, made);
  return made;
}

const UNDECIDED = 'undecided';
type Outcome = boolean | typeof UNDECIDED;

const isObject = (t: Term): t is Exclude<Term, string | number | boolean | null> => typeof t === 'object' && t !== null;
/** A term that is a wildcard (not a list, bytes, struct or evt). */
const isWild = (t: Term): boolean => isObject(t) && !Array.isArray(t) && !(t instanceof Uint8Array) && !('struct' in t) && 'wild' in t;
/** A clash at a node: undecided if the term is a wildcard there. */
const clash = (t: Term): Outcome => (isWild(t) ? UNDECIDED : false);

function kidsMatch(kids: readonly PNode[], ts: readonly Term[], s: Term[]): Outcome {
  if (kids.length !== ts.length) return false;
  for (let i = 0; i < kids.length; i++) {
    const r = matchNode(kids[i]!, ts[i]!, s);
    if (r !== true) return r;
  }
  return true;
}

function matchNode(n: PNode, t: Term, s: Term[]): Outcome {
  switch (n.tag) {
    case Tag.Any: return true;
    case Tag.Var: {
      if (!isGround(t)) return UNDECIDED;
      const bound = s[n.value as number];
      if (bound === undefined) s[n.value as number] = t;
      return bound === undefined || termEquals(bound, t);
    }
    case Tag.Atom: return t === n.value ? true : clash(t);
    case Tag.Bytes: return t instanceof Uint8Array ? termEquals(n.value as Term, t) : clash(t);
    case Tag.List: return Array.isArray(t) ? kidsMatch(n.kids, t as readonly Term[], s) : clash(t);
    case Tag.Struct:
      return isObject(t) && (t as StructTerm).struct === n.value ? kidsMatch(n.kids, (t as StructTerm).fields, s) : clash(t);
    case Tag.Evt:
      return isObject(t) && !Array.isArray(t) && (t as EvtTerm).evt === n.value ? kidsMatch(n.kids, (t as EvtTerm).args, s) : clash(t);
  }
}

const NO_MATCHES: ReadonlyMap<string | number, Term> = new Map();

/**
 * The kernel's `match` of `p` against the instance `p` and `term` share (their intersection), or
 * null when they do not unify: without building the intersection unless the term's wildcards matter.
 */
export function matchInstance(p: Term, term: Term): ReadonlyMap<string | number, Term> | null {
  const { node, names, vars } = compiled(p);
  const s: Term[] = [];
  const r = matchNode(node, term, s);
  if (r === false) return null;
  if (r === UNDECIDED) {
    const instance = intersect(p, term);
    return instance === undefined ? null : match(p, instance);
  }
  if (vars.size === 0) return NO_MATCHES;
  const out = new Map<string | number, Term>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = s[i];
    if (name !== null && v !== undefined) out.set(name, v);
  }
  return out;
}
