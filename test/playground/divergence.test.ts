/**
 * The divergence of an edit, end to end in Node: a template and its edited text loaded through the
 * playground's loader, both run at one seed, compared by process identity (issue 14, item 3).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divergenceOf, finish, startPair, type VariantRequest } from '../../src/debugger/variants/compare.ts';
import { loadProgram } from '../../src/playground/program.ts';
import { prettyRecord } from '../../src/kernel/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { runProgram, templateSource } from './run-program.ts';

const REQUEST: VariantRequest = { scenario: 'program', flag: '', values: ['the previous run', 'the edited run'], seed: null };

function load(source: string): Scenario {
  const l = loadProgram(source);
  if (!l.ok) throw new Error(l.problem.message);
  return l.scenario;
}

const compare = (before: string, after: string, seed: number) => finish(startPair(REQUEST, load(before), load(after), seed));

describe('the divergence of an edit', () => {
  it('an unedited program run again does not diverge (each template, any seed)', () => {
    const templates = ['echo.ts', 'chat-room.ts', 'date.ts', 'bank-teller.ts'].map(templateSource);
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (source, seed) => {
        const c = compare(source, source, seed);
        expect(c.a.keys.length).toBeGreaterThan(0);
        expect(divergenceOf(c)).toBeNull();
      }),
      { numRuns: 12 },
    );
  });

  it('a handler that replies otherwise diverges at its first reply', () => {
    const echo = templateSource('echo.ts');
    const edited = echo.replace('`You said: ${bytesToText(data)}\\n`', '`I heard: ${bytesToText(data)}\\n`');
    expect(edited).not.toBe(echo);
    const c = compare(echo, edited, 7);
    const d = divergenceOf(c);
    // The reference: the edited run's records, printed; the first one that carries the new reply.
    const { records } = runProgram(edited, 7);
    const first = records.findIndex((r) => prettyRecord(r).includes('I heard'));
    expect(first).toBeGreaterThan(0);
    expect(d).toMatchObject({ kind: 'changed', at: first, b: first });
    expect(d!.identity).toMatch(/^ground\/connection-handler @\d+$/);
    // Everything before it is the same record for record in both runs.
    expect(c.a.keys.slice(0, first)).toEqual(c.b.keys.slice(0, first));
  });

});
