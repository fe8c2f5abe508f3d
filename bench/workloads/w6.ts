/**
 * W6 time travel: each size runs in a fresh node process (w6-child.ts) with --expose-gc and
 * --max-old-space-size=8192, so its heap figures start from an empty heap and a size that does not
 * fit is reported (exit status, signal, last words on stderr) instead of ending the bench.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emitLine, load1m, type Json } from '../harness.ts';

const child = fileURLToPath(new URL('./w6-child.ts', import.meta.url));
export const W6_HEAP_MB = 8192;

export async function w6(records: number, jumps: number): Promise<void> {
  const labels = { workload: 'W6', target_records: records };
  const stderrTail: string[] = [];
  const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>(
    (resolve) => {
      const p = spawn(
        process.execPath,
        [
          '--expose-gc',
          `--max-old-space-size=${W6_HEAP_MB}`,
          '--import',
          'tsx',
          child,
          String(records),
          String(jumps),
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.stderr.setEncoding('utf8').on('data', (d: string) => {
        process.stderr.write(d);
        stderrTail.push(...d.split('\n').filter((l) => l.trim() !== ''));
        stderrTail.splice(0, Math.max(0, stderrTail.length - 12));
      });
      p.on('close', (code, signal) => resolve({ code, signal, out }));
    },
  );
  const last = r.out.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || last === '') {
    emitLine({
      ...labels,
      max_old_space_mb: W6_HEAP_MB,
      error: `child exited with ${r.signal ?? `status ${String(r.code)}`}`,
      stderr_tail: stderrTail.join('\n'),
    });
    return;
  }
  const res = JSON.parse(last) as Record<string, Json> & { errors: string[] };
  const { errors, ...figures } = res;
  if (errors.length > 0) {
    emitLine({ ...labels, ...figures, error: `check failed: ${errors.join('; ')}` });
    return;
  }
  emitLine({ workload: 'W6', ...figures, max_old_space_mb: W6_HEAP_MB, load_1m: load1m() });
}
