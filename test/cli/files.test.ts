/**
 * `npm run sim` never loses a file and fails in one line: --out equal to an input, failed
 * conversions over an existing file, a real full or read-only disk (a small tmpfs, where this
 * machine lets the test mount one), a closed stdout, hostile lengths in messages.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ECHO_CHARS, MAX_MESSAGE_CHARS, failure, lineFailure, quote } from '../../src/cli/sim-io.ts';
import { MAX_VALUE_CHARS } from '../../src/cli/sim-args.ts';
import { runSim } from '../../src/cli/sim-main.ts';

const CWD = fileURLToPath(new URL('../..', import.meta.url));
const SIM = ['--import', 'tsx', 'src/cli/sim.ts'];
const WORLD = join(CWD, 'src/scenarios/dns/worlds/default');

function simInProcess(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runSim(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const sim = (...args: string[]) => spawnSync(process.execPath, [...SIM, ...args], { cwd: CWD, encoding: 'utf8', timeout: 60_000 });

/** Every entry of `dir` and its bytes: what a failure must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((n) => {
    const st = fs.lstatSync(join(dir, n));
    return [n, st.isSymbolicLink() ? `-> ${fs.readlinkSync(join(dir, n))}` : st.isFile() ? fs.readFileSync(join(dir, n), 'latin1') : 'dir'];
  }));
}

const root = fs.mkdtempSync(join(tmpdir(), 'os2-sim-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const trace = join(root, 'trace.jsonl');
beforeAll(() => {
  expect(simInProcess('tcp-echo', '--quiet', '--out', trace).status).toBe(0);
});

describe('--out never replaces an input, nor a file when the command fails', () => {
  it('--from F --out F, or another name of F, is refused and F is untouched', () => {
    const dir = fs.mkdtempSync(join(root, 'same-'));
    fs.copyFileSync(trace, join(dir, 'f.jsonl'));
    fs.symlinkSync('f.jsonl', join(dir, 'link'));
    fs.linkSync(join(dir, 'f.jsonl'), join(dir, 'hard'));
    const before = snapshot(dir);
    for (const [from, out] of [['f.jsonl', 'f.jsonl'], ['f.jsonl', 'link'], ['link', 'hard'], ['hard', `../${dir.split('/').pop()}/f.jsonl`]] as const) {
      for (const format of ['native', 'mermaid']) {
        const r = simInProcess('--from', join(dir, from), '--format', format, '--out', join(dir, out));
        expect([r.status, r.stdout]).toEqual([2, '']);
        expect(r.stderr).toBe(`sim: --out file ${quote(join(dir, out))} is the input file ${quote(join(dir, from))}: write the output to another file\n`);
      }
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('a run does not write over a file its --world read', () => {
    const dir = fs.mkdtempSync(join(root, 'world-'));
    fs.cpSync(WORLD, dir, { recursive: true });
    const before = snapshot(dir);
    const r = simInProcess('dns-proxy', '--world', dir, '--quiet', '--out', join(dir, 'world.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sim: --out file ".*world\.json" is the input file ".*world\.json": write the output to another file\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a failed conversion leaves the existing --out files as they were, with no temporary file', () => {
    const dir = fs.mkdtempSync(join(root, 'failed-'));
    fs.writeFileSync(join(dir, 'bad.jsonl'), fs.readFileSync(trace, 'utf8').split('\n').slice(0, 12).join('\n') + '\n');
    fs.writeFileSync(join(dir, 'run.mmd'), 'part one the user had');
    fs.writeFileSync(join(dir, 'run.2.mmd'), 'part two the user had');
    const before = snapshot(dir);
    for (const format of ['mermaid', 'native', 'perfetto']) {
      const r = simInProcess('--from', join(dir, 'bad.jsonl'), '--format', format, '--out', join(dir, 'run.mmd'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/bad\.jsonl: line 13: the file ends without its end line \(truncated\?\)\n$/);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('input files that would block or never end are refused at once: a FIFO, a device, a world file that is a FIFO', () => {
    const dir = fs.mkdtempSync(join(root, 'fifo-'));
    fs.mkdirSync(join(dir, 'w'));
    for (const f of ['fifo', 'w/world.json']) expect(spawnSync('mkfifo', [join(dir, f)]).status).toBe(0);
    expect(simInProcess('--replay', join(dir, 'fifo')).stderr).toBe(`sim: --replay ${quote(join(dir, 'fifo'))} is a FIFO, not a regular file\n`);
    expect(simInProcess('--from', join(dir, 'fifo'), '--pretty').status).toBe(2);
    expect(simInProcess('--replay', '/dev/zero').stderr).toBe('sim: --replay "/dev/zero" is a device, not a regular file\n');
    const w = simInProcess('dns-proxy', '--world', join(dir, 'w'));
    expect([w.status, w.stderr]).toEqual([2, `sim: --world: ${join(dir, 'w', 'world.json')}:1: cannot read the file\n`]);
  });
});

describe('one line, bounded', () => {
  it('no message echoes more than MAX_ECHO_CHARS of what the user gave', () => {
    const huge = '9'.repeat(100_000);
    const cases = [
      ['ping-pong', '--seed', huge], ['ping-pong', '--max-steps', `-${huge}`], [`--${'x'.repeat(10_000)}`], ['x'.repeat(10_000)],
      ['ping-pong', 'y'.repeat(10_000)], ['ping-pong', '--loss', huge], ['ping-pong', '--format', huge, '--out', 'x'],
      ['ping-pong', '--format', 'x'.repeat(4000), '--out', 'x'], ['ping-pong', '--seed', '-'.repeat(4000)],
      ['--replay', `/nonexistent/${'z'.repeat(4000)}`], ['ping-pong', '--out', `/nonexistent/${'z'.repeat(4000)}`],
      ['dns-proxy', '--query', huge], ['dns-proxy', '--world', `/nonexistent/${'z'.repeat(10_000)}`],
    ];
    for (const args of cases) {
      const r = simInProcess(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^sim: [^\n]*\n$/);
      expect(r.stderr).not.toMatch(new RegExp(`[-9xyz]{${MAX_ECHO_CHARS + 1}}`));
    }
    expect(simInProcess('ping-pong', '--seed', huge).stderr).toBe(`sim: --seed: the value is 100000 characters long (at most ${MAX_VALUE_CHARS})\n`);
    expect(simInProcess('ping-pong', '--seed', huge.slice(0, 1000)).stderr).toBe(`sim: --seed must be at most 4294967295, got ${'9'.repeat(MAX_ECHO_CHARS)}…\n`);
    // A scenario's own messages (dns-proxy's --query, --world) may echo the value: the line stays bounded.
    const q = simInProcess('dns-proxy', '--query', 'q'.repeat(MAX_VALUE_CHARS)).stderr;
    expect(q).toMatch(/^sim: --query: query "q+…\n$/);
    expect(q).toHaveLength(MAX_MESSAGE_CHARS + 'sim: \n'.length);
    const w = simInProcess('dns-proxy', '--world', `/nonexistent/${'z'.repeat(4000)}`).stderr;
    expect(w).toMatch(/^sim: --world: \/nonexistent\/z+…\n$/);
    expect(w).toHaveLength(MAX_MESSAGE_CHARS + 'sim: \n'.length);
  });

  it('a failure is one line whatever the message holds; an internal error is one line too, without its stack', () => {
    let err = '';
    const fail = lineFailure({ stdout: () => {}, stderr: (t) => (err += t) });
    expect(fail('a\nb\r\nc\u2028d   \n  e', 2)).toBe(2);
    expect(err).toBe('sim: a b c d e\n');
    err = '';
    fail('m'.repeat(5000), 2);
    expect(err).toBe(`sim: ${'m'.repeat(MAX_MESSAGE_CHARS - 1)}…\n`);
    err = '';
    expect(failure(new Error('boom\n    at somewhere (x.ts:1:2)'), fail)).toBe(1);
    expect(err).toBe('sim: internal error: boom at somewhere (x.ts:1:2)\n');
    err = '';
    const hostile = { toString: () => { throw new Error('no'); } };
    expect(failure(hostile, fail)).toBe(1);
    expect(err).toBe('sim: internal error: a value that cannot be printed\n');
    expect(quote('\u001b[2J\n')).toBe('"\\u001b[2J\\n"');
    expect(quote('😀'.repeat(100))).toBe(JSON.stringify('😀'.repeat(MAX_ECHO_CHARS / 2) + '…'));
    expect(quote('a' + '😀'.repeat(100))).toBe(JSON.stringify('a' + '😀'.repeat(MAX_ECHO_CHARS / 2 - 1) + '…'));
  });

  it('a closed stdout (`| head`) stops the run in one line, exit 2, and its --out is not written', async () => {
    const dir = fs.mkdtempSync(join(root, 'pipe-'));
    const child = spawn(process.execPath, [...SIM, 'dns-proxy', '--pretty', '--out', join(dir, 'run.jsonl')], { cwd: CWD });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect([code, stderr]).toEqual([2, 'sim: cannot write to standard output (EPIPE)\n']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

/** A tiny tmpfs, if this machine lets the test mount one (root in a container that allows it). */
function mountTmpfs(dir: string, sizeKb: number): boolean {
  fs.mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]).status === 0;
}

