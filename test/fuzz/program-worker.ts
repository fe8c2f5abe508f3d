/**
 * One worker of the hostile-program campaign (program-campaign.ts): it takes seeds, says when it
 * starts one, and reports each program's verdict (program-check.ts).
 */
import { parentPort } from 'node:worker_threads';
import { checkProgram, type ProgramVerdict } from './program-check.ts';
import type { StartReport } from './pool.ts';

export type ProgramReport = { readonly type: 'done' } & ProgramVerdict;

const port = parentPort!;

port.on('message', (seed: number) => {
  port.postMessage({ type: 'start', seed } satisfies StartReport);
  port.postMessage({ type: 'done', ...checkProgram(seed) } satisfies ProgramReport);
});
