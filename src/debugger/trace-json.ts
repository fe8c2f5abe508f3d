/**
 * The native trace format: versioned JSON Lines (docs/trace-format.md, "The native trace file").
 *
 * Data definition:
 *   TraceFile   = header line, then one record line per trace record, each line one JSON object
 *   TraceHeader = { format: "os2-lab-trace", version: 1, kernel, scenario, seed, options, inputs }
 *   RecordJson  = { id, cause, vm, pid, kind, ...the kind's fields }  with
 *     terms      as termToJson (bytes become {"bytes": "<one char per byte>"})
 *     roles      as { orientation, topic, interest }
 *     events     as { type, role, reason | message }
 *     actions    as { type, ...data } with functions omitted (handlers, boot specs, continuations)
 *     states     by stateToJson: a safe, deterministic, bounded rendering of any JS value
 * Rules:
 *   - Pure: no Node or browser APIs. Output is a function of the records alone, so the same run
 *     gives byte-identical lines (object keys are written in a fixed or insertion order).
 *   - parseTraceLines validates a whole file and throws a TraceParseError naming the line and field.
 *     Readers ignore fields they do not know (see the versioning policy in the docs).
 */
import { isImmutable, isIndexed, isKeyed, isRecord, isSet as isImmutableSet } from 'immutable';
import { z } from 'zod';
import type { Action, Preaction } from '../kernel/actions.ts';
import type { EndpointEvent } from '../kernel/events.ts';
import { KERNEL_VERSION } from '../kernel/index.ts';
import type { Role } from '../kernel/role.ts';
import type { Term } from '../kernel/term.ts';
import { invalidTermReason, isJsonError, termFromJson, termToJson, type JsonValue } from '../kernel/term-json.ts';
import type { TraceRecord, Vanished } from '../kernel/trace.ts';

export type { JsonValue } from '../kernel/term-json.ts';

export const TRACE_FORMAT = 'os2-lab-trace';
export const TRACE_VERSION = 1;

/** What a cut-off part of a state is replaced by (a cycle, too deep, or over the node budget). */
export const CUT = '<…>';

// ---- states: the safe serializer -----------------------------------------------------------------

export interface StateJsonOptions {
  /** Containers nested deeper than this are cut (the root is depth 0). */
  readonly maxDepth?: number;
  /** At most this many values are written; the rest of the container is cut. */
  readonly maxNodes?: number;
}

export const STATE_MAX_DEPTH = 32;
export const STATE_MAX_NODES = 10_000;

type JsonObject = { [k: string]: JsonValue };

/**
 * Any JS value as JSON, never throwing: terms come out as termToJson would write them; plain
 * objects keep their key order; Maps become {"$map": [[k, v], …]}, Sets {"$set": […]} (Immutable
 * collections too: keyed → $map, sets → $set, lists → arrays); functions "<function>"; undefined
 * null; a nested VM's state (an object with an Immutable `processes` map) {"$vm": {"processes":
 * [pid, …]}}; cycles, containers deeper than maxDepth and anything past maxNodes "<…>".
 */
