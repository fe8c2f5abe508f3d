/**
 * The vocabulary of actions (spec §2.1–2.2, the talk's Action and Preaction).
 *
 * Data definition:
 *   Action    = Preaction | yield(k) | at-meta-level(Preaction)
 *   Preaction = add-role(name, role, handler) | delete-role(name, reason) | send-message(body, orientation)
 *             | spawn(boot, k, name) | quit(pid | null, reason)
 *   ActionTree = Action | ActionTree[] | null | undefined | false   (flattened left to right, depth first)
 *   Transition<S> = { state: S, actions: ActionTree }
 * A handler maps an event and the process state to a Transition. Handlers, boot functions and
 * continuations are the only user code the kernel calls; they are first-order state transformers.
 */
import type { EndpointName, Pid } from './ids.ts';
import type { EndpointEvent, Reason } from './events.ts';
import type { Orientation, Role } from './role.ts';
import type { Term } from './term.ts';

export interface Transition<S = unknown> {
  readonly state: S;
  readonly actions: ActionTree;
}

export type ActionTree = Action | readonly ActionTree[] | null | undefined | false;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the existential process state
export type AnyState = any;

/** An endpoint's handler: event × state → transition. */
export type Handler<S = AnyState> = (event: EndpointEvent, state: S) => Transition<S>;

/** What a spawned process starts from: a ready transition (as in the talk) or a boot function. */
export type BootSpec = Transition<AnyState> | (() => Transition<AnyState>);

/** Spawn: `nested` set means the child is a nested VM whose boot process is `boot` (spec §4.1). */
export interface SpawnAction {
  readonly type: 'spawn';
  readonly boot: BootSpec;
  readonly nested: boolean;
  /** Runs in the parent, right after the child exists, with the child's pid. */
  readonly k: ((childPid: Pid, state: AnyState) => Transition<AnyState>) | null;
  readonly name: string;
}

export interface AddRoleAction {
  readonly type: 'add-role';
  /** null: the kernel names the endpoint (#1, #2, … per process). */
  readonly name: EndpointName | null;
  readonly role: Role;
  readonly handler: Handler;
}

export interface DeleteRoleAction {
  readonly type: 'delete-role';
  readonly name: EndpointName;
  readonly reason: Reason;
}

export interface SendMessageAction {
  readonly type: 'send-message';
  readonly body: Term;
  /** publisher = send-message (downstream), subscriber = send-feedback (upstream). */
  readonly orientation: Orientation;
}

export interface QuitAction {
  readonly type: 'quit';
  /** null: the acting process itself; otherwise kill that process of the same VM. */
  readonly pid: Pid | null;
  readonly reason: Reason;
}

export type Preaction = AddRoleAction | DeleteRoleAction | SendMessageAction | SpawnAction | QuitAction;

export interface YieldAction {
  readonly type: 'yield';
  readonly k: (state: AnyState) => Transition<AnyState>;
}

export interface AtMetaLevelAction {
  readonly type: 'at-meta-level';
  readonly preaction: Preaction;
}

export type Action = Preaction | YieldAction | AtMetaLevelAction;
export type ActionType = Action['type'];

const ACTION_TYPES: ReadonlySet<string> = new Set([
  'add-role', 'delete-role', 'send-message', 'spawn', 'quit', 'yield', 'at-meta-level',
]);

export function isActionLike(x: unknown): x is Action {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && ACTION_TYPES.has((x as { type?: unknown }).type as string);
}
