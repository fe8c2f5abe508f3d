/**
 * How `npm run sim` reads a trace file (--replay, --from): in linear time, refusing a line longer
 * than MAX_LINE_CHARS (so /dev/zero ends), never waiting forever for data (a FIFO with no writer),
 * and naming the line of bytes that are not UTF-8.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputStalledError, NotUtf8Error, readLines } from '../../src/cli/files.ts';
import { MAX_LINE_CHARS, TraceParseError } from '../../src/debugger/trace/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'os2-file-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe('readLines', () => {
  it('cuts lines across chunks (a final newline makes no extra line)', () => {
    const file = join(dir, 'lines.txt');
    writeFileSync(file, `a\n${'b'.repeat(100)}\n\nc\r\nd`);
    expect([...readLines(file, { chunkSize: 7 })]).toEqual(['a', 'b'.repeat(100), '', 'c\r', 'd']);
    writeFileSync(file, 'x\ny\n');
    expect([...readLines(file, { chunkSize: 1 })]).toEqual(['x', 'y']);
  });

  it('names the line of bytes that are not UTF-8', () => {
    const file = join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('ok\nfine\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const e = thrown(() => [...readLines(file, { chunkSize: 4 })]);
    expect(e).toBeInstanceOf(NotUtf8Error);
    expect((e as NotUtf8Error).line).toBe(3);
  });

  it.runIf(existsSync('/dev/zero'))('/dev/zero (an endless line of NULs) is refused at MAX_LINE_CHARS, on line 1', () => {
    const e = thrown(() => [...readLines('/dev/zero')]);
    expect(e).toBeInstanceOf(TraceParseError);
    expect((e as TraceParseError).message).toBe(
      `line 1: longer than ${MAX_LINE_CHARS} characters (MAX_LINE_CHARS): not a trace line (a binary or damaged file?)`,
    );
  });

  it.runIf(process.platform !== 'win32')('a FIFO with no writer: refused after the idle time, not waited on forever', () => {
    const fifo = join(dir, 'no-writer.fifo');
    execFileSync('mkfifo', [fifo]);
    const t0 = performance.now();
    const e = thrown(() => [...readLines(fifo, { idleMs: 300 })]);
    expect(e).toBeInstanceOf(InputStalledError);
    expect((e as Error).message).toBe('no data for 0.3 s (a FIFO or pipe with no writer?)');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it.runIf(process.platform !== 'win32')('a FIFO whose writer comes a little later is read to its end', async () => {
    const fifo = join(dir, 'late-writer.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `sleep 0.3; printf 'one\\ntwo\\n' > '${fifo}'`]);
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    expect([...readLines(fifo, { idleMs: 20_000 })]).toEqual(['one', 'two']);
    await exited;
  });
});
