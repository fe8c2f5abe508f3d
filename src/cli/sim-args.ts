/**
 * Command-line arguments of `npm run sim` (src/cli/sim.ts), parsed purely so that they can be tested.
 *
 *   sim <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--out FILE [--format F]] [--quiet] [--help]
 *   sim --replay trace.jsonl [--quiet]
 *   sim --from trace.jsonl --format F --out FILE
 *   run options also: [--loss P] (UDP loss, any scenario); dns-proxy only: [--world DIR] [--query "NAME TYPE [@MS]"]...
 *
 * Rules: exactly one scenario id; each option at most once (except --query, which repeats);
 * `--flag value` or `--flag=value`; numbers are non-negative decimal integers (seed ≤ 2^32 − 1,
 * max-steps ≥ 1); --loss is a decimal probability from 0 to 1; each --query must parse
 * (src/scenarios/dns/queries.ts). Every problem is one sentence, printed by the caller as
 * `sim: <sentence>` with exit code 2.
 */
import { parseQuery, type StubQuery } from '../scenarios/dns/queries.ts';

/** The scenario that takes --world and --query. */
export const DNS_SCENARIO = 'dns-proxy';

export interface SimArgs {
  readonly scenario: string;
  readonly seed?: number;
  readonly maxSteps?: number;
  readonly untilMs?: number;
  readonly out?: string;
  /** The format of --out (default native). */
  readonly format?: OutputFormat;
  readonly quiet: boolean;
  /** UDP loss probability (0 … 1). */
  readonly loss?: number;
  /** dns-proxy: the world directory. */
  readonly world?: string;
  /** dns-proxy: the stub client's queries, in order. */
  readonly queries?: readonly StubQuery[];
}

