/**
 * Choosing the ground's next event (issue 17, item 1; kernel ground/choices.ts): every listed
 * candidate, chosen, is the next ground event; the default candidate is what simStep does; a run
 * with choices replays to the same hashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseStep, choicesAt, defaultChoice, type GroundChoice } from '../../src/kernel/ground/choices.ts';
import { makeRun, runToEnd, type Input } from '../../src/kernel/ground/run.ts';
import { simStep, type Simulation } from '../../src/kernel/ground/sim.ts';
import type { Packet } from '../../src/kernel/ground/network.ts';
import { isEvt, type TraceRecord } from '../../src/kernel/index.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';

const IDS = ['tcp-echo', 'dns-proxy', 'ping-pong', 'supervisor', 'tcp-date'] as const;
const scenario = (id: string): Scenario => findScenario(id)!;

/** The simulations at every step of a scenario's default run, up to `steps` steps. */
function defaultSims(s: Scenario, steps: number, net = {}): Simulation[] {
  let sim = startScenario(s, { net }).sim;
  const out = [sim];
  for (let i = 0; i < steps && sim.status === 'running'; i++) {
    const n = simStep(sim);
    if (n.sim.steps === sim.steps) break;
    sim = n.sim;
    out.push(sim);
  }
  return out;
}

const packet = (sim: Simulation, seq: number): Packet | undefined => sim.world.net.inflight.find((p) => p.seq === seq);
const seqs = (sim: Simulation): number[] => sim.world.net.inflight.map((p) => p.seq);

/** Checks that choosing `c` at `sim` made `c` the next ground event (each kind by what it must change). */
function expectChosen(sim: Simulation, c: GroundChoice): void {
  const { sim: after, records } = chooseStep(sim, c.id);
  expect(after.steps).toBe(sim.steps + 1);
  expect(after.world.now).toBeGreaterThanOrEqual(sim.world.now);
  const first: TraceRecord | undefined = records[0];
  switch (c.kind) {
    case 'round':
      expect(after.ground.vm.rounds).toBe(sim.ground.vm.rounds + 1);
      expect(after.world).toBe(sim.world);
      return;
    case 'event':
    case 'timer': {
      expect(first?.kind).toBe('ground-event');
      if (first?.kind !== 'ground-event') return;
      expect(first.pid).toBe(c.pid);
      const [evt] = first.event as readonly unknown[];
      expect(isEvt(evt as never) ? (evt as { evt: string }).evt : null).toBe(c.kind === 'timer' ? 'timer' : c.evt);
      if (c.kind === 'timer') expect(after.world.now).toBe(Math.max(sim.world.now, c.at));
      expect(after.ground.vm.rounds).toBe(sim.ground.vm.rounds);
      return;
    }
    case 'deliver':
    case 'client':
      expect(packet(after, c.seq)).toBeUndefined();
      // Every other packet is still in flight (new ones may have been sent by the arrival).
      for (const s of seqs(sim)) if (s !== c.seq) expect(packet(after, s)).toBeDefined();
      expect(after.world.now).toBe(Math.max(sim.world.now, c.at));
      expect(first?.kind).toBe('world');
      return;
    case 'drop':
      expect(seqs(after)).toEqual(seqs(sim).filter((s) => s !== c.seq));
      expect(first).toMatchObject({ kind: 'world', what: 'fault-udp-loss' });
      return;
    case 'duplicate': {
      expect(packet(after, c.seq)).toEqual(packet(sim, c.seq));
      const copy = after.world.net.inflight.find((p) => !seqs(sim).includes(p.seq));
      expect(copy).toMatchObject({ kind: 'datagram', copy: true, due: packet(sim, c.seq)!.due + 1 });
      expect(first).toMatchObject({ kind: 'world', what: 'fault-udp-duplicate' });
      return;
    }
    case 'delay': {
      const before = packet(sim, c.seq)!;
      expect(packet(after, c.seq)).toBeUndefined();
      const moved = after.world.net.inflight.find((p) => !seqs(sim).includes(p.seq));
      expect(moved).toMatchObject({ kind: 'datagram', due: before.due + 3 * Math.max(1, sim.world.config.latencyMs) });
      expect(first).toMatchObject({ kind: 'world', what: 'fault-udp-reorder' });
      return;
    }
  }
}

