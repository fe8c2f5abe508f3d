/**
 * The vocabulary's contract with a process author (src/kernel/api.ts): the state type written once
 * with processOf<S>() reaches every clause and continuation; every clause and continuation takes
 * what happened first and the state last; undefined from any of them means "no change, no actions".
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  _, boot, processOf, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition, yieldThen,
  type Pid, type Reason, type Role, type Term, type Transition,
} from '../../src/kernel/index.ts';
import { only, runProgram } from './helpers.ts';

interface Tally {
  readonly seen: readonly string[];
}

describe('processOf<S>', () => {
  it('types every clause, continuation and transition by S', () => {
    const P = processOf<Tally>();
    P.role('r', topicSubscriber(_), {
      onPresence: (peer, s) => {
        expectTypeOf(peer).toEqualTypeOf<Role>();
        expectTypeOf(s).toEqualTypeOf<Tally>();
      },
      onAbsence: (peer, reason, s) => {
        expectTypeOf(peer).toEqualTypeOf<Role>();
        expectTypeOf(reason).toEqualTypeOf<Reason>();
        expectTypeOf(s).toEqualTypeOf<Tally>();
      },
      onMessage: (m, s) => {
        expectTypeOf(m).toEqualTypeOf<Term>();
        expectTypeOf(s).toEqualTypeOf<Tally>();
      },
    });
    P.spawn(boot(null), {
      k: (child, s) => {
        expectTypeOf(child).toEqualTypeOf<Pid>();
        expectTypeOf(s).toEqualTypeOf<Tally>();
      },
    });
    P.yieldThen((s) => void expectTypeOf(s).toEqualTypeOf<Tally>());
    expectTypeOf(P.boot({ seen: [] })).toEqualTypeOf<() => Transition<Tally>>();
    // @ts-expect-error a state of another type is refused
    P.transition({ seen: 3 });
  });

  it('without a state type a clause sees unknown, never any', () => {
    role('r', topicSubscriber(_), { onMessage: (_m, s) => void expectTypeOf(s).toEqualTypeOf<unknown>() });
    yieldThen((s) => void expectTypeOf(s).toEqualTypeOf<unknown>());
  });
});

describe('argument order: what happened first, the state last', () => {
  it('onPresence(peer, s), onAbsence(peer, reason, s), onMessage(message, s) and the continuations', () => {
    const P = processOf<Tally>();
    const log = (s: Tally, x: string) => P.transition({ seen: [...s.seen, x] });
    const watcher = P.boot(
      { seen: [] },
      P.role('w', topicSubscriber(struct('svc', _)), {
        onPresence: (peer, s) => log(s, `presence ${peer.orientation}`),
        onMessage: (m, s) => log(s, `message ${JSON.stringify(m)}`),
        onAbsence: (peer, reason, s) => transition({ seen: [...s.seen, `absence ${peer.orientation} ${String(reason)}`] }, quit()),
      }),
      P.spawn(boot(null), { name: 'child', k: (child, s) => log(s, `spawned p${child}`) }),
      P.yieldThen((s) => log(s, 'resumed')),
    );
    const service = boot(null, role('svc', topicPublisher(struct('svc', _))), sendMessage(struct('svc', 1)), quit('bye'));
    const run = runProgram([spawn(watcher, { name: 'watcher' }), spawn(service, { name: 'service' })]);
    // Round 1: the boot process p0 spawns the watcher (p1) and the service (p2). Round 2: p1 adds w
    // (no peer yet), spawns its child (p3; k runs at once) and yields (k runs at once); then p2 adds
    // svc (p1 hears presence), sends svc(1) (p1 hears it) and quits "bye" (p1 hears absence).
    const last = run.records.filter((r) => (r.kind === 'deliver' || r.kind === 'continuation') && r.pid === 1).at(-1);
    expect(last !== undefined && 'state' in last ? last.state : null).toEqual({
      seen: ['spawned p3', 'resumed', 'presence publisher', 'message {"struct":"svc","fields":[1]}', 'absence publisher bye'],
    });
  });
});

describe('undefined from a clause or continuation: no change, no actions', () => {
  it('yield and spawn continuations that return undefined keep the state and queue nothing', () => {
    const P = processOf<number>();
    const run = runProgram(spawn(P.boot(7, P.yieldThen(() => undefined), P.spawn(boot(null), { k: () => undefined })), { name: 'p' }));
    expect(only(run, 'continuation')).toEqual(['ground p1 continuation yield => ok', 'ground p1 continuation spawn => ok']);
    const ks = run.records.filter((r) => r.kind === 'continuation');
    expect(ks.map((r) => (r.kind === 'continuation' ? [r.state, r.actions.length] : null))).toEqual([[7, 0], [7, 0]]);
  });
});
