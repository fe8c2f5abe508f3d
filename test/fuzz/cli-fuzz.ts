/**
 * A fuzzer for `npm run sim` as a user (or a script gone wrong) calls it: seeded random argument
 * vectors — option names from the real set and garbage, huge and negative numbers, empty strings,
 * control characters, paths that are directories, FIFOs, devices, symbolic and hard links, the same
 * file for --from and --out, unwritable places — each run as a child process in a fresh sandbox
 * directory. Every run must:
 *   - end within the time budget, with exit code 0, 1 (only "replay of …: step N …", a difference) or 2;
 *   - print nothing on stderr when it succeeds, and exactly one line `sim: …` (bounded) when not;
 *   - print no stack trace and no internal error;
 *   - leave every file it found byte-identical, and make no new file, except the --out file (and
 *     its parts) of a run that succeeded.
 *
 * `fuzzCli({ seed, runs })` is the entry point for a long run (`npm run fuzz` or
 * `node --import tsx test/fuzz/cli-fuzz.ts [runs] [seed]`); test/cli/fuzz.test.ts runs a sample
 * and the pinned seeds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { partFileName } from '../../src/debugger/export/index.ts';
import { nextFloat, seedRng } from '../../src/kernel/ground/rng.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE_ARGS = ['--import', pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href, join(REPO, 'src/cli/sim.ts')];
/** A run (a child process, startup included) that takes longer than this is a hang. */
export const CLI_FUZZ_BUDGET_MS = 60_000;
/** A failure line may hold this many characters (sim-io.ts MAX_MESSAGE_CHARS, plus "sim: " and "\n"). */
const MAX_FAILURE_LINE = 600 + 6;
/** Parts of a split export that the fuzzer allows a successful run to write. */
const MAX_PARTS = 64;

/** What one run broke, with what reproduces it. */
export interface CliFinding {
  readonly seed: number;
  readonly argv: readonly string[];
  readonly problem: string;
}

export interface CliFuzzReport {
  readonly runs: number;
  /** How many runs ended with each exit code (0, 1, 2). */
  readonly exits: Readonly<Record<string, number>>;
  readonly findings: readonly CliFinding[];
}

