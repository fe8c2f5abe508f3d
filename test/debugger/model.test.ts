/**
 * The debugger's model is a fold over the trace. Differential test: at every simulation step
 * boundary of every scenario, the folded model equals what the kernel actually holds.
 */
import { describe, expect, it } from 'vitest';
import type { VM, VmPath, Pid } from '../../src/kernel/index.ts';
import { simStep } from '../../src/kernel/ground/sim.ts';
import { applyRecords, emptyModel, procKey, type Model } from '../../src/debugger/model.ts';
import { TestHistory } from '../helpers/history.ts';
import { SCENARIOS, startScenario } from '../../src/scenarios/index.ts';

interface Seen {
  readonly name: string;
  readonly endpoints: string[];
  readonly meta: string[];
  readonly queue: unknown[];
  readonly state: unknown;
}

/** Everything alive in the kernel, nested VMs included, keyed like the model. */
function kernelView(vm: VM, path: VmPath, out = new Map<string, Seen>()): Map<string, Seen> {
  for (const p of vm.processes.values()) {
    out.set(procKey(path, p.pid), {
      name: p.name,
      endpoints: [...p.endpoints.values()].map((e) => `${e.name} ${e.role.orientation} ${e.role.interest}`),
      meta: [...p.metaEndpoints.keys()],
      queue: p.queue.toArray().map((q) => q.action),
      state: p.isVm ? 'vm' : p.state,
    });
    if (p.isVm) kernelView(p.state as VM, [...path, p.pid as Pid], out);
  }
  return out;
}

function modelView(m: Model): Map<string, Seen> {
  const out = new Map<string, Seen>();
  for (const p of m.procs.values()) {
    if (!p.alive) continue;
    out.set(p.key, {
      name: p.name,
      endpoints: [...p.endpoints.values()].map((e) => `${e.name} ${e.role.orientation} ${e.role.interest}`),
      meta: [...p.metaEndpoints.keys()],
      queue: p.queue.toArray(),
      state: p.isVm ? 'vm' : p.state,
    });
  }
  return out;
}

describe('model ≡ kernel at every step boundary', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.id, () => {
      let { sim, records } = startScenario(scenario);
      let model = applyRecords(emptyModel, records);
      for (let step = 0; step < 3000 && sim.status === 'running'; step++) {
        ({ sim, records } = simStep(sim));
        model = applyRecords(model, records);
        const k = kernelView(sim.ground.vm, []);
        const m = modelView(model);
        expect([...m.keys()].sort()).toEqual([...k.keys()].sort());
        for (const [key, seen] of k) {
          const mine = m.get(key)!;
          expect(mine.name, key).toBe(seen.name);
          expect(mine.endpoints, key).toEqual(seen.endpoints);
          expect(mine.meta, key).toEqual(seen.meta);
          expect(mine.queue.length, key).toBe(seen.queue.length);
          mine.queue.forEach((a, i) => expect(a, `${key} queue[${i}]`).toBe(seen.queue[i]));
          expect(mine.state === seen.state, `${key} state`).toBe(true);
        }
      }
    });
  }
});

describe('time travel', () => {
  it('stepping back gives exactly the model stepping forward produced', () => {
    const h = new TestHistory(startScenario(SCENARIOS.find((s) => s.id === 'tcp-echo')!), { checkpointEvery: 64, maxRecords: 100_000 });
    h.grow(2000, 10_000);
    const forward: Model[] = [];
    let m = emptyModel;
    forward.push(m);
    for (const r of h.records) forward.push((m = applyRecords(m, [r])));
    expect(h.length).toBeGreaterThan(200);
    const view = (model: Model) => [...model.procs.values()].map((p) => ({ ...p, endpoints: p.endpoints.toJS(), meta: p.metaEndpoints.toJS(), queue: p.queue.toArray() }));
    for (let i = h.length; i >= 0; i--) {
      const back = h.modelAt(i);
      expect(back.applied).toBe(i);
      expect(view(back), `at ${i}`).toEqual(view(forward[i]!));
    }
  });

  it('seeking is incremental: one step back or forward folds at most a checkpoint interval', () => {
    const h = new TestHistory(startScenario(SCENARIOS.find((s) => s.id === 'tcp-echo')!), { checkpointEvery: 64, maxRecords: 100_000 });
    h.grow(1000, 10_000);
    const mid = Math.floor(h.length / 2);
    h.modelAt(mid);
    const before = h.recomputed;
    h.modelAt(mid + 1);
    expect(h.recomputed - before).toBe(1);
    const before2 = h.recomputed;
    h.modelAt(mid - 1);
    expect(h.recomputed - before2).toBeLessThanOrEqual(64);
    const before3 = h.recomputed;
    h.modelAt(h.length);
    expect(h.recomputed - before3).toBe(0); // the frontier is kept
  });

  it('ids map back to indices', () => {
    const h = new TestHistory(startScenario(SCENARIOS[0]!));
    h.grow(300, 1000);
    const r = h.records[123]!;
    expect(h.indexOfId(r.id)).toBe(123);
    expect(h.indexOfId(-5)).toBeNull();
  });
});
