/**
 * The trace-mutant fuzzer, quick run (issue 11; `npm run fuzz` runs the long campaign): mutated
 * traces (mutate.ts) through the importer, the engine's view-models, the re-check (targets.ts) and,
 * for a sample, the CLI's --replay (cli.ts). Every mutant is refused with its line (and field), or
 * accepted and stepped without an error, within a time budget linear in its size; nothing changes
 * Object.prototype; the corpus itself is read and replays identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliProblems } from './cli.ts';
import { corpus } from './corpus.ts';
import { mutant } from './mutate.ts';
import { checkBytes } from './targets.ts';

/** Mutants 1 … QUICK_COUNT run here (a few seconds); the campaign runs 10,000. */
const QUICK_COUNT = 300;
/** A mutant's time budget: a base plus one ms per this many bytes (super-linear work overruns it). */
const BASE_BUDGET_MS = 15_000;
const BUDGET_BYTES_PER_MS = 2_000;

/** Seeds that found a problem once, kept as regression cases (what they found). */
const PINNED: readonly { readonly seed: number; readonly found: string }[] = [
  { seed: 372, found: 'a state {"processes":null,"routing":…} crashed the inspector (TypeError)' },
  { seed: 384, found: 'a line over MAX_LINE_CHARS: read in quadratic time (over a minute); then the re-check threw instead of reporting it' },
  { seed: 560, found: 'a run of 64 Mi bytes with no newline: the same' },
  { seed: 842, found: 'a value nested 10⁵ deep: RangeError in the importer and replay' },
  { seed: 890, found: 'a key named like a prototype member crashed replay\'s difference report; a version 1 file\'s export was unreadable' },
]

const dir = mkdtempSync(join(tmpdir(), 'os2-trace-mutants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The problems of mutant `seed`, as lines for one readable assertion, and whether it was imported. */
async function check(seed: number): Promise<{ problems: string[]; imported: 'accepted' | 'refused' }> {
  const m = mutant(seed);
  const t0 = performance.now();
  const v = await checkBytes(m.bytes, seed);
  const ms = performance.now() - t0;
  const budget = BASE_BUDGET_MS + m.bytes.length / BUDGET_BYTES_PER_MS;
  const what = `seed ${seed} (${m.base}: ${m.ops.join('; ')})`;
  const out = v.problems.map((p) => `${what}: ${p.kind} in ${p.target}: ${p.detail}`);
  if (ms > budget) out.push(`${what}: hang: ${Math.round(ms)} ms, over its budget of ${Math.round(budget)} ms`);
  return { problems: out, imported: v.imported };
}

describe('trace mutants (quick run)', () => {
  it('the corpus, with CRLF line ends or without its final newline, is read and replays identical', async () => {
    const enc = new TextEncoder();
    for (const t of corpus()) {
      for (const form of [t.text, t.text.replaceAll('\n', '\r\n'), t.text.replace(/\n$/, '')]) {
        const v = await checkBytes(enc.encode(form));
        expect({ name: t.name, imported: v.imported, replayed: v.replayed, message: v.message, problems: v.problems }).toEqual({
          name: t.name, imported: 'accepted', replayed: 'identical', message: null, problems: [],
        });
      }
    }
  }, 120_000);

  it.each(PINNED)('pinned seed $seed ($found)', async ({ seed }) => {
    expect((await check(seed)).problems).toEqual([]);
  }, 120_000);

  it(`mutants 1 … ${QUICK_COUNT}: refused with the line, or accepted and stepped; no crash, escape or hang`, async () => {
    const problems: string[] = [];
    const seen = { accepted: 0, refused: 0 };
    for (let seed = 1; seed <= QUICK_COUNT; seed++) {
      const c = await check(seed);
      problems.push(...c.problems);
      seen[c.imported]++;
    }
    expect(problems).toEqual([]);
    // Both sides are exercised: mutants the importer takes (and the engine steps), and refusals.
    expect(seen.accepted).toBeGreaterThan(QUICK_COUNT / 50);
    expect(seen.refused).toBeGreaterThan(QUICK_COUNT / 2);
  }, 600_000);

  it('a sample through the CLI (--replay in a child process) exits 0, 1 or 2 with one line, as the re-check says', async () => {
    const problems: string[] = [];
    for (const seed of [3, 7, 12]) {
      const m = mutant(seed);
      const v = await checkBytes(m.bytes, seed);
      for (const p of cliProblems(m.bytes, v, dir, `seed-${seed}`, 60_000)) problems.push(`seed ${seed}: ${p.kind}: ${p.detail}`);
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
