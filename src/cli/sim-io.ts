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

/** The " (ENOENT)" of a Node file error, or "". */
export const errorCode = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? ` (${code})` : '';
};

export function internalError(e: unknown, io: Io, fail: Fail): number {
  const code = fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 1);
  if (e instanceof Error && e.stack !== undefined) io.stderr(e.stack + '\n');
  return code;
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
    if (this.lines.length > 0) this.io.stdout(this.lines.join('\n') + '\n');
    this.lines.length = 0;
  }
}
