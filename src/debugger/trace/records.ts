/**
 * Record lines: one table keyed by record kind, holding for each kind its zod schema, its encoder and
 * its decoder side by side (docs/trace-format.md, "Record lines").
 *
 * Data definition:
 *   RecordJson = { id, cause, vm, pid, kind, ...the kind's fields }, the type of what a reader accepts
 *                (z.output of the record schema); terms stay JSON-encoded
 *   RECORD_CODECS[kind] = { kind, fields (zod shape), encode (record → the kind's fields as JSON, in
 *                the documented order), decode (checked JSON → the kind's fields) }
 * Rules:
 *   - Output is a function of the record alone (keys in a fixed order), so the same run gives
 *     byte-identical lines; the step hashes depend on it.
 *   - recordFromJson gives a kernel TraceRecord the debugger's model and views accept: terms, roles
 *     and events exactly; states stay their JSON rendering; actions are data whose functions throw.
 */
import { z } from 'zod';
import {
  endpointName, pid, recordId, type EndpointRef, type Pid, type VmPath, type TraceBody, type TraceRecord, type Vanished,
} from '../../kernel/index.ts';
import { stateToJson, type JsonObject, type JsonValue } from './state-json.ts';
import {
  actionFromJson, actionSchema, actionToJson, actionsFromJson, actionsToJson, decodeNullableTerm, decodeTerm, encodeNullableTerm,
  encodeTerm, eventFromJson, eventSchema, eventToJson, jsonSchema, roleFromJson, roleSchema, roleToJson, termSchema,
} from './values.ts';

type Kind = TraceRecord['kind'];
type RecordOf<K extends Kind> = Extract<TraceRecord, { kind: K }>;
type FieldsOf<K extends Kind> = Omit<Extract<TraceBody, { kind: K }>, 'kind'>;

/** How one kind's fields are checked, written and read back. */
interface KindCodec<K extends Kind, S extends z.core.$ZodLooseShape> {
  readonly kind: K;
  readonly fields: S;
  readonly encode: (r: RecordOf<K>) => JsonObject;
  readonly decode: (j: z.output<z.ZodObject<S>>) => FieldsOf<K>;
}

function kindCodec<K extends Kind, S extends z.core.$ZodLooseShape>(
  kind: K,
  fields: S,
  encode: (r: RecordOf<K>) => JsonObject,
  decode: (j: z.output<z.ZodObject<S>>) => FieldsOf<K>,
): KindCodec<K, S> {
  return { kind, fields, encode, decode };
}

const int = z.int();
const pidOrNull = int.nullable();
const outcome = z.enum(['ok', 'crashed', 'discarded']);
/** A delivery to a VM process's relay endpoint may also be relayed (version 4 on). */
const deliverOutcome = z.enum(['ok', 'crashed', 'discarded', 'relayed']);
const vanishedSchema = z.array(z.looseObject({ vm: z.array(int), pid: int, name: z.string() }));
/** What a handler run left: deliver, boot and continuation records share these fields. */
const ran = { outcome, state: jsonSchema, actions: z.array(actionSchema), reason: termSchema.nullable() };

const asPidOrNull = (n: number | null): Pid | null => (n === null ? null : pid(n));
/** Numbers the reader checked as integers, as pids (a VM path, a gc's pids): a brand, no copy. */
const asPids = (xs: readonly number[]): VmPath => xs as readonly Pid[];
const vanishedToJson = (v: readonly Vanished[]): JsonValue[] => v.map((x) => ({ vm: [...x.vm], pid: x.pid, name: x.name }));
const vanishedFromJson = (v: z.output<typeof vanishedSchema>): Vanished[] =>
  v.map((x) => ({ vm: asPids(x.vm), pid: pid(x.pid), name: x.name }));
/** A deliver's peer endpoint; written always, read as null when absent (files before it existed). */
const peerSchema = z.looseObject({ pid: int, endpoint: z.string() }).nullable().optional();
const peerToJson = (p: EndpointRef | null): JsonValue => (p === null ? null : { pid: p.pid, endpoint: p.endpoint });
const peerFromJson = (p: z.output<typeof peerSchema>): EndpointRef | null =>
  p === undefined || p === null ? null : { pid: pid(p.pid), endpoint: endpointName(p.endpoint) };

