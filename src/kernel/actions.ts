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
 *
 * Kernel code (spec §4.1–4.3): a nested VM is an ordinary process V whose state is a VM. The actions
 * the kernel queues on V in V's container are ordinary actions too, except that their handler or
 * continuation slot holds kernel code: data that the kernel runs for V (nested.ts) instead of user
 * code, recording what it does itself.
 *   KernelCode = relay(c, n)    the handler of V's endpoint c/n for child c's meta-endpoint n: the
 *                               event goes to that meta-endpoint's handler, then V's VM runs a round
 *              | run-vm         a yield continuation: one more round of V's VM
 *              | resume(c, i)   a spawn continuation: the new pid resumes child c with the
 *                               continuation c keeps under id i (an at-meta-level spawn)
 *   add-role(c/n, role, relay(c, n)) · yield(run-vm) · spawn(boot, resume(c, i), name)
 * are the only actions that hold it. User code cannot produce them (transition.ts accepts functions
 * only in those slots); traces render them like any add-role, yield or spawn.
 */
import { endpointName, type EndpointName, type Pid } from './ids.ts';
import type { EndpointEvent, Reason } from './events.ts';
import type { Orientation, Role } from './role.ts';
import type { Term } from './term.ts';

export interface Transition<S = unknown> {
  readonly state: S;
  readonly actions: ActionTree;
}

export type ActionTree = Action | readonly ActionTree[] | null | undefined | false;

/** An endpoint's handler for a process whose state is an S: event × state → transition. */
export type Handler<S> = (event: EndpointEvent, state: S) => Transition<S>;

/**
 * User code as the kernel keeps it, for a state type S it cannot name (a process's state is
 * existential). Any Handler<S> fits `state: never`; the kernel only ever hands a process's code the
 * state that process itself last returned, and says so with one cast where it calls it.
 */
export type UserHandler = (event: EndpointEvent, state: never) => Transition<unknown>;
export type UserYieldK = (state: never) => Transition<unknown>;
export type UserSpawnK = (childPid: Pid, state: never) => Transition<unknown>;

/** Kernel code (see the header): relay(c, n), run-vm and resume(c, i), made by the kernel only. */
export interface Relay {
  readonly kernel: 'relay';
  readonly child: Pid;
  readonly name: EndpointName;
}
export interface RunVm {
  readonly kernel: 'run-vm';
}
export interface Resume {
  readonly kernel: 'resume';
  readonly child: Pid;
  readonly id: number;
}

export const relay = (child: Pid, name: EndpointName): Relay => ({ kernel: 'relay', child, name });
export const RUN_VM: RunVm = Object.freeze({ kernel: 'run-vm' });
export const resume = (child: Pid, id: number): Resume => ({ kernel: 'resume', child, id });

/** The name of a VM process's endpoint relaying child c's meta-endpoint n: "c/n". */
export function relayName(child: Pid, name: EndpointName): EndpointName {
  return endpointName(`${child}/${name}`);
}

/** What an endpoint's handler slot holds: user code, or a VM process's relay. */
export type EndpointHandler = UserHandler | Relay;
/** A yield continuation: user code, or run-vm. */
export type YieldK = UserYieldK | RunVm;
/** A spawn continuation, run in the parent with the child's pid: user code, or resume. */
export type SpawnK = UserSpawnK | Resume;

/** What a spawned process starts from: a ready transition (as in the talk) or a boot function. */
export type BootSpec = Transition<unknown> | (() => Transition<unknown>);

/** Spawn: `nested` set means the child is a nested VM whose boot process is `boot` (spec §4.1). */
export interface SpawnAction {
  readonly type: 'spawn';
  readonly boot: BootSpec;
  readonly nested: boolean;
  /** Runs in the parent, right after the child exists, with the child's pid. */
  readonly k: SpawnK | null;
  readonly name: string;
}

export interface AddRoleAction {
  readonly type: 'add-role';
  /** null: the kernel names the endpoint (#1, #2, … per process). */
  readonly name: EndpointName | null;
  readonly role: Role;
  readonly handler: EndpointHandler;
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
  readonly k: YieldK;
}

export interface AtMetaLevelAction {
  readonly type: 'at-meta-level';
  readonly preaction: Preaction;
}

export type Action = Preaction | YieldAction | AtMetaLevelAction;
export type ActionType = Action['type'];
