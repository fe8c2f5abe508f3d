/** The shipped templates are real programs: each loads through the playground's loader and runs. */
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/playground/templates/index.ts';
import { crashes, received, runProgram, templateSource } from './run-program.ts';

describe('templates', () => {
  for (const t of TEMPLATES) {
    it(`${t.id} loads and runs without a crash`, () => {
      const { records, scenario } = runProgram(templateSource(t.file));
      expect(scenario.id).toBe('program');
      expect(records.filter((r) => r.kind === 'boot').length).toBeGreaterThan(0);
      expect(crashes(records)).toEqual([]);
    });
  }

  it('the echo server answers every line', () => {
    const lines = received(runProgram(templateSource('echo.ts')).records);
    expect(lines.filter((l) => l.startsWith('alice'))).toEqual(['alice <- You said: hello', 'alice <- You said: how are you?', 'alice <- You said: bye']);
  });

  it('the chat room announces arrivals, relays what is said, and announces a departure by absence', () => {
    const lines = received(runProgram(templateSource('chat-room.ts')).records);
    expect(lines).toEqual([
      'alice <- * bob is here', 'bob <- * alice is here', 'bob <- alice: hi bob', 'alice <- bob: hello alice', 'alice <- * bob has left',
    ]);
  });

  it('the bank teller hires one teller per customer, and every teller goes home', () => {
    const { records, sim } = runProgram(templateSource('bank-teller.ts'));
    const booted = records.flatMap((r) => (r.kind === 'boot' ? [r.name] : []));
    expect(booted.filter((n) => n.startsWith('teller-')).sort()).toEqual(['teller-alice', 'teller-bob', 'teller-carol']);
    expect([...sim.ground.vm.processes.values()].map((p) => p.name)).toEqual(['manager']);
  });

  it('the date server sends the virtual time to each client', () => {
    const lines = received(runProgram(templateSource('date.ts')).records);
    expect(lines.map((l) => l.replace(/\d+$/, 'N'))).toEqual(['alice <- N', 'bob <- N']);
  });
});