export function stateToJson(value: unknown, o: StateJsonOptions = {}): JsonValue {
  const maxDepth = o.maxDepth ?? STATE_MAX_DEPTH;
  const maxNodes = o.maxNodes ?? STATE_MAX_NODES;
  let nodes = 0;
  const ancestors = new Set<object>();

  const go = (x: unknown, depth: number): JsonValue => {
    nodes++;
    if (x === undefined || x === null) return null;
    switch (typeof x) {
      case 'string':
      case 'boolean':
        return x;
      case 'number':
        return Number.isFinite(x) ? (x === 0 ? 0 : x) : { $number: String(x) };
      case 'bigint':
        return { $bigint: x.toString() };
      case 'symbol':
        return `<symbol ${x.description ?? ''}>`;
      case 'function':
        return '<function>';
    }
    const obj = x as object;
    if (depth > maxDepth || ancestors.has(obj)) return CUT;
    ancestors.add(obj);
    try {
      return container(obj, depth);
    } catch {
      return '<unreadable>';
    } finally {
      ancestors.delete(obj);
    }
  };

  /** Encodes the items of an iterable, stopping with CUT when the node budget runs out. */
  const items = (it: Iterable<unknown>, depth: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (const v of it) {
      if (nodes >= maxNodes) {
        out.push(CUT);
        break;
      }
      out.push(go(v, depth + 1));
    }
    return out;
  };

  const entries = (it: Iterable<readonly [unknown, unknown]>, depth: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (const [k, v] of it) {
      if (nodes >= maxNodes) {
        out.push(CUT);
        break;
      }
      out.push([go(k, depth + 2), go(v, depth + 2)]);
    }
    return out;
  };

  const fields = (keys: Iterable<string>, get: (k: string) => unknown, depth: number): JsonObject => {
    const out: JsonObject = {};
    for (const k of keys) {
      if (nodes >= maxNodes) {
        out['…'] = CUT;
        break;
      }
      let v: unknown;
      try {
        v = get(k);
      } catch {
        v = '<unreadable>';
      }
      out[k] = go(v, depth + 1);
    }
    return out;
  };

  const container = (x: object, depth: number): JsonValue => {
    if (x instanceof Uint8Array) return termToJson(x);
    if (ArrayBuffer.isView(x)) {
      const name = x.constructor?.name ?? 'ArrayBufferView';
      const values = 'length' in x ? items(Array.from(x as unknown as ArrayLike<number | bigint>), depth) : [];
      return { $typed: name, values };
    }
    if (Array.isArray(x)) return items(x, depth);
    if (x instanceof Map) return { $map: entries(x, depth) };
    if (x instanceof Set) return { $set: items(x, depth) };
    if (isRecord(x)) {
      const seq = x.toSeq();
      return fields(seq.keySeq() as Iterable<string>, (k) => seq.get(k), depth);
    }
    if (isImmutable(x)) {
      if (isKeyed(x)) return { $map: entries(x.entries(), depth) };
      if (isImmutableSet(x)) return { $set: items(x.values(), depth) };
      if (isIndexed(x)) return items(x.values(), depth);
      return items((x as unknown as { values(): Iterable<unknown> }).values(), depth);
    }
    if (x instanceof Error) return { $error: { name: x.name, message: x.message } };
    const procs = (x as { processes?: unknown }).processes;
    if (isImmutable(procs) && isKeyed(procs)) {
      return { $vm: { processes: items(procs.keySeq(), depth + 1) } };
    }
    return fields(Object.keys(x), (k) => (x as Record<string, unknown>)[k], depth);
  };

  return go(value, 0);
}

// ---- records -----------------------------------------------------------------------------------

/** A term as termToJson writes it; a value that is not a term (never from the kernel) as a state. */
function termJson(t: Term): JsonValue {
  return invalidTermReason(t) === null ? termToJson(t) : stateToJson(t);
}

function nullableTerm(t: Term | null): JsonValue {
  return t === null ? null : termJson(t);
}

export function roleToJson(r: Role): JsonObject {
  return { orientation: r.orientation, topic: termJson(r.topic), interest: r.interest };
}

export function eventToJson(e: EndpointEvent): JsonObject {
  switch (e.type) {
    case 'presence':
      return { type: e.type, role: roleToJson(e.role) };
    case 'absence':
      return { type: e.type, role: roleToJson(e.role), reason: termJson(e.reason) };
    case 'message':
      return { type: e.type, role: roleToJson(e.role), message: termJson(e.message) };
  }
}

function preactionToJson(a: Preaction): JsonObject {
  switch (a.type) {
    case 'add-role':
      return { type: a.type, name: a.name, role: roleToJson(a.role) };
    case 'delete-role':
      return { type: a.type, name: a.name, reason: termJson(a.reason) };
    case 'send-message':
      return { type: a.type, orientation: a.orientation, body: termJson(a.body) };
    case 'spawn':
      return { type: a.type, name: a.name, nested: a.nested };
    case 'quit':
      return { type: a.type, pid: a.pid, reason: termJson(a.reason) };
  }
}

/** An action's data; handlers, boot specs and continuations are functions and are left out. */
export function actionToJson(a: Action): JsonObject {
  switch (a.type) {
    case 'yield':
      return { type: a.type };
    case 'at-meta-level':
      return { type: a.type, preaction: preactionToJson(a.preaction) };
    default:
      return preactionToJson(a);
  }
}

