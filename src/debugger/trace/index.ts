/**
 * The native trace format (docs/trace-format.md): the debugger's one import point for trace
 * encoding. Versioned JSON Lines — a header, per simulation step its record lines and a step line
 * with a state hash, then an end line — written by TraceWriter and read, line by line and checked,
 * by TraceReader.
 *
 *   state-json.ts  process states as bounded, deterministic JSON
 *   values.ts      terms, roles, events and actions: schema, encoder, decoder
 *   records.ts     record lines: one table keyed by kind
 *   inputs.ts      the header's inputs: the kernel's Input by one codec
 *   header.ts      the header line and the run options it records
 *   hash.ts        FNV-1a 64 and the chained step hash
 *   reader.ts      TraceReader, readTrace, parseTraceLines
 *   lines.ts       LineSplitter, linesOf: linear, length-bounded line cutting
 *   safe-json.ts   parseJsonLine (depth-bounded), own-property lookups
 *   writer.ts      TraceWriter, writeTraceFromHistory
 *   errors.ts      TraceParseError: the line and the field
 */
export { TraceParseError } from './errors.ts';
export { Fnv64, HASH_SEED, stepHash } from './hash.ts';
export {
  TRACE_FORMAT, TRACE_VERSION, makeHeader, readRunOptions, serializeHeader, type TraceHeader,
} from './header.ts';
export { decodeInputs, encodeInput, inputSchema } from './inputs.ts';
export { LineSplitter, MAX_LINE_CHARS, linesOf } from './lines.ts';
export {
  TraceReader, parseHeader, parseRecord, parseTraceLines, readTrace, type EndLine, type TraceItem,
} from './reader.ts';
export { MAX_JSON_DEPTH, own } from './safe-json.ts';
export { recordFromJson, recordToJson, serializeRecord, type RecordJson } from './records.ts';
export { CUT, STATE_MAX_NODES, stateToJson, type JsonValue } from './state-json.ts';
export { actionToJson, roleToJson } from './values.ts';
export { TraceWriter, serializeEnd, serializeStep, writeTraceFromHistory } from './writer.ts';
