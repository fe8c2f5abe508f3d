/**
 * `npm run bench -- --baseline DIR [--only W1,W2,RUN] [--quick]`: the same workloads against this
 * checkout's kernel ("new") and the kernel of the checkout at DIR ("base", e.g. a `git worktree add
 * --detach` of the commit before a change, with node_modules linked), interleaved run by run
 * (new, base, new, base, …) in one process, each row followed by a `ratio: "new/base"` line.
 * Only trie routing; W1–W4 with trace on and off, RUN (whole scenario runs) with trace on.
 * DIR's bench/workloads must export the same case builders (w1Case … w4Case) as this checkout's.
 * Filters (to re-measure one row): `--swap` runs base first in each pair (the ratio line is then
 * `base/new`: a slowdown that follows the order, not the kernel, flips with it); `--sizes 1,10`
 * keeps those S/N; `--variants turn` keeps those variants (RUN: scenario ids); `--trace on|off`.
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

/** Which rows to run, and in which order each pair runs (see the header). */
export interface BaselineFilter {
  readonly swap: boolean;
  readonly sizes: readonly number[] | null;
  readonly variants: readonly string[] | null;
  readonly traces: readonly boolean[];
}

export const NO_FILTER: BaselineFilter = { swap: false, sizes: null, variants: null, traces: [true, false] };

export async function baselineBench(
  dir: string,
  o: { quick: boolean; only: readonly string[] | null; sizes: BaselineSizes; p: Protocol; filter: BaselineFilter },
): Promise<void> {
  const baseRoot = resolve(dir);
  if (!existsSync(`${baseRoot}/bench/workloads/w1.ts`)) throw new Error(`--baseline ${dir}: no bench/workloads/w1.ts there`);
  const newRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const [nw, bw] = await Promise.all([workloadsFrom(newRoot), workloadsFrom(baseRoot)]);
  const want = (w: string): boolean => o.only === null || o.only.includes(w);
  const f = o.filter;
  const sized = (xs: readonly number[]): readonly number[] => (f.sizes === null ? xs : xs.filter((x) => f.sizes!.includes(x)));
  const kept = <V extends string>(vs: readonly V[]): readonly V[] => (f.variants === null ? vs : vs.filter((v) => f.variants!.includes(v)));
  const measurePair = (n: Case, b: Case): void => {
    const cases = [tagged(n, 'new'), tagged(b, 'base')];
    measureGroup(f.swap ? cases.reverse() : cases, o.p, 'kernel');
  };
  const pair = (mk: (w: Workloads) => Make): void => {
    for (const trace of f.traces) {
      const opts: WorldOpts = { routing: 'trie', trace };
      measurePair(mk(nw)(opts), mk(bw)(opts));
    }
  };
  for (const [w, sizes, variants] of [['W1', o.sizes.W1, ['turn', 'batch']], ['W2', o.sizes.W2, ['turn', 'batch']]] as const) {
    if (!want(w)) continue;
    for (const S of sized(sizes)) {
      progress(`${w} S=${S} new vs base`);
      for (const v of kept(variants)) pair((k) => (x) => (w === 'W1' ? k.w1Case : k.w2Case)(v, S, x, o.quick));
    }
  }
  if (want('W3')) {
    for (const S of sized(o.sizes.W3)) {
      progress(`W3 S=${S} new vs base`);
      for (const v of kept(['spawn', 'retract'] as const)) pair((k) => (x) => k.w3Case(v, S, x, o.quick));
    }
  }
  if (want('W4')) {
    for (const N of sized(o.sizes.W4)) {
      progress(`W4 N=${N} new vs base`);
      pair((k) => (x) => k.w4Case(N, x, o.quick));
    }
  }
  if (want('RUN')) {
    const [nk, bk] = await Promise.all([kernelFrom(newRoot), kernelFrom(baseRoot)]);
    for (const id of kept(RUN_SCENARIOS)) {
      progress(`RUN ${id} new vs base`);
      measurePair(scenarioRunCase(nk, id, o.quick), scenarioRunCase(bk, id, o.quick));
    }
  }
  emitLine({ bench: 'baseline', base: baseRoot });
}
