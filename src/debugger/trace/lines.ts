/**
 * Cutting a trace's text into lines (docs/trace-format.md, "Reading a file"): in linear time, and
 * never holding a line longer than MAX_LINE_CHARS.
 *
 * Rules:
 *   - A line is the text before a "\n"; a final newline does not make an extra empty line, any other
 *     empty line is kept (and the reader refuses it).
 *   - The text of a line that spans chunks is kept as a list of pieces and joined once, when its
 *     newline comes (concatenating onto a growing buffer and searching it again is quadratic).
 *   - A line longer than MAX_LINE_CHARS is refused (TraceParseError naming it) as soon as the scan
 *     passes that length, so an endless line (/dev/zero) is stopped, not held.
 */
import { TraceParseError } from './errors.ts';

/** Characters one line may have: a trace line this long is a damaged or foreign file. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

function tooLong(line: number, max: number): TraceParseError {
  return new TraceParseError(line, null, `longer than ${max} characters (MAX_LINE_CHARS): not a trace line (a binary or damaged file?)`);
}

/** Splits text that arrives in chunks into lines (without "\n"), for TraceReader. Throws TraceParseError. */
export class LineSplitter {
  private readonly pieces: string[] = [];
  private open = 0;
  private emitted = 0;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  /** Lines emitted so far. */
  get lines(): number {
    return this.emitted;
  }

  push(chunk: string, out: (line: string) => void): void {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      if (this.open + (nl - from) > this.maxChars) throw tooLong(this.emitted + 1, this.maxChars);
      const piece = chunk.slice(from, nl);
      let line = piece;
      if (this.pieces.length > 0) {
        this.pieces.push(piece);
        line = this.pieces.join('');
        this.pieces.length = 0;
        this.open = 0;
      }
      this.emitted++;
      out(line);
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.open += chunk.length - from;
      if (this.open > this.maxChars) throw tooLong(this.emitted + 1, this.maxChars);
      this.pieces.push(chunk.slice(from));
    }
  }

  /** The input is over: emits the last line if it had no newline. */
  finish(out: (line: string) => void): void {
    if (this.pieces.length === 0) return;
    const line = this.pieces.join('');
    this.pieces.length = 0;
    this.open = 0;
    this.emitted++;
    out(line);
  }
}

/** The lines of a whole text, as LineSplitter cuts them. Throws TraceParseError for a line too long. */
export function* linesOf(text: string, maxChars = MAX_LINE_CHARS): Generator<string> {
  let from = 0;
  let line = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    if (nl < 0 && from >= text.length) return;
    line++;
    if (end - from > maxChars) throw tooLong(line, maxChars);
    yield text.slice(from, end);
    if (nl < 0) return;
    from = nl + 1;
  }
}
