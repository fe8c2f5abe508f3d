/**
 * The one way `npm run sim` writes files: --out, and every part of a split export (run.mmd,
 * run.2.mmd, …). Each part is written to a new temporary file beside its target and renamed over
 * the target only when the whole output is complete, so:
 *   - a failure anywhere (an invalid input, a full disk, a crash of the run, a closed stdout) leaves
 *     every existing file as it was: abort() removes the temporary files this created, and only them;
 *   - nothing is truncated or deleted that this did not create;
 *   - a target that is an input of the same command (paths.ts sameFile: symbolic and hard links
 *     resolved), that exists and is not a regular file, or that may not be written, is refused
 *     before anything is written.
 * Each descriptor is closed once, whatever fails (a failed close is never retried). The target is
 * replaced by a new file: its mode is kept (and its owner, where the process may set it); a symbolic
 * link is followed (the file it names is replaced); another hard link keeps the old content. The
 * parts of a split export are put in place one by one, each whole.
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { partFileName } from '../debugger/export/index.ts';
import { fileId, kindOf, sameFile, type FileId } from './paths.ts';
import { SimError, clip, errno, errorCode, quote } from './sim-io.ts';

/** Output is held until this many characters wait, then written. */
export const OUT_FLUSH_CHARS = 1 << 16;
/** A temporary file's name keeps at most this many characters of its target's (names are ≤ 255 bytes). */
const TEMP_BASE_CHARS = 64;
/** Fresh temporary names tried when one exists already. */
const TEMP_NAME_TRIES = 8;
/** fsync errors that mean "this file system does not sync", not "the data is lost". */
const FSYNC_UNSUPPORTED: ReadonlySet<string> = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP']);

/** The file operations that write (Node's; a test injects failures, e.g. /dev/full's ENOSPC). */
export interface OutFs {
  readonly openSync: (path: string, flags: string, mode: number) => number;
  readonly writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  readonly fsyncSync: (fd: number) => void;
  readonly closeSync: (fd: number) => void;
  readonly renameSync: (from: string, to: string) => void;
  readonly unlinkSync: (path: string) => void;
}

export const NODE_OUT_FS: OutFs = nodeFs;

/** An output that cannot be written or is refused: its message is the CLI's one line (exit 2). */
export class OutputError extends SimError {}

interface Part {
  /** The name the user sees: partFileName(target, k). */
  readonly name: string;
  readonly id: FileId;
  /** The temporary file, while it exists. */
  temp: string | null;
  fd: number | null;
  chunks: string[];
}

/** The mode and owner of an existing regular target, or null when there is none. */
type Existing = { readonly mode: number; readonly uid: number; readonly gid: number } | null;

export class OutputFiles {
  private readonly parts = new Map<number, Part>();
  private waiting = 0;
  private over = false;

  /** Checks and opens part 1 at once, so that a bad --out fails before any work. */
  constructor(
    private readonly target: string,
    private readonly inputs: readonly FileId[],
    private readonly fs: OutFs = NODE_OUT_FS,
  ) {
    this.part(1);
  }

  write(chunk: string, part: number): void {
    const p = this.part(part);
    p.chunks.push(chunk);
    this.waiting += chunk.length;
    if (this.waiting >= OUT_FLUSH_CHARS) this.flush();
  }

  /** Writes what waits, syncs and closes every part and puts each in place; returns their names. */
  commit(): string[] {
    this.flush();
    const parts = [...this.parts.values()];
    for (const p of parts) {
      const fd = p.fd!;
      p.fd = null;
      try {
        try {
          this.fs.fsyncSync(fd);
        } catch (e) {
          if (!FSYNC_UNSUPPORTED.has(errno(e) ?? '')) throw e;
        } finally {
          this.fs.closeSync(fd);
        }
      } catch (e) {
        throw this.failure(p, e);
      }
    }
    for (const p of parts) {
      try {
        this.fs.renameSync(p.temp!, p.id.resolved);
        p.temp = null;
      } catch (e) {
        throw this.failure(p, e);
      }
    }
    this.over = true;
    return parts.map((p) => p.name);
  }