/** The kernel's seeded PRNG as a function: the same seed gives the same argument vector. */
function prng(seed: number): () => number {
  let rng = seedRng(seed);
  return () => {
    const [f, next] = nextFloat(rng);
    rng = next;
    return f;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const SCENARIO_IDS = ['ping-pong', 'tcp-echo', 'dns-proxy', 'bank-teller', 'supervisor', 'rendezvous'];
const FORMATS = ['native', 'perfetto', 'shiviz', 'mermaid', 'plantuml'];
/** Traces in the sandbox (and names of one): valid, truncated, with a forged state, linked. */
const TRACES = ['trace.jsonl', 'bad.jsonl', 'edited.jsonl', 'link-to-trace', 'hard-to-trace'];
/** Paths in (and a few out of) the sandbox: see makeSandbox for what each is. */
const PATHS = [
  ...TRACES, 'old.txt', 'dangling', 'dir', 'dir/', 'fifo', 'world', 'world/world.json', 'ro/x.jsonl', 'old.txt/x',
  'nope/x.jsonl', 'run.mmd', 'run.2.mmd', 'new.jsonl', 'new.mmd', 'link-to-old', './trace.jsonl', 'dir/../trace.jsonl',
  '.', '..', '-', 'n'.repeat(300), 'a\nb.jsonl', 'ünï ☃.jsonl', '/dev/full', '/dev/null', '/dev/zero', '/sys/os2-fuzz.jsonl',
];
/** Where a run may write: new files, files the user had, links (and PATHS: places that fail). */
const OUTS = ['new.jsonl', 'new.mmd', 'run.mmd', 'old.txt', 'link-to-old', 'hard-to-trace', 'a\nb.jsonl', 'ünï ☃.jsonl', '-'];
const OPTIONS = ['--seed', '--max-steps', '--until-ms', '--loss', '--out', '--format', '--pretty', '--quiet', '--replay', '--from', '--world', '--query', '--help'];

function garbage(r: Rand): string {
  return pick(r, [
    '', ' ', '-', '--', '---x', '=', 'a=b', '\n', '\r\n', '\u2028', '\u001b[2J', '💥', '\uD800', 'NaN', '-0', '1e3', '0x10',
    '9'.repeat(100_000), 'x'.repeat(5000), '--seed=--seed', '__proto__', 'constructor',
  ]);
}

function number(r: Rand): string {
  return pick(r, ['0', '1', '3', '42', '4294967295', '4294967296', '9007199254740993', '-1', '2.5', '1'.repeat(400), '0.5', '1.0', '.3']);
}

function valueFor(r: Rand, option: string): string {
  switch (option) {
    case '--seed': case '--max-steps': case '--until-ms': return number(r);
    case '--loss': return pick(r, ['0', '0.5', '1', '.3', ...[number(r)]]);
    case '--format': return pick(r, FORMATS);
    case '--query': return pick(r, ['www.shop.test. A', 'shop.test. MX @30000', 'x', 'a. A @-1']);
    case '--world': return pick(r, ['world', 'world', 'dir', 'fifo-world', 'nope', 'world/world.json']);
    case '--out': return r() < 0.6 ? pick(r, OUTS) : pick(r, PATHS);
    case '--from': case '--replay': return r() < 0.7 ? pick(r, TRACES) : pick(r, PATHS);
    default: return pick(r, PATHS);
  }
}

/** A well-formed command of a random mode (most runs get past the parser to the files). */
function skeleton(r: Rand, add: (option: string, value?: string) => void, argv: string[]): void {
  const mode = r();
  if (mode < 0.4) {
    const id = pick(r, SCENARIO_IDS);
    argv.push(id);
    if (r() < 0.7) add('--out');
    if (r() < 0.4) add('--format');
    for (const o of ['--seed', '--max-steps', '--until-ms', '--loss', '--pretty', '--quiet']) if (r() < 0.15) add(o);
    if (id === 'dns-proxy' && r() < 0.5) add('--world');
    if (id === 'dns-proxy' && r() < 0.3) add('--query');
  } else if (mode < 0.75) {
    const from = valueFor(r, '--from');
    add('--from', from);
    add('--format');
    // often the same file, or another name of it
    add('--out', r() < 0.4 ? pick(r, [from, ...TRACES, './trace.jsonl', 'dir/../trace.jsonl']) : valueFor(r, '--out'));
  } else if (mode < 0.85) {
    add('--from');
    add('--pretty');
  } else {
    add('--replay');
    if (r() < 0.3) add('--pretty');
    if (r() < 0.2) add('--quiet');
  }
}

/** The argument vector of case `seed`: a well-formed command, then (sometimes) hostile edits. */
export function cliCase(seed: number): string[] {
  const r = prng(seed);
  const argv: string[] = [];
  const add = (option: string, value = valueFor(r, option)): void => {
    if (option === '--pretty' || option === '--quiet' || option === '--help') argv.push(option);
    else if (r() < 0.3) argv.push(`${option}=${value}`);
    else argv.push(option, value);
  };
  skeleton(r, add, argv);
  for (let n = r() < 0.6 ? 0 : 1 + Math.floor(r() * 3); n > 0; n--) {
    const edit = r();
    if (edit < 0.3) argv.splice(Math.floor(r() * (argv.length + 1)), 0, garbage(r));
    else if (edit < 0.5 && argv.length > 0) argv[Math.floor(r() * argv.length)] = garbage(r);
    else if (edit < 0.9) add(pick(r, OPTIONS.filter((o) => o !== '--help' || r() < 0.1)), r() < 0.3 ? garbage(r) : undefined);
    else add(`--${garbage(r)}`, garbage(r));
  }
  return argv.filter((a) => !a.includes('\0'));
}

/** A fresh sandbox: the files the paths above name. */
function makeSandbox(fixture: Fixture): string {
  const dir = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'os2-cli-fuzz-')));
  const at = (p: string): string => join(dir, p);
  fs.writeFileSync(at('trace.jsonl'), fixture.trace);
  fs.writeFileSync(at('bad.jsonl'), fixture.trace.split('\n').slice(0, 7).join('\n') + '\n');
  fs.writeFileSync(at('edited.jsonl'), fixture.edited);
  fs.writeFileSync(at('old.txt'), 'a file the user had\n');
  fs.writeFileSync(at('run.mmd'), 'old part 1\n');
  fs.writeFileSync(at('run.2.mmd'), 'old part 2\n');
  fs.symlinkSync('trace.jsonl', at('link-to-trace'));
  fs.symlinkSync('old.txt', at('link-to-old'));
  fs.linkSync(at('trace.jsonl'), at('hard-to-trace'));
  fs.symlinkSync('missing-target', at('dangling'));
  fs.mkdirSync(at('dir'));
  fs.mkdirSync(at('ro'));
  fs.chmodSync(at('ro'), 0o555);
  fs.cpSync(fixture.world, at('world'), { recursive: true });
  fs.mkdirSync(at('fifo-world'));
  for (const fifo of ['fifo', 'fifo-world/world.json']) if (spawnSync('mkfifo', [at(fifo)]).status !== 0) throw new Error('mkfifo failed');
  return dir;
}

