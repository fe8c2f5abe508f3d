/**
 * The "Next ground event" list in the engine (issue 17): the frame's `choices` section lists what
 * the ground could deliver next at the cursor's boundary, the default marked; picking one is an
 * intervention (a branch in the past) after which the run differs and replays with the choice.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/debugger/engine/engine.ts';
import { FULL_VIEW, type Frame } from '../../../src/debugger/engine/frame.ts';
import { boundaryAt, runAt, runInputs } from '../../../src/debugger/engine/history.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv } from '../../../src/debugger/engine/player.ts';
import { choicesAt, defaultChoice, type Intervention } from '../../../src/kernel/ground/index.ts';
import { SCENARIOS, findScenario } from '../../../src/scenarios/index.ts';
import { playerOf } from './player-harness.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

function settled(eng: Engine): Frame {
  let t = 0;
  let merged: Record<string, unknown> = {};
  for (let i = 0; i < 10_000; i++) {
    const r = eng.pump(() => t++, 10);
    if (r.frame !== null) merged = { ...merged, ...r.frame };
    if (r.next === 'idle') break;
  }
  return merged as unknown as Frame;
}

describe('the next-ground-event list', () => {
  it('is sent only when asked for, and lists the candidates at the cursor with the default marked', () => {
    const eng = new Engine(env, initialState(env, findScenario('tcp-echo')!), FULL_VIEW);
    eng.dispatch({ type: 'jump', to: 200 });
    expect(settled(eng).choices).toBeUndefined();
    eng.setView({ ...FULL_VIEW, choices: true });
    const f = settled(eng);
    const h = eng.state.history;
    const sim = runAt(h, 200)!.sim;
    expect(f.choices?.at).toBe(boundaryAt(h, 200).records);
    expect(f.choices?.items.map((c) => c.id)).toEqual(choicesAt(sim).map((c) => c.id));
    expect(f.choices?.items.filter((c) => c.isDefault).map((c) => c.id)).toEqual([defaultChoice(sim)]);
  });

  it('runAt gives the run that made the records after the boundary', () => {
    const p = playerOf(env, 'dns-proxy').do({ type: 'jump', to: 3000 }).settle();
    const h = p.s.history;
    for (const cursor of [0, 1, 57, 1200, 2999]) {
      const b = boundaryAt(h, cursor);
      const run = runAt(h, cursor)!;
      expect(run.sim.steps).toBe(b.steps);
      expect(run.sim.ground.nextRecordId).toBe((h.records.get(b.records)?.id ?? h.records.get(b.records - 1)!.id + 1));
    }
  });

  it('picking a non-default event in the past branches the run there with that choice', () => {
    const p = playerOf(env, 'dns-proxy').do({ type: 'jump', to: 2000 }).settle();
    const before = p.s.history;
    const at = 400;
    const sim = runAt(before, at)!.sim;
    const pick = choicesAt(sim).find((c) => c.kind === 'drop') ?? choicesAt(sim).find((c) => c.id !== defaultChoice(sim))!;
    const choose: Intervention = { kind: 'choose', event: pick.id };
    p.do({ type: 'jump', to: at }).do({ type: 'intervene', at, intervention: choose }).settle();
    const h = p.s.history;
    const b = boundaryAt(before, at);
    expect(runInputs(h)).toEqual([{ ...choose, atStep: b.steps }]);
    expect(h.records.get(b.records - 1)).toBe(before.records.get(b.records - 1));
    expect(h.records.get(b.records)).not.toEqual(before.records.get(b.records));
    expect(p.s.cursor).toBeGreaterThan(b.records);
  });
});
