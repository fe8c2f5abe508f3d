/** User interventions (issue 7): inject, kill at any VM depth, add a client — as pure steps of the simulation. */
import { describe, expect, it } from 'vitest';
import {
  _, atMetaLevel, boot, bytesToText, isStruct, nestedVm, pid, prettyRecord, role, spawn, struct, topicPublisher,
  topicSubscriber, type TraceRecord,
} from '../../src/kernel/index.ts';
import { applyInput, createSimulation, type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';

const lines = (rs: readonly TraceRecord[]) => rs.map((r) => prettyRecord(r).replace(/^#\d+(<-\d+)? /, ''));

function settle(sim: Simulation, records: TraceRecord[]): Simulation {
  return runSimulation(sim, { maxSteps: sim.steps + 5000 }, (r) => records.push(...r));
}

describe('interventions', () => {
  it('kill at the ground: peers see absence with the given reason', () => {
    const records: TraceRecord[] = [];
    const start = startScenario(findScenario('tcp-echo')!);
    let sim = settle(start.sim, records);
    const listener = [...sim.ground.vm.processes.values()].find((p) => p.name === 'listener')!;
    const killed = applyInput(sim, { kind: 'kill', vm: [], pid: listener.pid, reason: struct('killed-by-user') });
    records.push(...killed.records);
    sim = settle(killed.sim, records);
    const out = lines(killed.records);
    expect(out[0]).toBe('ground @160ms ground-event (user kill) kill([], 2, killed-by-user())');
    expect(out).toContain('ground p2 quit killed-by-user()');
    // The listener manager (everything observer of the listener) sees the absence and closes the port.
    expect(out.some((l) => /p3 deliver observe-publishers absence .* killed-by-user\(\)/.test(l))).toBe(true);
    expect([...sim.ground.vm.processes.values()].map((p) => p.name)).toEqual(['tcp']);
  });

  it('kill inside a nested VM withdraws its meta-endpoints outside', () => {
    const inner = boot(null, atMetaLevel(role('up', topicPublisher(struct('svc', _)))));
    const watcher = boot(null, role('w', topicSubscriber(struct('svc', _))));
    const records: TraceRecord[] = [];
    const start = createSimulation(boot(null, spawn(watcher, { name: 'watcher' }), nestedVm(boot(null, spawn(inner, { name: 'inner' })), { name: 'vm' })), { seed: 1 });
    let sim = settle(start.sim, records);
    const killed = applyInput(sim, { kind: 'kill', vm: [pid(2)], pid: pid(1), reason: 'stop' });
    records.push(...killed.records);
    sim = settle(killed.sim, records);
    const out = lines(records);
    expect(out).toContain('ground/2 p1 quit "stop"');
    expect(out).toContain('ground p1 deliver w absence pub svc(?0) "stop" from p2 1/up => ok');
    expect(sim.ground.vm.processes.has(pid(2))).toBe(false); // the emptied VM is collected
  });

  it('kill of a missing process is a recorded no-op', () => {
    const start = startScenario(findScenario('ping-pong')!);
    const s = applyInput(start.sim, { kind: 'kill', vm: [], pid: pid(42), reason: false });
    expect(lines(s.records)).toContain('ground no-op no process 42 to kill');
  });

  it('inject delivers a message from outside; connect adds a client that the server serves', () => {
    const records: TraceRecord[] = [];
    const start = startScenario(findScenario('tcp-echo')!);
    let sim = settle(start.sim, records);
    expect(sim.status).toBe('blocked');
    const added = applyInput(sim, {
      kind: 'connect',
      client: { name: 'carol', host: 'carol-host', steps: [{ op: 'connect', host: 'server', port: 5999 }, { op: 'send', text: 'late\n' }, { op: 'expect-line' }, { op: 'close' }] },
    });
    records.push(...added.records);
    sim = settle(added.sim, records);
    const received = records.flatMap((r) => (r.kind === 'world' && r.what === 'client-recv' && r.host === 'carol-host' && isStruct(r.detail) ? [bytesToText(r.detail.fields[1] as Uint8Array)] : []));
    expect(received).toEqual(['You said: late\n']);
    const injected = applyInput(sim, { kind: 'inject', body: struct('hello'), orientation: 'publisher' });
    expect(lines(injected.records)[0]).toMatch(/ground-event \(user inject\) hello\(\)/);
  });
});
