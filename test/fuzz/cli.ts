/**
 * A trace mutant through the CLI (`npm run sim -- --replay FILE`) in a child process, with a time
 * budget: it must exit 0 (identical), 1 (a step differs) or 2 (invalid), say why in one line on
 * stderr that names the line or the step, never print a stack trace, and agree with the UI's
 * re-check of the same bytes (when they are UTF-8: the CLI refuses other bytes, the browser decodes
 * them with replacement characters).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem, Verdict } from './targets.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXIT = { identical: 0, diverged: 1, invalid: 2 } as const;

const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Problems of the CLI's replay of `bytes` (written to `dir`), given the UI's verdict on them. */
export function cliProblems(bytes: Uint8Array, verdict: Verdict, dir: string, name: string, timeoutMs: number): Problem[] {
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, bytes);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--replay', file], {
      cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 24,
    });
    if (r.error !== undefined || r.status === null) return [{ kind: 'crash', target: 'cli', detail: `no exit within ${timeoutMs} ms (${r.signal ?? r.error?.message})` }];
    const status = r.status;
    const err = r.stderr.trimEnd();
    const problems: Problem[] = [];
    if (status !== 0 && status !== 1 && status !== 2) problems.push({ kind: 'crash', target: 'cli', detail: `exit ${status}: ${err.slice(0, 300)}` });
    if (/\n\s+at /.test(err)) problems.push({ kind: 'crash', target: 'cli', detail: `a stack trace: ${err.slice(0, 300)}` });
    if (status !== 0 && (err.includes('\n') || !/^sim: .*\b(line|step) \d+/.test(err))) {
      problems.push({ kind: 'escape', target: 'cli', detail: `not one line naming the line or step: ${err.slice(0, 300)}` });
    }
    if (isUtf8(bytes) && status !== EXIT[verdict.replayed]) {
      problems.push({ kind: 'escape', target: 'cli', detail: `exit ${status}, but the UI's re-check says ${verdict.replayed}: ${err.slice(0, 200)}` });
    }
    return problems;
  } finally {
    rmSync(file, { force: true });
  }
}
