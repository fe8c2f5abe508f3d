/** Shared helpers for kernel tests: run a program at the ground and print its trace simply. */
import { boot, prettyRecord, type ActionTree, type RoutingKind, type TraceRecord } from '../../src/kernel/index.ts';
import { groundVm, runUntilIdle, type GroundVM } from '../../src/kernel/ground/index.ts';

/** A record without its id and cause: `ground p3 deliver …`. */
export function line(r: TraceRecord): string {
  return prettyRecord(r).replace(/^#\d+(<-\d+)? /, '');
}

export interface Run {
  readonly ground: GroundVM;
  readonly records: readonly TraceRecord[];
  readonly lines: string[];
}

/** Runs a ground VM whose boot process performs `actions`, to idle. */
export function runProgram(actions: ActionTree, opts: { routing?: RoutingKind } = {}): Run {
  const g = groundVm(boot(null, actions), { routing: opts.routing ?? 'trie' });
  const r = runUntilIdle(g);
  return { ground: r.ground, records: r.records, lines: r.records.map(line) };
}

/** Only the lines of the given record kinds (e.g. the handler invocations). */
export function only(run: Run, ...kinds: TraceRecord['kind'][]): string[] {
  return run.records.filter((r) => kinds.includes(r.kind)).map(line);
}
