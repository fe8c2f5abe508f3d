/**
 * Command-line arguments of `npm run sim` (src/cli/sim.ts), parsed purely so that they can be tested
 * (a scenario option that reads files does so through the OptionFiles passed in).
 *
 *   sim <scenario-id> [--seed N] [--max-steps N] [--until-ms T] [--loss P] [--out FILE [--format F]]
 *                     [--pretty] [--quiet] [--where EXPR | --break EXPR] [scenario options] [--help]
 *   sim --replay trace.jsonl [--pretty] [--quiet]
 *   sim --from trace.jsonl --format F --out FILE
 *   sim --from trace.jsonl --pretty
 *
 * Scenario options are declared by the scenario (Scenario.options.flags: name, argument, help, parse);
 * they set the scenario's configuration (a ScenarioConfig, recorded in the trace header).
 *
 * Rules: exactly one scenario id; each option at most once (except a scenario option declared
 * repeatable); `--flag value` or `--flag=value`; numbers are non-negative decimal integers (seed ≤
 * 2^32 − 1, max-steps ≥ 1); --loss is a decimal probability from 0 to 1; a scenario option is only
 * for a scenario that declares it, and its value must parse. Every problem is one sentence, printed
 * by the caller as `sim: <sentence>` with exit code 2; a string the user gave shows at most
 * MAX_ECHO_CHARS characters of itself (sim-io.ts quote, clip).
 */
import { DEFAULT_MAX_STEPS } from '../kernel/ground/index.ts';
import { MAX_SEED } from '../debugger/engine/constants.ts';
import type { OptionFiles, Scenario, ScenarioConfig, ScenarioOption } from '../scenarios/types.ts';
import { clip, quote } from './sim-io.ts';
import { parseQuery } from '../debugger/query/parser.ts';
import { QueryError, type Query } from '../debugger/query/ast.ts';

export interface SimArgs {
  readonly scenario: string;
  readonly seed?: number;
  readonly maxSteps?: number;
  readonly untilMs?: number;
  readonly out?: string;
  /** The format of --out (default native). */
  readonly format?: OutputFormat;
  readonly quiet: boolean;
  /** Print the trace, one record per line (kernel's prettyRecord), instead of the client transcript. */
  readonly pretty: boolean;
  /** UDP loss probability (0 … 1). */
  readonly loss?: number;
  /** What the scenario's own options set (absent when none was given). */
  readonly scenarioConfig?: ScenarioConfig;
  /** --where (every hit after the run) or --break (stop at the first hit): the query (docs/queries.md). */
  readonly query?: QueryArg;
}

export interface QueryArg {
  readonly mode: 'where' | 'break';
  readonly text: string;
  readonly query: Query;
}

