/**
 * The native trace format: versioned JSON Lines (docs/trace-format.md, "The native trace file").
 *
 * Data definition:
 *   TraceFile   = header line, then per simulation step its record lines and one step line, then
 *                 the end line (version 2; version 1 files have neither step nor end lines)
 *   TraceHeader = { format: "os2-lab-trace", version, kernel, scenario, seed, options, inputs }
 *   RecordJson  = { id, cause, vm, pid, kind, ...the kind's fields }  with
 *     terms      as termToJson (bytes become {"bytes": "<one char per byte>"})
 *     roles      as { orientation, topic, interest }
 *     events     as { type, role, reason | message }
 *     actions    as { type, ...data } with functions omitted (handlers, boot specs, continuations)
 *     states     by stateToJson: a safe, deterministic, bounded rendering of any JS value
 *   StepLine    = { step, records, hash }   records: the record count so far; hash: FNV-1a 64 of
 *                 the previous step's hash and this step's record lines (a state hash, see stepHash)
 *   EndLine     = { end: true, status, steps, records }
 * Rules:
 *   - Pure: no Node or browser APIs. Output is a function of the records alone, so the same run
 *     gives byte-identical lines (object keys are written in a fixed or insertion order).
 *   - TraceReader validates a file line by line (streaming) and throws a TraceParseError naming the
 *     line and field; parseTraceLines does the same for a whole text. Readers ignore fields they do
 *     not know (see the versioning policy in the docs).
 */
import { isImmutable, isIndexed, isKeyed, isRecord, isSet as isImmutableSet } from 'immutable';
import { z } from 'zod';
import type { Action, Preaction } from '../kernel/actions.ts';
import type { EndpointEvent } from '../kernel/events.ts';
import type { EndpointName, Pid, VmPath } from '../kernel/ids.ts';
import { KERNEL_VERSION } from '../kernel/index.ts';
import type { Role } from '../kernel/role.ts';
import type { Term } from '../kernel/term.ts';
import { invalidTermReason, isJsonError, termFromJson, termToJson, type JsonValue } from '../kernel/term-json.ts';
import type { TraceRecord, Vanished } from '../kernel/trace.ts';

export type { JsonValue } from '../kernel/term-json.ts';

export const TRACE_FORMAT = 'os2-lab-trace';
/** The version this writer writes (docs/trace-format.md, "Versioning policy"). */
export const TRACE_VERSION = 2;
export type TraceVersion = 1 | 2;
/** The versions this reader reads: 1 (no step hashes, no end line) and 2. */
export const READABLE_VERSIONS: readonly TraceVersion[] = [1, 2];

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

/**
 * A user intervention that drove the run, applied by the runner after step `atStep` (before step
 * atStep + 1); the records it causes belong to step `atStep`. Terms are JSON-encoded (termToJson).
 *   inject   deliver `body` into the ground VM from outside (ground.injectMessage): no sending process
 *   kill     make process `pid` of VM `vm` quit with `reason` (the kernel's killProcess)
 *   connect  start a scripted client `client` on host `host` that connects to `to`:`port` and sends
 *            `send`, one line each, waiting for a reply line after each, then closes
 */
export type TraceInput =
  | {
      readonly atStep: number;
      readonly kind: 'inject';
      readonly body: JsonValue;
      readonly orientation?: 'publisher' | 'subscriber';
    }
  | {
      readonly atStep: number;
      readonly kind: 'kill';
      readonly vm: readonly number[];
      readonly pid: number;
      readonly reason: JsonValue;
    }
  | {
      readonly atStep: number;
      readonly kind: 'connect';
      readonly client: string;
      readonly host: string;
      readonly to: string;
      readonly port: number;
      readonly send: readonly string[];
    };

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: TraceVersion;
  readonly kernel: string;
  readonly scenario: string;
  readonly seed: number;
  /** What the run was configured with: routing, the effective network config, limits, run bounds. */
  readonly options: { readonly [k: string]: JsonValue };
  /** The user inputs that drove the run, in the order they were applied. */
  readonly inputs: readonly TraceInput[];
}

