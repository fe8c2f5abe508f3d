/**
 * A persistent discrimination-tree routing index: query cost follows the structure of the query,
 * not the number of endpoints whose topics cannot match it.
 *
 * Data definition:
 *   Token = a term node in preorder; each token fixes its arity (how many subterms follow it):
 *           an atom is itself (JS type keeps "1" and 1 apart; a string starting with NUL is escaped),
 *           '\0*' a wildcard, '\0#…' bytes by content, '\0[n' a list of n, '\0{n name' a struct,
 *           '\0<n kind' an evt. Structural tokens start with NUL then a non-NUL character.
 *   TrieNode = { arity of its incoming token, kids: Immutable.Map<Token, TrieNode> (non-wild tokens),
 *                star: TrieNode | null (the wildcard token), leaf: Leaf | null }
 *   Leaf = a frozen array of the entries with that topic, in ascending (pid, seq): delivery order,
 *          so a query that reaches one leaf (the common case) needs no sort; copied on write.
 *   Side = { root, byKey: Immutable.Map<entryKey, RouteEntry> } — one per orientation.
 *   A term's token stream is self-delimiting, so no topic is a prefix of another: a node holds
 *   either children or a leaf, and each entry lives at exactly one leaf.
 *
 * Rule (retrieval): walk query tokens against the trie. A stored `*` consumes one whole query
 * subterm; a query `*` consumes one whole stored subterm (descend, counting pending subterms by
 * arity). Repeated variables are not checked, so results are a superset that the caller verifies.
 * Each trie path is reached at most once, so results carry no duplicates. Results are in ascending
 * (pid, seq): a leaf's own order, merged by one sort only when several leaves contributed.
 */
import { Map as IMap } from 'immutable';
import type { Orientation } from '../role.ts';
import { termKind, type Atom, type EvtTerm, type StructTerm, type Term } from '../term.ts';
import { assertNever } from '../assert-never.ts';
import { byPidSeq, entryKey, type RouteEntry, type RoutingIndex } from './types.ts';

type Token = string | number | boolean | null;
type Leaf = readonly RouteEntry[];

interface TrieNode {
  readonly arity: number;
  readonly kids: IMap<Token, TrieNode>;
  readonly star: TrieNode | null;
  readonly leaf: Leaf | null;
}

interface Side {
  readonly root: TrieNode;
  readonly byKey: IMap<string, RouteEntry>;
}

/** A tokenised term: tokens in preorder with their arities; `ground` = no wildcard token. */
interface Tokens {
  readonly toks: Token[];
  readonly arities: number[];
  ground: boolean;
}

const NUL = '\u0000';
const STAR = '\u0000*';
const NO_KIDS: IMap<Token, TrieNode> = IMap();
const NO_ENTRIES: Leaf = Object.freeze([]);
const EMPTY_ROOT: TrieNode = Object.freeze({ arity: 0, kids: NO_KIDS, star: null, leaf: null });
const EMPTY_SIDE: Side = Object.freeze({ root: EMPTY_ROOT, byKey: IMap<string, RouteEntry>() });

// ---- tokenising --------------------------------------------------------------------------------

function atomToken(a: Atom): Token {
  // Escape strings that could be mistaken for structural tokens; the common case allocates nothing.
  return typeof a === 'string' && a.charCodeAt(0) === 0 ? NUL + a : a;
}