/** The file formats of `--format` (src/debugger/export/, docs/trace-format.md "Exports"). */
export const FORMATS = ['native', 'perfetto', 'shiviz', 'mermaid', 'plantuml'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type ParsedArgs =
  | { readonly kind: 'run'; readonly args: SimArgs }
  | { readonly kind: 'replay'; readonly file: string; readonly quiet: boolean; readonly pretty: boolean }
  | { readonly kind: 'convert'; readonly from: string; readonly format: OutputFormat; readonly out: string }
  | { readonly kind: 'print'; readonly from: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

/** What the parser needs to know of a scenario. */
export type ScenarioInfo = Pick<Scenario, 'id' | 'options'>;

/**
 * An option's value may hold at most this many characters (PATH_MAX on Linux): longer is refused
 * before anything parses it, so that no message downstream (a scenario's) echoes more.
 */
export const MAX_VALUE_CHARS = 4096;

/** The column where option help starts in --help. */
const HELP_COLUMN = 19;
/** --help wraps scenario options' help sentences at this width. */
const HELP_WIDTH = 100;

const GENERIC_HELP: readonly string[] = [
  'usage: npm run sim -- <scenario-id> [options] [scenario options]',
  '       npm run sim -- --replay FILE [--pretty]',
  '       npm run sim -- --from FILE --format F --out FILE2',
  '       npm run sim -- --from FILE --pretty',
  '',
  'Runs a scenario headless on the simulated ground and prints what every simulated client sent',
  'and received, then the scenario\'s own report (if it has one) and a summary (steps, processes,',
  'virtual time, crashes, final status).',
  '',
  'options:',
  '  --seed N         the world\'s PRNG seed (default: the scenario\'s seed; 0 … 4294967295)',
  `  --max-steps N    stop after N simulation steps (default: the scenario's maxSteps or ${DEFAULT_MAX_STEPS})`,
  '  --until-ms T     stop before the first step later than T ms of virtual time',
  '  --loss P         drop each UDP datagram with probability P (0 … 1)',
  '  --out FILE       write the native trace (JSON Lines, docs/trace-format.md) to FILE',
  `  --format F       what --out writes: ${FORMATS.join(', ')} (default native);`,
  '                   mermaid writes FILE, FILE.2.ext, … when the chart must be split',
  '  --pretty         print the trace as the run goes, one record per line as the event log shows it',
  '                   (#id<-cause vm pid kind details), instead of the client transcript; the scenario\'s',
  '                   report and the summary follow. With --replay: the file\'s records as they are',
  '                   checked; with --from FILE: only the file\'s records (no run)',
  '  --quiet          print only the summary (with --pretty: the trace and the summary)',
  '  --where EXPR     run, then print one JSON line per hit of the query EXPR (docs/queries.md);',
  '                   exit 0 when something was found, 1 when nothing was, 2 for a bad EXPR',
  '  --break EXPR     run until the query EXPR has a hit; print it and the state there (exit as --where)',
  '  --replay FILE    re-run the trace FILE from its header and compare every step\'s state hash:',
  '                   exit 0 identical, 1 a step differs (named), 2 the file is unreadable or invalid',
  '  --from FILE      convert the native trace FILE instead of running (with --format and --out)',
  '  --help           print this help',
];

/** Word-wraps `text` into lines of at most `width` characters after `indent`. */
function wrap(text: string, indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function optionHelp(o: ScenarioOption): string[] {
  const head = `  ${o.name} ${o.arg}`;
  const text = wrap(o.help + (o.repeatable === true ? ' (repeatable)' : ''), HELP_COLUMN, HELP_WIDTH);
  const pad = ' '.repeat(HELP_COLUMN);
  if (head.length < HELP_COLUMN - 1) return [head.padEnd(HELP_COLUMN) + text[0], ...text.slice(1).map((l) => pad + l)];
  return [head, ...text.map((l) => pad + l)];
}

export function usage(scenarios: readonly ScenarioInfo[]): string {
  const own = scenarios.flatMap((s) =>
    s.options === undefined ? [] : ['', `${s.id} options:`, ...s.options.flags.flatMap(optionHelp)]);
  return [...GENERIC_HELP, ...own, '', `scenarios: ${scenarios.map((s) => s.id).join(', ')}`].join('\n');
}

type NumberFlag = '--seed' | '--max-steps' | '--until-ms';
const NUMBER_FLAGS: Readonly<Record<NumberFlag, { key: 'seed' | 'maxSteps' | 'untilMs'; min: number; max: number }>> = {
  '--seed': { key: 'seed', min: 0, max: MAX_SEED },
  '--max-steps': { key: 'maxSteps', min: 1, max: Number.MAX_SAFE_INTEGER },
  '--until-ms': { key: 'untilMs', min: 0, max: Number.MAX_SAFE_INTEGER },
};
/** Options of a run that --replay and --from take from the trace's header instead. */
const RUN_FLAGS: ReadonlySet<string> = new Set([...Object.keys(NUMBER_FLAGS), '--loss']);
const VALUE_FLAGS: ReadonlySet<string> = new Set([...RUN_FLAGS, '--out', '--replay', '--from', '--format', '--where', '--break']);
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set(['--quiet', '--pretty']);

/** An option as given: its value is null for a boolean option. */
interface Given {
  readonly flag: string;
  readonly value: string | null;
}

/** The arguments split into options and the scenario id, each option checked for a value. */
function tokenize(argv: readonly string[], scenarioFlags: ReadonlySet<string>): { given: Given[]; id?: string } | string {
  const given: Given[] = [];
  let id: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      if (id !== undefined) return `unexpected argument ${quote(arg)}: give one scenario id`;
      id = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (BOOLEAN_FLAGS.has(flag)) {
      if (eq >= 0) return `${flag} takes no value`;
      given.push({ flag, value: null });
      continue;
    }
    if (!VALUE_FLAGS.has(flag) && !scenarioFlags.has(flag)) return `unknown option ${quote(flag)} (try --help)`;
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') return `${flag} needs a value`;
    if (value.length > MAX_VALUE_CHARS) return `${flag}: the value is ${value.length} characters long (at most ${MAX_VALUE_CHARS})`;
    given.push({ flag, value });
  }
  return id === undefined ? { given } : { given, id };
}

function parseNumber(flag: NumberFlag, text: string): number | string {
  const { min, max } = NUMBER_FLAGS[flag];
  if (!/^[0-9]+$/.test(text)) {
    const what = /^-[0-9]/.test(text) ? 'a negative number' : /^[0-9]*\.[0-9]+$/.test(text) ? 'not an integer' : 'not a number';
    return `${flag} needs a non-negative integer, got ${quote(text)} (${what})`;
  }
  const n = Number(text);
  if (n < min) return `${flag} must be at least ${min}, got ${clip(text)}`;
  if (n > max) return `${flag} must be at most ${max}, got ${clip(text)}`;
  return n;
}

interface Generic {
  seed?: number;
  maxSteps?: number;
  untilMs?: number;
  loss?: number;
  out?: string;
  format?: OutputFormat;
  replay?: string;
  from?: string;
  where?: string;
  break?: string;
  quiet: boolean;
  pretty: boolean;
}

/** The generic options' values (each at most once); scenario options are left for later. */
function genericValues(given: readonly Given[]): Generic | string {
  const v: Generic = { quiet: false, pretty: false };
  const seen = new Set<string>();
  for (const { flag, value } of given) {
    if (!VALUE_FLAGS.has(flag) && !BOOLEAN_FLAGS.has(flag)) continue;
    if (seen.has(flag)) return `${flag} given more than once`;
    seen.add(flag);
    if (value === null) v[flag === '--quiet' ? 'quiet' : 'pretty'] = true;
    else if (flag === '--out') v.out = value;
    else if (flag === '--replay') v.replay = value;
    else if (flag === '--from') v.from = value;
    else if (flag === '--where') v.where = value;
    else if (flag === '--break') v.break = value;
    else if (flag === '--loss') {
      if (!/^(0|1|1\.0*|0?\.[0-9]+|0\.)$/.test(value)) return `--loss needs a probability from 0 to 1, got ${quote(value)}`;
      v.loss = Number(value);
    } else if (flag === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) return `unknown --format ${quote(value)} (known: ${FORMATS.join(', ')})`;
      v.format = value as OutputFormat;
    } else {
      const n = parseNumber(flag as NumberFlag, value);
      if (typeof n === 'string') return n;
      v[NUMBER_FLAGS[flag as NumberFlag].key] = n;
    }
  }
  return v;
}

export function parseSimArgs(argv: readonly string[], scenarios: readonly ScenarioInfo[], files: OptionFiles): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const error = (e: string): ParsedArgs => ({ kind: 'error', error: e });
  const scenarioFlags = new Set(scenarios.flatMap((s) => s.options?.flags.map((f) => f.name) ?? []));
  const t = tokenize(argv, scenarioFlags);
  if (typeof t === 'string') return error(t);
  const v = genericValues(t.given);
  if (typeof v === 'string') return error(v);
  if (v.replay !== undefined || v.from !== undefined) return fileMode(v, t.given, t.id);
  const known = scenarios.map((s) => s.id).join(', ');
  if (t.id === undefined) return error(`missing scenario id (known: ${known})`);
  const scenario = scenarios.find((s) => s.id === t.id);
  if (scenario === undefined) return error(`unknown scenario ${quote(t.id)} (known: ${known})`);
  if (v.format !== undefined && v.out === undefined) return error('--format needs --out FILE');
  const config = scenarioConfig(scenario, scenarios, t.given, files);
  if (typeof config === 'string') return error(config);
  const query = queryOf(v);
  if (typeof query === 'string') return error(query);
  const { seed, maxSteps, untilMs, loss, out, format, quiet, pretty } = v;
  const args: SimArgs = {
    scenario: scenario.id, quiet, pretty,
    ...defined({ seed, maxSteps, untilMs, loss, out, format }),
    ...(config === null ? {} : { scenarioConfig: config }),
    ...(query === null ? {} : { query }),
  };
  return { kind: 'run', args };
}

