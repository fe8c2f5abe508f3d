/** `npm run sim`: the headless runner, run as a child process, plus its pure argument and report helpers. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimArgs, usage } from '../../src/cli/sim-args.ts';
import { PRINT_BATCH_LINES } from '../../src/cli/sim-io.ts';
import { runSim } from '../../src/cli/sim-main.ts';
import { quoteBytes, transcriptLine } from '../../src/cli/sim-report.ts';
import { parseTraceLines } from '../../src/debugger/trace/index.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { bytes, pid, prettyRecord, struct, type RecordId, type Term, type TraceRecord } from '../../src/kernel/index.ts';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';
import { ScenarioConfigError, type OptionFiles, type Scenario } from '../../src/scenarios/types.ts';

/** The checkout this test file belongs to (the child runs this code, not another worktree's). */
const CWD = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = ['--import', 'tsx', 'src/cli/sim.ts'];

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sim(...args: string[]): Result {
  const r = spawnSync(process.execPath, [...ARGS, ...args], { cwd: CWD, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI body in-process, with captured output: the same code path as the child, minus startup. */
function simInProcess(...args: string[]): Result {
  let stdout = '';
  let stderr = '';
  const status = runSim(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** Scenarios for the pure parser: two without options. */
const KNOWN = [{ id: 'ping-pong' }, { id: 'tcp-echo' }];
/** A file reader for parses that must not read files. */
const NO_FILES: OptionFiles = {
  readText: (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
};

const dir = mkdtempSync(join(tmpdir(), 'os2-sim-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sim ping-pong (child process)', () => {
  const out = join(dir, 'pp.jsonl');
  let first: Result;
  beforeAll(() => {
    first = sim('ping-pong', '--out', out);
  });

  it('runs to quiescence and prints the summary', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^── ping-pong: Ping\/pong rendezvous ──$/m);
    expect(first.stdout).toContain('(no client traffic)');
    expect(first.stdout).toMatch(/^steps +7$/m);
    expect(first.stdout).toMatch(/^processes +3 spawned, 1 alive at the end$/m);
    expect(first.stdout).toMatch(/^virtual time +0 ms$/m);
    expect(first.stdout).toMatch(/^crashes +none$/m);
    expect(first.stdout).toMatch(/^status +quiescent: .+/m);
  });

  it('writes a native trace that validates line by line', () => {
    const text = readFileSync(out, 'utf8');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'os2-lab-trace', version: 4, scenario: 'ping-pong', seed: 1, inputs: [] });
    expect(header.options).toMatchObject({ routing: 'trie', net: { latencyMs: 5 }, maxSteps: 100_000, untilMs: null });
    for (const l of lines.slice(1, -1)) expect(() => JSON.parse(l)).not.toThrow();
    const parsed = parseTraceLines(text);
    const ids = parsed.records.map((x) => x.id);
    ids.forEach((id, i) => i > 0 && expect(id).toBeGreaterThan(ids[i - 1]!));
    const count = Number(/^trace +(\d+) records written to /m.exec(first.stdout)?.[1]);
    expect(parsed.records.length).toBe(count);
    expect(lines.filter((l) => l.includes('"kind":')).length).toBe(count);
    expect(parsed.steps.map((x) => x.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // steps 7
    expect(parsed.end).toEqual({ end: true, status: 'quiescent', steps: 7, records: count });
    expect(parsed.records.filter((x) => x.kind === 'boot')).toHaveLength(3);
  });

  it('same seed twice gives byte-identical trace files', () => {
    const again = join(dir, 'again.jsonl');
    const r = sim('ping-pong', '--seed=1', '--quiet', '--out', again);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('no client traffic');
    expect(r.stdout).toMatch(/^steps +7$/m);
    expect(readFileSync(again)).toEqual(readFileSync(out));
  });

  it('a bad argument exits with 2 and one line on stderr', () => {
    const r = sim('ping-pong', '--seed', 'abc');
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'sim: --seed needs a non-negative integer, got "abc" (not a number)\n']);
    const u = sim('no-such-scenario');
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/^sim: unknown scenario "no-such-scenario" \(known: [^\n]*ping-pong[^\n]*\)\n$/);
  });
});

describe('sim in-process', () => {
  it('an explicit seed is recorded, and two runs with it write identical files', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    expect(simInProcess('ping-pong', '--seed', '42', '--out', a, '--quiet').status).toBe(0);
    expect(simInProcess('ping-pong', '--seed=42', '--out', b, '--quiet').status).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(JSON.parse(readFileSync(a, 'utf8').split('\n')[0]!).seed).toBe(42);
  });

  it('stops at --max-steps with status limit', () => {
    const r = simInProcess('ping-pong', '--max-steps', '3');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^steps +3$/m);
    expect(r.stdout).toMatch(/^status +limit: stopped after 3 steps \(--max-steps\)/m);
  });

  it('--help prints the usage and the scenarios', () => {
    const r = simInProcess('ping-pong', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run sim -- <scenario-id>/);
    expect(r.stdout).toMatch(/^scenarios: .*ping-pong/m);
  });
});

