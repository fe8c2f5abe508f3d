/**
 * The CLI's file-output helper (src/cli/output.ts): whole or nothing, never over an input, never
 * touching a file it did not create. Failures are real where the machine has them (/dev/full's
 * ENOSPC through an injected write, /sys's EACCES, a FIFO, a directory) and injected otherwise.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_OUT_FS, OUT_FLUSH_CHARS, OutputError, OutputFiles, type OutFs } from '../../src/cli/output.ts';
import { fileId, type FileId } from '../../src/cli/paths.ts';

const root = fs.mkdtempSync(join(tmpdir(), 'os2-output-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory holding `files` (name → content). */
function dirWith(files: Record<string, string> = {}): string {
  const dir = join(root, `d${++dirs}`);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(join(dir, name), text);
  return dir;
}

/** Every entry of `dir` with its bytes (a symbolic link as "-> target"): what must not change. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = fs.lstatSync(path);
    out[name] = st.isSymbolicLink() ? `-> ${fs.readlinkSync(path)}` : st.isFile() ? fs.readFileSync(path, 'latin1') : `(${st.mode.toString(8)})`;
  }
  return out;
}

/** Node's file operations with counted closes, and `over` replacing some. */
function countingFs(over: Partial<OutFs> = {}): { fs: OutFs; closes: Map<number, number> } {
  const closes = new Map<number, number>();
  const base = { ...NODE_OUT_FS, ...over };
  return {
    closes,
    fs: {
      ...base,
      closeSync: (fd) => {
        closes.set(fd, (closes.get(fd) ?? 0) + 1);
        base.closeSync(fd);
      },
    },
  };
}

/** /dev/full in place of every file the helper writes: each write fails with a real ENOSPC. */
function fullDiskWrite(): { write: OutFs['writeSync']; close: () => void } {
  const full = fs.openSync('/dev/full', 'w');
  return { write: (_fd, buf, off, len) => fs.writeSync(full, buf, off, len), close: () => fs.closeSync(full) };
}

function caught(f: () => unknown): OutputError {
  try {
    f();
  } catch (e) {
    if (e instanceof OutputError) return e;
    throw e;
  }
  throw new Error('expected an OutputError');
}

describe('OutputFiles: whole or nothing', () => {
  it('writes the target only at commit, byte for byte, and leaves no temporary file', () => {
    const dir = dirWith({ 'run.jsonl': 'old\n' });
    const out = new OutputFiles(join(dir, 'run.jsonl'), []);
    out.write('new line 1\n', 1);
    out.write('x'.repeat(OUT_FLUSH_CHARS), 1); // a flush to the temporary file
    expect(fs.readFileSync(join(dir, 'run.jsonl'), 'utf8')).toBe('old\n');
    expect(out.commit()).toEqual([join(dir, 'run.jsonl')]);
    expect(snapshot(dir)).toEqual({ 'run.jsonl': `new line 1\n${'x'.repeat(OUT_FLUSH_CHARS)}` });
  });

  it('abort leaves every file as it was and removes its temporary files', () => {
    const dir = dirWith({ 'run.mmd': 'old 1', 'run.2.mmd': 'old 2', 'other': 'o' });
    const before = snapshot(dir);
    const out = new OutputFiles(join(dir, 'run.mmd'), []);
    out.write('a'.repeat(OUT_FLUSH_CHARS), 1);
    out.write('b', 2);
    out.write('c', 3);
    expect(fs.readdirSync(dir).length).toBe(6); // three temporary files beside the targets
    out.abort();
    out.abort(); // twice is harmless
    expect(snapshot(dir)).toEqual(before);
  });

  it('a split export puts every part in place (run.mmd, run.2.mmd, …) under the names it returns', () => {
    const dir = dirWith({ 'run.2.mmd': 'stale' });
    const out = new OutputFiles(join(dir, 'run.mmd'), []);
    out.write('one', 1);
    out.write('two', 2);
    out.write('three', 3);
    expect(out.commit()).toEqual(['run.mmd', 'run.2.mmd', 'run.3.mmd'].map((n) => join(dir, n)));
    expect(snapshot(dir)).toEqual({ 'run.2.mmd': 'two', 'run.3.mmd': 'three', 'run.mmd': 'one' });
  });

});