function bytesToken(b: Uint8Array): string {
  let s = '\u0000#';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

function pushTokens(t: Term, out: Tokens): void {
  const kind = termKind(t);
  switch (kind) {
    case 'atom':
      out.toks.push(atomToken(t as Atom));
      out.arities.push(0);
      return;
    case 'bytes':
      out.toks.push(bytesToken(t as Uint8Array));
      out.arities.push(0);
      return;
    case 'wild':
      out.toks.push(STAR);
      out.arities.push(0);
      out.ground = false;
      return;
    case 'list':
      return pushCompound(`\u0000[${(t as readonly Term[]).length}`, t as readonly Term[], out);
    case 'struct': {
      const s = t as StructTerm;
      return pushCompound(`\u0000{${s.fields.length} ${s.struct}`, s.fields, out);
    }
    case 'evt': {
      const e = t as EvtTerm;
      return pushCompound(`\u0000<${e.args.length} ${e.evt}`, e.args, out);
    }
    default:
      return assertNever(kind, 'term kind');
  }
}

function pushCompound(tok: string, kids: readonly Term[], out: Tokens): void {
  out.toks.push(tok);
  out.arities.push(kids.length);
  for (let i = 0; i < kids.length; i++) pushTokens(kids[i]!, out);
}

function tokenise(t: Term): Tokens {
  const out: Tokens = { toks: [], arities: [], ground: true };
  pushTokens(t, out);
  return out;
}

/** skip[i] = index just past the subterm that starts at token i (where a stored `*` resumes). */
function subtermEnds(arities: readonly number[]): Int32Array {
  const end = new Int32Array(arities.length);
  for (let i = arities.length - 1; i >= 0; i--) {
    let j = i + 1;
    for (let k = arities[i]!; k > 0; k--) j = end[j]!;
    end[i] = j;
  }
  return end;
}

// ---- persistent update -------------------------------------------------------------------------

function child(n: TrieNode, tok: Token): TrieNode | undefined {
  return tok === STAR ? (n.star ?? undefined) : n.kids.get(tok);
}

function withChild(n: TrieNode, tok: Token, c: TrieNode | null): TrieNode {
  if (tok === STAR) return { arity: n.arity, kids: n.kids, star: c, leaf: n.leaf };
  const kids = c === null ? n.kids.delete(tok) : n.kids.set(tok, c);
  return { arity: n.arity, kids, star: n.star, leaf: n.leaf };
}

const isEmpty = (n: TrieNode): boolean => n.kids.size === 0 && n.star === null && n.leaf === null;

/**
 * Rebuilds the spine from the root to the leaf of `path`, replacing the leaf by `edit(leaf)`
 * (null = no entries). Emptied nodes are dropped so teardown releases memory.
 */
function updatePath(root: TrieNode, path: Tokens, edit: (leaf: Leaf | null) => Leaf | null): TrieNode {
  const { toks, arities } = path;
  const spine: (TrieNode | undefined)[] = [];
  let n: TrieNode | undefined = root;
  for (let i = 0; i < toks.length; i++) {
    spine.push(n);
    n = n === undefined ? undefined : child(n, toks[i]!);
  }
  const leaf = edit(n?.leaf ?? null);
  let cur: TrieNode | null = leaf === null ? null : { arity: 0, kids: NO_KIDS, star: null, leaf };
  for (let i = toks.length - 1; i >= 0; i--) {
    const parent = spine[i] ?? { ...EMPTY_ROOT, arity: i === 0 ? 0 : arities[i - 1]! };
    const next = withChild(parent, toks[i]!, cur);
    cur = isEmpty(next) ? null : next;
  }
  return cur ?? EMPTY_ROOT;
}

/** Where `e` goes in a leaf: the first index whose entry comes after it in (pid, seq). */
function slot(leaf: Leaf, e: RouteEntry): number {
  let lo = 0;
  let hi = leaf.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPidSeq(leaf[mid]!, e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function leafWith(leaf: Leaf, e: RouteEntry): Leaf {
  const at = slot(leaf, e);
  return Object.freeze([...leaf.slice(0, at), e, ...leaf.slice(at)]);
}

function leafWithout(leaf: Leaf, e: RouteEntry): Leaf | null {
  const at = leaf.indexOf(e);
  if (at < 0) return leaf;
  return leaf.length === 1 ? null : Object.freeze([...leaf.slice(0, at), ...leaf.slice(at + 1)]);
}

function insert(side: Side, e: RouteEntry): Side {
  const key = entryKey(e.pid, e.name);
  const old = side.byKey.get(key);
  if (old === e) return side;
  const base = old === undefined ? side : remove(side, old);
  const root = updatePath(base.root, tokenise(e.topic), (l) => leafWith(l ?? NO_ENTRIES, e));
  return { root, byKey: base.byKey.set(key, e) };
}

function remove(side: Side, e: RouteEntry): Side {
  const key = entryKey(e.pid, e.name);
  // Use the stored entry: its topic says where the leaf is, whatever topic the caller passed.
  const old = side.byKey.get(key);
  if (old === undefined) return side;
  const root = updatePath(side.root, tokenise(old.topic), (l) => (l === null ? null : leafWithout(l, old)));
  return { root, byKey: side.byKey.delete(key) };
}

// ---- retrieval ---------------------------------------------------------------------------------

/** The leaves a query reached, in the order reached. */
type Reached = Leaf[];

/** Ground query (the message hot path): the only branching is a stored `*` beside the exact token. */
function walkGround(root: TrieNode, q: Tokens, out: Reached): void {
  const { toks } = q;
  let ends: Int32Array | null = null;
  const nodes: TrieNode[] = [root];
  const at: number[] = [0];
  while (nodes.length > 0) {
    let n: TrieNode | undefined = nodes.pop()!;
    let i = at.pop()!;
    for (;;) {
      if (i === toks.length) {
        if (n.leaf !== null) out.push(n.leaf);
        break;
      }
      if (n.star !== null) {
        ends ??= subtermEnds(q.arities);
        nodes.push(n.star);
        at.push(ends[i]!);
      }
      n = n.kids.get(toks[i]!);
      if (n === undefined) break;
      i++;
    }
  }
}

/** Query with wildcards: state (node, query index, stored subterms still to skip). */
function walkGeneral(root: TrieNode, q: Tokens, out: Reached): void {
  const { toks } = q;
  const ends = subtermEnds(q.arities);
  const nodes: TrieNode[] = [root];
  const at: number[] = [0];
  const pending: number[] = [0];
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    let i = at.pop()!;
    let p = pending.pop()!;
    if (p === 0 && toks[i] === STAR) {
      p = 1; // a query `*` consumes one whole stored subterm
      i++;
    }
    if (p > 0) {
      for (const c of n.kids.values()) {
        nodes.push(c);
        at.push(i);
        pending.push(p - 1 + c.arity);
      }
      if (n.star !== null) {
        nodes.push(n.star);
        at.push(i);
        pending.push(p - 1);
      }
      continue;
    }
    if (i === toks.length) {
      if (n.leaf !== null) out.push(n.leaf);
      continue;
    }
    if (n.star !== null) {
      nodes.push(n.star);
      at.push(ends[i]!);
      pending.push(0);
    }
    const c = n.kids.get(toks[i]!);
    if (c !== undefined) {
      nodes.push(c);
      at.push(i + 1);
      pending.push(0);
    }
  }
}

// ---- the index ---------------------------------------------------------------------------------

class TrieIndex implements RoutingIndex {
  readonly kind = 'trie' as const;
  /** A ground query's walk matches tokens exactly; only repeated variables go unchecked. */
  readonly exactForGround = true;
  constructor(
    private readonly publishers: Side,
    private readonly subscribers: Side,
  ) {}

  get size(): number {
    return this.publishers.byKey.size + this.subscribers.byKey.size;
  }

  add(e: RouteEntry): RoutingIndex {
    return this.update(e.orientation, insert(this.side(e.orientation), e));
  }

  remove(e: RouteEntry): RoutingIndex {
    return this.update(e.orientation, remove(this.side(e.orientation), e));
  }

  candidates(orientation: Orientation, topic: Term): readonly RouteEntry[] {
    const leaves: Reached = [];
    const q = tokenise(topic);
    const root = this.side(orientation).root;
    if (q.ground) walkGround(root, q, leaves);
    else walkGeneral(root, q, leaves);
    // One leaf is already in order (and frozen: callers only read it).
    if (leaves.length <= 1) return leaves[0] ?? NO_ENTRIES;
    const out: RouteEntry[] = [];
    for (const l of leaves) for (const e of l) out.push(e);
    return out.sort(byPidSeq);
  }

  private side(o: Orientation): Side {
    return o === 'publisher' ? this.publishers : this.subscribers;
  }

  private update(o: Orientation, s: Side): RoutingIndex {
    if (s === this.side(o)) return this;
    return o === 'publisher' ? new TrieIndex(s, this.subscribers) : new TrieIndex(this.publishers, s);
  }
}

export const emptyTrieIndex = (): RoutingIndex => new TrieIndex(EMPTY_SIDE, EMPTY_SIDE);
