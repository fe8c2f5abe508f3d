/**
 * The CLI fuzzer (test/fuzz/cli-fuzz.ts) in the quick suite: a small seeded sample of random
 * argument vectors, and the pinned cases, each a child process in its own sandbox. The long run is
 * `fuzzCli` (`node --import tsx test/fuzz/cli-fuzz.ts RUNS SEED`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cliCase, fuzzCli, makeFixture, runCliCase, type CaseResult } from '../fuzz/cli-fuzz.ts';

/** The quick sample: this many random cases from this seed. */
const SAMPLE_RUNS = 6;
const SAMPLE_SEED = 20_260_101;
/** Each pinned case is a child process of about a second; several run at once. */
const SLOW_MS = 240_000;

/**
 * Commands that lost a file, hung, or printed a stack trace before the output helper (issue 11),
 * and seeds the fuzzer found: each must now end in time, in one line, with every file intact.
 */
const PINNED: readonly (readonly string[])[] = [
  ['--from', 'trace.jsonl', '--format', 'native', '--out', 'trace.jsonl'], // truncated, then deleted, its input
  ['--from', 'link-to-trace', '--format', 'mermaid', '--out', 'hard-to-trace'], // the input by other names
  ['--from', 'trace.jsonl', '--format', 'perfetto', '--out', 'dir/../trace.jsonl'],
  ['--from', 'bad.jsonl', '--format', 'perfetto', '--out', 'old.txt'], // a failed conversion unlinked old.txt
  ['--from', 'bad.jsonl', '--format', 'mermaid', '--out', 'run.mmd'],
  ['dns-proxy', '--world', 'world', '--out', 'world/world.json'], // an input of the run's options
  ['tcp-echo', '--out', '/dev/full'], // ENOSPC: a stack trace and a partial file
  ['tcp-echo', '--out', 'ro/x.jsonl', '--quiet'],
  ['tcp-echo', '--seed', '9'.repeat(100_000)], // echoed 100,000 digits
  [`--${'x'.repeat(5000)}`],
  ['--replay', 'fifo'], // waited for a writer for ever
  ['--replay', '/dev/zero'], // read for ever
  ['--from', 'fifo', '--pretty'],
  ['dns-proxy', '--world', 'fifo-world'], // world.json a FIFO
  ['--replay', 'edited.jsonl'], // exit 1: a step differs
  ['ping-pong', '--out', 'link-to-old', '--format', 'mermaid'], // writes through the link: old.txt changes, the link stays
];

let fixture: ReturnType<typeof makeFixture>;
beforeAll(() => {
  fixture = makeFixture();
});

/** Runs the pinned cases two at a time (the machine is shared). */
async function runPinned(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (let i = 0; i < PINNED.length; i += 2) {
    results.push(...(await Promise.all(PINNED.slice(i, i + 2).map((argv) => runCliCase(-1, fixture, undefined, [...argv])))));
  }
  return results;
}

describe('CLI fuzz', () => {
  it('cases are deterministic: a seed always gives the same argument vector', () => {
    expect(cliCase(7)).toEqual(cliCase(7));
    expect(cliCase(7)).not.toEqual(cliCase(8));
  });

  it('pinned regression cases: no lost file, no hang, no stack trace, one line', async () => {
    const pinned = await runPinned();
    expect(pinned.flatMap((r) => r.findings)).toEqual([]);
    // What each ends with, in PINNED order (root may write into a read-only directory).
    const ro = process.getuid?.() === 0 ? 0 : 2;
    expect(pinned.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2, ro, 2, 2, 2, 2, 2, 2, 1, 0]);
  }, SLOW_MS);

  it(`a seeded sample of ${SAMPLE_RUNS} random argument vectors`, async () => {
    const report = await fuzzCli({ seed: SAMPLE_SEED, runs: SAMPLE_RUNS, concurrency: 2 });
    expect(report.findings).toEqual([]);
    expect(Object.values(report.exits).reduce((a, b) => a + b, 0)).toBe(SAMPLE_RUNS);
  }, SLOW_MS);
});
