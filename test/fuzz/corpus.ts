/**
 * The real traces the trace-mutant fuzzer starts from: short runs of several scenarios, recorded by
 * the runner (recordRun), with inputs of every kind, nested VMs, crashes, bytes, a scenario
 * configured by options.scenario (a DNS world's files), and one version 1 file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordRun, type RunConfig } from '../../src/debugger/replay/index.ts';
import { tcpClientSpec } from '../../src/kernel/ground/line-client.ts';
import type { Input } from '../../src/kernel/ground/inputs.ts';
import { pid, struct } from '../../src/kernel/index.ts';
import { loadWorldDir } from '../../src/scenarios/dns/load-dir.ts';
import { findScenario } from '../../src/scenarios/index.ts';
import type { ScenarioConfig } from '../../src/scenarios/types.ts';

export interface CorpusTrace {
  readonly name: string;
  readonly text: string;
}

function record(id: string, maxSteps: number, inputs: readonly Input[] = [], scenarioOptions?: ScenarioConfig): string {
  const base = findScenario(id)!;
  const scenario = scenarioOptions === undefined ? base : base.options!.configure(scenarioOptions);
  const config: RunConfig = {
    scenario: id, seed: base.seed, maxSteps, untilMs: null, inputs, ...(scenarioOptions === undefined ? {} : { scenarioOptions }),
  };
  const lines: string[] = [];
  recordRun(scenario, config, (l) => lines.push(l));
  return lines.join('\n') + '\n';
}

/** A version 3 trace as a version 1 file: no step lines, no end line (its inputs have no connect). */
function asVersion1(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = JSON.parse(lines[0]!) as Record<string, unknown>;
  const records = lines.slice(1).filter((l) => l.startsWith('{"id":'));
  return [JSON.stringify({ ...header, version: 1 }), ...records].join('\n') + '\n';
}

const WORLD_DIR = fileURLToPath(new URL('../../src/scenarios/dns/worlds/default', import.meta.url));

function dnsOptions(): ScenarioConfig {
  const { files } = loadWorldDir(WORLD_DIR, (p) => readFileSync(p, 'utf8'));
  return { world: { dir: 'default', files: { ...files } }, queries: ['blog.test. A', 'www.shop.test. AAAA'] };
}

const connect = (atStep: number): Input => ({
  atStep, kind: 'connect', client: tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 5999, send: ['hi'] }),
});

let cached: readonly CorpusTrace[] | null = null;

/** The corpus (made once per process; deterministic). */
export function corpus(): readonly CorpusTrace[] {
  if (cached !== null) return cached;
  cached = [
    { name: 'ping-pong', text: record('ping-pong', 60) },
    { name: 'ping-pong-v1+inject', text: asVersion1(record('ping-pong', 60, [{ atStep: 2, kind: 'inject', body: struct('hello', 1), orientation: 'publisher' }])) },
    {
      name: 'tcp-echo+inputs',
      text: record('tcp-echo', 14, [
        { atStep: 2, kind: 'inject', body: struct('poke', 'hi', 1.5, [true, null]), orientation: 'publisher' },
        connect(4),
        { atStep: 6, kind: 'kill', vm: [], pid: pid(2), reason: struct('bye') },
      ]),
    },
    { name: 'nested-pool', text: record('nested-pool', 14) },
    { name: 'supervisor', text: record('supervisor', 14) },
    { name: 'ssh-nested', text: record('ssh-nested', 10) },
    { name: 'dns-proxy+world', text: record('dns-proxy', 6, [], dnsOptions()) },
  ];
  return cached;
}