describe('a real full or read-only disk', () => {
  const mnt = join(root, 'mnt');
  const mounted = process.platform === 'linux' && process.getuid?.() === 0 && mountTmpfs(mnt, 128);
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it.skipIf(!mounted)('ENOSPC while a run streams, or a split export is written: one line, exit 2, the old files intact, no temporary file', () => {
    fs.writeFileSync(join(mnt, 'run.jsonl'), 'the trace the user had\n');
    fs.writeFileSync(join(mnt, 'run.mmd'), 'part 1 the user had\n');
    fs.writeFileSync(join(mnt, 'run.2.mmd'), 'part 2 the user had\n');
    const before = snapshot(mnt);
    const r = sim('dns-proxy', '--quiet', '--out', join(mnt, 'run.jsonl')); // megabytes into 128 KB
    expect([r.status, r.stderr]).toEqual([2, `sim: cannot write --out file ${quote(join(mnt, 'run.jsonl'))} (ENOSPC)\n`]);
    expect(snapshot(mnt)).toEqual(before);
    const c = sim('dns-proxy', '--quiet', '--format', 'mermaid', '--out', join(mnt, 'run.mmd')); // 4 parts of 50 KB
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/^sim: cannot write --out file ".*run\.[2-4]\.mmd" \(ENOSPC\)\n$/);
    expect(snapshot(mnt)).toEqual(before);
  });

  it.skipIf(!mounted)('EROFS on a read-only mount: one line, exit 2, nothing changed', () => {
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const before = snapshot(mnt);
    const r = sim('ping-pong', '--quiet', '--out', join(mnt, 'run.jsonl'));
    expect([r.status, r.stderr]).toEqual([2, `sim: cannot write --out file ${quote(join(mnt, 'run.jsonl'))} (EROFS)\n`]);
    expect(snapshot(mnt)).toEqual(before);
  });
});
