/**
 * The timer driver and timer-relay (spec §5.1) and event-relay (spec §5.4), run in the simulated
 * ground. Every expected value was worked out by hand from the spec before running: the clock only
 * moves when the VM has no work, to the earliest subscribed timer deadline (sim.ts), and a driver's
 * time-listener fires with the virtual time as its value.
 */
import { describe, expect, it } from 'vitest';
import {
  _, boot, nestedVm, pretty, prettyRecord, quit, role, sendMessage, spawn, struct, topicSubscriber, transition,
  type ActionTree, type BootSpec, type Term, type TraceRecord,
} from '../../src/kernel/index.ts';
import { createSimulation, type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { timerEvt } from '../../src/kernel/ground/descriptors.ts';
import { setTimer, timerDriver, timerRelay } from '../../src/kernel/drivers/timer.ts';
import { eventRelay } from '../../src/kernel/drivers/event-relay.ts';

interface Ran {
  readonly sim: Simulation;
  readonly records: readonly TraceRecord[];
}

function simulate(bootActions: ActionTree): Ran {
  const created = createSimulation(boot(null, bootActions), { seed: 1 });
  const records = [...created.records];
  const sim = runSimulation(created.sim, { maxSteps: 10_000 }, (r) => records.push(...r));
  return { sim, records };
}

/** The messages an endpoint received, printed: `timer-expired("a", 30)`. */
function received(run: Ran, endpoint: string, path = 'ground'): string[] {
  return run.records.flatMap((r) =>
    r.kind === 'deliver' && r.endpoint === endpoint && r.event.type === 'message' && prettyVmPath(r) === path
      ? [pretty(r.event.message)]
      : [],
  );
}

const prettyVmPath = (r: TraceRecord): string => (r.vm.length === 0 ? 'ground' : 'ground/' + r.vm.join('/'));

/** A user that records every timer-expired in its state and quits after `expect` of them. */
function timerUser(expectCount: number, ...requests: Term[]): BootSpec {
  return boot(
    0,
    role<number>('expired', topicSubscriber(struct('timer-expired', _, _)), {
      onMessage: (_m, n) => transition(n + 1, n + 1 >= expectCount && quit()),
    }),
    requests.map((r) => sendMessage(r)),
  );
}

const withTimer = (user: BootSpec): ActionTree => [spawn(timerDriver, { name: 'timer' }), spawn(user, { name: 'user' })];

describe('timer driver', () => {
  it('fires relative and absolute timers in deadline order with the virtual time', () => {
    const run = simulate(withTimer(timerUser(3, setTimer('r100', 100), setTimer('a30', 30, 'absolute'), setTimer('r50', 50))));
    expect(received(run, 'expired')).toEqual([
      'timer-expired("a30", 30)',
      'timer-expired("r50", 50)',
      'timer-expired("r100", 100)',
    ]);
    expect(run.sim.world.now).toBe(100);
  });

  it('fires two timers with the same deadline in request order', () => {
    const run = simulate(withTimer(timerUser(4,
      setTimer('first', 40), setTimer('second', 40), setTimer('third', 40, 'absolute'), setTimer('fourth', 40, 'absolute'))));
    const got = received(run, 'expired');
    // Same-kind pairs keep their request order and all fire together at 40.
    expect(got.filter((m) => m.includes('first') || m.includes('second'))).toEqual([
      'timer-expired("first", 40)', 'timer-expired("second", 40)',
    ]);
    expect(got.filter((m) => m.includes('third') || m.includes('fourth'))).toEqual([
      'timer-expired("third", 40)', 'timer-expired("fourth", 40)',
    ]);
    const firings = run.records.filter((r) => r.kind === 'ground-event' && pretty(r.event).startsWith('[#<evt timer 40>'));
    expect(firings).toHaveLength(1);
  });

  // Regression: a relative request must keep its request-time sequence number while it waits for
  // the clock probe, or an absolute request made after it with the same deadline fires first.
  it('fires a relative and a later absolute timer with the same deadline in request order', () => {
    const run = simulate(withTimer(timerUser(2, setTimer('rel', 40), setTimer('abs', 40, 'absolute'))));
    expect(received(run, 'expired')).toEqual(['timer-expired("rel", 40)', 'timer-expired("abs", 40)']);
  });

  it('fires a past absolute deadline at once, with the current time', () => {
    const user = boot(
      null,
      role('wait', topicSubscriber(struct('timer-expired', 'wait', _)), {
        onMessage: (_m, s) => transition(s, sendMessage(setTimer('past', 20, 'absolute'))),
      }),
      role('past', topicSubscriber(struct('timer-expired', 'past', _)), { onMessage: (_m, s) => transition(s, quit()) }),
      sendMessage(setTimer('wait', 100)),
    );
    const run = simulate(withTimer(user));
    expect(received(run, 'past')).toEqual(['timer-expired("past", 100)']);
    expect(run.sim.world.now).toBe(100);
  });

  it('deletes and re-adds the time-listener ground subscription as the earliest deadline changes', () => {
    const run = simulate(withTimer(timerUser(3,
      setTimer('a', 100, 'absolute'), setTimer('b', 50, 'absolute'), setTimer('c', 70, 'absolute'))));
    const listener = run.records.flatMap((r) =>
      r.kind === 'endpoint' && r.endpoint === 'time-listener' ? [`${r.change} ${pretty(r.role.topic)}`] : []);
    expect(listener).toEqual([
      'added [#<evt timer 100>, ?0]',
      'removed [#<evt timer 100>, ?0]', // b (50) is now the earliest
      'added [#<evt timer 50>, ?0]',
      // c (70) does not change the earliest: nothing
      'removed [#<evt timer 50>, ?0]', // b fired at 50
      'added [#<evt timer 70>, ?0]',
      'removed [#<evt timer 70>, ?0]', // c fired at 70
      'added [#<evt timer 100>, ?0]',
      'removed [#<evt timer 100>, ?0]', // a fired at 100: nothing left
    ]);
    expect(received(run, 'expired')).toEqual(['timer-expired("b", 50)', 'timer-expired("c", 70)', 'timer-expired("a", 100)']);
  });

  it('holds no ground subscription when idle, so the simulation ends quiescent', () => {
    const run = simulate(withTimer(timerUser(1, setTimer('x', 10))));
    expect(run.sim.status).toBe('quiescent');
    expect(run.sim.ground.vm.eventSources.size).toBe(0);
    // The driver itself is still there, waiting for requests.
    expect([...run.sim.ground.vm.processes.values()].map((p) => p.name)).toContain('timer');
  });
});

describe('timer-relay', () => {
  it("an inner process's set-timer fires and comes back with its original label", () => {
    const inner = boot(
      null,
      spawn(timerRelay('vm1'), { name: 'timer-relay' }),
      spawn(timerUser(1, setTimer('hello', 30)), { name: 'inner-user' }),
    );
    const run = simulate([spawn(timerDriver, { name: 'timer' }), nestedVm(inner, { name: 'vm' })]);
    // Ground: p1 timer driver, p2 the VM. Inside: p1 relay, p2 the user.
    expect(received(run, 'set-timer-requests')).toEqual(['set-timer(["vm1", 0], 30, "relative")']);
    expect(received(run, 'expired', 'ground/2')).toEqual(['timer-expired("hello", 30)']);
    expect(run.sim.world.now).toBe(30);
    expect(run.sim.status).toBe('quiescent');
  });
});

describe('event-relay', () => {
  it('relays an inner subscription to a ground timer descriptor, and the event back down', () => {
    const T = 25;
    const inner = boot(
      null,
      spawn(eventRelay('vm1'), { name: 'event-relay' }),
      spawn(boot(null, role('alarm', topicSubscriber([timerEvt(T), _]), { onMessage: (_m, s) => transition(s, quit()) })), {
        name: 'inner-user',
      }),
    );
    const run = simulate(nestedVm(inner, { name: 'vm' }));
    // The ground sees the relayed subscription as an endpoint of the VM process (ground p1),
    // named "<relay pid>/<meta-endpoint name>".
    const ground = run.records.flatMap((r) =>
      r.kind === 'endpoint' && r.vm.length === 0 ? [`p${r.pid} ${r.change} ${r.endpoint} ${pretty(r.role.topic)}`] : []);
    expect(ground).toEqual([
      `p1 added 1/relay #<evt timer ${T}> [#<evt timer ${T}>, ?0]`,
      `p1 removed 1/relay #<evt timer ${T}> [#<evt timer ${T}>, ?0]`,
    ]);
    const events = run.records.filter((r) => r.kind === 'ground-event').map((r) => prettyRecord(r).replace(/^#\d+(<-\d+)? /, ''));
    expect(events).toEqual([`ground p1 @${T}ms ground-event (event timer) [#<evt timer ${T}>, ${T}]`]);
    expect(received(run, 'alarm', 'ground/1')).toEqual([`[#<evt timer ${T}>, ${T}]`]);
    expect(run.sim.status).toBe('quiescent');
  });

  it('keeps one meta-endpoint per descriptor while any inner subscriber remains', () => {
    const T = 10;
    const sub = (name: string, quitOnFire: boolean) =>
      spawn(boot(null, role(name, topicSubscriber([timerEvt(T), _]), {
        onMessage: (_m, s) => transition(s, quitOnFire && quit()),
      })), { name });
    const inner = boot(null, spawn(eventRelay('vm1'), { name: 'event-relay' }), sub('one', true), sub('two', true));
    const run = simulate(nestedVm(inner, { name: 'vm' }));
    const added = run.records.filter((r) => r.kind === 'endpoint' && r.vm.length === 0 && r.change === 'added');
    expect(added).toHaveLength(1);
    expect(received(run, 'one', 'ground/1')).toEqual([`[#<evt timer ${T}>, ${T}]`]);
    expect(received(run, 'two', 'ground/1')).toEqual([`[#<evt timer ${T}>, ${T}]`]);
    expect(run.sim.status).toBe('quiescent');
  });
});
