/**
 * W5 memory: for each routing and trace setting, a fresh node process builds the W2 world at
 * S = 10000 (see w5-child.ts); retained = after − released, in bytes and per subscriber.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RoutingKind } from '../../src/kernel/index.ts';
import { emitLine } from '../harness.ts';

const child = fileURLToPath(new URL('./w5-child.ts', import.meta.url));

export function w5(S: number, routing: RoutingKind, trace: boolean): void {
  const labels = { workload: 'W5', subscribers: S, routing, trace };
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, routing, String(trace), String(S)], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { baseline: number; after: number; released: number; ok: boolean };
    if (!r.ok) {
      emitLine({ ...labels, error: 'check failed: the W2 world does not have S subscribers and S+2 endpoints' });
      return;
    }
    const retained = r.after - r.released;
    emitLine({
      ...labels,
      retained_bytes: retained,
      bytes_per_subscriber: Math.round(retained / S),
      heap_baseline: r.baseline, heap_after: r.after, heap_released: r.released,
    });
  } catch (e) {
    emitLine({ ...labels, error: `exception: ${e instanceof Error ? e.message : String(e)}` });
  }
}
