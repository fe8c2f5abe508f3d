/**
 * The public surface of the os2 kernel: what a scenario author, the debugger and the CLI import.
 * See docs/kernel-api.md.
 */
export * from './api.ts';
export { transition } from './transition.ts';
export type { Action, ActionTree, Preaction, Transition, Handler, BootSpec, AnyState } from './actions.ts';
export type { EndpointEvent, Reason } from './events.ts';
export { crashReason, isCrashReason } from './events.ts';
export { pid, endpointName, prettyVmPath, type Pid, type EndpointName, type VmPath, type RecordId } from './ids.ts';
export { DEFAULT_LIMITS, type Limits } from './limits.ts';
export { pretty, prettyBytes } from './pretty.ts';
export {
  topicPublisher, topicSubscriber, makeRole, visible, coOrientation, rolesEqual,
  type Role, type Orientation, type InterestType, type Monitor,
} from './role.ts';
export {
  struct, wild, _, evt, bytes, bytesToText, isStruct, isWild, isEvt, isBytes, isList, termEquals, isGround, termKind,
  type Term, type StructTerm, type Wild, type EvtTerm, type Atom,
} from './term.ts';
export { termToJson, termFromJson, type JsonValue } from './term-json.ts';
export { canonicalize, intersect, unifiable, match, alphaEquivalent, isSpecialization } from './unify.ts';
export type { TraceRecord, TraceKind, Outcome, Vanished } from './trace.ts';
export type { VM, EventSource } from './vm.ts';
export type { Process, Endpoint } from './process.ts';
export type { RoutingKind } from './routing/types.ts';
export {
  groundVm, stepGround, injectMessage, fireEvent, runUntilIdle, groundStatus, eventSources,
  type GroundVM, type GroundStatus, type GroundStep, type GroundOptions,
} from './ground/ground.ts';
export const KERNEL_VERSION = '0.1.0';
export { prettyRecord, prettyAction, prettyEvent, prettyRoleShort } from './trace-pretty.ts';