interface Fixture {
  readonly trace: string;
  /** The trace with one process's state forged: a replay differs (exit 1). */
  readonly edited: string;
  /** The directory of a DNS world, copied into each sandbox. */
  readonly world: string;
}

/** Every entry under `dir` (not following links) with what must not change: bytes, link text, kind. */
function snapshot(dir: string, into = new Map<string, string>(), rel = ''): Map<string, string> {
  for (const name of fs.readdirSync(join(dir, rel))) {
    const path = join(rel, name);
    const st = fs.lstatSync(join(dir, path));
    if (st.isDirectory()) {
      into.set(path, `dir ${st.mode & 0o7777}`);
      snapshot(dir, into, path);
    } else if (st.isSymbolicLink()) into.set(path, `link ${fs.readlinkSync(join(dir, path))}`);
    else if (st.isFile()) into.set(path, `file ${createHash('sha256').update(fs.readFileSync(join(dir, path))).digest('hex')}`);
    else into.set(path, `other ${st.mode}`);
  }
  return into;
}

/** The values of `option` in argv (either form). */
function valuesOf(argv: readonly string[], option: string): string[] {
  const values: string[] = [];
  argv.forEach((a, i) => {
    if (a === option && argv[i + 1] !== undefined) values.push(argv[i + 1]!);
    else if (a.startsWith(`${option}=`)) values.push(a.slice(option.length + 1));
  });
  return values;
}

/** `path` (in the sandbox) with every link resolved, before the run. */
function resolvedIn(dir: string, path: string): string {
  const abs = resolve(dir, path);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return join(fs.realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * What a successful run may write: the --out file and its parts, links resolved, but never a file
 * the command reads (--from, --replay, the files of a --world directory).
 */
function allowedChanges(dir: string, argv: readonly string[]): Set<string> {
  const out = valuesOf(argv, '--out').at(-1);
  const allowed = new Set<string>();
  if (out === undefined || out === '') return allowed;
  const real = fs.realpathSync(dir);
  const inDir = (path: string): string => relative(real, resolvedIn(dir, path));
  for (let k = 1; k <= MAX_PARTS; k++) allowed.add(inDir(partFileName(out, k)));
  for (const input of [...valuesOf(argv, '--from'), ...valuesOf(argv, '--replay')]) allowed.delete(inDir(input));
  for (const world of valuesOf(argv, '--world')) {
    try {
      for (const name of fs.readdirSync(resolve(dir, world))) allowed.delete(inDir(join(world, name)));
    } catch {
      // not a directory: nothing of it is read
    }
  }
  return allowed;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function runChild(argv: readonly string[], cwd: string, budgetMs: number): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, budgetMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

/** The problems of one finished run (empty: it behaved). */
export function judge(argv: readonly string[], r: RunResult, before: Map<string, string>, after: Map<string, string>, allowed: Set<string>): string[] {
  const problems: string[] = [];
  if (r.timedOut) return ['did not end within the time budget'];
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) problems.push(`exit code ${r.code}`);
  if (/^\s+at .+/m.test(r.stderr) || /^\s+at .+:\d+:\d+\)?$/m.test(r.stdout)) problems.push('a stack trace');
  if (/internal error/.test(r.stderr)) problems.push(`an internal error: ${r.stderr.slice(0, 300)}`);
  if (r.code === 0 && r.stderr !== '') problems.push(`stderr on success: ${r.stderr.slice(0, 300)}`);
  if (r.code !== 0 && !/^sim: [^\n]*\n$/.test(r.stderr)) problems.push(`not one "sim: …" line on stderr: ${JSON.stringify(r.stderr.slice(0, 300))}`);
  if (r.stderr.length > MAX_FAILURE_LINE) problems.push(`a failure line of ${r.stderr.length} characters`);
  if (r.code === 1 && !(argv.some((a) => a === '--replay' || a.startsWith('--replay=')) && /^sim: replay of /.test(r.stderr))) {
    problems.push(`exit 1 that is not a replay difference: ${r.stderr.slice(0, 300)}`);
  }
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now !== was && !allowed.has(path)) problems.push(`${JSON.stringify(path)} changed: ${was} → ${now ?? 'gone'}`);
  }
  for (const path of after.keys()) if (!before.has(path) && !allowed.has(path)) problems.push(`new file ${JSON.stringify(path)}`);
  return problems;
}

