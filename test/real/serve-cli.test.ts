/**
 * `npm run serve` as the operator runs it (issue 18, item 5): the real command in a child process,
 * waited on through the lines it prints. --host binds that address and no other (loopback by
 * default; an address this machine does not have fails with exit 1 and leaves no file); Ctrl-C
 * (SIGINT, twice; also with a client that never reads) and SIGTERM end the run cleanly — every real client closed, every process of the
 * ground VM told (quit with reason shutdown, its peers see absence), the port closed, the trace
 * whole and replaying; the trace limit stops the trace at a whole step with a message, the run going
 * on unrecorded, the file whole and replaying.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TRACE_RECORDS, parseServeArgs } from '../../src/cli/serve-main.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { lineClient, startServe } from '../helpers/serve-process.ts';

/** Each test starts a Node process (tsx) and talks to it: generous, as starting alone can take 10 s on a loaded machine. */
const TIMEOUT_MS = 120_000;

interface Line {
  readonly [k: string]: unknown;
}

/** A trace file as lines of JSON (each must parse: the file is whole), split into header, records, steps and end. */
function readTrace(file: string) {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Line);
  const header = lines[0] as { inputs: readonly Line[] };
  return {
    text, header,
    records: lines.filter((l) => 'kind' in l),
    steps: lines.filter((l) => 'step' in l),
    end: lines.at(-1)!,
  };
}

