/**
 * The header's `inputs`: the kernel's Input (src/kernel/ground/inputs.ts) as JSON, by one zod codec
 * that decodes the JSON into live values and encodes them back (docs/trace-format.md, "Header").
 *
 * Data definition (InputJson = z.input<typeof inputSchema>, never written by hand):
 *   { atStep, kind: "inject", body: term, orientation? ("publisher" when absent) }
 *   { atStep, kind: "kill", vm: [pid, …], pid, reason: term }
 *   { atStep, kind: "connect", client: { name, host, steps: [step, …] } }   the whole ClientSpec
 *   { atStep, kind: "external", event: { type, at, …its fields } }      a real ground's event
 *                                                                        (kernel ground/external.ts)
 *   { atStep, kind: "choose", event: "packet:12" }   the ground event chosen as step atStep + 1
 *                                                     (a ChoiceId, kernel ground/choices.ts)
 *   step = { op, ...its fields } as in clients.ts; bytes (send text, udp-send data) as {"bytes": …}
 *   terms as termToJson.
 * Rules:
 *   - decode ∘ encode is the identity on every Input (a property test checks it), so any client a
 *     user can start can be recorded and replayed. The codec's output type is the kernel's Input
 *     in both directions: encodeInput takes an Input, and the header's decoded inputs are Inputs.
 *   - Version 1 and 2 files recorded a connect input as a line client's fields
 *     {client, host, to, port, send}; readers turn that into the script tcpClientSpec makes.
 */
import { z } from 'zod';
import { choiceId, tcpClientSpec, type ChoiceId, type Input } from '../../kernel/ground/index.ts';
import { pid, type Pid, isJsonError, termFromJson, termToJson } from '../../kernel/index.ts';
import { orientationSchema, termCodec } from './values.ts';

const atStep = z.int().min(0);
const port = z.int().min(0).max(65535);
const ms = z.number().min(0);

const pidCodec = z.codec(z.int(), z.custom<Pid>((v) => Number.isInteger(v)), { decode: pid, encode: (p) => p });

/** Bytes as termToJson writes them: {"bytes": "<one char per byte, code 0–255>"}. */
const bytesCodec = z.codec(z.object({ bytes: z.string() }), z.custom<Uint8Array>((v) => v instanceof Uint8Array), {
  decode: (j, ctx) => {
    const t = termFromJson(j);
    if (!isJsonError(t) && t instanceof Uint8Array) return t;
    const why = isJsonError(t) ? t.error.replace(/^\$\.bytes: /, '') : 'not bytes';
    ctx.issues.push({ code: 'custom', message: `not bytes (${why})`, input: j, path: ['bytes'] });
    return z.NEVER;
  },
  // termToJson writes bytes as {"bytes": …}.
  encode: (b) => termToJson(b) as { bytes: string },
});

const stepSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('at'), ms }),
  z.object({ op: z.literal('sleep'), ms }),
  z.object({ op: z.literal('connect'), host: z.string(), port }),
  z.object({ op: z.literal('send'), text: z.union([z.string(), bytesCodec]) }),
  z.object({ op: z.literal('expect-line') }),
  z.object({ op: z.literal('expect-eof') }),
  z.object({ op: z.literal('expect-bytes'), n: z.int().min(0) }),
  z.object({ op: z.literal('close') }),
  z.object({ op: z.literal('udp-send'), host: z.string(), port, data: bytesCodec }),
  z.object({ op: z.literal('udp-expect'), timeoutMs: ms.exactOptional() }),
]);

const externalSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('clock'), at: ms }),
  z.object({ type: z.literal('tcp-open'), at: ms, port, host: z.string(), remotePort: port }),
  z.object({ type: z.literal('tcp-data'), at: ms, host: z.string(), remotePort: port, data: bytesCodec }),
  z.object({ type: z.literal('tcp-eof'), at: ms, host: z.string(), remotePort: port }),
  z.object({ type: z.literal('udp'), at: ms, port, host: z.string(), remotePort: port, data: bytesCodec }),
]);

/** A choice's id: 'round', or a kind and a number or endpoint ('packet:12', 'event:3:timer'). */
const choiceIdCodec = z.codec(z.string().regex(/^(round|(event|packet|drop|duplicate|delay):.+)$/), z.custom<ChoiceId>((v) => typeof v === 'string'), {
  decode: choiceId,
  encode: (c) => c,
});

const clientSpecSchema = z.object({ name: z.string(), host: z.string(), steps: z.array(stepSchema).readonly() });

/** The one input codec: z.decode gives the kernel's Input, z.encode its JSON. */
export const inputSchema = z.discriminatedUnion('kind', [
  z.object({ atStep, kind: z.literal('inject'), body: termCodec, orientation: orientationSchema.default('publisher') }),
  z.object({ atStep, kind: z.literal('kill'), vm: z.array(pidCodec).readonly(), pid: pidCodec, reason: termCodec }),
  z.object({ atStep, kind: z.literal('connect'), client: clientSpecSchema }),
  z.object({ atStep, kind: z.literal('external'), event: externalSchema }),
  z.object({ atStep, kind: z.literal('choose'), event: choiceIdCodec }),
]);

/** The JSON form of an input: what the codec reads and writes. */
type InputJson = z.input<typeof inputSchema>;

/** An input as the header records it (keys in a fixed order: the schema's). */
export function encodeInput(i: Input): InputJson {
  return z.encode(inputSchema, i);
}

/** A version 1–2 connect input: a line client's fields. */
const legacyConnectSchema = z.object({
  atStep, kind: z.literal('connect'), client: z.string(), host: z.string(), to: z.string(), port, send: z.array(z.string()),
});

const isLegacyConnect = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'connect' && 'client' in v && typeof v.client === 'string';

/** What a reader accepts in `inputs`: the input codec, and the version 1–2 connect form, turned into its script. */
export const readableInputSchema = z.preprocess((v, ctx) => {
  if (!isLegacyConnect(v)) return v;
  const r = legacyConnectSchema.safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path], input: v });
    return v;
  }
  const { client, host, to, send } = r.data;
  return encodeInput({ atStep: r.data.atStep, kind: 'connect', client: tcpClientSpec({ client, host, to, port: r.data.port, send }) });
}, inputSchema);

/** Inputs as JSON (a share link's, a header's), decoded; or a sentence saying which one is wrong. */
export function decodeInputs(json: unknown): readonly Input[] | string {
  const r = z.array(readableInputSchema).safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  return `input ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not an input'}`;
}
