/**
 * What a program's default export must be: a scenario without an id (src/scenarios/types.ts),
 * checked field by field so that a mistake is named in a sentence, not met later as a crash.
 *
 *   { title?, description?, seed?, boot, bootFor?, clients?, net?, vmHost?, maxSteps? }
 */
import type { ClientSpec, NetConfig } from '../kernel/ground/index.ts';
import type { BootSpec } from '../kernel/index.ts';

/** The largest step budget a program may ask for. */
export const MAX_PROGRAM_STEPS = 1_000_000;
const MAX_SEED = 2 ** 32 - 1;

/** What a program exports (its type in the editor: `import type { Program } from 'os2/program'`). */
export interface Program {
  readonly title?: string;
  readonly description?: string;
  readonly seed?: number;
  readonly boot: BootSpec;
  readonly bootFor?: (seed: number) => BootSpec;
  readonly clients?: (seed: number) => readonly ClientSpec[];
  readonly net?: Partial<NetConfig>;
  readonly vmHost?: string;
  readonly maxSteps?: number;
}

const FIELDS = new Set(['title', 'description', 'seed', 'boot', 'bootFor', 'clients', 'net', 'vmHost', 'maxSteps']);
const SHAPE = '`export default { title, boot, clients?, … }` (see the templates)';

function wholeIn(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

/** The program, or a sentence saying what is wrong with it. */
export function checkShape(v: unknown): Program | string {
  if (v === undefined) return `The program exports nothing by default: end it with ${SHAPE}.`;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `The default export must be an object: ${SHAPE}.`;
  // Read once, into a plain object: a getter or a Proxy of the program's is asked once, here.
  let o: Record<string, unknown>;
  try {
    const keys = Object.keys(v);
    const extra = keys.find((k) => !FIELDS.has(k));
    if (extra !== undefined) return `The default export has a field "${extra}" that a program does not have (${[...FIELDS].join(', ')}).`;
    o = Object.fromEntries(keys.map((k) => [k, (v as Record<string, unknown>)[k]]));
  } catch (e) {
    return `Reading the default export threw: ${e instanceof Error ? e.message : 'a value that is not an Error'}.`;
  }
  return fieldProblem(o) ?? (o as unknown as Program);
}

function fieldProblem(o: Record<string, unknown>): string | null {
  const b = o['boot'] as BootSpec | undefined;
  if (b === undefined || (typeof b !== 'function' && (b === null || typeof b !== 'object'))) {
    return 'The program has no `boot`: give it the boot of its ground VM, e.g. `boot: boot(null, spawn(…))`.';
  }
  for (const k of ['title', 'description', 'vmHost']) if (o[k] !== undefined && typeof o[k] !== 'string') return `\`${k}\` must be a string.`;
  for (const k of ['bootFor', 'clients']) if (o[k] !== undefined && typeof o[k] !== 'function') return `\`${k}\` must be a function of the seed.`;
  if (o['seed'] !== undefined && !wholeIn(o['seed'], 0, MAX_SEED)) return `\`seed\` must be a whole number from 0 to ${MAX_SEED}.`;
  if (o['maxSteps'] !== undefined && !wholeIn(o['maxSteps'], 1, MAX_PROGRAM_STEPS)) return `\`maxSteps\` must be a whole number from 1 to ${MAX_PROGRAM_STEPS}.`;
  if (o['net'] !== undefined && (o['net'] === null || typeof o['net'] !== 'object')) return '`net` must be an object of network settings.';
  return null;
}
