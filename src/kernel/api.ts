/**
 * The talk's vocabulary as constructors: what a process author writes.
 *
 *   transition(state, ...actions)                 a new state and actions (nested lists allowed)
 *   role(name, topicSubscriber(pattern, {monitor}), {onPresence, onAbsence, onMessage})
 *   addRole / deleteRole(name, reason)            endpoints
 *   sendMessage(body) / sendFeedback(body)        downstream to subscribers / upstream to publishers
 *   spawn(boot, {name, k}) / nestedVm(boot, …)    processes and VMs
 *   quit(reason) / kill(pid, reason)              leaving, or removing another process
 *   yieldThen(k)                                  resume after a full scheduler round
 *   atMetaLevel(preaction)                        act in the VM's container
 *   processOf<S>()                                all of the above typed by one process's state S
 * Every clause and continuation takes what happened first and the state last:
 *   onPresence(peer, s) · onAbsence(peer, reason, s) · onMessage(message, s) · k(childPid, s) · k(s)
 * and may return undefined for "no change, no actions". (Raw handlers, addRole's, take (event, s)
 * and must return a transition.)
 */
import type {
  ActionTree, AddRoleAction, AtMetaLevelAction, BootSpec, DeleteRoleAction, Handler, Preaction, QuitAction,
  SendMessageAction, SpawnAction, Transition, UserHandler, UserSpawnK, UserYieldK, YieldAction,
} from './actions.ts';
import type { EndpointEvent, Reason } from './events.ts';
import { endpointName, type Pid } from './ids.ts';
import type { Role } from './role.ts';
import type { Term } from './term.ts';
import { transition } from './transition.ts';

/** What a clause or continuation returns: a transition, or undefined for "no change, no actions". */
export type Maybe<S> = Transition<S> | undefined | void;

/** A clause's or continuation's result as a transition: undefined keeps the state and does nothing. */
function orUnchanged<S>(t: Maybe<S>, state: S): Transition<S> {
  return t ?? { state, actions: null };
}

/**
 * The clauses of a role. Argument order, here and in every continuation: what happened first, the
 * state last (the talk's handler is event → state → transition).
 */
export interface RoleHandlers<S> {
  /** A matching peer appeared; `peer` is its orientation, interest and the topic intersection. */
  readonly onPresence?: (peer: Role, state: S) => Maybe<S>;
  /** A matching peer went away, with the reason it gave (false for a normal quit). */
  readonly onAbsence?: (peer: Role, reason: Reason, state: S) => Maybe<S>;
  /**
   * A message matched this endpoint. (The sending role the kernel's event carries is the opposite
   * orientation, the message itself and participant: it says nothing the message does not.)
   */
  readonly onMessage?: (message: Term, state: S) => Maybe<S>;
}

/** Builds one handler from the three optional clauses (missing clause: no action). */
export function handler<S>(h: RoleHandlers<S>): Handler<S> {
  return (event: EndpointEvent, state: S): Transition<S> => {
    let t: Maybe<S>;
    switch (event.type) {
      case 'presence':
        t = h.onPresence?.(event.role, state);
        break;
      case 'absence':
        t = h.onAbsence?.(event.role, event.reason, state);
        break;
      case 'message':
        t = h.onMessage?.(event.message, state);
        break;
    }
    return orUnchanged(t, state);
  };
}

/** The talk's `role` form: an add-role action with a handler built from clauses. */
export function role<S>(name: string | null, r: Role, handlers: RoleHandlers<S> = {}): AddRoleAction {
  return addRole(name, r, handler(handlers));
}

export function addRole<S>(name: string | null, r: Role, h: Handler<S>): AddRoleAction {
  // A Handler<S> is a UserHandler: the kernel passes it back only the states it returned.
  const stored: UserHandler = h;
  return { type: 'add-role', name: name === null ? null : endpointName(name), role: r, handler: stored };
}

export function deleteRole(name: string, reason: Reason = false): DeleteRoleAction {
  return { type: 'delete-role', name: endpointName(name), reason };
}

export function sendMessage(body: Term): SendMessageAction {
  return { type: 'send-message', body, orientation: 'publisher' };
}

export function sendFeedback(body: Term): SendMessageAction {
  return { type: 'send-message', body, orientation: 'subscriber' };
}

export interface SpawnOptions<S> {
  readonly name?: string;
  /** Runs in the parent right after the child exists, with the child's pid; undefined: no change. */
  readonly k?: (childPid: Pid, state: S) => Maybe<S>;
}

export function spawn<S>(boot: BootSpec, opts: SpawnOptions<S> = {}): SpawnAction {
  const userK = opts.k;
  const k: UserSpawnK | null = userK === undefined ? null : (pid: Pid, state: S) => orUnchanged(userK(pid, state), state);
  return { type: 'spawn', boot, nested: false, k, name: opts.name ?? 'process' };
}

/** A nested VM whose boot process is `boot`: spawned like a process, with a whole VM as its state. */
export function nestedVm<S>(boot: BootSpec, opts: SpawnOptions<S> = {}): SpawnAction {
  return { ...spawn(boot, opts), nested: true, name: opts.name ?? 'vm' };
}

export function quit(reason: Reason = false): QuitAction {
  return { type: 'quit', pid: null, reason };
}

export function kill(pid: Pid, reason: Reason = false): QuitAction {
  return { type: 'quit', pid, reason };
}

/** `k(state)` runs now; its actions run after one full scheduler round. Undefined: no change. */
export function yieldThen<S>(k: (state: S) => Maybe<S>): YieldAction {
  const userK: UserYieldK = (state: S) => orUnchanged(k(state), state);
  return { type: 'yield', k: userK };
}

export function atMetaLevel(preaction: Preaction): AtMetaLevelAction {
  return { type: 'at-meta-level', preaction };
}

/** A boot function for spawn: the initial state and actions. */
export function boot<S>(state: S, ...actions: ActionTree[]): () => Transition<S> {
  return () => ({ state, actions });
}

/**
 * The vocabulary for one kind of process, its state type written once: every handler, continuation
 * and transition made through it sees an S. `const P = processOf<Counter>()`, then
 * `P.boot({ n: 0 }, P.role('ticks', …, { onMessage: (m, s) => P.transition({ n: s.n + 1 }) }))`.
 */
export interface ProcessVocabulary<S> {
  readonly boot: (state: S, ...actions: ActionTree[]) => () => Transition<S>;
  readonly transition: (state: S, ...actions: ActionTree[]) => Transition<S>;
  readonly role: (name: string | null, r: Role, handlers?: RoleHandlers<S>) => AddRoleAction;
  readonly addRole: (name: string | null, r: Role, h: Handler<S>) => AddRoleAction;
  readonly spawn: (boot: BootSpec, opts?: SpawnOptions<S>) => SpawnAction;
  readonly nestedVm: (boot: BootSpec, opts?: SpawnOptions<S>) => SpawnAction;
  readonly yieldThen: (k: (state: S) => Maybe<S>) => YieldAction;
}

/** The vocabulary for processes whose state is an S (the same functions, typed by S). */
export function processOf<S>(): ProcessVocabulary<S> {
  return { boot, transition, role, addRole, spawn, nestedVm, yieldThen };
}
