/**
 * The kernel's plain values, without its machinery: terms, their printed and JSON forms, ids,
 * assertNever, and the line client's script builder. The third entry point, for code that must not
 * load the kernel — the UI's main thread (test/ui/main-thread.test.ts follows every value import
 * from the page's entry and finds no VM, routing or world behind this file). Everything here is also
 * exported by src/kernel/index.ts or src/kernel/ground/index.ts.
 */
export {
  struct, wild, _, evt, bytes, bytesToText, isStruct, isWild, isEvt, isBytes, isList, termEquals, isGround, termKind,
  type Term, type StructTerm, type Wild, type EvtTerm, type Atom,
} from './term.ts';
export { termToJson, termFromJson, isJsonError, type JsonValue } from './term-json.ts';
export { pretty, prettyBytes } from './pretty.ts';
export { pid, endpointName, recordId, prettyVmPath, type Pid, type EndpointName, type VmPath, type RecordId } from './ids.ts';
export { assertNever } from './assert-never.ts';
export { tcpClientSpec, type TcpClientFields } from './ground/line-client.ts';
