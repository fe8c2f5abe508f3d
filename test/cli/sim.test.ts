/** `npm run sim`: the headless runner, run as a child process, plus its pure argument and report helpers. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimArgs } from '../../src/cli/sim-args.ts';
import { runSim } from '../../src/cli/sim-main.ts';
import { quoteBytes, transcriptLine } from '../../src/cli/sim-report.ts';
import { parseTraceLines } from '../../src/debugger/trace/index.ts';
import { bytes, pid, struct, type RecordId, type Term, type TraceRecord } from '../../src/kernel/index.ts';
import { SCENARIOS, findScenario } from '../../src/scenarios/index.ts';

/** The repository root (of this checkout, wherever it is). */
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
    expect(header).toMatchObject({ format: 'os2-lab-trace', version: 3, scenario: 'ping-pong', seed: 1, inputs: [] });
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
  const known = ['ping-pong', 'tcp-echo'];
  it('accepts every option in both forms', () => {
    expect(parseSimArgs(['tcp-echo', '--seed', '0', '--max-steps=10', '--until-ms', '250', '--out=t.jsonl', '--quiet'], known))
      .toEqual({ kind: 'run', args: { scenario: 'tcp-echo', seed: 0, maxSteps: 10, untilMs: 250, out: 't.jsonl', quiet: true } });
    expect(parseSimArgs(['ping-pong'], known)).toEqual({ kind: 'run', args: { scenario: 'ping-pong', quiet: false } });
    expect(parseSimArgs(['nonsense', '-h'], known)).toEqual({ kind: 'help' });
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
    const known = ['ping-pong'];
    expect(parseSimArgs(['--replay', 't.jsonl', '--quiet'], known)).toEqual({ kind: 'replay', file: 't.jsonl', quiet: true });
    expect(parseSimArgs(['--from=t.jsonl', '--format=mermaid', '--out', 'd.mmd'], known))
      .toEqual({ kind: 'convert', from: 't.jsonl', format: 'mermaid', out: 'd.mmd' });
    expect(parseSimArgs(['ping-pong', '--out', 'p.json', '--format', 'perfetto'], known))
      .toEqual({ kind: 'run', args: { scenario: 'ping-pong', quiet: false, out: 'p.json', format: 'perfetto' } });
  });
});
