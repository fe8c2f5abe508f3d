/**
 * Command-line arguments of `npm run sim` (src/cli/sim.ts), parsed purely so that they can be tested.
 *
 *   sim <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--out trace.jsonl] [--quiet] [--help]
 *
 * Rules: exactly one scenario id; each option at most once; `--flag value` or `--flag=value`;
 * numbers are non-negative decimal integers (seed ≤ 2^32 − 1, max-steps ≥ 1). Every problem is one
 * sentence, printed by the caller as `sim: <sentence>` with exit code 2.
 */

export interface SimArgs {
  readonly scenario: string;
  readonly seed?: number;
  readonly maxSteps?: number;
  readonly untilMs?: number;
  readonly out?: string;
  readonly quiet: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly args: SimArgs }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

export const MAX_SEED = 0xffff_ffff;
export const DEFAULT_MAX_STEPS = 100_000;

export function usage(known: readonly string[]): string {
  return [
    'usage: npm run sim -- <scenario-id> [options]',
    '',
    'Runs a scenario headless on the simulated ground and prints what every simulated client sent',
    'and received, then a summary (steps, processes, virtual time, crashes, final status).',
    '',
    'options:',
    '  --seed N         the world\'s PRNG seed (default: the scenario\'s seed; 0 … 4294967295)',
    `  --max-steps N    stop after N simulation steps (default: the scenario's maxSteps or ${DEFAULT_MAX_STEPS})`,
    '  --until-ms T     stop before the first step later than T ms of virtual time',
    '  --out FILE       write the native trace (JSON Lines, docs/trace-format.md) to FILE',
    '  --quiet          print only the summary, not the client transcript',
    '  --help           print this help',
    '',
    `scenarios: ${known.join(', ')}`,
  ].join('\n');
}

type NumberFlag = '--seed' | '--max-steps' | '--until-ms';
const NUMBER_FLAGS: Readonly<Record<NumberFlag, { key: 'seed' | 'maxSteps' | 'untilMs'; min: number; max: number }>> = {
  '--seed': { key: 'seed', min: 0, max: MAX_SEED },
  '--max-steps': { key: 'maxSteps', min: 1, max: Number.MAX_SAFE_INTEGER },
  '--until-ms': { key: 'untilMs', min: 0, max: Number.MAX_SAFE_INTEGER },
};
const VALUE_FLAGS = new Set<string>([...Object.keys(NUMBER_FLAGS), '--out']);
const BOOLEAN_FLAGS = new Set<string>(['--quiet']);

function parseNumber(flag: NumberFlag, text: string): number | string {
  const { min, max } = NUMBER_FLAGS[flag];
  if (!/^[0-9]+$/.test(text)) {
    const what = /^-[0-9]/.test(text) ? 'a negative number' : /^[0-9]*\.[0-9]+$/.test(text) ? 'not an integer' : 'not a number';
    return `${flag} needs a non-negative integer, got ${JSON.stringify(text)} (${what})`;
  }
  const n = Number(text);
  if (n < min) return `${flag} must be at least ${min}, got ${text}`;
  if (n > max) return `${flag} must be at most ${max}, got ${text}`;
  return n;
}

export function parseSimArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const error = (e: string): ParsedArgs => ({ kind: 'error', error: e });
  const values: { seed?: number; maxSteps?: number; untilMs?: number; out?: string } = {};
  const seen = new Set<string>();
  let scenario: string | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const flag = eq < 0 ? arg : arg.slice(0, eq);
      if (!VALUE_FLAGS.has(flag) && !BOOLEAN_FLAGS.has(flag)) {
        return error(`unknown option ${JSON.stringify(flag)} (try --help)`);
      }
      if (seen.has(flag)) return error(`${flag} given more than once`);
      seen.add(flag);
      if (BOOLEAN_FLAGS.has(flag)) {
        if (eq >= 0) return error(`${flag} takes no value`);
        quiet = true;
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          value = next;
          i++;
        }
      }
      if (value === undefined || value === '') return error(`${flag} needs a value`);
      if (flag === '--out') values.out = value;
      else {
        const n = parseNumber(flag as NumberFlag, value);
        if (typeof n === 'string') return error(n);
        values[NUMBER_FLAGS[flag as NumberFlag].key] = n;
      }
      continue;
    }
    if (scenario !== undefined) return error(`unexpected argument ${JSON.stringify(arg)}: give one scenario id`);
    scenario = arg;
  }
  if (scenario === undefined) return error(`missing scenario id (known: ${known.join(', ')})`);
  if (!known.includes(scenario)) return error(`unknown scenario ${JSON.stringify(scenario)} (known: ${known.join(', ')})`);
  return { kind: 'run', args: { scenario, quiet, ...values } };
}
