/**
 * `npm run serve -- <scenario> [--tcp-port N] [--udp-port N] [--host H] [--world DIR] [--for SECONDS] [--out trace.jsonl]`
 *
 * Runs an unmodified scenario program on real sockets (src/real/ground.ts, docs/real-ground.md):
 * loopback (127.0.0.1) unless --host says otherwise, without the scenario's scripted clients (its
 * clients are real ones; a built-in stub client gets no queries), until SIGINT/SIGTERM or --for SECONDS.
 * Prints the addresses it serves. On the way out: every client closed, every process told (absence),
 * every socket closed; with --out, the native trace of the run — the run re-executed against the
 * simulated ground from its recorded inputs, checked to reach the same state — written as
 * `npm run sim` writes files (output.ts: whole or not at all). Exit codes: 0 done, 2 bad arguments.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { recordRun, startRun, type RunConfig } from '../debugger/replay/index.ts';
import { RealGround } from '../real/ground.ts';
import { findScenario, SCENARIOS } from '../scenarios/index.ts';
import type { Scenario, ScenarioConfig } from '../scenarios/types.ts';
import { OutputFiles } from './output.ts';

/** A real run records at most this many trace records; after that it goes on unrecorded (the trace stops there). */
export const MAX_TRACE_RECORDS = 2_000_000;
/** The longest --for, in seconds (a day). */
const MAX_FOR_SECONDS = 86_400;

export interface ServeArgs {
  readonly scenario: Scenario;
  readonly config: ScenarioConfig | null;
  readonly host: string;
  readonly tcpPort: number;
  readonly udpPort: number;
  readonly forSeconds: number | null;
  readonly out: string | null;
}

const USAGE = 'usage: npm run serve -- <scenario> [--tcp-port N] [--udp-port N] [--host H] [--world DIR] [--for SECONDS] [--out trace.jsonl]';

function portOf(flag: string, v: string | undefined): number | string {
  return v !== undefined && /^[0-9]{1,5}$/.test(v) && Number(v) <= 65_535 ? Number(v) : `${flag} needs a port number 0 … 65535`;
}

/** The arguments, or a one-line problem. */
export function parseServeArgs(argv: readonly string[]): ServeArgs | string {
  const [id, ...rest] = argv;
  const base = id === undefined ? undefined : findScenario(id);
  if (base === undefined) return `${id === undefined ? 'no scenario' : `unknown scenario ${JSON.stringify(id)}`} (known: ${SCENARIOS.map((s) => s.id).join(', ')})\n${USAGE}`;
  let config: ScenarioConfig = {};
  const a = { host: '127.0.0.1', tcpPort: 0, udpPort: 0, forSeconds: null as number | null, out: null as string | null };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, v] = [rest[i]!, rest[i + 1]];
    const option = base.options?.flags.find((f) => f.name === flag && f.name !== '--query');
    if (flag === '--tcp-port' || flag === '--udp-port') {
      const p = portOf(flag, v);
      if (typeof p === 'string') return p;
      if (flag === '--tcp-port') a.tcpPort = p;
      else a.udpPort = p;
    } else if (flag === '--host' && v !== undefined) a.host = v;
    else if (flag === '--out' && v !== undefined) a.out = v;
    else if (flag === '--for' && v !== undefined && Number(v) > 0 && Number(v) <= MAX_FOR_SECONDS) a.forSeconds = Number(v);
    else if (option !== undefined && v !== undefined) {
      const r = option.parse(v, config, { readText: (p) => readFileSync(p, 'utf8'), realPath: realpathSync });
      if (typeof r === 'string') return `${flag}: ${r}`;
      config = r;
    } else return `${flag}${v === undefined ? ' needs a value' : ` ${JSON.stringify(v)} is not understood`}\n${USAGE}`;
  }
  // A scenario with a built-in stub client asks nothing: the real clients do.
  if (base.options?.flags.some((f) => f.name === '--query') === true) config = { ...config, queries: [] };
  const configured = base.options === undefined ? null : config;
  return { scenario: configured === null ? base : base.options!.configure(configured), config: configured, ...a };
}

/** The run a real ground starts from (and its trace's header describes, with the recorded inputs). */
export function serveConfig(a: ServeArgs): RunConfig {
  return {
    scenario: a.scenario.id, seed: a.scenario.seed, net: { ...a.scenario.net, external: true }, clients: 'none',
    maxSteps: Number.MAX_SAFE_INTEGER, untilMs: null, inputs: [],
    ...(a.config === null ? {} : { scenarioOptions: a.config }),
  };
}

export interface Served {
  readonly ground: RealGround;
  /** Ends the run and writes the trace (if --out); resolves to the lines to print. */
  readonly stop: () => Promise<string[]>;
}

/** Starts serving; `log` gets the operator's lines. */
export async function serve(a: ServeArgs, log: (line: string) => void): Promise<Served> {
  const config = serveConfig(a);
  let records = 0;
  let cut: { steps: number; inputs: number } | null = null;
  let ground: RealGround | null = null;
  const out = a.out === null ? null : new OutputFiles(a.out, []);
  const onUnit = (rs: readonly { id: number }[]): void => {
    records += rs.length;
    if (cut === null && records > MAX_TRACE_RECORDS && ground !== null) {
      cut = { steps: ground.current.sim.steps, inputs: ground.recorded.length };
      log(`the trace stops at step ${cut.steps}: more than ${MAX_TRACE_RECORDS} records (the run goes on unrecorded)`);
    }
  };
  ground = new RealGround(startRun(a.scenario, config).run, { host: a.host, tcpPort: a.tcpPort, udpPort: a.udpPort, log, onUnit });
  ground.pump();
  await ground.ready();
  const g = ground;
  const stop = async (): Promise<string[]> => {
    await g.stop();
    const steps = cut?.steps ?? g.current.sim.steps;
    const inputs = g.recorded.slice(0, cut?.inputs ?? g.recorded.length);
    const lines = [`stopped after ${steps} steps and ${inputs.length} real events`];
    if (out === null) return lines;
    const sim = recordRun(a.scenario, { ...config, inputs, maxSteps: steps }, (line) => out.write(`${line}\n`, 1));
    out.commit();
    const same = cut !== null || (sim.steps === g.current.sim.steps && sim.ground.nextRecordId === g.current.sim.ground.nextRecordId);
    lines.push(same ? `trace: ${a.out!} (replays against the simulated ground)` : `trace: ${a.out!} — WARNING: its re-execution differs from the real run`);
    return lines;
  };
  return { ground, stop };
}