  /** Closes and removes every temporary file this made; no target is touched. Safe to repeat. */
  abort(): void {
    this.over = true;
    for (const p of this.parts.values()) {
      const { fd, temp } = p;
      p.fd = null;
      p.temp = null;
      // each at most once: a failed close is never retried, a temporary file already gone is fine
      if (fd !== null) ignoreError(() => this.fs.closeSync(fd));
      if (temp !== null) ignoreError(() => this.fs.unlinkSync(temp));
    }
  }

  private part(k: number): Part {
    const known = this.parts.get(k);
    if (known !== undefined) return known;
    if (this.over) throw new Error('the output is already finished');
    const name = partFileName(this.target, k);
    let existing: Existing;
    let id: FileId;
    try {
      ({ existing, id } = this.check(name));
    } catch (e) {
      this.abort();
      throw e;
    }
    const p: Part = { name, id, temp: null, fd: null, chunks: [] };
    this.parts.set(k, p);
    this.openTemp(p, existing);
    return p;
  }

  /** Refuses a target that must not be replaced; else its identity and what it is now. */
  private check(name: string): { existing: Existing; id: FileId } {
    const what = `--out file ${quote(name)}`;
    if (name.endsWith('/')) throw new OutputError(`${what} names a directory`);
    let st: nodeFs.Stats | null = null;
    try {
      st = nodeFs.statSync(name);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw new OutputError(`cannot write ${what}${errorCode(e)}`);
      if (isSymbolicLink(name)) throw new OutputError(`${what} is a symbolic link to a missing file`);
    }
    if (st !== null && !st.isFile()) throw new OutputError(`${what} is ${kindOf(st)}, not a regular file`);
    const id = fileId(name);
    const input = this.inputs.find((i) => sameFile(i, id));
    if (input !== undefined) throw new OutputError(`${what} is the input file ${quote(input.path)}: write the output to another file`);
    const twin = [...this.parts.values()].find((p) => sameFile(p.id, id));
    if (twin !== undefined) throw new OutputError(`${what} is the same file as ${quote(twin.name)}`);
    if (st === null) return { existing: null, id };
    try {
      nodeFs.accessSync(name, nodeFs.constants.W_OK);
    } catch (e) {
      throw new OutputError(`cannot write ${what}${errorCode(e)}`);
    }
    return { existing: { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid }, id };
  }

  /** Creates the part's temporary file beside its target (the same directory: rename is atomic). */
  private openTemp(p: Part, existing: Existing): void {
    const dir = dirname(p.id.resolved);
    const base = basename(p.id.resolved).slice(0, TEMP_BASE_CHARS);
    for (let tries = 1; p.fd === null; tries++) {
      const temp = join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        p.fd = this.fs.openSync(temp, 'wx', existing?.mode ?? 0o666);
        p.temp = temp;
      } catch (e) {
        if (errno(e) !== 'EEXIST' || tries >= TEMP_NAME_TRIES) throw this.failure(p, e);
      }
    }
    if (existing === null) return;
    try {
      nodeFs.fchmodSync(p.fd, existing.mode); // the mode given to open was masked by the umask
      nodeFs.fchownSync(p.fd, existing.uid, existing.gid);
    } catch {
      // only a privileged process may give a file away; the file is still the user's to write
    }
  }

  private flush(): void {
    for (const p of this.parts.values()) {
      if (p.chunks.length === 0) continue;
      const buf = Buffer.from(p.chunks.join(''), 'utf8');
      p.chunks = [];
      try {
        for (let at = 0; at < buf.length;) {
          const n = this.fs.writeSync(p.fd!, buf, at, buf.length - at);
          if (n <= 0) throw Object.assign(new Error('nothing written'), { code: 'EIO' });
          at += n;
        }
      } catch (e) {
        throw this.failure(p, e);
      }
    }
    this.waiting = 0;
  }

  /** Gives up: removes every temporary file, and says which part could not be written and why. */
  private failure(p: Part, e: unknown): OutputError {
    this.abort();
    return new OutputError(`cannot write --out file ${quote(p.name)}${errorCode(e) || ` (${clip(String(e))})`}`);
  }
}

function ignoreError(f: () => void): void {
  try {
    f();
  } catch {
    // see the caller
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return nodeFs.lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
