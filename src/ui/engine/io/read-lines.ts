/**
 * A file (Blob) read as a stream of lines: Blob.stream() decoded as UTF-8 chunk by chunk and cut by
 * LineSplitter (linear time; a line longer than MAX_LINE_CHARS is refused as soon as it passes that
 * length), so a file of any size goes through in bounded memory (one chunk and one line at a time).
 * `onLines` gets each chunk's complete lines and may await (to end a slice).
 */
import { LineSplitter } from '../../../debugger/trace/index.ts';

export interface LineProgress {
  /** Bytes read so far. */
  readonly bytes: number;
  /** The file's size. */
  readonly total: number;
}

export async function readBlobLines(
  blob: Blob,
  onLines: (lines: readonly string[], progress: LineProgress) => void | Promise<void>,
): Promise<void> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter();
  let bytes = 0;
  const total = blob.size;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (!done) bytes += value.byteLength;
      const lines: string[] = [];
      if (text !== '') splitter.push(text, (l) => lines.push(l));
      if (done) splitter.finish((l) => lines.push(l));
      if (lines.length > 0 || done) await onLines(lines, { bytes, total });
      if (done) return;
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
}
