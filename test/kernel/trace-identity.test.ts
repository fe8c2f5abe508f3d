/**
 * Whole-trace identity: every scenario × seeds 1..20 (plus its default seed) must produce exactly the
 * native trace pinned in test/fixtures/trace-fingerprints.json (counts, end status, chained step
 * hash, a hash of every line and of every record's pretty form), and so must the nested-VM
 * programs of nested-programs.ts. A kernel refactoring that claims "behaviour identical" is held to
 * it; regenerate the fixture (scripts/trace-fingerprints.ts) only when a change of behaviour is intended.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { PROGRAMS } from './nested-programs.ts';
import { fingerprint, programFingerprints, seedsOf, type Fixture } from './trace-fingerprint.ts';

const pinned = JSON.parse(readFileSync(new URL('../fixtures/trace-fingerprints.json', import.meta.url), 'utf8')) as Fixture;

describe('trace identity against the pinned fingerprints', () => {
  it('the fixture covers exactly the scenario × seed matrix and the programs', () => {
    const expected = SCENARIOS.flatMap((s) => seedsOf(s).map((seed) => `${s.id} seed ${seed}`));
    expect(pinned.scenarios.map((f) => `${f.scenario} seed ${f.seed}`)).toEqual(expected);
    expect(pinned.programs.map((f) => f.program)).toEqual(PROGRAMS.map((p) => p.id));
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: every seed gives the pinned trace', (_id, scenario) => {
    for (const seed of seedsOf(scenario)) {
      const want = pinned.scenarios.find((f) => f.scenario === scenario.id && f.seed === seed);
      expect(fingerprint(scenario, seed), `${scenario.id} seed ${seed}`).toEqual(want);
    }
  });

  it('the nested-VM programs give the pinned traces', () => {
    const got = programFingerprints();
    for (const want of pinned.programs) expect(got.find((f) => f.program === want.program), `program ${want.program}`).toEqual(want);
  });
});