function vanishedToJson(v: readonly Vanished[]): JsonValue[] {
  return v.map((x) => ({ vm: [...x.vm], pid: x.pid, name: x.name }));
}

function bodyToJson(r: TraceRecord): JsonObject {
  switch (r.kind) {
    case 'ground-event':
      return { event: termJson(r.event), source: r.source, time: r.time };
    case 'world':
      return { time: r.time, what: r.what, host: r.host, detail: termJson(r.detail) };
    case 'round':
      return { round: r.round };
    case 'action':
      return { action: actionToJson(r.action) };
    case 'deliver':
      return {
        endpoint: r.endpoint, event: eventToJson(r.event), outcome: r.outcome, state: stateToJson(r.state),
        actions: r.actions.map(actionToJson), reason: nullableTerm(r.reason),
      };
    case 'boot':
      return {
        name: r.name, parent: r.parent, nested: r.nested, outcome: r.outcome, state: stateToJson(r.state),
        actions: r.actions.map(actionToJson), reason: nullableTerm(r.reason),
      };
    case 'continuation':
      return {
        of: r.of, outcome: r.outcome, state: stateToJson(r.state), actions: r.actions.map(actionToJson),
        reason: nullableTerm(r.reason),
      };
    case 'endpoint':
      return { change: r.change, endpoint: r.endpoint, role: roleToJson(r.role), meta: r.meta, reason: nullableTerm(r.reason) };
    case 'quit':
      return { reason: termJson(r.reason), killedBy: r.killedBy, dropped: r.dropped, vanished: vanishedToJson(r.vanished) };
    case 'gc':
      return { pids: [...r.pids], vanished: vanishedToJson(r.vanished) };
    case 'enqueue':
      return { actions: r.actions.map(actionToJson), why: r.why };
    case 'no-op':
      return { why: r.why };
    case 'limit':
      return { limit: r.limit, sentence: r.sentence };
    default: {
      // A kind this writer does not know yet (the compiler flags it): its fields, made JSON-safe.
      const unknown: never = r;
      const { id: _id, cause: _cause, vm: _vm, pid: _pid, kind: _kind, ...rest } = unknown as TraceRecord;
      return stateToJson(rest) as JsonObject;
    }
  }
}

/** One trace record as a JSON object: the common fields first, then the kind's fields. */
export function recordToJson(r: TraceRecord): JsonObject {
  return { id: r.id, cause: r.cause, vm: [...r.vm], pid: r.pid, kind: r.kind, ...bodyToJson(r) };
}

/** One record line (without the newline). */
export function serializeRecord(r: TraceRecord): string {
  return JSON.stringify(recordToJson(r));
}

// ---- the header ----------------------------------------------------------------------------------

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly kernel: string;
  readonly scenario: string;
  readonly seed: number;
  /** What the run was configured with: routing, the effective network config, limits, run bounds. */
  readonly options: { readonly [k: string]: JsonValue };
  /** The user and fault inputs that drove the run, in order (none yet: reserved for replay). */
  readonly inputs: readonly JsonValue[];
}

export interface HeaderFields {
  readonly scenario: string;
  readonly seed: number;
  readonly options: { readonly [k: string]: unknown };
  readonly inputs?: readonly unknown[];
}

/** A header for this kernel and format version; options and inputs are made JSON-safe. */
export function makeHeader(h: HeaderFields): TraceHeader {
  const options: JsonObject = {};
  for (const [k, v] of Object.entries(h.options)) options[k] = stateToJson(v);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    kernel: KERNEL_VERSION,
    scenario: h.scenario,
    seed: h.seed,
    options,
    inputs: (h.inputs ?? []).map((i) => stateToJson(i)),
  };
}

/** The header line (without the newline), keys in the documented order. */
export function serializeHeader(h: TraceHeader): string {
  return JSON.stringify({
    format: h.format, version: h.version, kernel: h.kernel, scenario: h.scenario, seed: h.seed,
    options: h.options, inputs: h.inputs,
  });
}

// ---- parsing -------------------------------------------------------------------------------------