export interface HeaderFields {
  readonly scenario: string;
  readonly seed: number;
  readonly options: { readonly [k: string]: unknown };
  readonly inputs?: readonly TraceInput[];
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
    inputs: (h.inputs ?? []).map((i) => stateToJson(i) as unknown as TraceInput),
  };
}

/** The header line (without the newline), keys in the documented order. */
export function serializeHeader(h: TraceHeader): string {
  return JSON.stringify({
    format: h.format, version: h.version, kernel: h.kernel, scenario: h.scenario, seed: h.seed,
    options: h.options, inputs: h.inputs,
  });
}

// ---- step hashes ---------------------------------------------------------------------------------

/** The "previous hash" of step 0. */
export const HASH_SEED = '0000000000000000';

/**
 * FNV-1a 64 over the UTF-8 bytes of the strings fed to it, without BigInt: the 64-bit state is four
 * 16-bit limbs (so every product stays a small integer), and the multiplication by the prime
 * 2^40 + 0x1b3 is done by hand. Lone surrogates are encoded as U+FFFD, as TextEncoder does.
 */
export class Fnv64 {
  // 0xcbf29ce484222325, lowest limb first.
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(s: string): this {
    let h0 = this.h0;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    const byte = (b: number): void => {
      h0 ^= b;
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
      h3 = (h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
    };
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        h0 ^= c;
        const t0 = h0 * 0x1b3;
        const t1 = h1 * 0x1b3 + (t0 >>> 16);
        const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
        h3 = (h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)) & 0xffff;
        h0 = t0 & 0xffff;
        h1 = t1 & 0xffff;
        h2 = t2 & 0xffff;
      } else if (c < 0x800) {
        byte(0xc0 | (c >> 6));
        byte(0x80 | (c & 63));
      } else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) {
            const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            byte(0xf0 | (cp >> 18));
            byte(0x80 | ((cp >> 12) & 63));
            byte(0x80 | ((cp >> 6) & 63));
            byte(0x80 | (cp & 63));
            i++;
            continue;
          }
        }
        if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        byte(0xe0 | (c >> 12));
        byte(0x80 | ((c >> 6) & 63));
        byte(0x80 | (c & 63));
      }
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    return this;
  }

  /** The hash as 16 lowercase hex digits. */
  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((h) => h.toString(16).padStart(4, '0')).join('');
  }
}

/**
 * The hash of one step: FNV-1a 64 of the previous step's hash (HASH_SEED for step 0) followed, for
 * each record line of the step in order, by "\n" and the line. Record lines carry every new state,
 * so equal hashes mean the same states, chained through the whole run.
 */
export function stepHash(prev: string, lines: Iterable<string>): string {
  const h = new Fnv64().update(prev);
  for (const l of lines) h.update('\n').update(l);
  return h.hex();
}

// ---- step and end lines --------------------------------------------------------------------------

export interface StepLine {
  /** The simulation step: 0 is the start (the boot), n the n-th simStep. */
  readonly step: number;
  /** Records in the file so far, this step's included (RunHistory.stepEnds[step]). */
  readonly records: number;
  readonly hash: string;
}

export interface EndLine {
  readonly end: true;
  /** The run's status when the file was written: quiescent, blocked, limit, running, full, … */
  readonly status: string;
  /** The last step written. */
  readonly steps: number;
  readonly records: number;
}

export function serializeStep(s: StepLine): string {
  return JSON.stringify({ step: s.step, records: s.records, hash: s.hash });
}

export function serializeEnd(e: EndLine): string {
  return JSON.stringify({ end: true, status: e.status, steps: e.steps, records: e.records });
}

/**
 * Writes a native trace line by line (version 2): the header at once, then each step's records and
 * its step line, then the end line. `out` gets each line without its newline.
 */
export class TraceWriter {
  private prev = HASH_SEED;
  private nextStep = 0;
  private count = 0;
  private ended = false;

