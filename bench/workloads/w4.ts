/**
 * W4 spawn/teardown. Process j has subscriber ["w4-in", j, *] and publisher ["w4-out", j, *]
 * (no overlaps, so zero presence events). One run, repeated M times from an empty ground:
 *   spawn: the boot process's boot turn spawns all N; run to idle (the boot process is collected);
 *   kill:  N injections ["w4-in", j, "kill"], each making j quit; run to idle.
 * Check: after spawn exactly N processes and 2N routed endpoints, no presence event (states count
 * them; with trace on, no presence deliver record); after kill the world is empty: no process,
 * no routed endpoint, no event source.
 */
import {
  _, boot, quit, role, spawn, topicPublisher, topicSubscriber, transition, type Action, type Term,
} from '../../src/kernel/index.ts';
import { groundVm } from '../../src/kernel/ground/index.ts';
import type { Case, Json } from '../harness.ts';
import { idle, inject, labelsOf, Recorder, type GroundVM, type WorldOpts } from './common.ts';

function proc(j: number): Action {
  const count = (_peer: unknown, s: number) => transition(s + 1);
  return spawn(boot(0,
    role('in', topicSubscriber(['w4-in', j, _]), { onMessage: (_m, s) => transition(s, quit()), onPresence: count }),
    role('out', topicPublisher(['w4-out', j, _]), { onPresence: count }),
  ), { name: `w4-${j}` });
}

function checkSpawned(g: GroundVM, N: number, rec: Recorder | null): string | null {
  if (g.vm.processes.size !== N) return `after spawn: ${g.vm.processes.size} processes, expected ${N}`;
  if (g.vm.routing.size !== 2 * N) return `after spawn: ${g.vm.routing.size} routed endpoints, expected ${2 * N}`;
  for (const p of g.vm.processes.values()) if (p.state !== 0) return `after spawn: pid ${p.pid} saw ${String(p.state)} presence events`;
  if (rec) {
    for (const r of rec.records()) {
      if (r.kind === 'deliver' && r.event.type !== 'message') return `trace: a ${r.event.type} event at pid ${r.pid}`;
    }
  }
  return null;
}

export function w4Case(N: number, o: WorldOpts, quick: boolean, notes?: Record<string, Json>): Case {
  return {
    labels: { workload: 'W4', N, ...labelsOf(o) },
    rates: { processes_per_s: N, spawn_per_s: N, kill_per_s: N },
    minM: 1,
    maxM: quick ? 5 : 200,
    ...(notes ? { notes } : {}),
    prepare(M) {
      const spawns = Array.from({ length: N }, (_x, j) => proc(j));
      const kills: Term[] = Array.from({ length: N }, (_x, j) => ['w4-in', j, 'kill']);
      const spawned: { g: GroundVM; rec: Recorder }[] = [];
      const ends: GroundVM[] = [];
      return {
        run() {
          let spawnMs = 0;
          let killMs = 0;
          for (let r = 0; r < M; r++) {
            const rec = new Recorder(o.trace);
            const t0 = performance.now();
            let g = idle(groundVm(boot(null, spawns), { routing: o.routing, trace: o.trace }), rec);
            const t1 = performance.now();
            spawned.push({ g, rec });
            const rec2 = new Recorder(o.trace);
            for (let j = 0; j < N; j++) g = inject(g, kills[j]!, rec2);
            g = idle(g, rec2);
            killMs += performance.now() - t1;
            spawnMs += t1 - t0;
            ends.push(g);
          }
          return { spawn: spawnMs, kill: killMs };
        },
        check() {
          for (const s of spawned) {
            const e = checkSpawned(s.g, N, o.trace ? s.rec : null);
            if (e !== null) return e;
          }
          for (const g of ends) {
            const vm = g.vm;
            if (vm.processes.size !== 0 || vm.routing.size !== 0 || vm.eventSources.size !== 0 || vm.runnable.size !== 0) {
              return `after kill the world is not empty: ${vm.processes.size} processes, ${vm.routing.size} endpoints, ${vm.eventSources.size} event sources`;
            }
          }
          return null;
        },
      };
    },
  };
}
