/**
 * The header line (docs/trace-format.md, "Header"): what run the file records, enough to run it again.
 *
 * Data definition:
 *   TraceHeader = { format: "os2-lab-trace", version, kernel, scenario, seed, options, inputs, …fields
 *                 a reader does not know (kept, e.g. the app's `ui`) }, the type of what the header
 *                 schema accepts, with `inputs` decoded into the kernel's Inputs (inputs.ts)
 *   RunOptions  = the header's `options` as a run reads them back (routing, net, vmHost, limits,
 *                 maxSteps, untilMs, scenario: the scenario's own options), all optional; other
 *                 keys are allowed
 * Rule: a reader checks `format` and `version` first, so that a file that is not a trace, or is of
 * another version, is refused with that reason and not with a field error.
 */
import { z } from 'zod';
import type { Input } from '../../kernel/ground/index.ts';
import { KERNEL_VERSION } from '../../kernel/index.ts';
import { TraceParseError, describeValue, issueError } from './errors.ts';
import { encodeInput, readableInputSchema } from './inputs.ts';
import { stateToJson, type JsonObject } from './state-json.ts';
import { jsonSchema } from './values.ts';

export const TRACE_FORMAT = 'os2-lab-trace';
/** The version this writer writes (docs/trace-format.md, "Versioning policy"). */
export const TRACE_VERSION = 4;
/**
 * The versions this reader reads: 1 (no step hashes, no end line), 2 (connect inputs as line-client
 * fields), 3 and 4 (a delivery may be `relayed`, a VM process's record of an event it hands inward).
 */
const READABLE_VERSIONS = [1, 2, 3, 4] as const;

const int = z.int();

const headerSchema = z.looseObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(READABLE_VERSIONS),
  kernel: z.string(),
  scenario: z.string(),
  seed: int.min(0),
  options: z.record(z.string(), jsonSchema),
  inputs: z.array(readableInputSchema).readonly(),
});

export type TraceHeader = z.output<typeof headerSchema>;

interface HeaderFields {
  readonly scenario: string;
  readonly seed: number;
  /** What the run was configured with: routing, the effective network config, limits, run bounds. */
  readonly options: { readonly [k: string]: unknown };
  /** The user inputs that drove the run, in the order they were applied. */
  readonly inputs?: readonly Input[];
}

/** A header for this kernel and format version; options are made JSON-safe. */
export function makeHeader(h: HeaderFields): TraceHeader {
  const options: JsonObject = {};
  for (const [k, v] of Object.entries(h.options)) options[k] = stateToJson(v);
  return {
    format: TRACE_FORMAT, version: TRACE_VERSION, kernel: KERNEL_VERSION, scenario: h.scenario, seed: h.seed, options,
    inputs: h.inputs ?? [],
  };
}

/** The header line (without the newline), keys in the documented order. */
export function serializeHeader(h: TraceHeader): string {
  return JSON.stringify({
    format: h.format, version: h.version, kernel: h.kernel, scenario: h.scenario, seed: h.seed,
    options: h.options, inputs: h.inputs.map(encodeInput),
  });
}

/** A header line's JSON object, checked: format and version first, then every field. */
export function readHeader(v: Record<string, unknown>, line: number): TraceHeader {
  if (v.format !== TRACE_FORMAT) {
    const found = v.format === undefined ? 'missing' : `${describeValue(v.format)} is not "${TRACE_FORMAT}"`;
    throw new TraceParseError(line, 'format', `${found}: this is not an os2 Lab trace header`);
  }
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(v.version)) {
    const found = v.version === undefined ? 'missing' : `unsupported version ${describeValue(v.version)}`;
    const known = `${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS.at(-1)}`;
    throw new TraceParseError(line, 'version', `${found} (this reader reads versions ${known})`);
  }
  const r = headerSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data;
}

// ---- the options, as a run reads them back -------------------------------------------------------

const runOptionsSchema = z.looseObject({
  routing: z.enum(['trie', 'naive']).optional(),
  net: z.looseObject({
    latencyMs: z.number().min(0).optional(),
    jitterMs: z.number().min(0).optional(),
    udpLoss: z.number().min(0).max(1).optional(),
    udpDuplicate: z.number().min(0).max(1).optional(),
    udpReorder: z.number().min(0).max(1).optional(),
    partitions: z.array(z.looseObject({ a: z.string(), b: z.string(), fromMs: z.number(), toMs: z.number() })).optional(),
    maxConnBytes: int.min(0).optional(),
    maxInflight: int.min(0).optional(),
  }).optional(),
  vmHost: z.string().optional(),
  limits: z.record(z.string(), z.number()).optional(),
  maxSteps: int.min(0).nullable().optional(),
  untilMs: z.number().min(0).nullable().optional(),
  scenario: z.record(z.string(), z.json()).optional(),
});

type RunOptions = z.output<typeof runOptionsSchema>;

/** The header's options, checked for a run. Throws TraceParseError naming the line and `options.…`. */
export function readRunOptions(h: TraceHeader, line = 1): RunOptions {
  const r = runOptionsSchema.safeParse(h.options);
  if (!r.success) throw issueError(line, h.options, r.error.issues, ['options']);
  return r.data;
}
