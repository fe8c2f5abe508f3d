/**
 * W1 fan-out. Publisher P (publisher ["ping", *]) and S subscribers on ["ping", *].
 *   batch: one turn of P sends ["ping", k] for k = 0…M−1; run to idle.
 *   turn:  for each k, one turn of P sends ["ping", k]; run to idle after each.
 * A turn of P is triggered by injecting ["w1-go", …] to P's subscriber endpoint ["w1-go", *, *].
 * Check: every subscriber received exactly ["ping", 0] … ["ping", M−1] in order (its state counts
 * in-order arrivals and is poisoned by anything else); with trace on, the deliver records at the
 * subscribers number exactly M·S, all ok.
 */
import {
  _, boot, role, sendMessage, spawn, topicPublisher, topicSubscriber, transition,
  type Action, type Pid, type Term,
} from '../../src/kernel/index.ts';
import type { Case } from '../harness.ts';
import {
  buildWorld, idle, inject, labelsOf, messageDeliveries, pidsByName, Recorder, stateOf, WorldCache,
  type GroundVM, type WorldOpts,
} from './common.ts';

export type Variant = 'batch' | 'turn';

/** The batch a turn of P returns (set by prepare, untimed, read by P's handler). */
let batch: readonly Action[] = [];

function world(S: number, o: WorldOpts): { g: GroundVM; subs: Pid[] } {
  const P = boot(null,
    role('out', topicPublisher(['ping', _])),
    role('go', topicSubscriber(['w1-go', _, _]), {
      onMessage: (m, s) => {
        const [, kind, k] = m as [string, string, number];
        return transition(s, kind === 'batch' ? batch : sendMessage(['ping', k]));
      },
    }));
  const sub = boot(0, role('in', topicSubscriber(['ping', _]), {
    // state = number of in-order arrivals; -1 once anything unexpected arrived
    onMessage: (m, s: number) => transition(s >= 0 && (m as Term[])[1] === s ? s + 1 : -1),
  }));
  const spawns = [spawn(P, { name: 'P' })];
  for (let i = 0; i < S; i++) spawns.push(spawn(sub, { name: `sub-${i}` }));
  const g = buildWorld(boot(null, spawns), o);
  const byName = pidsByName(g);
  const subs = Array.from({ length: S }, (_x, i) => byName.get(`sub-${i}`)!);
  return { g, subs };
}

const cache = new WorldCache((k: { S: number; o: WorldOpts }) => world(k.S, k.o));
export const clearW1 = (): void => cache.clear();

export function w1Case(variant: Variant, S: number, o: WorldOpts, quick: boolean): Case {
  return {
    labels: { workload: `W1-${variant}`, subscribers: S, ...labelsOf(o) },
    rates: { sends_per_s: 1, deliveries_per_s: S },
    minM: 1,
    maxM: quick ? 20_000 : variant === 'batch' ? 500_000 : 1_000_000,
    prepare(M) {
      const { g: g0, subs } = cache.get({ S, o });
      if (variant === 'batch') batch = Array.from({ length: M }, (_x, k) => sendMessage(['ping', k]));
      const rec = new Recorder(o.trace);
      let g = g0;
      return {
        run() {
          if (variant === 'batch') {
            g = idle(inject(g, ['w1-go', 'batch', M], rec), rec);
          } else {
            for (let k = 0; k < M; k++) g = idle(inject(g, ['w1-go', 'turn', k], rec), rec);
          }
        },
        check() {
          batch = [];
          for (const pid of subs) {
            const n = stateOf<number>(g, pid);
            if (n !== M) return `subscriber pid ${pid} has ${n} in-order messages, expected ${M}`;
          }
          if (o.trace) {
            const subSet = new Set<number>(subs);
            let n = 0;
            for (const d of messageDeliveries(rec)) {
              if (!subSet.has(d.pid)) continue;
              if (!d.ok) return `delivery at pid ${d.pid} not ok`;
              n++;
            }
            if (n !== M * S) return `trace has ${n} subscriber deliveries, expected ${M * S}`;
          }
          if (g.vm.processes.size !== S + 1) return `expected ${S + 1} processes, found ${g.vm.processes.size}`;
          return null;
        },
      };
    },
  };
}
