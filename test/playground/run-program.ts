/** Test helper: load a program's source in-process and run it to its end, keeping the records. */
import { readFileSync } from 'node:fs';
import { bytesToText, isStruct, type TraceRecord } from '../../src/kernel/index.ts';
import { runSimulation } from '../../src/kernel/ground/index.ts';
import { startScenario } from '../../src/scenarios/types.ts';
import { loadProgram } from '../../src/playground/program.ts';
import type { Enter } from '../../src/playground/guard.ts';

export const templateSource = (file: string): string =>
  readFileSync(new URL(`../../src/playground/templates/${file}`, import.meta.url), 'utf8');

export function runProgram(source: string, seed?: number, enter?: Enter) {
  const loaded = loadProgram(source, enter);
  if (!loaded.ok) throw new Error(`the program did not load: ${JSON.stringify(loaded.problem)}`);
  const s = loaded.scenario;
  const start = startScenario(s, seed === undefined ? {} : { seed });
  const records: TraceRecord[] = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: s.maxSteps ?? 20_000 }, (r) => records.push(...r));
  return { scenario: s, sim, records };
}

/** What each client received, as text lines: "alice <- * bob is here". */
export function received(records: readonly TraceRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.kind !== 'world' || r.what !== 'client-recv' || !isStruct(r.detail, 'data')) continue;
    out.push(`${r.host} <- ${bytesToText(r.detail.fields[1] as Uint8Array).trimEnd()}`);
  }
  return out;
}

export const crashes = (records: readonly TraceRecord[]) =>
  records.filter((r) => (r.kind === 'deliver' || r.kind === 'boot' || r.kind === 'continuation') && 'outcome' in r && r.outcome === 'crashed');
