/** Shared helpers for the workloads: the PRNG, building and running worlds, reading them back. */
import { type BootSpec, type Pid, type RoutingKind, type Term, type TraceRecord } from '../../src/kernel/index.ts';
import { groundVm, injectMessage, runUntilIdle, type GroundVM } from '../../src/kernel/ground/index.ts';

export type { GroundVM };

/** The usual mulberry32: a 32-bit PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorldOpts {
  readonly routing: RoutingKind;
  readonly trace: boolean;
}

/**
 * Trace records kept during a run: with trace on, every step's records are kept until the run's
 * check, as the debugger keeps them (arrays are kept by reference, not copied).
 */
export class Recorder {
  readonly chunks: (readonly TraceRecord[])[] = [];
  constructor(readonly on: boolean) {}
  add(rs: readonly TraceRecord[]): void {
    if (this.on && rs.length > 0) this.chunks.push(rs);
  }
  *records(): Generator<TraceRecord> {
    for (const c of this.chunks) yield* c;
  }
}

/** Runs the ground to idle, keeping records; throws if it does not get idle. */
export function idle(g: GroundVM, rec: Recorder): GroundVM {
  const r = runUntilIdle(g);
  if (r.ground.vm.runnable.size > 0) throw new Error(`not idle after ${r.rounds} rounds`);
  rec.add(r.records);
  return r.ground;
}

export function inject(g: GroundVM, body: Term, rec: Recorder): GroundVM {
  const s = injectMessage(g, body);
  rec.add(s.records);
  return s.ground;
}

/** A world booted from `boot` and run to idle (the untimed setup). */
export function buildWorld(boot: BootSpec, o: WorldOpts): GroundVM {
  return idle(groundVm(boot, { routing: o.routing, trace: o.trace }), new Recorder(false));
}

/** pid of each process by name (the setup names processes). */
export function pidsByName(g: GroundVM): Map<string, Pid> {
  const m = new Map<string, Pid>();
  for (const p of g.vm.processes.values()) m.set(p.name, p.pid);
  return m;
}

export function stateOf<S>(g: GroundVM, pid: Pid): S | undefined {
  return g.vm.processes.get(pid)?.state as S | undefined;
}

/** Deliver records of message events at the given pids, with their outcome. */
export function* messageDeliveries(rec: Recorder): Generator<{ pid: Pid; message: Term; ok: boolean }> {
  for (const r of rec.records()) {
    if (r.kind === 'deliver' && r.event.type === 'message' && r.pid !== null) {
      yield { pid: r.pid, message: r.event.message, ok: r.outcome === 'ok' };
    }
  }
}

/** A small cache of setup worlds: the kernel is persistent, so every run can start from the same value. */
export class WorldCache<K, V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly build: (key: K) => V) {}
  get(key: K): V {
    const k = JSON.stringify(key);
    let v = this.m.get(k);
    if (v === undefined) {
      v = this.build(key);
      this.m.set(k, v);
    }
    return v;
  }
  clear(): void {
    this.m.clear();
  }
}

export const labelsOf = (o: WorldOpts): { routing: RoutingKind; trace: boolean } => ({ routing: o.routing, trace: o.trace });