/** Does a connection to host:port get refused? */
async function refused(port: number, host: string): Promise<boolean> {
  return lineClient(port, host).then((c) => {
    c.socket.destroy();
    return false;
  }, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
}

const dir = mkdtempSync(join(tmpdir(), 'os2-serve-cli-'));

describe('parseServeArgs: serve\'s own flags', () => {
  const parsed = (...argv: string[]) => {
    const a = parseServeArgs(['tcp-echo', ...argv]);
    return typeof a === 'string' ? a : { host: a.host, tcpPort: a.tcpPort, forSeconds: a.forSeconds, traceLimit: a.traceLimit };
  };
  it('defaults: loopback, system-picked ports, no end, the full trace limit', () => {
    expect(parsed()).toEqual({ host: '127.0.0.1', tcpPort: 0, forSeconds: null, traceLimit: MAX_TRACE_RECORDS });
  });
  it('takes each in range, and says what a value out of range needs', () => {
    expect(parsed('--host', '::1', '--tcp-port', '65535', '--for', '86400', '--trace-limit', '1'))
      .toEqual({ host: '::1', tcpPort: 65_535, forSeconds: 86_400, traceLimit: 1 });
    expect(parsed('--trace-limit', String(MAX_TRACE_RECORDS + 1))).toBe(`--trace-limit needs a number of records 1 … ${MAX_TRACE_RECORDS}`);
    expect(parsed('--trace-limit', '1e3')).toBe(`--trace-limit needs a number of records 1 … ${MAX_TRACE_RECORDS}`);
    expect(parsed('--for', '0')).toBe('--for needs a number of seconds 1 … 86400');
    expect(parsed('--tcp-port', '65536')).toBe('--tcp-port needs a port number 0 … 65535');
    expect(parsed('--host', '')).toBe('--host needs a value');
    expect(parsed('--out')).toBe('--out needs a value');
    expect(parsed('--world', 'x')).toMatch(/^--world "x" is not understood\n/);
  });
});

describe('npm run serve: --host', () => {
  it('binds loopback 127.0.0.1 by default, and only it', async () => {
    const p = startServe(['tcp-echo']);
    const port = await p.port('tcp');
    await p.line(/^tcp-echo: running on real sockets; Ctrl-C ends it$/);
    expect(await refused(port, '127.0.0.2')).toBe(true);
    const c = await lineClient(port, '127.0.0.1');
    expect(await c.say('hi')).toBe('You said: hi');
    p.child.kill('SIGINT');
    expect((await p.exited).code).toBe(0);
  }, TIMEOUT_MS);

  it('--host 127.0.0.2 serves there and not on 127.0.0.1', async () => {
    const p = startServe(['tcp-echo', '--host', '127.0.0.2']);
    const [, host, port] = await p.line(/^serving tcp (\S+):(\d+) \(the program's port 5999\)$/);
    expect(host).toBe('127.0.0.2');
    expect(await refused(Number(port), '127.0.0.1')).toBe(true);
    const c = await lineClient(Number(port), '127.0.0.2');
    expect(await c.say('there')).toBe('You said: there');
    p.child.kill('SIGINT');
    expect((await p.exited).code).toBe(0);
  }, TIMEOUT_MS);

  it('an address this machine does not have: exit 1, one line naming it, no trace file and no temporary left', async () => {
    const sub = mkdtempSync(join(dir, 'nohost-'));
    const out = join(sub, 'never.jsonl');
    const e = await startServe(['tcp-echo', '--host', '192.0.2.1', '--out', out]).exited;
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/^serve: cannot serve tcp 192\.0\.2\.1:0 \(the program's port 5999\): listen EADDRNOTAVAIL/);
    expect(e.stdout.filter((l) => l.startsWith('serving'))).toEqual([]);
    expect(readdirSync(sub)).toEqual([]);
  }, TIMEOUT_MS);

  it('bad arguments: exit 2 with the problem', async () => {
    const e = await startServe(['tcp-echo', '--trace-limit', '0']).exited;
    expect(e.code).toBe(2);
    expect(e.stderr).toBe(`serve: --trace-limit needs a number of records 1 … ${MAX_TRACE_RECORDS}\n`);
  }, TIMEOUT_MS);
});

describe('npm run serve: Ctrl-C and SIGTERM end the run cleanly', () => {
  it('SIGINT (twice): clients closed, every ground process quits with reason shutdown, port closed, trace whole and replaying', async () => {
    const out = join(dir, 'sigint.jsonl');
    const p = startServe(['tcp-echo', '--out', out]);
    const port = await p.port('tcp');
    const a = await lineClient(port);
    const b = await lineClient(port);
    expect(await a.say('one')).toBe('You said: one');
    expect(await b.say('two')).toBe('You said: two');
    b.socket.write('half a line, never ended');
    p.child.kill('SIGINT');
    p.child.kill('SIGINT'); // a second Ctrl-C changes nothing: the run is already ending
    await Promise.all([a.closed, b.closed]);
    const e = await p.exited;
    expect([e.code, e.signal]).toEqual([0, null]);
    expect(e.stderr).toBe('');
    expect(e.stdout.slice(-2)).toEqual([
      expect.stringMatching(/^stopped after \d+ steps and \d+ real events$/),
      `trace: ${out} (the whole run; replays against the simulated ground)`,
    ]);
    expect(await refused(port, '127.0.0.1')).toBe(true);

    const t = readTrace(out);
    expect(t.end).toMatchObject({ end: true, steps: t.steps.length - 1, records: t.records.length });
    // Both clients' connections end as a peer close, before the processes are told.
    const inputs = t.header.inputs;
    const eofs = inputs.flatMap((i, k) => (i.kind === 'external' && (i.event as Line).type === 'tcp-eof' ? [k] : []));
    const kills = inputs.flatMap((i, k) => (i.kind === 'kill' ? [k] : []));
    expect(eofs).toHaveLength(2);
    expect(Math.max(...eofs)).toBeLessThan(Math.min(...kills));
    // Every process of the ground VM alive at the end quits with reason shutdown, and only by a kill input.
    const ground = t.records.filter((r) => Array.isArray(r.vm) && r.vm.length === 0);
    const ended = new Set([
      ...ground.filter((r) => r.kind === 'quit' && (r.reason as Line).struct !== 'shutdown').map((r) => r.pid),
      ...ground.flatMap((r) => (r.kind === 'gc' ? (r.pids as number[]) : [])),
    ]);
    const alive = new Set(ground.filter((r) => r.kind === 'boot' && !ended.has(r.pid)).map((r) => r.pid));
    expect(alive.size).toBeGreaterThanOrEqual(3); // the timer and TCP drivers and the echo listener at least
    expect(new Set(kills.map((k) => inputs[k]!.pid))).toEqual(alive);
    const shutdown = t.records.filter((r) => r.kind === 'quit' && (r.reason as Line).struct === 'shutdown');
    expect(new Set(shutdown.map((r) => r.pid))).toEqual(alive);
    // Their peers saw them go: absences delivered after the first kill.
    const firstKill = t.records.findIndex((r) => r.kind === 'ground-event' && r.source === 'user kill');
    expect(t.records.slice(firstKill).some((r) => r.kind === 'deliver' && (r.event as Line).type === 'absence')).toBe(true);

    const r = replayTrace(t.text, SCENARIOS);
    expect(r.ok).toBe(true);
    expect(r.ok && r.steps).toBe(t.steps.length);
  }, TIMEOUT_MS);

  it('SIGINT while a client never reads what it is sent: still a clean end and a whole trace', async () => {
    const out = join(dir, 'stalled.jsonl');
    const p = startServe(['tcp-echo', '--out', out]);
    const port = await p.port('tcp');
    const stalled = await lineClient(port);
    stalled.socket.pause();
    stalled.socket.write(`${'x'.repeat(1000)}\n`.repeat(100));
    const other = await lineClient(port);
    expect(await other.say('still here')).toBe('You said: still here');
    p.child.kill('SIGINT');
    await other.closed;
    const e = await p.exited;
    expect(e.code).toBe(0);
    // The stalled client sees its end once it reads again (a paused socket hears nothing).
    stalled.socket.resume();
    await stalled.closed;
    expect(e.stdout.at(-1)).toBe(`trace: ${out} (the whole run; replays against the simulated ground)`);
    expect(replayTrace(readTrace(out).text, SCENARIOS).ok).toBe(true);
  }, 2 * TIMEOUT_MS); // a hundred lines to echo and to re-execute: long on a loaded machine

  it('SIGTERM ends it the same way', async () => {
    const out = join(dir, 'sigterm.jsonl');
    const p = startServe(['tcp-echo', '--out', out]);
    const c = await lineClient(await p.port('tcp'));
    expect(await c.say('bye')).toBe('You said: bye');
    p.child.kill('SIGTERM');
    await c.closed;
    expect((await p.exited).code).toBe(0);
    const t = readTrace(out);
    expect(t.header.inputs.filter((i) => i.kind === 'kill').length).toBeGreaterThanOrEqual(3);
    expect(replayTrace(t.text, SCENARIOS).ok).toBe(true);
  }, TIMEOUT_MS);
});

describe('npm run serve: the trace limit', () => {
  it('stops the trace at a whole step within the limit, says so once, serves on; the file is whole and replays', async () => {
    const out = join(dir, 'limit.jsonl');
    // tcp-echo boots in about 40 records and each echoed line costs about 30: the limit falls within a few lines.
    const limit = 150;
    const p = startServe(['tcp-echo', '--out', out, '--trace-limit', String(limit)]);
    const c = await lineClient(await p.port('tcp'));
    for (let i = 0; i < 4; i++) expect(await c.say(`before ${i}`)).toBe(`You said: before ${i}`);
    const [, step, kept] = await p.line(/^trace limit reached: the trace stops at step (\d+) \((\d+) records; the limit is 150\); the run goes on unrecorded$/);
    expect(Number(kept)).toBeLessThanOrEqual(limit);
    // The run goes on: the server still answers.
    for (let i = 0; i < 4; i++) expect(await c.say(`after ${i}`)).toBe(`You said: after ${i}`);
    p.child.kill('SIGINT');
    const e = await p.exited;
    expect(e.code).toBe(0);
    expect(e.stdout.filter((l) => l.startsWith('trace limit reached'))).toHaveLength(1);
    const [, total] = e.stdout.at(-2)!.match(/^stopped after (\d+) steps/)!;
    expect(e.stdout.at(-1)).toBe(`trace: ${out} (steps 1 … ${step} of ${total}: the trace limit; replays against the simulated ground)`);
    expect(Number(total)).toBeGreaterThan(Number(step));

    const t = readTrace(out);
    expect(t.end).toEqual({ end: true, status: 'limit', steps: Number(step), records: Number(kept) });
    expect(t.records).toHaveLength(Number(kept));
    expect(t.records.length).toBeLessThanOrEqual(limit);
    expect(t.text).not.toContain('after 0');
    const r = replayTrace(t.text, SCENARIOS);
    expect(r.ok && [r.steps, r.records, r.status]).toEqual([Number(step) + 1, Number(kept), 'limit']);
    expect(existsSync(out)).toBe(true);
  }, TIMEOUT_MS);
});