/** A trace file that does not parse: `line` is 1-based, `field` the dotted path (or null). */
export class TraceParseError extends Error {
  readonly line: number;
  readonly field: string | null;
  constructor(line: number, field: string | null, problem: string) {
    super(`line ${line}${field === null ? '' : `, field ${field}`}: ${problem}`);
    this.name = 'TraceParseError';
    this.line = line;
    this.field = field;
  }
}

const json = z.custom<JsonValue>((v) => v !== undefined);
const term = json.superRefine((v, ctx) => {
  const r = termFromJson(v, 'term');
  if (isJsonError(r)) ctx.addIssue({ code: 'custom', message: `not a term (${r.error})` });
});
const int = z.int();
const pidOrNull = int.nullable();
const outcome = z.enum(['ok', 'crashed', 'discarded']);
const role = z.looseObject({
  orientation: z.enum(['publisher', 'subscriber']),
  topic: term,
  interest: z.enum(['participant', 'observer', 'everything']),
});
const event = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('presence'), role }),
  z.looseObject({ type: z.literal('absence'), role, reason: term }),
  z.looseObject({ type: z.literal('message'), role, message: term }),
]);
const preactions = [
  z.looseObject({ type: z.literal('add-role'), name: z.string().nullable(), role }),
  z.looseObject({ type: z.literal('delete-role'), name: z.string(), reason: term }),
  z.looseObject({ type: z.literal('send-message'), orientation: z.enum(['publisher', 'subscriber']), body: term }),
  z.looseObject({ type: z.literal('spawn'), name: z.string(), nested: z.boolean() }),
  z.looseObject({ type: z.literal('quit'), pid: pidOrNull, reason: term }),
] as const;
const preaction = z.discriminatedUnion('type', [...preactions]);
const action = z.discriminatedUnion('type', [
  ...preactions,
  z.looseObject({ type: z.literal('yield') }),
  z.looseObject({ type: z.literal('at-meta-level'), preaction }),
]);
const vanished = z.array(z.looseObject({ vm: z.array(int), pid: int, name: z.string() }));
const ran = { outcome, state: json, actions: z.array(action), reason: term.nullable() };

const base = {
  id: int.min(1),
  cause: int.min(1).nullable(),
  vm: z.array(int),
  pid: pidOrNull,
};

const KIND_FIELDS = {
  'ground-event': { event: term, source: z.string(), time: z.number() },
  world: { time: z.number(), what: z.string(), host: z.string(), detail: term },
  round: { round: int },
  action: { action },
  deliver: { endpoint: z.string(), event, ...ran },
  boot: { name: z.string(), parent: pidOrNull, nested: z.boolean(), ...ran },
  continuation: { of: z.enum(['spawn', 'yield']), ...ran },
  endpoint: {
    change: z.enum(['added', 'replaced', 'removed']), endpoint: z.string(), role, meta: z.boolean(), reason: term.nullable(),
  },
  quit: { reason: term, killedBy: pidOrNull, dropped: int.min(0), vanished },
  gc: { pids: z.array(int), vanished },
  enqueue: { actions: z.array(action), why: z.string() },
  'no-op': { why: z.string() },
  limit: { limit: z.string(), sentence: z.string() },
} as const;

const recordSchema = z.discriminatedUnion('kind', [
  z.looseObject({ ...base, kind: z.literal('ground-event'), ...KIND_FIELDS['ground-event'] }),
  z.looseObject({ ...base, kind: z.literal('world'), ...KIND_FIELDS.world }),
  z.looseObject({ ...base, kind: z.literal('round'), ...KIND_FIELDS.round }),
  z.looseObject({ ...base, kind: z.literal('action'), ...KIND_FIELDS.action }),
  z.looseObject({ ...base, kind: z.literal('deliver'), ...KIND_FIELDS.deliver }),
  z.looseObject({ ...base, kind: z.literal('boot'), ...KIND_FIELDS.boot }),
  z.looseObject({ ...base, kind: z.literal('continuation'), ...KIND_FIELDS.continuation }),
  z.looseObject({ ...base, kind: z.literal('endpoint'), ...KIND_FIELDS.endpoint }),
  z.looseObject({ ...base, kind: z.literal('quit'), ...KIND_FIELDS.quit }),
  z.looseObject({ ...base, kind: z.literal('gc'), ...KIND_FIELDS.gc }),
  z.looseObject({ ...base, kind: z.literal('enqueue'), ...KIND_FIELDS.enqueue }),
  z.looseObject({ ...base, kind: z.literal('no-op'), ...KIND_FIELDS['no-op'] }),
  z.looseObject({ ...base, kind: z.literal('limit'), ...KIND_FIELDS.limit }),
]);