  constructor(header: TraceHeader, private readonly out: (line: string) => void) {
    out(serializeHeader(header));
  }

  /** Steps written so far. */
  get steps(): number {
    return this.nextStep;
  }
  get records(): number {
    return this.count;
  }
  get hash(): string {
    return this.prev;
  }

  /** Writes the next step (0, 1, 2, …): its record lines, then its step line. Returns its hash. */
  step(records: readonly TraceRecord[]): string {
    if (this.ended) throw new Error('TraceWriter: step after end');
    const h = new Fnv64().update(this.prev);
    for (const r of records) {
      const line = serializeRecord(r);
      h.update('\n').update(line);
      this.out(line);
    }
    this.count += records.length;
    this.prev = h.hex();
    this.out(serializeStep({ step: this.nextStep, records: this.count, hash: this.prev }));
    this.nextStep++;
    return this.prev;
  }

  /** Writes the end line; nothing may follow. */
  end(status: string): void {
    if (this.ended) return;
    this.ended = true;
    this.out(serializeEnd({ end: true, status, steps: this.nextStep - 1, records: this.count }));
  }
}

/**
 * A native trace of records already in memory (the UI's RunHistory): `stepEnds[i]` is the record
 * count at the end of step i, as RunHistory keeps it. An entry equal to the one before it (the
 * history's record of a call that only changed the status) is not a step and is skipped.
 */
export function writeTraceFromHistory(
  header: TraceHeader,
  records: readonly TraceRecord[],
  stepEnds: readonly number[],
  status: string,
  out: (line: string) => void,
): void {
  const w = new TraceWriter(header, out);
  let from = 0;
  stepEnds.forEach((end, i) => {
    if (i > 0 && end === stepEnds[i - 1]) return;
    w.step(records.slice(from, end));
    from = end;
  });
  w.end(status);
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

const inputSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    atStep: int.min(0), kind: z.literal('inject'), body: term, orientation: z.enum(['publisher', 'subscriber']).optional(),
  }),
  z.looseObject({ atStep: int.min(0), kind: z.literal('kill'), vm: z.array(int), pid: int, reason: term }),
  z.looseObject({
    atStep: int.min(0), kind: z.literal('connect'), client: z.string(), host: z.string(), to: z.string(),
    port: int.min(0).max(65535), send: z.array(z.string()),
  }),
]);

