/**
 * File input for `npm run sim`, synchronous and streaming: lines read in 64 KiB chunks (linear time,
 * bounded line length, never waiting forever for data). Output files are written by output.ts.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LineSplitter } from '../debugger/trace/index.ts';

/** A file that cannot be read as UTF-8 text, with the line where that was found. */
export class NotUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: not valid UTF-8 text`);
    this.name = 'NotUtf8Error';
  }
}

/** Lines of a file; close() releases the file if the lines are not read to the end. */
export interface LineSource extends Iterable<string> {
  close(): void;
}

/** How long reading waits for data that does not come (a FIFO or pipe with no writer), in ms. */
export const READ_IDLE_MS = 10_000;
/** How long one wait for data sleeps before trying again, in ms. */
const READ_POLL_MS = 20;

/** A file that sent no data for READ_IDLE_MS: a FIFO or pipe with no writer, or a stalled one. */
export class InputStalledError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data for ${idleMs / 1000} s (a FIFO or pipe with no writer?)`);
    this.name = 'InputStalledError';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * One chunk of the file into `buf`: the byte count, 0 at the end. The file is open non-blocking, so
 * a FIFO or pipe without data answers at once; reading waits for it up to `idleMs`. A FIFO with no
 * writer yet reads as empty: until its first byte, that is waited for too.
 */
function readChunk(fd: number, buf: Buffer, fifo: boolean, started: boolean, idleMs: number): number {
  const since = performance.now();
  for (;;) {
    let n: number | null;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EAGAIN') throw e;
      n = null;
    }
    if (n !== null && (n > 0 || started || !fifo)) return n;
    if (performance.now() - since >= idleMs) throw new InputStalledError(idleMs);
    Atomics.wait(sleeper, 0, 0, READ_POLL_MS);
  }
}

/**
 * The lines of a file (without "\n"; a final newline makes no extra line), read in chunks and cut by
 * LineSplitter, so that a file of any size streams in linear time and a line longer than
 * MAX_LINE_CHARS is refused (TraceParseError) before it is held; reading never waits more than
 * `idleMs` for data. The file is opened at once (so a missing file throws here) and closed when the
 * iteration ends, early or not, or by close().
 */
export function readLines(path: string, o: { chunkSize?: number; idleMs?: number } = {}): LineSource {
  let handle: number | null = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const fifo = fstatSync(handle).isFIFO();
  const close = (): void => {
    if (handle !== null) closeSync(handle);
    handle = null;
  };
  function* lines(): Generator<string> {
    if (handle === null) return;
    const fd = handle;
    try {
      const buf = Buffer.alloc(o.chunkSize ?? 1 << 16);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const splitter = new LineSplitter();
      const out: string[] = [];
      for (let started = false; ; started = true) {
        const n = readChunk(fd, buf, fifo, started, o.idleMs ?? READ_IDLE_MS);
        let text: string;
        try {
          text = n === 0 ? decoder.decode() : decoder.decode(buf.subarray(0, n), { stream: true });
        } catch {
          throw new NotUtf8Error(splitter.lines + 1);
        }
        splitter.push(text, (l) => out.push(l));
        if (n === 0) splitter.finish((l) => out.push(l));
        yield* out;
        out.length = 0;
        if (n === 0) return;
      }
    } finally {
      close();
    }
  }
  return { [Symbol.iterator]: lines, close };
}