const RECORD_CODECS = {
  'ground-event': kindCodec(
    'ground-event',
    { event: termSchema, source: z.string(), time: z.number() },
    (r) => ({ event: encodeTerm(r.event), source: r.source, time: r.time }),
    (j) => ({ event: decodeTerm(j.event), source: j.source, time: j.time }),
  ),
  world: kindCodec(
    'world',
    { time: z.number(), what: z.string(), host: z.string(), detail: termSchema },
    (r) => ({ time: r.time, what: r.what, host: r.host, detail: encodeTerm(r.detail) }),
    (j) => ({ time: j.time, what: j.what, host: j.host, detail: decodeTerm(j.detail) }),
  ),
  round: kindCodec('round', { round: int }, (r) => ({ round: r.round }), (j) => ({ round: j.round })),
  action: kindCodec('action', { action: actionSchema }, (r) => ({ action: actionToJson(r.action) }), (j) => ({ action: actionFromJson(j.action) })),
  deliver: kindCodec(
    'deliver',
    { endpoint: z.string(), event: eventSchema, peer: peerSchema, ...ran, outcome: deliverOutcome },
    (r) => ({
      endpoint: r.endpoint, event: eventToJson(r.event), peer: peerToJson(r.peer), outcome: r.outcome, state: stateToJson(r.state),
      actions: actionsToJson(r.actions), reason: encodeNullableTerm(r.reason),
    }),
    (j) => ({
      endpoint: endpointName(j.endpoint), event: eventFromJson(j.event), peer: peerFromJson(j.peer), outcome: j.outcome, state: j.state,
      actions: actionsFromJson(j.actions), reason: decodeNullableTerm(j.reason),
    }),
  ),
  boot: kindCodec(
    'boot',
    { name: z.string(), parent: pidOrNull, nested: z.boolean(), ...ran },
    (r) => ({
      name: r.name, parent: r.parent, nested: r.nested, outcome: r.outcome, state: stateToJson(r.state),
      actions: actionsToJson(r.actions), reason: encodeNullableTerm(r.reason),
    }),
    (j) => ({
      name: j.name, parent: asPidOrNull(j.parent), nested: j.nested, outcome: j.outcome, state: j.state,
      actions: actionsFromJson(j.actions), reason: decodeNullableTerm(j.reason),
    }),
  ),
  continuation: kindCodec(
    'continuation',
    { of: z.enum(['spawn', 'yield']), ...ran },
    (r) => ({
      of: r.of, outcome: r.outcome, state: stateToJson(r.state), actions: actionsToJson(r.actions), reason: encodeNullableTerm(r.reason),
    }),
    (j) => ({ of: j.of, outcome: j.outcome, state: j.state, actions: actionsFromJson(j.actions), reason: decodeNullableTerm(j.reason) }),
  ),
  endpoint: kindCodec(
    'endpoint',
    {
      change: z.enum(['added', 'replaced', 'removed']), endpoint: z.string(), role: roleSchema, meta: z.boolean(),
      reason: termSchema.nullable(),
    },
    (r) => ({ change: r.change, endpoint: r.endpoint, role: roleToJson(r.role), meta: r.meta, reason: encodeNullableTerm(r.reason) }),
    (j) => ({
      change: j.change, endpoint: endpointName(j.endpoint), role: roleFromJson(j.role), meta: j.meta,
      reason: decodeNullableTerm(j.reason),
    }),
  ),
  quit: kindCodec(
    'quit',
    { reason: termSchema, killedBy: pidOrNull, dropped: int.min(0), vanished: vanishedSchema },
    (r) => ({ reason: encodeTerm(r.reason), killedBy: r.killedBy, dropped: r.dropped, vanished: vanishedToJson(r.vanished) }),
    (j) => ({ reason: decodeTerm(j.reason), killedBy: asPidOrNull(j.killedBy), dropped: j.dropped, vanished: vanishedFromJson(j.vanished) }),
  ),
  gc: kindCodec(
    'gc',
    { pids: z.array(int), vanished: vanishedSchema },
    (r) => ({ pids: [...r.pids], vanished: vanishedToJson(r.vanished) }),
    (j) => ({ pids: asPids(j.pids), vanished: vanishedFromJson(j.vanished) }),
  ),
  enqueue: kindCodec(
    'enqueue',
    { actions: z.array(actionSchema), why: z.string() },
    (r) => ({ actions: actionsToJson(r.actions), why: r.why }),
    (j) => ({ actions: actionsFromJson(j.actions), why: j.why as 'crash' | 'nested-vm' }),
  ),
  'no-op': kindCodec('no-op', { why: z.string() }, (r) => ({ why: r.why }), (j) => ({ why: j.why })),
  limit: kindCodec(
    'limit',
    { limit: z.string(), sentence: z.string() },
    (r) => ({ limit: r.limit, sentence: r.sentence }),
    (j) => ({ limit: j.limit, sentence: j.sentence }),
  ),
} as const satisfies { readonly [K in Kind]: { readonly kind: K } };