/** A record line as parsed (terms still in their JSON encoding; decode them with termFromJson). */
export type RecordJson = z.infer<typeof recordSchema>;
export type RecordKindJson = RecordJson['kind'];
export const RECORD_KINDS: readonly RecordKindJson[] = Object.keys(KIND_FIELDS) as RecordKindJson[];

const headerSchema = z.looseObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  kernel: z.string(),
  scenario: z.string(),
  seed: int.min(0),
  options: z.record(z.string(), json),
  inputs: z.array(json),
});

export interface ParsedTrace {
  readonly header: TraceHeader;
  readonly records: readonly RecordJson[];
}

function valueAt(v: unknown, path: readonly PropertyKey[]): unknown {
  let x = v;
  for (const k of path) {
    if (typeof x !== 'object' || x === null) return undefined;
    x = (x as Record<PropertyKey, unknown>)[k];
  }
  return x;
}

function fieldName(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s === '' ? '(the line)' : s;
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** The first zod issue as a TraceParseError. */
function issueError(line: number, value: unknown, issues: readonly z.core.$ZodIssue[]): TraceParseError {
  const issue = issues[0]!;
  const path = issue.path;
  const found = valueAt(value, path);
  let problem: string;
  if (found === undefined && path.length > 0) problem = 'missing';
  else if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    problem = `unknown value ${describeValue(found)} (expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')})`;
  } else if (issue.code === 'custom') problem = issue.message;
  else problem = `${issue.message} (found ${describeValue(found)})`;
  return new TraceParseError(line, path.length === 0 ? null : fieldName(path), problem);
}

function parseLine(text: string, line: number): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TraceParseError(line, null, `not valid JSON (truncated?): ${why}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TraceParseError(line, null, `expected a JSON object, found ${describeValue(v)}`);
  }
  return v;
}

/** Parses a header line; checks format and version first so that those errors are the ones named. */
export function parseHeader(text: string, line = 1): TraceHeader {
  const v = parseLine(text, line) as Record<string, unknown>;
  if (v.format !== TRACE_FORMAT) {
    const found = v.format === undefined ? 'missing' : `${describeValue(v.format)} is not "${TRACE_FORMAT}"`;
    throw new TraceParseError(line, 'format', `${found}: this is not an os2 Lab trace header`);
  }
  if (v.version !== TRACE_VERSION) {
    const found = v.version === undefined ? 'missing' : `unsupported version ${describeValue(v.version)}`;
    throw new TraceParseError(line, 'version', `${found} (this reader reads version ${TRACE_VERSION})`);
  }
  const r = headerSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data as TraceHeader;
}

/** Parses one record line. */
export function parseRecord(text: string, line: number): RecordJson {
  const v = parseLine(text, line) as Record<string, unknown>;
  if (v.kind === undefined) throw new TraceParseError(line, 'kind', 'missing');
  const r = recordSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data;
}

/**
 * Parses and validates a whole trace file: the header, then every record, whose ids must increase.
 * A final newline is allowed; any other empty line is an error. Throws TraceParseError.
 */
export function parseTraceLines(text: string): ParsedTrace {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || (lines.length === 1 && lines[0]!.trim() === '')) {
    throw new TraceParseError(1, null, `empty trace: expected the "${TRACE_FORMAT}" header`);
  }
  const strip = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);
  const header = parseHeader(strip(lines[0]!), 1);
  const records: RecordJson[] = [];
  let lastId = 0;
  for (let i = 1; i < lines.length; i++) {
    const text = strip(lines[i]!);
    if (text.trim() === '') throw new TraceParseError(i + 1, null, 'empty line');
    const r = parseRecord(text, i + 1);
    if (r.id <= lastId) throw new TraceParseError(i + 1, 'id', `${r.id} does not follow the previous id ${lastId} (ids must increase)`);
    lastId = r.id;
    records.push(r);
  }
  return { header, records };
}
