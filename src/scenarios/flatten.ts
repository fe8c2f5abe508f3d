/**
 * Flattening a VM by hand (ssh-flat, issue 13): processes written to run inside a nested VM run
 * directly in its container instead, with their names translated — what a VM gives for free
 * (a private language of topics, and one end for everything inside) done by a wrapper around
 * unchanged process code.
 *
 * Data definition:
 *   Scope = { wrap, unwrap }   a VM's private topics written into the container's namespace:
 *                              wrap(t) = e.g. ssh-session(1, t); unwrap undoes it. GROUND is the
 *                              identity: the container's own topics.
 *   Level = { scope, outer, end, fate, name }   one flattened VM
 *     scope  where the level's own topics go (a process's plain actions)
 *     outer  the level it is nested in (null: the ground itself), where at-meta-level actions go
 *     end    what at-meta-level quit (ending the "VM") becomes: a message to the level's anchor
 *     fate   an endpoint every flattened process adds, to end when the anchor ends
 *     name   a flattened process's name (names, like topics, now share one namespace)
 * Rule translate(level, action), for a process of `level`:
 *   add-role(n, (o, t, i), h)  → add-role(n, (o, scope.wrap(t), i), h′); h′ sees the event with its
 *                                topic and message unwrapped, and its results are translated too
 *   send-message(b, o)         → send-message(scope.wrap(b), o)
 *   spawn(boot, k, name)       → spawn(boot translated + fate, k translated, level.name(name))
 *   delete-role, quit          unchanged;  yield(k) → yield(k translated)
 *   at-meta-level(quit(r))     → level.end(r)
 *   at-meta-level(p)           → p placed in `outer` (its topics in outer's scope; handlers and
 *                                continuations still translated for this level)
 * A flattened process's topics are exactly its topics in the VM, wrapped; the kernel sees one VM.
 * A nested VM spawned by a flattened process is not supported (its spawn crashes the process).
 */
import {
  assertNever, type Action, type ActionTree, type BootSpec, type EndpointEvent, type Preaction, type Role, type Term, type Transition,
} from '../kernel/index.ts';

export interface Scope {
  readonly wrap: (t: Term) => Term;
  readonly unwrap: (t: Term) => Term;
}

export const GROUND: Scope = { wrap: (t) => t, unwrap: (t) => t };

export interface Level {
  readonly scope: Scope;
  readonly outer: Level | null;
  readonly end: (reason: Term) => Action;
  readonly fate: Action;
  readonly name: (name: string) => string;
}

type AnyTransition = Transition<unknown>;
type UserFn<A extends unknown[]> = (...args: A) => AnyTransition;

const isFn = (x: unknown): x is (...args: never[]) => AnyTransition => typeof x === 'function';

function unwrapRole(scope: Scope, r: Role): Role {
  return { ...r, topic: scope.unwrap(r.topic) };
}

function unwrapEvent(scope: Scope, e: EndpointEvent): EndpointEvent {
  if (e.type === 'message') return { ...e, role: unwrapRole(scope, e.role), message: scope.unwrap(e.message) };
  return { ...e, role: unwrapRole(scope, e.role) };
}

/** A transition of a process of `level`, translated. */
export function translateTransition(level: Level, t: AnyTransition): AnyTransition {
  return { state: t.state, actions: translateTree(level, t.actions) };
}

function translateTree(level: Level, tree: ActionTree): ActionTree {
  if (Array.isArray(tree)) return (tree as readonly ActionTree[]).map((sub) => translateTree(level, sub));
  // Anything else user code returns is left for the kernel to refuse (as a crash).
  if (typeof tree !== 'object' || tree === null) return tree;
  return translateAction(level, tree as Action);
}

function translateAction(level: Level, a: Action): Action {
  switch (a.type) {
    case 'yield':
      return isFn(a.k) ? { ...a, k: (s: never) => translateTransition(level, (a.k as UserFn<[never]>)(s)) } : a;
    case 'at-meta-level':
      if (a.preaction.type === 'quit' && a.preaction.pid === null) return level.end(a.preaction.reason);
      return place(level, level.outer, a.preaction);
    default:
      return place(level, level, a);
  }
}

/** A preaction of a process of `own`, performed where `where`'s topics live (null: the ground's). */
function place(own: Level, where: Level | null, p: Preaction): Action {
  const scope = where?.scope ?? GROUND;
  switch (p.type) {
    case 'add-role': {
      const h = p.handler;
      const handler = isFn(h) ? (e: EndpointEvent, s: never) => translateTransition(own, (h as UserFn<[EndpointEvent, never]>)(unwrapEvent(scope, e), s)) : h;
      return { ...p, role: { ...p.role, topic: scope.wrap(p.role.topic) }, handler };
    }
    case 'send-message':
      return { ...p, body: scope.wrap(p.body) };
    case 'spawn': {
      if (p.nested) throw new Error('flatten: a nested VM inside a flattened one is not supported');
      const k = p.k;
      return {
        ...p,
        boot: where === null ? p.boot : flatBoot(where, p.boot),
        k: isFn(k) ? (pid, s: never) => translateTransition(own, (k as UserFn<[typeof pid, never]>)(pid, s)) : k,
        name: where === null ? p.name : where.name(p.name),
      };
    }
    case 'delete-role':
    case 'quit':
      return p;
    default:
      return assertNever(p);
  }
}

/** The boot of a process written for `level`'s VM, flattened: its actions translated, plus its fate. */
export function flatBoot(level: Level, boot: BootSpec): () => AnyTransition {
  return () => {
    const t = typeof boot === 'function' ? boot() : boot;
    return { state: t.state, actions: [translateTree(level, t.actions), level.fate] };
  };
}
