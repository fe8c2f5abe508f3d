/**
 * File input for `npm run sim`, synchronous and streaming: lines read in 64 KiB chunks. (Output
 * files are written by output.ts.)
 */
import { closeSync, openSync, readSync } from 'node:fs';

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

/**
 * The lines of a file (without "\n"; a final newline makes no extra line), read in chunks so that
 * a file of any size streams. The file is opened at once (so a missing file throws here) and closed
 * when the iteration ends, early or not, or by close().
 */
export function readLines(path: string, chunkSize = 1 << 16): LineSource {
  let handle: number | null = openSync(path, 'r');
  const close = (): void => {
    if (handle !== null) closeSync(handle);
    handle = null;
  };
  function* lines(): Generator<string> {
    if (handle === null) return;
    const fd = handle;
    try {
      const buf = Buffer.alloc(chunkSize);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      let rest = '';
      let line = 0;
      for (;;) {
        const n = readSync(fd, buf, 0, chunkSize, null);
        let text: string;
        try {
          text = rest + (n === 0 ? decoder.decode() : decoder.decode(buf.subarray(0, n), { stream: true }));
        } catch {
          throw new NotUtf8Error(line + 1);
        }
        let from = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
          line++;
          yield text.slice(from, nl);
          from = nl + 1;
        }
        rest = text.slice(from);
        if (n === 0) break;
      }
      if (rest !== '') yield rest;
    } finally {
      close();
    }
  }
  return { [Symbol.iterator]: lines, close };
}