const base = { id: int.min(1), cause: int.min(1).nullable(), vm: z.array(int), pid: pidOrNull };

/** Each kind's record line: the common fields, the kind, the kind's fields (listed, so that RecordJson is exact). */
export const recordSchema = z.discriminatedUnion('kind', [
  z.looseObject({ ...base, kind: z.literal('ground-event'), ...RECORD_CODECS['ground-event'].fields }),
  z.looseObject({ ...base, kind: z.literal('world'), ...RECORD_CODECS.world.fields }),
  z.looseObject({ ...base, kind: z.literal('round'), ...RECORD_CODECS.round.fields }),
  z.looseObject({ ...base, kind: z.literal('action'), ...RECORD_CODECS.action.fields }),
  z.looseObject({ ...base, kind: z.literal('deliver'), ...RECORD_CODECS.deliver.fields }),
  z.looseObject({ ...base, kind: z.literal('boot'), ...RECORD_CODECS.boot.fields }),
  z.looseObject({ ...base, kind: z.literal('continuation'), ...RECORD_CODECS.continuation.fields }),
  z.looseObject({ ...base, kind: z.literal('endpoint'), ...RECORD_CODECS.endpoint.fields }),
  z.looseObject({ ...base, kind: z.literal('quit'), ...RECORD_CODECS.quit.fields }),
  z.looseObject({ ...base, kind: z.literal('gc'), ...RECORD_CODECS.gc.fields }),
  z.looseObject({ ...base, kind: z.literal('enqueue'), ...RECORD_CODECS.enqueue.fields }),
  z.looseObject({ ...base, kind: z.literal('no-op'), ...RECORD_CODECS['no-op'].fields }),
  z.looseObject({ ...base, kind: z.literal('limit'), ...RECORD_CODECS.limit.fields }),
]);

/** A record line as parsed (terms still in their JSON encoding; decode them with recordFromJson). */
export type RecordJson = z.output<typeof recordSchema>;

/** One trace record as a JSON object: the common fields first, then the kind's fields. */
export function recordToJson(r: TraceRecord): JsonObject {
  // The table is keyed by kind, so the codec taken is the one for r's kind.
  const encode = RECORD_CODECS[r.kind].encode as (r: TraceRecord) => JsonObject;
  return { id: r.id, cause: r.cause, vm: [...r.vm], pid: r.pid, kind: r.kind, ...encode(r) };
}

/** One record line (without the newline). */
export function serializeRecord(r: TraceRecord): string {
  return JSON.stringify(recordToJson(r));
}

/** A parsed record back as a kernel TraceRecord (see the rules above). */
export function recordFromJson(r: RecordJson): TraceRecord {
  const decode = RECORD_CODECS[r.kind].decode as (j: RecordJson) => FieldsOf<Kind>;
  const common = { id: recordId(r.id), cause: r.cause === null ? null : recordId(r.cause), vm: asPids(r.vm), pid: asPidOrNull(r.pid) };
  return { ...common, kind: r.kind, ...decode(r) } as TraceRecord;
}