describe('bad arguments: exit 2 and one line on stderr', () => {
  const known = SCENARIOS.map((s) => s.id).join(', ');
  const cases: [string[], RegExp][] = [
    [[], /^sim: missing scenario id \(known: .*ping-pong/],
    [['no-such-scenario'], new RegExp(`^sim: unknown scenario "no-such-scenario" \\(known: ${known}\\)$`)],
    [['ping-pong', '--frobnicate'], /^sim: unknown option "--frobnicate"/],
    [['ping-pong', '-x'], /^sim: unknown option "-x"/],
    [['ping-pong', '--seed'], /^sim: --seed needs a value$/],
    [['ping-pong', '--out', '--quiet'], /^sim: --out needs a value$/],
    [['ping-pong', '--until-ms='], /^sim: --until-ms needs a value$/],
    [['ping-pong', '--seed', 'abc'], /^sim: --seed needs a non-negative integer, got "abc"/],
    [['ping-pong', '--max-steps', '2.5'], /^sim: --max-steps needs a non-negative integer, got "2.5" \(not an integer\)$/],
    [['ping-pong', '--until-ms', '-4'], /^sim: --until-ms needs a non-negative integer, got "-4" \(a negative number\)$/],
    [['ping-pong', '--max-steps', '0'], /^sim: --max-steps must be at least 1, got 0$/],
    [['ping-pong', '--seed', '4294967296'], /^sim: --seed must be at most 4294967295/],
    [['ping-pong', '--seed', '1', '--seed', '2'], /^sim: --seed given more than once$/],
    [['ping-pong', 'ping-pong'], /^sim: unexpected argument "ping-pong"/],
    [['ping-pong', '--quiet=yes'], /^sim: --quiet takes no value$/],
    [['ping-pong', '--out', '/nonexistent-dir/x/trace.jsonl'], /^sim: cannot write --out file .*\(ENOENT\)$/],
  ];
  it.each(cases)('%j', (args, message) => {
    const r = simInProcess(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(message);
  });
});

describe('argument parser', () => {
  it('accepts every option in both forms', () => {
    expect(parseSimArgs(['tcp-echo', '--seed', '0', '--max-steps=10', '--until-ms', '250', '--out=t.jsonl', '--quiet', '--pretty'], KNOWN, NO_FILES))
      .toEqual({ kind: 'run', args: { scenario: 'tcp-echo', seed: 0, maxSteps: 10, untilMs: 250, out: 't.jsonl', quiet: true, pretty: true } });
    expect(parseSimArgs(['ping-pong'], KNOWN, NO_FILES)).toEqual({ kind: 'run', args: { scenario: 'ping-pong', quiet: false, pretty: false } });
    expect(parseSimArgs(['nonsense', '-h'], KNOWN, NO_FILES)).toEqual({ kind: 'help' });
  });
});

describe('client transcript', () => {
  const world = (id: number, time: number, what: string, host: string, detail: Term) =>
    ({ id: id as RecordId, cause: null, vm: [], pid: null, kind: 'world', time, what, host, detail }) as TraceRecord;
  const hosts = new Map([['alice', ['client-a']], ['shared', ['c1', 'c2']]]);

  it('prints what each client sent and received, verbatim, with the virtual time', () => {
    const lines = [
      world(1, 10, 'client-connect', 'alice', struct('client-connect', 'client-a', 'server:5999')),
      world(2, 105, 'client-send', 'alice', struct('client-send', 'client-a', bytes('hello\n'))),
      world(3, 110, 'client-recv', 'alice', struct('data', 2, bytes('You said: hello\n'))),
      world(4, 111, 'client-recv', 'alice', struct('client-recv', 'client-a', bytes('tab\there'))),
      world(5, 120, 'client-udp-send', 'alice', struct('client-udp-send', 'client-a', bytes('q'))),
      world(6, 125, 'client-udp-recv', 'shared', struct('datagram', 'server', 53, 4000, bytes('a'), true)),
      world(7, 130, 'client-timeout', 'alice', struct('client-timeout', 'client-a', 500)),
      world(8, 131, 'client-error', 'alice', struct('client-error', 'client-a', struct('error', 'reset'))),
      world(9, 140, 'client-close', 'alice', struct('client-close', 'client-a', 2)),
      world(10, 140, 'client-refused', 'alice', struct('client-refused', 'client-a', 'server:1')),
      world(11, 150, 'tcp-data', 'server', struct('data', 1, bytes('x'))),
    ].map((r) => transcriptLine(r, hosts));
    expect(lines).toEqual([
      '[    10 ms] client-a connects to server:5999',
      '[   105 ms] client-a -> "hello\\n"',
      '[   110 ms] client-a <- "You said: hello\\n"',
      '[   111 ms] client-a <- "tab\\there"',
      '[   120 ms] client-a -> udp "q"',
      '[   125 ms] shared <- udp "a" from server:53 (duplicate)',
      '[   130 ms] client-a timed out after 500 ms',
      '[   131 ms] client-a error: error("reset")',
      '[   140 ms] client-a closes its connection',
      '[   140 ms] client-a connection to server:1 refused',
      null,
    ]);
    expect(transcriptLine({ id: 1 as RecordId, cause: null, vm: [], pid: pid(0), kind: 'round', round: 1 }, hosts)).toBeNull();
  });

  it('escapes non-printable bytes JSON-style', () => {
    expect(quoteBytes(new Uint8Array([0, 7, 8, 9, 10, 13, 34, 92, 65, 127, 200, 255]))).toBe(
      '"\\u0000\\u0007\\b\\t\\n\\r\\"\\\\A\\u007f\\u00c8\\u00ff"',
    );
  });

  it.runIf(findScenario('tcp-echo') !== undefined)('prints a real TCP transcript (tcp-echo)', () => {
    const r = simInProcess('tcp-echo');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[ +\d+ ms\] \S+ -> "[^"]*\\n"$/m);
    expect(r.stdout).toMatch(/^\[ +\d+ ms\] \S+ <- "You said: [^"]*\\n"$/m);
  });
});

describe('--replay, --format and --from', () => {
  const good = join(dir, 'replay-good.jsonl');
  beforeAll(() => {
    expect(simInProcess('tcp-echo', '--quiet', '--out', good).status).toBe(0);
  });
  const lines = () => readFileSync(good, 'utf8').split('\n');

  it('--replay of an untouched trace exits 0 with a summary', () => {
    const r = sim('--replay', good);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^scenario +tcp-echo \(seed 1\)$/m);
    expect(r.stdout).toMatch(/^steps +70 \(0 … 69\), every state hash identical$/m);
    expect(r.stdout).toMatch(/^final hash +[0-9a-f]{16}$/m);
    expect(r.stdout).toMatch(/^status +blocked$/m);
  });

  it('--replay of a trace with one changed state exits 1 naming the step', () => {
    const ls = lines();
    const i = ls.findIndex((l, k) => k > 40 && l.includes('"kind":"deliver"') && l.includes('"outcome":"ok"'));
    const rec = JSON.parse(ls[i]!);
    rec.state = 'forged';
    ls[i] = JSON.stringify(rec);
    const step = JSON.parse(ls.slice(i).find((l) => l.startsWith('{"step"'))!).step;
    const bad = join(dir, 'replay-bad.jsonl');
    writeFileSync(bad, ls.join('\n'));
    const r = simInProcess('--replay', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^sim: replay of .*: step ${step}\\b.*record #${rec.id} \\(line ${i + 1}, deliver\\), field state`));
  });

  it('--replay of an unreadable or invalid file exits 2 naming the line and field', () => {
    const ls = lines();
    const cut = join(dir, 'replay-cut.jsonl');
    writeFileSync(cut, ls.slice(0, 30).join('\n') + '\n' + ls[30]!.slice(0, 20));
    const r = simInProcess('--replay', cut);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sim: .*replay-cut\.jsonl: line 31: not valid JSON \(truncated\?\)/);
    const missing = simInProcess('--replay', join(dir, 'nope.jsonl'));
    expect([missing.status, missing.stderr]).toEqual([2, `sim: cannot read ${JSON.stringify(join(dir, 'nope.jsonl'))} (ENOENT)\n`]);
    const rec = JSON.parse(ls[9]!);
    delete rec.pid;
    const field = join(dir, 'replay-field.jsonl');
    writeFileSync(field, [...ls.slice(0, 9), JSON.stringify(rec), ...ls.slice(10)].join('\n'));
    expect(simInProcess('--replay', field).stderr).toMatch(/: line 10, field pid: missing\n$/);
    const notUtf8 = join(dir, 'replay-bytes.jsonl');
    writeFileSync(notUtf8, Buffer.from([0x7b, 0xff, 0xfe, 0x0a]));
    expect(simInProcess('--replay', notUtf8)).toMatchObject({ status: 2, stderr: expect.stringMatching(/line 1: not valid UTF-8/) });
  });

  it('--format writes each export; --from converts an existing trace to the same output', () => {
    for (const f of ['perfetto', 'shiviz', 'mermaid', 'plantuml'] as const) {
      const direct = join(dir, `direct.${f}`);
      const r = simInProcess('tcp-echo', '--quiet', '--format', f, '--out', direct);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^trace +304 records written to .*direct\\.${f} \\(${f}\\)$`, 'm'));
      const converted = join(dir, `converted.${f}`);
      const c = simInProcess('--from', good, '--format', f, '--out', converted);
      expect([c.status, c.stderr]).toEqual([0, '']);
      expect(c.stdout).toBe(`converted ${good} to ${f}: ${converted}\n`);
      expect(readFileSync(converted, 'utf8')).toBe(readFileSync(direct, 'utf8'));
    }
    expect(JSON.parse(readFileSync(join(dir, 'direct.perfetto'), 'utf8')).traceEvents.length).toBeGreaterThan(100);
  });

  it('--from of an invalid trace exits 2 and leaves no output file', () => {
    const bad = join(dir, 'from-bad.jsonl');
    writeFileSync(bad, lines().slice(0, 12).join('\n') + '\n');
    const out = join(dir, 'from-bad.json');
    const r = simInProcess('--from', bad, '--format', 'perfetto', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/from-bad\.jsonl: line 13: the file ends without its end line \(truncated\?\)\n$/);
    expect(existsSync(out)).toBe(false);
  });

  const cases: [string[], RegExp][] = [
    [['--replay', 'x.jsonl', 'ping-pong'], /^sim: --replay takes the scenario from the trace's header: give no scenario id/],
    [['--replay', 'x.jsonl', '--seed', '3'], /^sim: --replay takes the run's options from the trace's header: --seed is not allowed$/],
    [['--replay', 'x.jsonl', '--out', 'y'], /^sim: --replay writes nothing/],
    [['--from', 'x.jsonl', '--out', 'y'], /^sim: --from needs --format \(one of native, perfetto, shiviz, mermaid, plantuml\)$/],
    [['--from', 'x.jsonl', '--format', 'shiviz'], /^sim: --from needs --out FILE$/],
    [['--from', 'x', '--replay', 'y'], /^sim: give either --replay or --from, not both$/],
    [['ping-pong', '--format', 'svg', '--out', 'y'], /^sim: unknown --format "svg" \(known: native, perfetto/],
    [['ping-pong', '--format', 'mermaid'], /^sim: --format needs --out FILE$/],
  ];
  it.each(cases)('bad: %j', (args, message) => {
    const r = simInProcess(...args);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('parses the file modes', () => {
    expect(parseSimArgs(['--replay', 't.jsonl', '--quiet'], KNOWN, NO_FILES)).toEqual({ kind: 'replay', file: 't.jsonl', quiet: true, pretty: false });
    expect(parseSimArgs(['--replay', 't.jsonl', '--pretty'], KNOWN, NO_FILES)).toEqual({ kind: 'replay', file: 't.jsonl', quiet: false, pretty: true });
    expect(parseSimArgs(['--from=t.jsonl', '--format=mermaid', '--out', 'd.mmd'], KNOWN, NO_FILES))
      .toEqual({ kind: 'convert', from: 't.jsonl', format: 'mermaid', out: 'd.mmd' });
    expect(parseSimArgs(['--from', 't.jsonl', '--pretty'], KNOWN, NO_FILES)).toEqual({ kind: 'print', from: 't.jsonl' });
    expect(parseSimArgs(['ping-pong', '--out', 'p.json', '--format', 'perfetto'], KNOWN, NO_FILES))
      .toEqual({ kind: 'run', args: { scenario: 'ping-pong', quiet: false, pretty: false, out: 'p.json', format: 'perfetto' } });
  });
});

/** The run's records in the kernel's pretty form, from the kernel itself (not through the CLI). */
function kernelPretty(id: string): string[] {
  const s = findScenario(id)!;
  const started = startScenario(s, { trace: true });
  const lines = started.records.map((r) => prettyRecord(r));
  runSimulation(started.sim, { maxSteps: s.maxSteps ?? 100_000 }, (rs) => lines.push(...rs.map((r) => prettyRecord(r))));
  return lines;
}

const SUMMARY = '── summary ──';

describe('--pretty', () => {
  it.each(['ping-pong', 'tcp-echo'])('%s: prints every record as the kernel pretty-prints it, then the summary', (id) => {
    const expected = kernelPretty(id);
    expect(expected.length).toBeGreaterThan(40);
    const r = simInProcess(id, '--pretty');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    const end = lines.indexOf(SUMMARY);
    expect(lines.slice(0, end)).toEqual([`── ${id}: ${findScenario(id)!.title} ──`, ...expected, '']);
    expect(lines[end + 2]).toMatch(/^steps +\d+$/);
    // --quiet keeps the trace and the summary only
    const q = simInProcess(id, '--pretty', '--quiet').stdout.split('\n');
    expect(q.slice(0, q.indexOf(SUMMARY))).toEqual(expected);
  });

  it('streams: the lines go out in batches as the run goes, not in one write at the end', () => {
    const writes: string[] = [];
    expect(runSim(['tcp-echo', '--pretty', '--quiet'], { stdout: (t) => writes.push(t), stderr: (t) => writes.push(`stderr ${t}`) })).toBe(0);
    const perWrite = writes.map((w) => w.split('\n').length - 1);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const n of perWrite) expect(n).toBeLessThanOrEqual(PRINT_BATCH_LINES);
    expect(perWrite.reduce((a, b) => a + b, 0)).toBe(kernelPretty('tcp-echo').length + 7);
  });

  it('--from FILE --pretty and --replay FILE --pretty print the same lines from a trace file', () => {
    const expected = kernelPretty('tcp-echo');
    const file = join(dir, 'pretty.jsonl');
    expect(simInProcess('tcp-echo', '--quiet', '--out', file).status).toBe(0);
    const printed = simInProcess('--from', file, '--pretty');
    expect([printed.status, printed.stderr, printed.stdout]).toEqual([0, '', expected.join('\n') + '\n']);
    const replayed = simInProcess('--replay', file, '--pretty');
    expect([replayed.status, replayed.stderr]).toEqual([0, '']);
    const lines = replayed.stdout.split('\n');
    expect(lines.slice(0, expected.length + 2)).toEqual([`── replay ${file} ──`, ...expected, '']);
    expect(lines[expected.length + 2]).toMatch(/^scenario +tcp-echo \(seed 1\)$/);
  });

  it('--from FILE --pretty of an invalid file: the records before the problem, then one line and exit 2', () => {
    const file = join(dir, 'pretty-cut.jsonl');
    expect(simInProcess('ping-pong', '--quiet', '--out', file).status).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
    const r = simInProcess('--from', file, '--pretty');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(kernelPretty('ping-pong').slice(0, 4).join('\n') + '\n');
    expect(r.stderr).toMatch(/pretty-cut\.jsonl: line 7: the file ends without its end line \(truncated\?\)\n$/);
  });

  const bad: [string[], RegExp][] = [
    [['--from', 'x.jsonl', '--pretty', '--format', 'shiviz', '--out', 'y'], /^sim: --from FILE --pretty prints the trace: --out, --format and --quiet are not allowed with it$/],
    [['ping-pong', '--pretty=yes'], /^sim: --pretty takes no value$/],
    [['ping-pong', '--pretty', '--pretty'], /^sim: --pretty given more than once$/],
  ];
  it.each(bad)('bad: %j', (args, message) => {
    const r = simInProcess(...args);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});

describe('scenario options', () => {
  /** A scenario of this test's own, so that the parser is seen to be generic. */
  const toy = {
    id: 'toy',
    options: {
      flags: [
        {
          name: '--level', arg: 'N', help: 'how loud the toy is',
          parse: (v: string, c: Readonly<Record<string, unknown>>) => (/^[0-9]$/.test(v) ? { ...c, level: Number(v) } : `"${v}" is not a level from 0 to 9`),
        },
        {
          name: '--tag', arg: 'WORD', help: 'a tag', repeatable: true,
          parse: (v: string, c: Readonly<Record<string, unknown>>) => ({ ...c, tags: [...((c.tags as string[] | undefined) ?? []), v] }),
        },
      ],
      configure: () => {
        throw new ScenarioConfigError('', 'not needed here');
      },
    },
  } as unknown as Scenario;
  const scenarios = [{ id: 'ping-pong' }, toy];

  it('are parsed by the scenario, in order, into its configuration', () => {
    expect(parseSimArgs(['toy', '--tag', 'a', '--level=3', '--tag', 'b'], scenarios, NO_FILES)).toEqual({
      kind: 'run', args: { scenario: 'toy', quiet: false, pretty: false, scenarioConfig: { tags: ['a', 'b'], level: 3 } },
    });
    expect(parseSimArgs(['toy'], scenarios, NO_FILES)).toEqual({ kind: 'run', args: { scenario: 'toy', quiet: false, pretty: false } });
  });

  it('give one-line errors naming the option', () => {
    const err = (...argv: string[]) => parseSimArgs(argv, scenarios, NO_FILES);
    expect(err('toy', '--level', 'x')).toEqual({ kind: 'error', error: '--level: "x" is not a level from 0 to 9' });
    expect(err('toy', '--level')).toEqual({ kind: 'error', error: '--level needs a value' });
    expect(err('toy', '--level', '1', '--level', '2')).toEqual({ kind: 'error', error: '--level given more than once' });
    expect(err('ping-pong', '--tag', 'a')).toEqual({ kind: 'error', error: '--tag is only for the toy scenario' });
    expect(err('toy', '--lvl', '1')).toEqual({ kind: 'error', error: 'unknown option "--lvl" (try --help)' });
    expect(err('--from', 'f', '--format', 'shiviz', '--out', 'o', '--tag', 'a')).toEqual({
      kind: 'error', error: "--from takes the run's options from the trace's header: --tag is not allowed",
    });
  });

  it('--help lists each scenario\'s options under it', () => {
    const text = usage(scenarios);
    expect(text).toMatch(/\ntoy options:\n {2}--level N +how loud the toy is\n {2}--tag WORD +a tag \(repeatable\)\n/);
    const r = simInProcess('--help');
    const withOptions = SCENARIOS.filter((s) => s.options !== undefined);
    expect(withOptions.map((s) => s.id)).toContain('dns-proxy');
    for (const s of withOptions) {
      expect(r.stdout).toContain(`\n${s.id} options:\n`);
      for (const f of s.options!.flags) expect(r.stdout).toContain(`\n  ${f.name} ${f.arg}`);
    }
  });

  it('no registered scenario option is shadowed by a generic one', () => {
    for (const s of SCENARIOS) {
      for (const f of s.options?.flags ?? []) {
        expect(parseSimArgs(['ping-pong', f.name, 'v'], SCENARIOS, NO_FILES)).toEqual({ kind: 'error', error: `${f.name} is only for the ${s.id} scenario` });
      }
    }
  });

  it('src/cli knows no scenario by name and imports nothing from a scenario\'s parts', () => {
    const cliDir = join(CWD, 'src/cli');
    const files = readdirSync(cliDir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('sim-main.ts');
    for (const f of files) {
      const text = readFileSync(join(cliDir, f), 'utf8');
      expect(text, f).not.toContain('dns-proxy');
      expect(text, f).not.toMatch(/from '\.\.\/scenarios\/(?!index\.ts'|types\.ts')/);
    }
  });
});

describe('--world confinement', () => {
  it('refuses a world whose zone file is a symbolic link leading out of its directory', () => {
    const world = mkdtempSync(join(tmpdir(), 'os2-world-'));
    const outside = mkdtempSync(join(tmpdir(), 'os2-outside-'));
    try {
      const from = join(CWD, 'src/scenarios/dns/worlds/default');
      for (const f of readdirSync(from)) writeFileSync(join(world, f), readFileSync(join(from, f)));
      // root.zone becomes a link to a copy of itself outside the world: same content, wrong place.
      writeFileSync(join(outside, 'root.zone'), readFileSync(join(from, 'root.zone')));
      rmSync(join(world, 'root.zone'));
      symlinkSync(join(outside, 'root.zone'), join(world, 'root.zone'));
      const r = simInProcess('dns-proxy', '--world', world, '--quiet');
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/root\.zone/);
      expect(r.stderr).toMatch(/outside|leads out/);
      // The same world with the file in place loads.
      rmSync(join(world, 'root.zone'));
      writeFileSync(join(world, 'root.zone'), readFileSync(join(from, 'root.zone')));
      expect(simInProcess('dns-proxy', '--world', world, '--quiet').status).toBe(0);
    } finally {
      rmSync(world, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('scenario options in the trace header', () => {
  const WORLD = 'src/scenarios/dns/worlds/default';
  const file = join(dir, 'dns-custom.jsonl');
  const queries = ['blog.test A', 'nope.shop.test MX @500'];
  let run: Result;
  beforeAll(() => {
    run = simInProcess('dns-proxy', '--world', join(CWD, WORLD), '--query', queries[0]!, '--query', queries[1]!, '--quiet', '--out', file);
  });
  const lines = () => readFileSync(file, 'utf8').split('\n');
  const withHeader = (name: string, edit: (h: { scenario: string; options: Record<string, unknown> }) => void): string => {
    const ls = lines();
    const h = JSON.parse(ls[0]!);
    edit(h);
    const out = join(dir, name);
    writeFileSync(out, [JSON.stringify(h), ...ls.slice(1)].join('\n'));
    return out;
  };

  it('are recorded as options.scenario: the world\'s files as read and the queries as parsed', () => {
    expect([run.status, run.stderr]).toEqual([0, '']);
    const h = JSON.parse(lines()[0]!);
    const files = h.options.scenario.world.files as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(readdirSync(join(CWD, WORLD)).sort());
    for (const [name, text] of Object.entries(files)) expect(text).toBe(readFileSync(join(CWD, WORLD, name), 'utf8'));
    expect(h.options.scenario).toEqual({ world: { dir: join(CWD, WORLD), files }, queries: ['blog.test. A', 'nope.shop.test. MX @500'] });
    // a run without scenario options has no such key (its header is as before)
    const plain = join(dir, 'dns-plain.jsonl');
    expect(simInProcess('dns-proxy', '--quiet', '--max-steps', '5', '--out', plain).status).toBe(0);
    expect(JSON.parse(readFileSync(plain, 'utf8').split('\n')[0]!).options).not.toHaveProperty('scenario');
  });

  it('--replay configures the scenario from them: identical; with other options it differs', () => {
    const same = simInProcess('--replay', file, '--quiet');
    expect([same.status, same.stderr]).toEqual([0, '']);
    const other = withHeader('dns-other-query.jsonl', (h) => {
      (h.options.scenario as { queries: string[] }).queries[0] = 'www.shop.test. A';
    });
    const r = simInProcess('--replay', other);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^sim: replay of .*dns-other-query\.jsonl: step \d+/);
    const none = withHeader('dns-no-options.jsonl', (h) => {
      delete h.options.scenario;
    });
    expect(simInProcess('--replay', none).status).toBe(1);
  });

  it('a header whose options.scenario does not configure the scenario is invalid (exit 2, naming the field)', () => {
    const badQuery = withHeader('dns-bad-query.jsonl', (h) => {
      (h.options.scenario as { queries: string[] }).queries[1] = 'nope.shop.test';
    });
    expect(simInProcess('--replay', badQuery)).toMatchObject({
      status: 2, stderr: expect.stringMatching(/: line 1, field options\.scenario\.queries\.1: query "nope\.shop\.test" must be "NAME TYPE \[@MS\]"\n$/),
    });
    const unknown = withHeader('dns-unknown-option.jsonl', (h) => {
      (h.options.scenario as Record<string, unknown>).colour = 'blue';
    });
    expect(simInProcess('--replay', unknown).stderr).toMatch(/: line 1, field options\.scenario: .*colour/);
    const noOptions = withHeader('pp-options.jsonl', (h) => {
      h.scenario = 'ping-pong';
    });
    expect(simInProcess('--replay', noOptions).stderr).toMatch(/: line 1, field options\.scenario: the scenario ping-pong takes no options\n$/);
  });
});
