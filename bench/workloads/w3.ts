/**
 * W3 presence churn. S subscribers on ["svc", *].
 *   spawn:   a long-lived spawner (subscriber ["w3-go", *]) receives an injected ["w3-go", k] and
 *            spawns Q_k, whose boot installs publisher ["svc", k]; Q_k quits on its first turn
 *            after that (its presence handler queues quit once); run to idle.
 *   retract: a long-lived T (subscriber ["w3-go", *, *]) adds publisher ["svc", k] on
 *            ["w3-go", "add", k] (run to idle) and deletes it on ["w3-go", "del", k] (run to idle).
 * Check: each subscriber saw M presences and M absences whose topics carry k = 0…M−1 (counts and
 * sums of k), and afterwards the world is back to its setup size (Q_k all gone, endpoints removed).
 */
import {
  _, boot, deleteRole, quit, role, spawn, topicPublisher, topicSubscriber, transition,
  type Pid, type Role,
} from '../../src/kernel/index.ts';
import type { Case } from '../harness.ts';
import {
  buildWorld, idle, inject, labelsOf, pidsByName, Recorder, stateOf, WorldCache, type GroundVM, type WorldOpts,
} from './common.ts';

export type Variant = 'spawn' | 'retract';

interface SubState {
  readonly p: number;
  readonly a: number;
  readonly ps: number;
  readonly as: number;
}

const kOf = (peer: Role): number => (peer.topic as [string, number])[1];

function qBoot(k: number) {
  return boot(false, role('svc', topicPublisher(['svc', k]), {
    onPresence: (_peer, done: boolean) => (done ? undefined : transition(true, quit())),
  }));
}

function world(variant: Variant, S: number, o: WorldOpts): { g: GroundVM; subs: Pid[] } {
  const driver = variant === 'spawn'
    ? boot(null, role('go', topicSubscriber(['w3-go', _]), {
        onMessage: (m, s) => transition(s, spawn(qBoot((m as [string, number])[1]), { name: 'Q' })),
      }))
    : boot(null, role('go', topicSubscriber(['w3-go', _, _]), {
        onMessage: (m, s) => {
          const [, op, k] = m as [string, string, number];
          return transition(s, op === 'add' ? role('svc', topicPublisher(['svc', k])) : deleteRole('svc'));
        },
      }));
  const sub = boot<SubState>({ p: 0, a: 0, ps: 0, as: 0 }, role('in', topicSubscriber(['svc', _]), {
    onPresence: (peer, s: SubState) => transition({ ...s, p: s.p + 1, ps: s.ps + kOf(peer) }),
    onAbsence: (peer, _reason, s: SubState) => transition({ ...s, a: s.a + 1, as: s.as + kOf(peer) }),
  }));
  const spawns = [spawn(driver, { name: 'driver' })];
  for (let i = 0; i < S; i++) spawns.push(spawn(sub, { name: `sub-${i}` }));
  const g = buildWorld(boot(null, spawns), o);
  const byName = pidsByName(g);
  return { g, subs: Array.from({ length: S }, (_x, i) => byName.get(`sub-${i}`)!) };
}

const cache = new WorldCache((k: { v: Variant; S: number; o: WorldOpts }) => world(k.v, k.S, k.o));
export const clearW3 = (): void => cache.clear();

export function w3Case(variant: Variant, S: number, o: WorldOpts, quick: boolean): Case {
  return {
    labels: { workload: `W3-${variant}`, subscribers: S, ...labelsOf(o) },
    rates: { cycles_per_s: 1, presence_events_per_s: 2 * S },
    minM: 1,
    maxM: quick ? 5_000 : 1_000_000,
    prepare(M) {
      const { g: g0, subs } = cache.get({ v: variant, S, o });
      const rec = new Recorder(o.trace);
      let g = g0;
      return {
        run() {
          if (variant === 'spawn') {
            for (let k = 0; k < M; k++) g = idle(inject(g, ['w3-go', k], rec), rec);
          } else {
            for (let k = 0; k < M; k++) {
              g = idle(inject(g, ['w3-go', 'add', k], rec), rec);
              g = idle(inject(g, ['w3-go', 'del', k], rec), rec);
            }
          }
        },
        check() {
          const sumK = (M * (M - 1)) / 2;
          for (const pid of subs) {
            const s = stateOf<SubState>(g, pid);
            if (s === undefined || s.p !== M || s.a !== M || s.ps !== sumK || s.as !== sumK) {
              return `subscriber pid ${pid} has ${JSON.stringify(s)}, expected p=a=${M}, sums ${sumK}`;
            }
          }
          if (g.vm.processes.size !== S + 1) return `expected ${S + 1} processes after the cycles, found ${g.vm.processes.size}`;
          if (g.vm.routing.size !== S + 1) return `expected ${S + 1} routed endpoints, found ${g.vm.routing.size}`;
          return null;
        },
      };
    },
  };
}
