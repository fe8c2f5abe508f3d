/**
 * The public surface of the os2 calculus (docs/kernel-api.md): terms and topics, roles, actions,
 * transitions, the talk's vocabulary, trace record types and the pretty printers. What runs
 * programs — the ground VM, the simulated world, drivers, clients, the run reducer — is the second
 * entry point, src/kernel/ground/index.ts. Code outside src/kernel imports the kernel only through
 * these two files (ESLint `no-restricted-imports`); tests may reach inside.
 */
export * from './api.ts';
export { transition } from './transition.ts';
export type {
  Action, ActionTree, Preaction, Transition, Handler, BootSpec, ActionType,
  AddRoleAction, DeleteRoleAction, SendMessageAction, SpawnAction, QuitAction, YieldAction, AtMetaLevelAction,
} from './actions.ts';
export type { EndpointEvent, Reason } from './events.ts';
export { crashReason, isCrashReason } from './events.ts';
export { pid, endpointName, recordId, prettyVmPath, type Pid, type EndpointName, type VmPath, type RecordId } from './ids.ts';
export { DEFAULT_LIMITS, type Limits } from './limits.ts';
export { pretty, prettyBytes, prettyWith, type BytesPrinter } from './pretty.ts';
export {
  topicPublisher, topicSubscriber, makeRole, visible, coOrientation, rolesEqual,
  type Role, type Orientation, type InterestType, type Monitor,
} from './role.ts';
export {
  struct, wild, _, evt, bytes, bytesToText, isStruct, isWild, isEvt, isBytes, isList, termEquals, isGround, termKind,
  type Term, type StructTerm, type Wild, type EvtTerm, type Atom,
} from './term.ts';
export { termToJson, termFromJson, isJsonError, type JsonValue } from './term-json.ts';
export { invalidTermReason } from './boundary.ts';
export { canonicalize, intersect, unifiable, match, alphaEquivalent, isSpecialization } from './unify.ts';
export { children } from './term.ts';
export type { TraceRecord, TraceBody, TraceKind, Outcome, Vanished, EndpointRef } from './trace.ts';
export type { VM, EventSource } from './vm.ts';
export type { Process, Endpoint } from './process.ts';
export type { RoutingKind } from './routing/types.ts';
export { assertNever } from './assert-never.ts';
export { prettyRecord, prettyAction, prettyEvent, prettyRoleShort, type TermPrinter } from './trace-pretty.ts';
export const KERNEL_VERSION = '0.2.0';
