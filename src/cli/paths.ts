/**
 * What `npm run sim` knows of the files its arguments name, before it opens any:
 *   identity  the same file however it is named (symbolic links, hard links, `./a` and `a`): its
 *             device and inode when it exists, its path with every link resolved otherwise; an
 *             --out that is an input is refused (output.ts)
 *   kind      only regular files are read or replaced: a FIFO with no writer blocks an open for
 *             ever, a device such as /dev/zero never ends, a directory is no file
 * and reading a scenario option's file (e.g. --world DIR's world.json) within those rules.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { quote } from './sim-io.ts';

/** A scenario option's file (a world's world.json or zone file) may hold at most this many bytes. */
export const MAX_OPTION_FILE_BYTES = 8 << 20;

/** A file as an argument named it, and what makes it the same file as another. */
export interface FileId {
  readonly path: string;
  /** The absolute path with every symbolic link in its existing part resolved. */
  readonly resolved: string;
  /** Device and inode, when the file exists. */
  readonly inode?: { readonly dev: bigint; readonly ino: bigint };
}

/** `path` absolute, with every symbolic link resolved as far as the path exists. */
export function resolvedPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const dir = dirname(path);
    return dir === path ? resolve(path) : join(resolvedPath(dir), basename(path));
  }
}

export function fileId(path: string): FileId {
  const resolved = resolvedPath(path);
  try {
    const st = statSync(path, { bigint: true });
    return { path, resolved, inode: { dev: st.dev, ino: st.ino } };
  } catch {
    return { path, resolved };
  }
}

/** The same file: the same device and inode when both exist, else the same resolved path. */
export function sameFile(a: FileId, b: FileId): boolean {
  if (a.inode !== undefined && b.inode !== undefined) return a.inode.dev === b.inode.dev && a.inode.ino === b.inode.ino;
  return a.resolved === b.resolved;
}

/** What a file that is not a regular file is, for a message ("a directory", "a FIFO", …). */
export function kindOf(st: Stats | BigIntStats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Why the input file `path` (given to `flag`) cannot be read, or null if it is a regular file or
 * does not exist (the reader then names the error). Checked before the reader opens it, which for
 * a FIFO would wait for a writer for ever.
 */
export function inputProblem(flag: string, path: string): string | null {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  return st.isFile() ? null : `${flag} ${quote(path)} is ${kindOf(st)}, not a regular file`;
}

/**
 * The text of a scenario option's file. The open does not wait (O_NONBLOCK: a FIFO opens at once,
 * and is then refused as not a regular file); a file larger than MAX_OPTION_FILE_BYTES is refused.
 * Throws, as OptionFiles.readText must, with a sentence for the option's message.
 */
export function readOptionFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${quote(path)} is ${kindOf(st)}, not a regular file`);
    if (st.size > MAX_OPTION_FILE_BYTES) throw new Error(`${quote(path)} is larger than ${MAX_OPTION_FILE_BYTES} bytes`);
    const buf = Buffer.alloc(st.size);
    let at = 0;
    for (let n = 1; n > 0 && at < buf.length; at += n) n = readSync(fd, buf, at, buf.length - at, null);
    return buf.subarray(0, at).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