/** --where or --break, parsed (null: neither), or the problem with the column. */
function queryOf(v: Generic): QueryArg | null | string {
  if (v.where !== undefined && v.break !== undefined) return 'give either --where or --break, not both';
  const mode = v.where !== undefined ? 'where' : v.break !== undefined ? 'break' : null;
  if (mode === null) return null;
  if (v.out !== undefined || v.pretty) return `--${mode} prints its hits: --out and --pretty are not allowed with it`;
  const text = (mode === 'where' ? v.where : v.break)!;
  try {
    return { mode, text, query: parseQuery(text) };
  } catch (e) {
    if (e instanceof QueryError) return `--${mode}: ${e.message}`;
    throw e;
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

/** The scenario options given, parsed in order into the scenario's configuration (null: none given). */
function scenarioConfig(
  scenario: ScenarioInfo, scenarios: readonly ScenarioInfo[], given: readonly Given[], files: OptionFiles,
): ScenarioConfig | null | string {
  const own = new Map((scenario.options?.flags ?? []).map((f) => [f.name, f]));
  const mine = given.filter((g) => !VALUE_FLAGS.has(g.flag) && !BOOLEAN_FLAGS.has(g.flag));
  const seen = new Set<string>();
  for (const { flag } of mine) {
    const option = own.get(flag);
    if (option === undefined) {
      const owners = scenarios.filter((s) => s.options?.flags.some((f) => f.name === flag)).map((s) => s.id);
      return `${flag} is only for the ${owners.join(', ')} scenario${owners.length === 1 ? '' : 's'}`;
    }
    if (seen.has(flag) && option.repeatable !== true) return `${flag} given more than once`;
    seen.add(flag);
  }
  let config: ScenarioConfig | null = null;
  for (const { flag, value } of mine) {
    const next = own.get(flag)!.parse(value!, config ?? {}, files);
    if (typeof next === 'string') return `${flag}: ${next}`;
    config = next;
  }
  return config;
}

/** --replay and --from: the trace file says what ran, so no scenario id or run option is allowed. */
function fileMode(v: Generic, given: readonly Given[], id: string | undefined): ParsedArgs {
  const error = (e: string): ParsedArgs => ({ kind: 'error', error: e });
  if (v.replay !== undefined && v.from !== undefined) return error('give either --replay or --from, not both');
  const flag = v.replay !== undefined ? '--replay' : '--from';
  if (id !== undefined) return error(`${flag} takes the scenario from the trace's header: give no scenario id (got ${quote(id)})`);
  const runFlag = given.find((g) => RUN_FLAGS.has(g.flag) || g.flag === '--where' || g.flag === '--break' || !(VALUE_FLAGS.has(g.flag) || BOOLEAN_FLAGS.has(g.flag)));
  if (runFlag !== undefined) return error(`${flag} takes the run's options from the trace's header: ${runFlag.flag} is not allowed`);
  if (v.replay !== undefined) {
    if (v.out !== undefined || v.format !== undefined) return error('--replay writes nothing: --out and --format are not allowed');
    return { kind: 'replay', file: v.replay, quiet: v.quiet, pretty: v.pretty };
  }
  if (v.pretty) {
    if (v.out !== undefined || v.format !== undefined || v.quiet) {
      return error('--from FILE --pretty prints the trace: --out, --format and --quiet are not allowed with it');
    }
    return { kind: 'print', from: v.from! };
  }
  if (v.format === undefined) return error(`--from needs --format (one of ${FORMATS.join(', ')})`);
  if (v.out === undefined) return error('--from needs --out FILE');
  return { kind: 'convert', from: v.from!, format: v.format, out: v.out };
}
