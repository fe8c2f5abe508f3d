/**
 * What the modes of `npm run sim` share: the output streams (passed in, so that tests run the CLI
 * in-process), the one-line failure, and a line printer that writes in batches.
 */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Prints `sim: <message>` as one line on stderr and returns the exit code. */
export type Fail = (message: string, code: number) => number;

/** Lines are written to stdout in batches of this many (a long run streams, it is not held). */
export const PRINT_BATCH_LINES = 256;
/** A message shows at most this many characters of a string the user gave (an argument, a path). */
export const MAX_ECHO_CHARS = 80;
/** A failure line holds at most this many characters (whatever a deeper layer's message echoes). */
export const MAX_MESSAGE_CHARS = 600;

/** A failure the user can act on: its message is the one line, the exit code 2. */
export class SimError extends Error {
  override readonly name: string = 'SimError';
}

/** Standard output cannot be written (a closed pipe, a full disk): the run stops. */
export class StdoutError extends SimError {
  constructor(code: string) {
    super(`cannot write to standard output${code}`);
  }
}

/** `text`, cut to MAX_ECHO_CHARS characters and "…" (never inside a surrogate pair). */
export function clip(text: string): string {
  if (text.length <= MAX_ECHO_CHARS) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_ECHO_CHARS - 1]!) ? MAX_ECHO_CHARS - 1 : MAX_ECHO_CHARS;
  return text.slice(0, end) + '…';
}

/** A string the user gave, for a message: clipped, quoted, every control character escaped. */
export const quote = (text: string): string => JSON.stringify(clip(text));

/** The code of a Node file error ("ENOENT"), or undefined. */
export const errno = (e: unknown): string | undefined => {
  const code = e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** The " (ENOENT)" of a Node file error, or "". */
export const errorCode = (e: unknown): string => {
  const code = errno(e);
  return code === undefined ? '' : ` (${code})`;
};

/** The failure printer: one line (line breaks become spaces), at most MAX_MESSAGE_CHARS long. */
export function lineFailure(io: Io): Fail {
  return (message, code) => {
    const line = message.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ');
    io.stderr(`sim: ${line.length > MAX_MESSAGE_CHARS ? line.slice(0, MAX_MESSAGE_CHARS - 1) + '…' : line}\n`);
    return code;
  };
}

/** Any failure as its one line: a SimError exits 2, anything else is an internal error (exit 1). */
export function failure(e: unknown, fail: Fail): number {
  if (e instanceof SimError) return fail(e.message, 2);
  let text: string;
  try {
    text = e instanceof Error ? String(e.message) : String(e);
  } catch {
    text = 'a value that cannot be printed';
  }
  return fail(`internal error: ${text}`, 1);
}

/** Buffers lines for stdout; flush() before anything else is written (stderr included). */
export class Printer {
  private readonly lines: string[] = [];

  constructor(private readonly io: Io) {}

  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length >= PRINT_BATCH_LINES) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines.length = 0;
    this.io.stdout(text);
  }

  /** flush() on the way out of a failure: stdout may be what failed, and the failure is said anyway. */
  flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // the failure's own line follows
    }
  }
}