describe('choicesAt: what the ground could deliver next', () => {
  it.each(IDS)('%s: every candidate, chosen, is the next ground event', (id) => {
    const kinds = new Set<string>();
    for (const sim of defaultSims(scenario(id), 300)) {
      for (const c of choicesAt(sim)) {
        kinds.add(c.kind);
        expectChosen(sim, c);
      }
    }
    expect(kinds.has('round')).toBe(true);
  });

  it('lists packets, client wake-ups, timers and datagram faults in the scenarios that have them', () => {
    const kinds = new Set<string>();
    for (const id of IDS) for (const sim of defaultSims(scenario(id), 300)) for (const c of choicesAt(sim)) kinds.add(c.kind);
    expect([...kinds].sort()).toEqual(['client', 'delay', 'deliver', 'drop', 'duplicate', 'event', 'round', 'timer']);
  });

  it('ids are unique at each point, and the default candidate is listed whenever a step would happen', () => {
    for (const id of IDS) {
      for (const sim of defaultSims(scenario(id), 300)) {
        const ids = choicesAt(sim).map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        const d = defaultChoice(sim);
        const stepped = simStep(sim).sim.steps > sim.steps;
        expect(d !== null).toBe(stepped);
        if (d !== null) expect(ids).toContain(d);
      }
    }
  });

  it('a TCP segment behind another to the same end cannot overtake it', () => {
    for (const sim of defaultSims(scenario('tcp-echo'), 400)) {
      const firstTo = new Map<number, number>();
      for (const p of sim.world.net.inflight) if ('to' in p && !firstTo.has(p.to)) firstTo.set(p.to, p.seq);
      for (const c of choicesAt(sim)) {
        if (c.kind !== 'deliver') continue;
        const p = packet(sim, c.seq)!;
        if ('to' in p) expect(firstTo.get(p.to)).toBe(c.seq);
      }
    }
  });

  it('an id that is not a candidate is recorded and the step is the default one', () => {
    const sim = defaultSims(scenario('ping-pong'), 3).at(-1)!;
    const s = chooseStep(sim, 'packet:999999' as never);
    expect(s.records[0]).toMatchObject({ kind: 'world', what: 'choice-unavailable' });
    const d = simStep(sim);
    expect(s.sim.steps).toBe(d.sim.steps);
    expect(s.records.slice(1).map((r) => r.kind)).toEqual(d.records.map((r) => r.kind));
  });
});

/** A scenario's run (bounded) with these inputs: its records as JSON lines, and the run's status. */
function runWith(s: Scenario, inputs: readonly Input[], maxSteps: number): { lines: string[]; status: string; steps: number } {
  const lines: string[] = [];
  const run = runToEnd(makeRun(startScenario(s), inputs, { maxSteps, untilMs: null }), (u) => {
    for (const r of u.records) lines.push(JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)));
  });
  return { lines, status: run.status, steps: run.sim.steps };
}

describe('a choice as an input of the run', () => {
  it('choosing what the default schedule would pick gives the default run (property)', () => {
    const MAX = 250;
    const simsOf = new Map(IDS.map((id) => [id, defaultSims(scenario(id), MAX)]));
    const plainOf = new Map(IDS.map((id) => [id, runWith(scenario(id), [], MAX)]));
    fc.assert(
      fc.property(fc.constantFrom(...IDS), fc.nat({ max: MAX - 1 }), (id, k) => {
        const s = scenario(id);
        const sims = simsOf.get(id)!;
        const at = sims[Math.min(k, sims.length - 1)]!;
        const d = defaultChoice(at);
        fc.pre(d !== null);
        const plain = plainOf.get(id)!;
        const chosen = runWith(s, [{ kind: 'choose', event: d!, atStep: at.steps }], MAX);
        expect(chosen).toEqual(plain);
      }),
      { numRuns: 40, seed: 17 },
    );
  });

  it('a non-default choice changes the run, and the same choices give the same run', () => {
    const s = scenario('dns-proxy');
    const sims = defaultSims(s, 200);
    const at = sims.find((x) => choicesAt(x).some((c) => c.kind === 'drop'))!;
    const drop = choicesAt(at).find((c) => c.kind === 'drop')!;
    const inputs: Input[] = [{ kind: 'choose', event: drop.id, atStep: at.steps }];
    const a = runWith(s, inputs, 400);
    expect(a).toEqual(runWith(s, inputs, 400));
    expect(a.lines).not.toEqual(runWith(s, [], 400).lines);
    expect(a.lines.some((l) => l.includes('"fault-udp-loss"'))).toBe(true);
  });

  it('interventions at the same step apply before the choice, whatever order they are given in', () => {
    const s = scenario('tcp-echo');
    const at = defaultSims(s, 40).at(-1)!;
    const c = choicesAt(at).at(-1)!;
    const inject: Input = { kind: 'inject', body: 'hello', orientation: 'publisher', atStep: at.steps };
    const choose: Input = { kind: 'choose', event: c.id, atStep: at.steps };
    expect(runWith(s, [choose, inject], 100)).toEqual(runWith(s, [inject, choose], 100));
  });
});