const headerSchema = z.looseObject({
  format: z.literal(TRACE_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  kernel: z.string(),
  scenario: z.string(),
  seed: int.min(0),
  options: z.record(z.string(), json),
  inputs: z.array(inputSchema),
});

const HASH_RE = /^[0-9a-f]{16}$/;
const stepSchema = z.looseObject({
  step: int.min(0),
  records: int.min(0),
  hash: z.string().regex(HASH_RE, 'expected 16 lowercase hex digits'),
});
const endSchema = z.looseObject({
  end: z.literal(true),
  status: z.string(),
  steps: int.min(0),
  records: int.min(0),
});

export interface ParsedTrace {
  readonly header: TraceHeader;
  readonly records: readonly RecordJson[];
  /** Version 2: one per step; version 1: none. */
  readonly steps: readonly StepLine[];
  /** Version 2: the end line; version 1: null. */
  readonly end: EndLine | null;
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

function parseLine(text: string, line: number): Record<string, unknown> {
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
  return v as Record<string, unknown>;
}

function readHeader(v: Record<string, unknown>, line: number): TraceHeader {
  if (v.format !== TRACE_FORMAT) {
    const found = v.format === undefined ? 'missing' : `${describeValue(v.format)} is not "${TRACE_FORMAT}"`;
    throw new TraceParseError(line, 'format', `${found}: this is not an os2 Lab trace header`);
  }
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(v.version)) {
    const found = v.version === undefined ? 'missing' : `unsupported version ${describeValue(v.version)}`;
    throw new TraceParseError(line, 'version', `${found} (this reader reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  const r = headerSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data as TraceHeader;
}

function readRecord(v: Record<string, unknown>, line: number): RecordJson {
  if (v.kind === undefined) throw new TraceParseError(line, 'kind', 'missing');
  const r = recordSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data;
}

/** Parses a header line; checks format and version first so that those errors are the ones named. */
export function parseHeader(text: string, line = 1): TraceHeader {
  return readHeader(parseLine(text, line), line);
}

/** Parses one record line. */
export function parseRecord(text: string, line: number): RecordJson {
  return readRecord(parseLine(text, line), line);
}

/**
 * One line of a trace file, parsed and checked in context. `raw` is the line's JSON value as parsed
 * (before validation), so `JSON.stringify(raw)` is the line in canonical form: for a line this
 * writer wrote, the line itself.
 */
export type TraceItem =
  | { readonly type: 'header'; readonly line: number; readonly header: TraceHeader }
  | { readonly type: 'record'; readonly line: number; readonly record: RecordJson; readonly raw: unknown }
  | { readonly type: 'step'; readonly line: number; readonly step: StepLine }
  | { readonly type: 'end'; readonly line: number; readonly end: EndLine };

/**
 * Reads a trace file line by line, so that a file of any size streams through in constant memory.
 * Checks, besides each line's schema: the header comes first; record ids increase; (version 2) step
 * lines number 0, 1, 2, … and count the records; the file ends with the end line and nothing after.
 */
export class TraceReader {
  private lineNo = 0;
  private hdr: TraceHeader | null = null;
  private lastId = 0;
  private count = 0;
  private nextStep = 0;
  private sinceStep = 0;
  private endLine: EndLine | null = null;

  get header(): TraceHeader | null {
    return this.hdr;
  }
  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Reads the next line (without its "\n"; a final "\r" is dropped). Throws TraceParseError. */
  line(text: string): TraceItem {
    const n = ++this.lineNo;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') {
      throw new TraceParseError(n, null, n === 1 ? `empty trace: expected the "${TRACE_FORMAT}" header` : 'empty line');
    }
    const v = parseLine(text, n);
    if (this.hdr === null) {
      this.hdr = readHeader(v, n);
      return { type: 'header', line: n, header: this.hdr };
    }
    if (this.endLine !== null) throw new TraceParseError(n, null, 'nothing may follow the end line');
    const v2 = this.hdr.version >= 2;
    // Version 2 lines without a kind are step lines (step, records, hash) or the end line.
    if (v2 && !('kind' in v) && ('end' in v || 'status' in v)) return { type: 'end', line: n, end: this.readEnd(v, n) };
    if (v2 && !('kind' in v) && ('step' in v || 'hash' in v)) return { type: 'step', line: n, step: this.readStep(v, n) };
    const record = readRecord(v, n);
    if (record.id <= this.lastId) {
      throw new TraceParseError(n, 'id', `${record.id} does not follow the previous id ${this.lastId} (ids must increase)`);
    }
    this.lastId = record.id;
    this.count++;
    this.sinceStep++;
    return { type: 'record', line: n, record, raw: v };
  }

  private readStep(v: Record<string, unknown>, n: number): StepLine {
    const r = stepSchema.safeParse(v);
    if (!r.success) throw issueError(n, v, r.error.issues);
    const s = r.data;
    if (s.step !== this.nextStep) {
      throw new TraceParseError(n, 'step', `${s.step} is not the next step (expected ${this.nextStep})`);
    }
    if (s.records !== this.count) {
      throw new TraceParseError(n, 'records', `${s.records} does not match the ${this.count} records so far`);
    }
    this.nextStep++;
    this.sinceStep = 0;
    return { step: s.step, records: s.records, hash: s.hash };
  }

  private readEnd(v: Record<string, unknown>, n: number): EndLine {
    const r = endSchema.safeParse(v);
    if (!r.success) throw issueError(n, v, r.error.issues);
    const e = r.data;
    if (this.sinceStep > 0) throw new TraceParseError(n, null, `${this.sinceStep} records after the last step line (truncated step?)`);
    if (this.nextStep === 0) throw new TraceParseError(n, 'steps', 'the end line comes before any step line');
    if (e.steps !== this.nextStep - 1) throw new TraceParseError(n, 'steps', `${e.steps} is not the last step ${this.nextStep - 1}`);
    if (e.records !== this.count) throw new TraceParseError(n, 'records', `${e.records} does not match the ${this.count} records in the file`);
    this.endLine = { end: true, status: e.status, steps: e.steps, records: e.records };
    return this.endLine;
  }

  /** The input is over: checks that the file was complete. Throws TraceParseError. */
  finish(): void {
    if (this.hdr === null) throw new TraceParseError(1, null, `empty trace: expected the "${TRACE_FORMAT}" header`);
    if (this.hdr.version >= 2 && this.endLine === null) {
      throw new TraceParseError(this.lineNo + 1, null, 'the file ends without its end line (truncated?)');
    }
  }
}

/**
 * Splits text that arrives in chunks into lines (without "\n"), for TraceReader. A final newline
 * does not make an extra empty line; any other empty line is kept (and the reader rejects it).
 */
export class LineSplitter {
  private rest = '';
  push(chunk: string, out: (line: string) => void): void {
    let text = this.rest + chunk;
    let nl = text.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      out(text.slice(from, nl));
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    text = text.slice(from);
    this.rest = text;
  }
  finish(out: (line: string) => void): void {
    if (this.rest !== '') out(this.rest);
    this.rest = '';
  }
}

/** The lines of a whole text, as LineSplitter cuts them. */
export function* linesOf(text: string): Generator<string> {
  let from = 0;
  let nl = text.indexOf('\n');
  while (nl >= 0) {
    yield text.slice(from, nl);
    from = nl + 1;
    nl = text.indexOf('\n', from);
  }
  if (from < text.length) yield text.slice(from);
}

/** Reads every line of a trace (a whole text or any iterable of lines), checking it is complete. */
export function* readTrace(source: string | Iterable<string>): Generator<TraceItem> {
  const reader = new TraceReader();
  for (const l of typeof source === 'string' ? linesOf(source) : source) yield reader.line(l);
  reader.finish();
}

/**
 * Parses and validates a whole trace file into memory: the header, every record (ids increasing),
 * and in version 2 the step lines and the end line. Throws TraceParseError.
 */
export function parseTraceLines(text: string): ParsedTrace {
  let header: TraceHeader | null = null;
  const records: RecordJson[] = [];
  const steps: StepLine[] = [];
  let end: EndLine | null = null;
  for (const item of readTrace(text)) {
    if (item.type === 'header') header = item.header;
    else if (item.type === 'record') records.push(item.record);
    else if (item.type === 'step') steps.push(item.step);
    else end = item.end;
  }
  return { header: header!, records, steps, end };
}

// ---- back to records -------------------------------------------------------------------------------

function decodeTerm(v: unknown): Term {
  const t = termFromJson(v);
  // The parser has validated every term position, so this only guards against misuse.
  if (isJsonError(t)) throw new Error(`not a term: ${t.error}`);
  return t;
}

function roleFromJson(r: { orientation: string; topic: unknown; interest: string }): Role {
  return { orientation: r.orientation, topic: decodeTerm(r.topic), interest: r.interest } as Role;
}

function eventFromJson(e: Extract<RecordJson, { kind: 'deliver' }>['event']): EndpointEvent {
  const role = roleFromJson(e.role);
  switch (e.type) {
    case 'presence':
      return { type: 'presence', role };
    case 'absence':
      return { type: 'absence', role, reason: decodeTerm(e.reason) };
    default:
      return { type: 'message', role, message: decodeTerm(e.message) };
  }
}

const importedFunction = (): never => {
  throw new Error('an imported trace has no handlers or continuations');
};

function preactionFromJson(a: Record<string, unknown> & { type: string }): Preaction {
  switch (a.type) {
    case 'add-role':
      return { type: 'add-role', name: a.name, role: roleFromJson(a.role as never), handler: importedFunction } as Preaction;
    case 'delete-role':
      return { type: 'delete-role', name: a.name, reason: decodeTerm(a.reason) } as Preaction;
    case 'send-message':
      return { type: 'send-message', orientation: a.orientation, body: decodeTerm(a.body) } as Preaction;
    case 'spawn':
      return { type: 'spawn', name: a.name, nested: a.nested, boot: importedFunction, k: null } as unknown as Preaction;
    default:
      return { type: 'quit', pid: a.pid, reason: decodeTerm(a.reason) } as Preaction;
  }
}

function actionFromJson(a: Record<string, unknown> & { type: string }): Action {
  if (a.type === 'yield') return { type: 'yield', k: importedFunction };
  if (a.type === 'at-meta-level') return { type: 'at-meta-level', preaction: preactionFromJson(a.preaction as never) };
  return preactionFromJson(a);
}

const actionsFromJson = (as: readonly unknown[]): Action[] => as.map((a) => actionFromJson(a as never));
const nullableTermFromJson = (v: unknown): Term | null => (v === null ? null : decodeTerm(v));

/**
 * A parsed record back as a kernel TraceRecord, for the debugger's model and views (an imported
 * trace is stepped and inspected like a live run). Terms, roles and events are decoded exactly;
 * process states stay as their JSON rendering (stateToJson); actions carry their data, and their
 * functions (handlers, boot specs, continuations) throw if called.
 */
export function recordFromJson(r: RecordJson): TraceRecord {
  const common = { id: r.id, cause: r.cause, vm: r.vm, pid: r.pid } as unknown as Pick<TraceRecord, 'id' | 'cause' | 'vm' | 'pid'>;
  switch (r.kind) {
    case 'ground-event':
      return { ...common, kind: r.kind, event: decodeTerm(r.event), source: r.source, time: r.time };
    case 'world':
      return { ...common, kind: r.kind, time: r.time, what: r.what, host: r.host, detail: decodeTerm(r.detail) };
    case 'round':
      return { ...common, kind: r.kind, round: r.round };
    case 'action':
      return { ...common, kind: r.kind, action: actionFromJson(r.action as never) };
    case 'deliver':
      return {
        ...common, kind: r.kind, endpoint: r.endpoint as EndpointName, event: eventFromJson(r.event), outcome: r.outcome,
        state: r.state, actions: actionsFromJson(r.actions), reason: nullableTermFromJson(r.reason),
      };
    case 'boot':
      return {
        ...common, kind: r.kind, name: r.name, parent: r.parent as Pid | null, nested: r.nested, outcome: r.outcome,
        state: r.state, actions: actionsFromJson(r.actions), reason: nullableTermFromJson(r.reason),
      };
    case 'continuation':
      return {
        ...common, kind: r.kind, of: r.of, outcome: r.outcome, state: r.state, actions: actionsFromJson(r.actions),
        reason: nullableTermFromJson(r.reason),
      };
    case 'endpoint':
      return {
        ...common, kind: r.kind, change: r.change, endpoint: r.endpoint as EndpointName, role: roleFromJson(r.role),
        meta: r.meta, reason: nullableTermFromJson(r.reason),
      };
    case 'quit':
      return {
        ...common, kind: r.kind, reason: decodeTerm(r.reason), killedBy: r.killedBy as Pid | null, dropped: r.dropped,
        vanished: r.vanished.map((v) => ({ vm: v.vm as unknown as VmPath, pid: v.pid as Pid, name: v.name })),
      };
    case 'gc':
      return {
        ...common, kind: r.kind, pids: r.pids as Pid[],
        vanished: r.vanished.map((v) => ({ vm: v.vm as unknown as VmPath, pid: v.pid as Pid, name: v.name })),
      };
    case 'enqueue':
      return { ...common, kind: r.kind, actions: actionsFromJson(r.actions), why: r.why as 'crash' | 'nested-vm' };
    case 'no-op':
      return { ...common, kind: r.kind, why: r.why };
    case 'limit':
      return { ...common, kind: r.kind, limit: r.limit, sentence: r.sentence };
  }
}
