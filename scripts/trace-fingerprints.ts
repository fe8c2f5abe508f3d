/**
 * `node --import tsx scripts/trace-fingerprints.ts [--check]`
 *
 * Writes test/fixtures/trace-fingerprints.json: the native-trace fingerprint of every scenario ×
 * seeds 1..20 (plus its default seed) and of the nested-VM test programs, as
 * test/kernel/trace-fingerprint.ts computes them. With --check it writes nothing and lists the
 * entries that differ (exit 1 if any). Regenerate only on purpose: the fixture pins the kernel's
 * behaviour (test/kernel/trace-identity.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fingerprint, matrix, programFingerprints, type Fixture } from '../test/kernel/trace-fingerprint.ts';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/trace-fingerprints.json', import.meta.url));

const t0 = performance.now();
const now: Fixture = {
  scenarios: matrix().map(({ scenario, seed }) => fingerprint(scenario, seed)),
  programs: programFingerprints(),
};
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
const runs = now.scenarios.length + now.programs.length;

const lines = <T>(xs: readonly T[]): string => xs.map((x) => '    ' + JSON.stringify(x)).join(',\n');

if (process.argv.includes('--check')) {
  const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
  const keyed = (f: Fixture): Map<string, string> => new Map([
    ...f.scenarios.map((x) => [`${x.scenario} seed ${x.seed}`, JSON.stringify(x)] as const),
    ...f.programs.map((x) => [`program ${x.program}`, JSON.stringify(x)] as const),
  ]);
  const want = keyed(pinned);
  const got = keyed(now);
  const differ = [...new Set([...want.keys(), ...got.keys()])].filter((k) => want.get(k) !== got.get(k));
  console.log(`${runs} runs in ${seconds} s; ${differ.length} differ${differ.length > 0 ? ': ' + differ.join(', ') : ''}`);
  process.exitCode = differ.length > 0 ? 1 : 0;
} else {
  writeFileSync(FIXTURE, `{\n  "scenarios": [\n${lines(now.scenarios)}\n  ],\n  "programs": [\n${lines(now.programs)}\n  ]\n}\n`);
  console.log(`${runs} runs in ${seconds} s: wrote ${FIXTURE}`);
}
