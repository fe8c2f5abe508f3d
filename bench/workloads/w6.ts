/** W6 time travel: each size runs in a fresh node process (w6-child.ts, through child.ts). */
import { fileURLToPath } from 'node:url';
import { runChild } from './child.ts';

const child = fileURLToPath(new URL('./w6-child.ts', import.meta.url));

export async function w6(records: number, jumps: number): Promise<void> {
  await runChild(child, [String(records), String(jumps)], { workload: 'W6', target_records: records });
}
