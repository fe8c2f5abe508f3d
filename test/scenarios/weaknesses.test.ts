/** The talk's weaknesses, made concrete (spec §8): each demonstrates the weakness and the workaround. */
import { describe, expect, it } from 'vitest';
import { prettyRecord, type TraceRecord } from '../../src/kernel/index.ts';
import { runSimulation, type Simulation } from '../../src/kernel/ground/sim.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';

function run(id: string): { sim: Simulation; lines: string[]; records: TraceRecord[] } {
  const s = findScenario(id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  const start = startScenario(s);
  const records = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: s.maxSteps ?? 5000 }, (r) => records.push(...r));
  return { sim, records, lines: records.map((r) => prettyRecord(r).replace(/^#\d+(<-\d+)? /, '')) };
}

const stateOf = (sim: Simulation, name: string) =>
  [...sim.ground.vm.processes.values()].find((p) => p.name === name)?.state as { seen: readonly string[] } | undefined;

describe('glitching', () => {
  it('delete-then-add makes the peer see a spurious absence; the same-name re-add does not', () => {
    const { sim, lines } = run('glitching');
    const careless = lines.filter((l) => / p3 deliver watch /.test(l));
    expect(careless.slice(0, 3)).toEqual([
      'ground p3 deliver watch presence pub service("careless", ?0) => ok',
      'ground p3 deliver watch absence pub service("careless", ?0) false => ok [quit service-lost("careless", false)]',
      'ground p3 deliver watch presence pub service("careless", ?0) => ok',
    ]);
    expect(lines).toContain('ground p3 quit service-lost("careless", false)');
    // The careful watcher saw the service once, never lost it, and got an answer from version 2.
    expect(stateOf(sim, 'careful-watcher')?.seen).toEqual(['present', 'answer version 2']);
    expect(lines.filter((l) => / p5 deliver watch absence/.test(l))).toEqual([]);
  });
});

describe('handoff of responsibility', () => {
  const customer = (sim: Simulation, s: string) =>
    [...sim.ground.vm.processes.values()].find((p) => p.name === `customer (${s})`)?.state as { log: readonly string[] };

  it('take: the manager stands in, so the customer never sees the resource go away', () => {
    const { sim } = run('handoff');
    expect(customer(sim, 'take').log).toEqual(['up (manager)', '+worker-2', '-manager']);
  });

  it('blip: a worker that crashes before asserting goes unnoticed; the customer waits forever', () => {
    const { sim, lines } = run('handoff');
    expect(customer(sim, 'blip').log).toEqual([]);
    expect(lines.some((l) => l.includes('boot worker blip#2'))).toBe(false);
    expect(sim.status).toBe('quiescent');
  });

  it('monitor: the manager restarts the crashed worker; the customer gets the resource after a gap', () => {
    const { sim, records } = run('handoff');
    expect(customer(sim, 'monitor').log).toEqual(['up (worker-2)']);
    const up = records.find((r) => r.kind === 'deliver' && r.endpoint === 'need' && r.event.type === 'presence' &&
      prettyRecord(r).includes('"monitor", "worker-2"'));
    expect(up).toBeDefined();
  });
});
