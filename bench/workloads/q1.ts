/** Q1 queries over the whole history (issue 15): each size in a fresh node process (q1-child.ts, through child.ts). */
import { fileURLToPath } from 'node:url';
import { runChild } from './child.ts';

const child = fileURLToPath(new URL('./q1-child.ts', import.meta.url));

export async function q1(records: number): Promise<void> {
  await runChild(child, [String(records)], { workload: 'Q1', target_records: records });
}
