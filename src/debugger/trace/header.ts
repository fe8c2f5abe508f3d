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
 * Rules: a reader checks `format` and `version` first, so that a file that is not a trace, or is of
 * another version, is refused with that reason and not with a field error. The options a run takes
 * (seed, net, limits, bounds) are checked against their ranges, and keys a run does not know are
 * not passed on.
 */
import { z } from 'zod';
import type { Input } from '../../kernel/ground/index.ts';
import { KERNEL_VERSION, type Limits } from '../../kernel/index.ts';
import { MAX_SEED } from '../engine/constants.ts';
import { TraceParseError, describeValue, issueError } from './errors.ts';
import { encodeInput, readableInputSchema } from './inputs.ts';
import { MAX_JSON_DEPTH, own } from './safe-json.ts';
import { setField, stateToJson, type JsonObject } from './state-json.ts';
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
  seed: int.min(0).max(MAX_SEED),
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
  for (const [k, v] of Object.entries(h.options)) setField(options, k, stateToJson(v));
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
  const format = own(v, 'format');
  if (format !== TRACE_FORMAT) {
    const found = format === undefined ? 'missing' : `${describeValue(format)} is not "${TRACE_FORMAT}"`;
    throw new TraceParseError(line, 'format', `${found}: this is not an os2 Lab trace header`);
  }
  const version = own(v, 'version');
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(version)) {
    const found = version === undefined ? 'missing' : `unsupported version ${describeValue(version)}`;
    const known = `${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS.at(-1)}`;
    throw new TraceParseError(line, 'version', `${found} (this reader reads versions ${known})`);
  }
  const r = headerSchema.safeParse(v);
  if (!r.success) throw issueError(line, v, r.error.issues);
  return r.data;
}

// ---- the options, as a run reads them back -------------------------------------------------------

/** The longest network delay (latency, jitter) a header may set, in virtual ms: one day. */
export const MAX_NET_DELAY_MS = 86_400_000;
/**
 * The kernel limits a header may set, each an integer in [min, max]. maxTermDepth is bounded so that
 * any term the run makes fits the reader's MAX_JSON_DEPTH (2 levels per term level, 24 for the
 * record around it); maxTermNodes so that its line fits MAX_LINE_CHARS; maxVmDepth so that
 * nested VMs stay a few stack frames each.
 */
export const LIMIT_RANGES: { readonly [K in keyof Limits]: readonly [min: number, max: number] } = {
  maxRoundActions: [1, Number.MAX_SAFE_INTEGER],
  maxQueueLength: [1, Number.MAX_SAFE_INTEGER],
  maxVmDepth: [0, 64],
  maxTermNodes: [1, 1_000_000],
  maxTermDepth: [1, (MAX_JSON_DEPTH - 24) / 2],
  maxEndpointsPerProcess: [1, Number.MAX_SAFE_INTEGER],
  maxProcessesPerVm: [1, Number.MAX_SAFE_INTEGER],
  maxStringLength: [1, 1_000_000],
  maxNameLength: [1, 4_096],
  maxTransitionActions: [1, 1_000_000],
  maxTransitionSize: [1, 4_000_000],
  maxReasonSize: [64, 65_536],
};

const limitsSchema = z.object(
  Object.fromEntries(Object.entries(LIMIT_RANGES).map(([k, [min, max]]) => [k, int.min(min).max(max).optional()])) as {
    [K in keyof Limits]: z.ZodOptional<z.ZodInt>;
  },
);

const probability = z.number().min(0).max(1);
const delayMs = z.number().min(0).max(MAX_NET_DELAY_MS);
const timeMs = z.number().min(0);

/** The header's `options` a run reads: unknown keys are dropped (never passed on to the kernel). */
const runOptionsSchema = z.looseObject({
  routing: z.enum(['trie', 'naive']).optional(),
  net: z.object({
    latencyMs: delayMs.optional(),
    jitterMs: delayMs.optional(),
    udpLoss: probability.optional(),
    udpDuplicate: probability.optional(),
    udpReorder: probability.optional(),
    partitions: z.array(z.object({ a: z.string(), b: z.string(), fromMs: timeMs, toMs: timeMs })).optional(),
    maxConnBytes: int.min(0).optional(),
    maxInflight: int.min(0).optional(),
    external: z.boolean().optional(),
  }).optional(),
  clients: z.literal('none').optional(),
  vmHost: z.string().optional(),
  limits: limitsSchema.optional(),
  maxSteps: int.min(0).nullable().optional(),
  untilMs: timeMs.nullable().optional(),
  scenario: z.record(z.string(), z.json()).optional(),
});

type RunOptions = z.output<typeof runOptionsSchema>;

/** The header's options, checked for a run. Throws TraceParseError naming the line and `options.…`. */
export function readRunOptions(h: TraceHeader, line = 1): RunOptions {
  const r = runOptionsSchema.safeParse(h.options);
  if (!r.success) throw issueError(line, h.options, r.error.issues, ['options']);
  return r.data;
}
