/**
 * `node --import tsx scripts/trace-fingerprints.ts [--check]`
 *
 * Writes test/fixtures/trace-fingerprints.json: the native-trace fingerprint of every scenario ×
 * seeds 1..20 (plus its default seed), as test/kernel/trace-fingerprint.ts computes it. With
 * --check it writes nothing and lists the entries that differ (exit 1 if any). Regenerate only on
 * purpose: the fixture pins the kernel's behaviour (test/kernel/trace-identity.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fingerprint, matrix, type Fingerprint } from '../test/kernel/trace-fingerprint.ts';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/trace-fingerprints.json', import.meta.url));

const t0 = performance.now();
const entries: Fingerprint[] = matrix().map(({ scenario, seed }) => fingerprint(scenario, seed));
const seconds = ((performance.now() - t0) / 1000).toFixed(1);

if (process.argv.includes('--check')) {
  const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fingerprint[];
  const key = (f: Fingerprint): string => `${f.scenario} seed ${f.seed}`;
  const byKey = new Map(pinned.map((f) => [key(f), JSON.stringify(f)]));
  const differ = entries.filter((f) => byKey.get(key(f)) !== JSON.stringify(f)).map(key);
  console.log(`${entries.length} runs in ${seconds} s; ${differ.length} differ${differ.length > 0 ? ': ' + differ.join(', ') : ''}`);
  process.exitCode = differ.length > 0 || pinned.length !== entries.length ? 1 : 0;
} else {
  writeFileSync(FIXTURE, '[\n' + entries.map((f) => '  ' + JSON.stringify(f)).join(',\n') + '\n]\n');
  console.log(`${entries.length} runs in ${seconds} s: wrote ${FIXTURE}`);
}
