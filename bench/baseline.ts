/**
 * `npm run bench -- --baseline DIR [--only W1,W2,RUN] [--quick]`: the same workloads against this
 * checkout's kernel ("new") and the kernel of the checkout at DIR ("base", e.g. a `git worktree add
 * --detach` of the commit before a change, with node_modules linked), interleaved run by run
 * (new, base, new, base, …) in one process, each row followed by a `ratio: "new/base"` line.
 * Only trie routing; W1–W4 with trace on and off, RUN (whole scenario runs) with trace on.
 * DIR's bench/workloads must export the same case builders (w1Case … w4Case) as this checkout's.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { emitLine, measureGroup, progress, type Case, type Protocol } from './harness.ts';
import type { WorldOpts } from './workloads/common.ts';
import { kernelFrom, scenarioRunCase } from './workloads/scenario-run.ts';

type Make = (o: WorldOpts) => Case;

interface Workloads {
  readonly w1Case: (v: 'batch' | 'turn', S: number, o: WorldOpts, quick: boolean) => Case;
  readonly w2Case: (v: 'batch' | 'turn', S: number, o: WorldOpts, quick: boolean) => Case;
  readonly w3Case: (v: 'spawn' | 'retract', S: number, o: WorldOpts, quick: boolean) => Case;
  readonly w4Case: (N: number, o: WorldOpts, quick: boolean) => Case;
}

export interface BaselineSizes {
  readonly W1: readonly number[];
  readonly W2: readonly number[];
  readonly W3: readonly number[];
  readonly W4: readonly number[];
}

/** The scenarios whose whole runs RUN measures. */
export const RUN_SCENARIOS = ['tcp-echo', 'dns-proxy'] as const;

async function workloadsFrom(root: string): Promise<Workloads> {
  const at = (f: string): string => pathToFileURL(`${root}/bench/workloads/${f}`).href;
  const [w1, w2, w3, w4] = await Promise.all(['w1.ts', 'w2.ts', 'w3.ts', 'w4.ts'].map((f) => import(at(f))));
  return { ...w1, ...w2, ...w3, ...w4 } as Workloads;
}

const tagged = (c: Case, kernel: string): Case => ({ ...c, labels: { ...c.labels, kernel } });

export async function baselineBench(dir: string, o: { quick: boolean; only: readonly string[] | null; sizes: BaselineSizes; p: Protocol }): Promise<void> {
  const baseRoot = resolve(dir);
  if (!existsSync(`${baseRoot}/bench/workloads/w1.ts`)) throw new Error(`--baseline ${dir}: no bench/workloads/w1.ts there`);
  const newRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const [nw, bw] = await Promise.all([workloadsFrom(newRoot), workloadsFrom(baseRoot)]);
  const want = (w: string): boolean => o.only === null || o.only.includes(w);
  const pair = (mk: (w: Workloads) => Make, traces: readonly boolean[]): void => {
    for (const trace of traces) {
      const opts: WorldOpts = { routing: 'trie', trace };
      measureGroup([tagged(mk(nw)(opts), 'new'), tagged(mk(bw)(opts), 'base')], o.p, 'kernel');
    }
  };
  const both = [true, false];
  for (const [w, sizes, variants] of [['W1', o.sizes.W1, ['turn', 'batch']], ['W2', o.sizes.W2, ['turn', 'batch']]] as const) {
    if (!want(w)) continue;
    for (const S of sizes) {
      progress(`${w} S=${S} new vs base`);
      for (const v of variants) pair((k) => (x) => (w === 'W1' ? k.w1Case : k.w2Case)(v, S, x, o.quick), both);
    }
  }
  if (want('W3')) {
    for (const S of o.sizes.W3) {
      progress(`W3 S=${S} new vs base`);
      for (const v of ['spawn', 'retract'] as const) pair((k) => (x) => k.w3Case(v, S, x, o.quick), both);
    }
  }
  if (want('W4')) {
    for (const N of o.sizes.W4) {
      progress(`W4 N=${N} new vs base`);
      pair((k) => (x) => k.w4Case(N, x, o.quick), both);
    }
  }
  if (want('RUN')) {
    const [nk, bk] = await Promise.all([kernelFrom(newRoot), kernelFrom(baseRoot)]);
    for (const id of RUN_SCENARIOS) {
      progress(`RUN ${id} new vs base`);
      measureGroup([tagged(scenarioRunCase(nk, id, o.quick), 'new'), tagged(scenarioRunCase(bk, id, o.quick), 'base')], o.p, 'kernel');
    }
  }
  emitLine({ bench: 'baseline', base: baseRoot });
}
