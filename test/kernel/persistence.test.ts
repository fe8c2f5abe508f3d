/**
 * Purity of steps: a VM returned from a step is a persistent value. Rounds and fan-outs edit
 * private transients (vm.ts opened/sealed), so this checks what they must never do: change a VM
 * after it was returned. Every ground state of a run is fingerprinted when it is returned and again
 * at the end, and stepping again from any kept state gives the very same records.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  _, atMetaLevel, boot, nestedVm, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition,
  type Term, type TraceRecord, type VM,
} from '../../src/kernel/index.ts';
import { groundVm, injectMessage, stepGround, type GroundVM } from '../../src/kernel/ground/index.ts';
import { prettyRecord } from '../../src/kernel/trace-pretty.ts';

/** Everything a later step could have changed in place, nested VMs included. */
function shape(vm: VM): unknown {
  return {
    nextPid: vm.nextPid,
    rounds: vm.rounds,
    runnable: [...vm.runnable].sort((a, b) => a - b),
    index: vm.routing.size,
    processes: [...vm.processes.values()].map((p) => ({
      pid: p.pid,
      name: p.name,
      queue: p.queue.map((q) => q.action.type).toArray(),
      endpoints: [...p.endpoints.keys()],
      meta: [...p.metaEndpoints.keys()],
      state: p.isVm ? shape(p.state as VM) : JSON.stringify(p.state),
    })),
  };
}

const ping = (k: Term): Term => struct('ping', k);

/** Subscribers that echo, count, spawn and quit, and a nested VM that hears pings at the meta level. */
function world(): GroundVM {
  const counter = boot(0, role<number>('in', topicSubscriber(ping(_)), {
    onMessage: (m, n) => transition(n + 1, n % 3 === 2 ? sendMessage(struct('three', m)) : null),
  }));
  const spawner = boot(null, role('in', topicSubscriber(ping('spawn')), {
    onMessage: (_m, s) => transition(s, spawn(boot(null, role('once', topicSubscriber(ping(_)), { onMessage: (_x, t) => transition(t, quit()) })))),
  }));
  const inner = boot(0, atMetaLevel(role<number>('up', topicSubscriber(ping(_)), { onMessage: (_m, n) => transition(n + 1) })));
  const watcher = boot<Term[]>([], role<Term[]>('three', topicSubscriber(struct('three', _)), { onMessage: (m, s) => transition([...s, m]) }));
  return groundVm(boot(null,
    role('pub', topicPublisher(ping(_))),
    spawn(counter), spawn(counter), spawn(spawner), spawn(watcher),
    nestedVm(boot(null, spawn(inner), spawn(inner)), { name: 'vm' }),
  ), { routing: 'trie', trace: true });
}

type Move = { readonly kind: 'step' } | { readonly kind: 'inject'; readonly k: number | 'spawn' };

function apply(g: GroundVM, m: Move): { readonly ground: GroundVM; readonly records: readonly TraceRecord[] } {
  return m.kind === 'step' ? stepGround(g) : injectMessage(g, ping(m.k));
}

const lines = (rs: readonly TraceRecord[]): string[] => rs.map((r) => prettyRecord(r));

const moves: fc.Arbitrary<Move[]> = fc.array(
  fc.oneof(
    fc.constant<Move>({ kind: 'step' }),
    fc.oneof(fc.nat(5), fc.constant('spawn' as const)).map((k): Move => ({ kind: 'inject', k })),
  ),
  { minLength: 1, maxLength: 40 },
);

describe('a VM returned from a step is never changed afterwards', () => {
  it('every kept state keeps its shape, and stepping from it again gives the same records', () => {
    fc.assert(
      fc.property(moves, (ms) => {
        const kept: { g: GroundVM; shape: string }[] = [];
        const taken: { move: Move; records: string[] }[] = [];
        let g = world();
        for (const m of [{ kind: 'step' } as Move, { kind: 'step' } as Move, ...ms]) {
          kept.push({ g, shape: JSON.stringify(shape(g.vm)) });
          const s = apply(g, m);
          taken.push({ move: m, records: lines(s.records) });
          g = s.ground;
        }
        kept.forEach((k, i) => {
          expect(JSON.stringify(shape(k.g.vm))).toBe(k.shape);
          expect(lines(apply(k.g, taken[i]!.move).records)).toEqual(taken[i]!.records);
        });
      }),
      { numRuns: 40 },
    );
  });
});