/** The file formats of `--format` (src/debugger/export/, docs/trace-format.md "Exports"). */
export const FORMATS = ['native', 'perfetto', 'shiviz', 'mermaid', 'plantuml'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type ParsedArgs =
  | { readonly kind: 'run'; readonly args: SimArgs }
  | { readonly kind: 'replay'; readonly file: string; readonly quiet: boolean }
  | { readonly kind: 'convert'; readonly from: string; readonly format: OutputFormat; readonly out: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

export const MAX_SEED = 0xffff_ffff;
export const DEFAULT_MAX_STEPS = 100_000;

export function usage(known: readonly string[]): string {
  return [
    'usage: npm run sim -- <scenario-id> [options]',
    '       npm run sim -- --replay FILE',
    '       npm run sim -- --from FILE --format F --out FILE2',
    '',
    'Runs a scenario headless on the simulated ground and prints what every simulated client sent',
    'and received, then a summary (steps, processes, virtual time, crashes, final status).',
    '',
    'options:',
    '  --seed N         the world\'s PRNG seed (default: the scenario\'s seed; 0 … 4294967295)',
    `  --max-steps N    stop after N simulation steps (default: the scenario's maxSteps or ${DEFAULT_MAX_STEPS})`,
    '  --until-ms T     stop before the first step later than T ms of virtual time',
    '  --out FILE       write the native trace (JSON Lines, docs/trace-format.md) to FILE',
    `  --format F       what --out writes: ${FORMATS.join(', ')} (default native);`,
    '                   mermaid writes FILE, FILE.2.ext, … when the chart must be split',
    '  --replay FILE    re-run the trace FILE from its header and compare every step\'s state hash:',
    '                   exit 0 identical, 1 a step differs (named), 2 the file is unreadable or invalid',
    '  --from FILE      convert the native trace FILE instead of running (with --format and --out)',
    '  --quiet          print only the summary, not the client transcript',
    '  --loss P         drop each UDP datagram with probability P (0 … 1)',
    '  --help           print this help',
    '',
    `${DNS_SCENARIO} only:`,
    '  --world DIR      load the DNS world from DIR/world.json and the master files it names',
    '  --query "NAME TYPE [@MS]"',
    '                   a query for the stub client, sent at MS or right after the previous answer;',
    '                   repeat for more (default: a demonstration set, or every name of --world)',
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
const FILE_FLAGS = new Set<string>(['--out', '--replay', '--from']);
const VALUE_FLAGS = new Set<string>([...Object.keys(NUMBER_FLAGS), ...FILE_FLAGS, '--format', '--loss', '--world', '--query']);
const REPEATABLE = new Set<string>(['--query']);
const DNS_ONLY = new Set<string>(['--world', '--query']);
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
  const values: { seed?: number; maxSteps?: number; untilMs?: number; out?: string; format?: OutputFormat; loss?: number; world?: string } = {};
  const queries: StubQuery[] = [];
  const files: { replay?: string; from?: string } = {};
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
      if (seen.has(flag) && !REPEATABLE.has(flag)) return error(`${flag} given more than once`);
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
      else if (flag === '--world') values.world = value;
      else if (flag === '--query') {
        const q = parseQuery(value);
        if (typeof q === 'string') return error(`--query: ${q}`);
        queries.push(q);
      } else if (flag === '--loss') {
        if (!/^(0|1|1\.0*|0?\.[0-9]+|0\.)$/.test(value)) return error(`--loss needs a probability from 0 to 1, got ${JSON.stringify(value)}`);
        values.loss = Number(value);
      } else if (flag === '--replay' || flag === '--from') files[flag === '--replay' ? 'replay' : 'from'] = value;
      else if (flag === '--format') {
        if (!(FORMATS as readonly string[]).includes(value)) return error(`unknown --format ${JSON.stringify(value)} (known: ${FORMATS.join(', ')})`);
        values.format = value as OutputFormat;
      } else {
        const n = parseNumber(flag as NumberFlag, value);
        if (typeof n === 'string') return error(n);
        values[NUMBER_FLAGS[flag as NumberFlag].key] = n;
      }
      continue;
    }
    if (scenario !== undefined) return error(`unexpected argument ${JSON.stringify(arg)}: give one scenario id`);
    scenario = arg;
  }
  const extra = [...seen].find((f) => f === '--loss' || DNS_ONLY.has(f));
  if ((files.replay !== undefined || files.from !== undefined) && extra !== undefined) {
    return error(`${files.replay !== undefined ? '--replay' : '--from'} takes the run's options from the trace's header: ${extra} is not allowed`);
  }
  if (files.replay !== undefined || files.from !== undefined) return fileMode(files, values, scenario, quiet);
  if (scenario === undefined) return error(`missing scenario id (known: ${known.join(', ')})`);
  if (!known.includes(scenario)) return error(`unknown scenario ${JSON.stringify(scenario)} (known: ${known.join(', ')})`);
  if (values.format !== undefined && values.out === undefined) return error('--format needs --out FILE');
  if (scenario !== DNS_SCENARIO) {
    const dnsOnly = [...seen].find((f) => DNS_ONLY.has(f));
    if (dnsOnly !== undefined) return error(`${dnsOnly} is only for the ${DNS_SCENARIO} scenario`);
  }
  return { kind: 'run', args: { scenario, quiet, ...values, ...(queries.length > 0 ? { queries } : {}) } };
}

/** --replay and --from: the trace file says what ran, so no scenario id or run option is allowed. */
function fileMode(
  files: { replay?: string; from?: string },
  values: { seed?: number; maxSteps?: number; untilMs?: number; out?: string; format?: OutputFormat },
  scenario: string | undefined,
  quiet: boolean,
): ParsedArgs {
  const error = (e: string): ParsedArgs => ({ kind: 'error', error: e });
  if (files.replay !== undefined && files.from !== undefined) return error('give either --replay or --from, not both');
  const flag = files.replay !== undefined ? '--replay' : '--from';
  if (scenario !== undefined) return error(`${flag} takes the scenario from the trace's header: give no scenario id (got ${JSON.stringify(scenario)})`);
  const runFlag = values.seed !== undefined ? '--seed' : values.maxSteps !== undefined ? '--max-steps' : values.untilMs !== undefined ? '--until-ms' : null;
  if (runFlag !== null) return error(`${flag} takes the run's options from the trace's header: ${runFlag} is not allowed`);
  if (files.replay !== undefined) {
    if (values.out !== undefined || values.format !== undefined) return error('--replay writes nothing: --out and --format are not allowed');
    return { kind: 'replay', file: files.replay, quiet };
  }
  if (values.format === undefined) return error(`--from needs --format (one of ${FORMATS.join(', ')})`);
  if (values.out === undefined) return error('--from needs --out FILE');
  return { kind: 'convert', from: files.from!, format: values.format, out: values.out };
}
