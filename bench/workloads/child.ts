/**
 * A workload size run in a fresh node process with --expose-gc and a large heap (W6, Q1), so its
 * heap figures start from an empty heap and a size that does not fit is reported (exit status,
 * signal, last words on stderr) instead of ending the bench. The child prints one JSON object
 * (its figures and `errors`) as its last line on stdout.
 */
import { spawn } from 'node:child_process';
import { emitLine, load1m, type Json } from '../harness.ts';

export const CHILD_HEAP_MB = 8192;

export async function runChild(child: string, args: readonly string[], labels: Record<string, Json> & { workload: string }): Promise<void> {
  const stderrTail: string[] = [];
  const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const p = spawn(process.execPath, ['--expose-gc', `--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      process.stderr.write(d);
      stderrTail.push(...d.split('\n').filter((l) => l.trim() !== ''));
      stderrTail.splice(0, Math.max(0, stderrTail.length - 12));
    });
    p.on('close', (code, signal) => resolve({ code, signal, out }));
  });
  const last = r.out.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || last === '') {
    emitLine({
      ...labels, max_old_space_mb: CHILD_HEAP_MB, error: `child exited with ${r.signal ?? `status ${String(r.code)}`}`, stderr_tail: stderrTail.join('\n'),
    });
    return;
  }
  const res = JSON.parse(last) as Record<string, Json> & { errors: string[] };
  const { errors, ...figures } = res;
  if (errors.length > 0) {
    emitLine({ ...labels, ...figures, error: `check failed: ${errors.join('; ')}` });
    return;
  }
  emitLine({ workload: labels.workload, ...figures, max_old_space_mb: CHILD_HEAP_MB, load_1m: load1m() });
}
