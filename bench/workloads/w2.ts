/**
 * W2 selective routing. P publishes ["ch", *, *]; subscriber i subscribes ["ch", i, *].
 * target_k = floor(rnd()·S) with rnd = mulberry32(12345), precomputed; message k = ["ch", target_k, k].
 *   batch: one turn of P sends all M messages; turn: one turn of P per message, run to idle after each.
 * A turn of P is triggered by injecting ["w2-go", target_k, k] to P's subscriber endpoint
 * ["w2-go", *, *] (the trigger carries the target so P's handler does no lookup).
 * Check: subscriber i's state counts its messages and sums their k (poisoned if a message with
 * another target arrives); both must equal what the targets say. With trace on, every deliver
 * record at a subscriber is checked: it is subscriber target_k receiving message k, M in all.
 */
import {
  _, boot, role, sendMessage, spawn, topicPublisher, topicSubscriber, transition,
  type Action, type Pid, type Term,
} from '../../src/kernel/index.ts';
import type { Case, Json } from '../harness.ts';
import {
  buildWorld, idle, inject, labelsOf, messageDeliveries, mulberry32, pidsByName, Recorder, stateOf, WorldCache,
  type GroundVM, type WorldOpts,
} from './common.ts';

export type Variant = 'batch' | 'turn';

interface SubState {
  readonly n: number;
  readonly sum: number;
}

let batch: readonly Action[] = [];

/** The W2 world (also used by W5). */
export function w2World(S: number, o: WorldOpts): { g: GroundVM; subs: Pid[] } {
  const P = boot(null,
    role('out', topicPublisher(['ch', _, _])),
    role('go', topicSubscriber(['w2-go', _, _]), {
      onMessage: (m, s) => {
        const [, t, k] = m as [string, number | string, number];
        return transition(s, t === 'batch' ? batch : sendMessage(['ch', t, k]));
      },
    }));
  const spawns = [spawn(P, { name: 'P' })];
  for (let i = 0; i < S; i++) {
    const sub = boot<SubState>({ n: 0, sum: 0 }, role('in', topicSubscriber(['ch', i, _]), {
      onMessage: (m, s: SubState) => {
        const [, t, k] = m as [string, number, number];
        return transition(t === i && s.n >= 0 ? { n: s.n + 1, sum: s.sum + k } : { n: -1, sum: 0 });
      },
    }));
    spawns.push(spawn(sub, { name: `sub-${i}` }));
  }
  const g = buildWorld(boot(null, spawns), o);
  const byName = pidsByName(g);
  return { g, subs: Array.from({ length: S }, (_x, i) => byName.get(`sub-${i}`)!) };
}

export function w2Targets(S: number, M: number): Int32Array {
  const rnd = mulberry32(12345);
  const t = new Int32Array(M);
  for (let k = 0; k < M; k++) t[k] = Math.floor(rnd() * S);
  return t;
}

const cache = new WorldCache((k: { S: number; o: WorldOpts }) => w2World(k.S, k.o));
export const clearW2 = (): void => cache.clear();

export function w2Case(variant: Variant, S: number, o: WorldOpts, quick: boolean, maxM?: number, notes?: Record<string, Json>): Case {
  return {
    labels: { workload: `W2-${variant}`, subscribers: S, ...labelsOf(o) },
    rates: { sends_per_s: 1 },
    minM: 1,
    maxM: maxM ?? (quick ? 20_000 : variant === 'batch' ? 500_000 : 1_000_000),
    ...(notes ? { notes } : {}),
    prepare(M) {
      const { g: g0, subs } = cache.get({ S, o });
      const targets = w2Targets(S, M);
      const triggers: Term[] = [];
      if (variant === 'batch') batch = Array.from(targets, (t, k) => sendMessage(['ch', t, k]));
      else for (let k = 0; k < M; k++) triggers.push(['w2-go', targets[k]!, k]);
      const rec = new Recorder(o.trace);
      let g = g0;
      return {
        run() {
          if (variant === 'batch') g = idle(inject(g, ['w2-go', 'batch', M], rec), rec);
          else for (let k = 0; k < M; k++) g = idle(inject(g, triggers[k]!, rec), rec);
        },
        check() {
          batch = [];
          const n = new Float64Array(S);
          const sum = new Float64Array(S);
          for (let k = 0; k < M; k++) {
            n[targets[k]!]!++;
            sum[targets[k]!]! += k;
          }
          for (let i = 0; i < S; i++) {
            const s = stateOf<SubState>(g, subs[i]!);
            if (s === undefined || s.n !== n[i] || s.sum !== sum[i]) {
              return `subscriber ${i} has ${JSON.stringify(s)}, expected {n:${n[i]},sum:${sum[i]}}`;
            }
          }
          if (o.trace) {
            const index = new Map<number, number>(subs.map((pid, i) => [pid, i]));
            let count = 0;
            for (const d of messageDeliveries(rec)) {
              const i = index.get(d.pid);
              if (i === undefined) continue;
              const k = (d.message as [string, number, number])[2];
              if (!d.ok || targets[k] !== i) return `trace: message ${k} delivered at subscriber ${i}, target ${targets[k]}`;
              count++;
            }
            if (count !== M) return `trace has ${count} subscriber deliveries, expected ${M}`;
          }
          return null;
        },
      };
    },
  };
}
