/**
 * W5 memory, run in a fresh process by w5.ts: `node --expose-gc --import tsx w5-child.ts <routing> <trace> <S>`.
 * gc() twice → baseline; build W2 at S and keep it; gc() twice → after; drop it; gc() twice →
 * released. Prints one JSON object with the three heapUsed figures.
 */
import type { RoutingKind } from '../../src/kernel/index.ts';
import { fullGc } from '../harness.ts';
import type { GroundVM } from './common.ts';
import { w2World } from './w2.ts';

const [routing, traceArg, sArg] = process.argv.slice(2) as [RoutingKind, string, string];
const S = Number(sArg);
const heap = (): number => {
  fullGc();
  return process.memoryUsage().heapUsed;
};
const baseline = heap();
// The world lives in a holder so that dropping it is an explicit write the GC can see.
const holder: { world: { g: GroundVM } | null } = { world: w2World(S, { routing, trace: traceArg === 'true' }) };
const after = heap();
const ok = holder.world!.g.vm.processes.size === S + 1 && holder.world!.g.vm.routing.size === S + 2;
holder.world = null;
const released = heap();
process.stdout.write(JSON.stringify({ baseline, after, released, ok }) + '\n');