/** One case's outcome: its exit code (null: killed) and the problems it showed (empty: none). */
export interface CaseResult {
  readonly code: number | null;
  readonly findings: readonly CliFinding[];
}

/** Runs case `seed` (or the argument vector given) in a fresh sandbox. */
export async function runCliCase(seed: number, fixture: Fixture, budgetMs = CLI_FUZZ_BUDGET_MS, argv = cliCase(seed)): Promise<CaseResult> {
  const dir = makeSandbox(fixture);
  try {
    const before = snapshot(dir);
    // Resolved before the run, as the user meant it (the run may replace the file a link names).
    const mayWrite = allowedChanges(dir, argv);
    const r = await runChild(argv, dir, budgetMs);
    const allowed = r.code === 0 ? mayWrite : new Set<string>();
    return { code: r.code, findings: judge(argv, r, before, snapshot(dir), allowed).map((problem) => ({ seed, argv, problem })) };
  } finally {
    fs.chmodSync(join(dir, 'ro'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The files every sandbox holds: a valid native trace (a ping-pong run, by the CLI itself) and the shipped DNS world. */
export function makeFixture(): Fixture {
  const dir = fs.mkdtempSync(join(tmpdir(), 'os2-cli-fuzz-fixture-'));
  try {
    const file = join(dir, 'trace.jsonl');
    const r = spawnSync(process.execPath, [...NODE_ARGS, 'ping-pong', '--quiet', '--out', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the fixture run failed: ${r.stderr}`);
    const trace = fs.readFileSync(file, 'utf8');
    const lines = trace.split('\n');
    const i = lines.findIndex((l, k) => k > 20 && /"state":[0-9]/.test(l));
    lines[i] = lines[i]!.replace(/"state":[0-9]+/, '"state":"forged"');
    return { trace, edited: lines.join('\n'), world: join(REPO, 'src/scenarios/dns/worlds/default') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `runs` cases from `seed` on, `concurrency` at a time; counts exit codes and collects findings. */
export async function fuzzCli(o: {
  seed: number; runs: number; concurrency?: number; budgetMs?: number; log?: (line: string) => void;
}): Promise<CliFuzzReport> {
  const fixture = makeFixture();
  const exits: Record<string, number> = {};
  const findings: CliFinding[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.runs) {
      const seed = o.seed + next++;
      const r = await runCliCase(seed, fixture, o.budgetMs);
      exits[String(r.code)] = (exits[String(r.code)] ?? 0) + 1;
      findings.push(...r.findings);
      for (const f of r.findings) o.log?.(`seed ${f.seed}: ${f.problem}\n  argv ${JSON.stringify(f.argv).slice(0, 400)}`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 2 }, worker));
  return { runs: o.runs, exits, findings };
}

/** `node --import tsx test/fuzz/cli-fuzz.ts [runs] [seed] [concurrency]`: a long run, counts printed. */
async function main(): Promise<void> {
  const [runs = 200, seed = 1, concurrency = 2] = process.argv.slice(2).map(Number);
  const t0 = Date.now();
  const report = await fuzzCli({ seed, runs, concurrency, log: (line) => console.log(line) });
  const exits = Object.entries(report.exits).map(([code, n]) => `exit ${code}: ${n}`).join(', ');
  console.log(`cli fuzz: ${report.runs} runs from seed ${seed} (${exits}), ${report.findings.length} findings, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exitCode = report.findings.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
