/**
 * The values inside trace records — terms, roles, endpoint events, actions — as JSON: for each, its
 * zod schema (what a reader accepts), its encoder and its decoder side by side
 * (docs/trace-format.md, "Record lines").
 *
 * Data definition:
 *   term    termToJson (bytes become {"bytes": "<one char per byte>"})
 *   role    { orientation, topic, interest }
 *   event   { type: presence, role } | { type: absence, role, reason } | { type: message, role, message }
 *   action  { type, ...data }: handlers, boot specs and continuations are functions and are left out;
 *           decoded, they are stand-ins that throw if called (an imported trace has no code)
 * Rule: encode ∘ decode is the identity on what a writer wrote; decoders take values their schema
 * has checked, so they never meet a malformed term.
 */
import { z } from 'zod';
import {
  type Action, type Preaction, type EndpointEvent, endpointName, pid, type Role, type Term, invalidTermReason, isJsonError, termFromJson, termToJson,
} from '../../kernel/index.ts';
import { stateToJson, type JsonObject, type JsonValue } from './state-json.ts';

// ---- terms -----------------------------------------------------------------------------------------

/** Any JSON value (a process state, an option). */
export const jsonSchema = z.custom<JsonValue>((v) => v !== undefined);

/** A term position: JSON that termFromJson decodes. */
export const termSchema = jsonSchema.superRefine((v, ctx) => {
  const r = termFromJson(v, 'term');
  if (isJsonError(r)) ctx.addIssue({ code: 'custom', message: `not a term (${r.error})` });
});

/** A term as termToJson writes it; a value that is not a term (never from the kernel) as a state. */
export function encodeTerm(t: Term): JsonValue {
  return invalidTermReason(t) === null ? termToJson(t) : stateToJson(t);
}

/** A term position's JSON back as a term (checked by termSchema, so this only guards against misuse). */
export function decodeTerm(v: JsonValue): Term {
  const t = termFromJson(v);
  if (isJsonError(t)) throw new Error(`not a term: ${t.error}`);
  return t;
}

/** Terms as live values: the JSON form checked by termSchema, decoded; encoded by termToJson. */
export const termCodec = z.codec(termSchema, z.custom<Term>((v) => invalidTermReason(v) === null), {
  decode: decodeTerm,
  encode: termToJson,
});

export const encodeNullableTerm = (t: Term | null): JsonValue => (t === null ? null : encodeTerm(t));
export const decodeNullableTerm = (v: JsonValue | null): Term | null => (v === null ? null : decodeTerm(v));

// ---- roles and events ------------------------------------------------------------------------------

export const orientationSchema = z.enum(['publisher', 'subscriber']);

export const roleSchema = z.looseObject({
  orientation: orientationSchema,
  topic: termSchema,
  interest: z.enum(['participant', 'observer', 'everything']),
});

export function roleToJson(r: Role): JsonObject {
  return { orientation: r.orientation, topic: encodeTerm(r.topic), interest: r.interest };
}

export function roleFromJson(r: z.output<typeof roleSchema>): Role {
  return { orientation: r.orientation, topic: decodeTerm(r.topic), interest: r.interest };
}

export const eventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('presence'), role: roleSchema }),
  z.looseObject({ type: z.literal('absence'), role: roleSchema, reason: termSchema }),
  z.looseObject({ type: z.literal('message'), role: roleSchema, message: termSchema }),
]);

export function eventToJson(e: EndpointEvent): JsonObject {
  switch (e.type) {
    case 'presence':
      return { type: e.type, role: roleToJson(e.role) };
    case 'absence':
      return { type: e.type, role: roleToJson(e.role), reason: encodeTerm(e.reason) };
    case 'message':
      return { type: e.type, role: roleToJson(e.role), message: encodeTerm(e.message) };
  }
}

export function eventFromJson(e: z.output<typeof eventSchema>): EndpointEvent {
  const role = roleFromJson(e.role);
  switch (e.type) {
    case 'presence':
      return { type: e.type, role };
    case 'absence':
      return { type: e.type, role, reason: decodeTerm(e.reason) };
    case 'message':
      return { type: e.type, role, message: decodeTerm(e.message) };
  }
}

// ---- actions ---------------------------------------------------------------------------------------

const preactionSchemas = [
  z.looseObject({ type: z.literal('add-role'), name: z.string().nullable(), role: roleSchema }),
  z.looseObject({ type: z.literal('delete-role'), name: z.string(), reason: termSchema }),
  z.looseObject({ type: z.literal('send-message'), orientation: orientationSchema, body: termSchema }),
  z.looseObject({ type: z.literal('spawn'), name: z.string(), nested: z.boolean() }),
  z.looseObject({ type: z.literal('quit'), pid: z.int().nullable(), reason: termSchema }),
] as const;
const preactionSchema = z.discriminatedUnion('type', [...preactionSchemas]);

export const actionSchema = z.discriminatedUnion('type', [
  ...preactionSchemas,
  z.looseObject({ type: z.literal('yield') }),
  z.looseObject({ type: z.literal('at-meta-level'), preaction: preactionSchema }),
]);
type ActionJson = z.output<typeof actionSchema>;

function preactionToJson(a: Preaction): JsonObject {
  switch (a.type) {
    case 'add-role':
      return { type: a.type, name: a.name, role: roleToJson(a.role) };
    case 'delete-role':
      return { type: a.type, name: a.name, reason: encodeTerm(a.reason) };
    case 'send-message':
      return { type: a.type, orientation: a.orientation, body: encodeTerm(a.body) };
    case 'spawn':
      return { type: a.type, name: a.name, nested: a.nested };
    case 'quit':
      return { type: a.type, pid: a.pid, reason: encodeTerm(a.reason) };
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

const importedFunction = (): never => {
  throw new Error('an imported trace has no handlers or continuations');
};

function preactionFromJson(a: z.output<typeof preactionSchema>): Preaction {
  switch (a.type) {
    case 'add-role':
      return { type: a.type, name: a.name === null ? null : endpointName(a.name), role: roleFromJson(a.role), handler: importedFunction };
    case 'delete-role':
      return { type: a.type, name: endpointName(a.name), reason: decodeTerm(a.reason) };
    case 'send-message':
      return { type: a.type, orientation: a.orientation, body: decodeTerm(a.body) };
    case 'spawn':
      return { type: a.type, name: a.name, nested: a.nested, boot: importedFunction, k: null };
    case 'quit':
      return { type: a.type, pid: a.pid === null ? null : pid(a.pid), reason: decodeTerm(a.reason) };
  }
}

export function actionFromJson(a: ActionJson): Action {
  switch (a.type) {
    case 'yield':
      return { type: a.type, k: importedFunction };
    case 'at-meta-level':
      return { type: a.type, preaction: preactionFromJson(a.preaction) };
    default:
      return preactionFromJson(a);
  }
}

export const actionsToJson = (as: readonly Action[]): JsonValue[] => as.map(actionToJson);
export const actionsFromJson = (as: readonly ActionJson[]): Action[] => as.map(actionFromJson);