describe('OutputFiles: a failure removes what it made, and only that', () => {
  it('a full disk (/dev/full, ENOSPC) while writing: one message, the old file intact, no temp, each fd closed once', () => {
    for (const when of ['while writing', 'at commit'] as const) {
      const dir = dirWith({ 'run.jsonl': 'precious\n' });
      const before = snapshot(dir);
      const full = fullDiskWrite();
      const { fs: outFs, closes } = countingFs({ writeSync: full.write });
      const out = new OutputFiles(join(dir, 'run.jsonl'), [], outFs);
      const e = caught(() => {
        out.write(when === 'while writing' ? 'y'.repeat(OUT_FLUSH_CHARS) : 'y', 1);
        out.commit();
      });
      full.close();
      expect(e.message).toBe(`cannot write --out file ${JSON.stringify(join(dir, 'run.jsonl'))} (ENOSPC)`);
      expect(snapshot(dir)).toEqual(before);
      expect([...closes.values()]).toEqual([1]);
      out.abort(); // after the failure: nothing is closed again
      expect([...closes.values()]).toEqual([1]);
    }
  });

  it('a failing close is reported and never retried; a failing fsync (EIO) is a failure, an unsupported one is not', () => {
    const dir = dirWith({ 'a.txt': 'A' });
    const { fs: closing, closes } = countingFs();
    const failingClose: OutFs = {
      ...closing,
      closeSync: (fd) => {
        closing.closeSync(fd);
        throw Object.assign(new Error('close failed'), { code: 'EIO' });
      },
    };
    const out = new OutputFiles(join(dir, 'a.txt'), [], failingClose);
    out.write('new', 1);
    expect(caught(() => out.commit()).message).toMatch(/^cannot write --out file ".*a\.txt" \(EIO\)$/);
    out.abort();
    expect([...closes.values()]).toEqual([1]);
    expect(snapshot(dir)).toEqual({ 'a.txt': 'A' });

    const eio = (code: string): OutFs => ({ ...NODE_OUT_FS, fsyncSync: () => { throw Object.assign(new Error('fsync'), { code }); } });
    const bad = new OutputFiles(join(dir, 'a.txt'), [], eio('EIO'));
    bad.write('x', 1);
    expect(caught(() => bad.commit()).message).toMatch(/\(EIO\)$/);
    const unsupported = new OutputFiles(join(dir, 'a.txt'), [], eio('EINVAL'));
    unsupported.write('x', 1);
    unsupported.commit();
    expect(snapshot(dir)).toEqual({ 'a.txt': 'x' });
  });

  it('a failing rename of a later part removes the temporary files left; parts already in place are whole', () => {
    const dir = dirWith({ 'r.mmd': 'old 1', 'r.2.mmd': 'old 2' });
    let renames = 0;
    const outFs: OutFs = {
      ...NODE_OUT_FS,
      renameSync: (a, b) => {
        if (++renames === 2) throw Object.assign(new Error('rename'), { code: 'EXDEV' });
        fs.renameSync(a, b);
      },
    };
    const out = new OutputFiles(join(dir, 'r.mmd'), [], outFs);
    out.write('new 1', 1);
    out.write('new 2', 2);
    expect(caught(() => out.commit()).message).toMatch(/r\.2\.mmd" \(EXDEV\)$/);
    expect(snapshot(dir)).toEqual({ 'r.2.mmd': 'old 2', 'r.mmd': 'new 1' });
  });
});

describe('OutputFiles: what it refuses before writing anything', () => {
  const dir = dirWith({ 'in.jsonl': 'input', 'other.txt': 'other' });
  fs.symlinkSync(join(dir, 'in.jsonl'), join(dir, 'link-to-in'));
  fs.linkSync(join(dir, 'in.jsonl'), join(dir, 'hard-to-in'));
  fs.symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
  fs.mkdirSync(join(dir, 'sub'));
  fs.symlinkSync('other.txt', join(dir, 'link-to-other'));
  spawnSync('mkfifo', [join(dir, 'fifo')]);
  const input = fileId(join(dir, 'in.jsonl'));
  const before = snapshot(dir);
  const q = (name: string): string => JSON.stringify(name);

  const cases: [string, string, readonly FileId[], RegExp][] = [
    ['the input itself', join(dir, 'in.jsonl'), [input], /is the input file/],
    ['the input spelled otherwise', `${dir}/sub/../in.jsonl`, [input], /is the input file/],
    ['a symbolic link to the input', join(dir, 'link-to-in'), [input], /is the input file/],
    ['a hard link to the input', join(dir, 'hard-to-in'), [input], /is the input file/],
    ['the input named by a link', join(dir, 'in.jsonl'), [fileId(join(dir, 'link-to-in'))], /is the input file/],
    ['a missing file equal to a missing input', join(dir, 'new.jsonl'), [fileId(`${dir}/sub/../new.jsonl`)], /is the input file/],
    ['a directory', join(dir, 'sub'), [], /is a directory, not a regular file$/],
    ['a name ending in /', join(dir, 'new') + '/', [], /names a directory$/],
    ['a FIFO', join(dir, 'fifo'), [], /is a FIFO, not a regular file$/],
    ['a device (/dev/full)', '/dev/full', [], /^--out file "\/dev\/full" is a device, not a regular file$/],
    ['a dangling symbolic link', join(dir, 'dangling'), [], /is a symbolic link to a missing file$/],
    ['a path under a file', join(dir, 'other.txt', 'x'), [], /^cannot write --out file ".*" \(ENOTDIR\)$/],
    ['a missing directory', join(dir, 'nope', 'x'), [], /^cannot write --out file ".*" \(ENOENT\)$/],
    ['a directory no one may write (/sys)', '/sys/os2-lab-test.jsonl', [], /^cannot write --out file ".*" \(EACCES\)$/],
  ];
  it.each(cases)('%s', (_what, target, inputs, message) => {
    expect(caught(() => new OutputFiles(target, inputs)).message).toMatch(message);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a later part that is the input is refused when the export reaches it, and part 1 is removed', () => {
    const out = new OutputFiles(join(dir, 'p.jsonl'), [input, fileId(join(dir, 'in.2.jsonl')), fileId(join(dir, 'p.2.jsonl'))]);
    out.write('one', 1);
    expect(caught(() => out.write('two', 2)).message)
      .toBe(`--out file ${q(join(dir, 'p.2.jsonl'))} is the input file ${q(join(dir, 'p.2.jsonl'))}: write the output to another file`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a symbolic link to another file is followed: that file is replaced, the link stays', () => {
    const out = new OutputFiles(join(dir, 'link-to-other'), [input]);
    out.write('replaced', 1);
    out.commit();
    expect(snapshot(dir)).toEqual({ ...before, 'other.txt': 'replaced' });
    fs.writeFileSync(join(dir, 'other.txt'), 'other');
  });

  it('two parts that are the same file are refused', () => {
    const d = dirWith({ 'a.mmd': 'A' });
    fs.symlinkSync('a.mmd', join(d, 'a.2.mmd'));
    const out = new OutputFiles(join(d, 'a.mmd'), []);
    expect(caught(() => out.write('x', 2)).message).toMatch(/a\.2\.mmd" is the same file as ".*a\.mmd"$/);
    expect(snapshot(d)).toEqual({ 'a.2.mmd': '-> a.mmd', 'a.mmd': 'A' });
  });
});

describe('OutputFiles: names, modes, permissions', () => {
  it('a temporary name that exists already is passed over; one that stays taken is a failure', () => {
    const dir = dirWith();
    let opens = 0;
    const taken = (times: number): OutFs => ({
      ...NODE_OUT_FS,
      openSync: (p, f, m) => {
        if (++opens <= times) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        return fs.openSync(p, f, m);
      },
    });
    const out = new OutputFiles(join(dir, 'x'), [], taken(3));
    out.write('x', 1);
    out.commit();
    opens = 0;
    expect(caught(() => new OutputFiles(join(dir, 'y'), [], taken(100))).message).toMatch(/"y?.*y" \(EEXIST\)$/);
    expect(snapshot(dir)).toEqual({ x: 'x' });
  });

  it('keeps the mode of the file it replaces; a very long name still has room for its temporary name', () => {
    const dir = dirWith({ 'm.txt': 'old' });
    fs.chmodSync(join(dir, 'm.txt'), 0o640);
    const out = new OutputFiles(join(dir, 'm.txt'), []);
    out.write('new', 1);
    out.commit();
    expect(fs.statSync(join(dir, 'm.txt')).mode & 0o777).toBe(0o640);
    const long = join(dir, 'n'.repeat(249) + '.jsonl');
    const l = new OutputFiles(long, []);
    l.write('long', 1);
    l.commit();
    expect(fs.readFileSync(long, 'utf8')).toBe('long');
  });

  it('a read-only file is not replaced (for a user who may not write it)', () => {
    const d = dirWith({ 'ro.txt': 'keep' });
    fs.chmodSync(join(d, 'ro.txt'), 0o444);
    const root = process.getuid?.() === 0;
    if (root) {
      // root may write anything: the file is replaced, and keeps its mode
      const out = new OutputFiles(join(d, 'ro.txt'), []);
      out.write('new', 1);
      out.commit();
      expect(fs.statSync(join(d, 'ro.txt')).mode & 0o777).toBe(0o444);
    } else {
      expect(caught(() => new OutputFiles(join(d, 'ro.txt'), [])).message).toMatch(/\(EACCES\)$/);
      expect(snapshot(d)).toEqual({ 'ro.txt': 'keep' });
    }
  });
});
