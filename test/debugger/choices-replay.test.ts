/**
 * A run with choices (kernel ground/choices.ts) as a native trace: the header records the choices,
 * the same config writes the same bytes, a replay reaches the same hash at every step, and a
 * recorded trace places each choice at the step it chose.
 */
import { describe, expect, it } from 'vitest';
import { recordedFromText } from '../../src/debugger/engine/recorded.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { parseTraceLines } from '../../src/debugger/trace/index.ts';
import { choicesAt } from '../../src/kernel/ground/choices.ts';
import type { Input } from '../../src/kernel/ground/run.ts';
import { simStep, type Simulation } from '../../src/kernel/ground/sim.ts';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';
import { traceLines } from './export-fixtures.ts';

const dns = findScenario('dns-proxy')!;

/** Two choices that are not the default: a datagram dropped, later the last candidate listed. */
function choices(): Input[] {
  let sim: Simulation = startScenario(dns).sim;
  while (!choicesAt(sim).some((c) => c.kind === 'drop')) sim = simStep(sim).sim;
  const at = sim.steps;
  const drop = choicesAt(sim).find((c) => c.kind === 'drop')!;
  for (let i = 0; i < 5; i++) sim = simStep(sim).sim;
  return [{ kind: 'choose', event: drop.id, atStep: at }, { kind: 'choose', event: choicesAt(sim).at(-1)!.id, atStep: at + 5 }];
}

const CHOICES = choices();

describe('a run with choices, recorded and replayed', () => {
  it('writes the choices in the header, the same bytes twice, and replays with identical hashes', () => {
    const inputs = CHOICES;
    const lines = traceLines(dns, { inputs, maxSteps: 400 });
    expect(traceLines(dns, { inputs, maxSteps: 400 })).toEqual(lines);
    const parsed = parseTraceLines(lines.join('\n'));
    expect(parsed.header.inputs).toEqual(inputs);
    expect(JSON.parse(lines[0]!).inputs[0]).toEqual({ ...inputs[0] });
    const r = replayTrace(lines, SCENARIOS);
    expect(r).toMatchObject({ ok: true, steps: parsed.steps.length });
    if (r.ok) expect(r.hash).toBe(parsed.steps.at(-1)!.hash);
    expect(lines).not.toEqual(traceLines(dns, { maxSteps: 400 }));
  });

  it('a recorded trace places a choice at the start of the step it chose', () => {
    const inputs = CHOICES;
    const rec = recordedFromText(traceLines(dns, { inputs, maxSteps: 400 }).join('\n') + '\n');
    const applied = rec.history.applied.slice();
    expect(applied.map((a) => a.input)).toEqual(inputs);
    const first = rec.history.records.get(applied[0]!.atRecord)!;
    expect(first).toMatchObject({ kind: 'world', what: 'fault-udp-loss' });
    expect(rec.unapplied).toEqual([]);
  });
});
