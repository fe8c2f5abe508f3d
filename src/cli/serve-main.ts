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

/**
 * A real run's trace holds at most this many records (--trace-limit may lower it): the trace stops
 * at the step where the count passes it, and the run goes on unrecorded.
 */
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
  /** The trace stops once it holds more records than this (1 … MAX_TRACE_RECORDS). */
  readonly traceLimit: number;
}

const USAGE = 'usage: npm run serve -- <scenario> [--tcp-port N] [--udp-port N] [--host H] [--world DIR] [--for SECONDS] [--out trace.jsonl [--trace-limit RECORDS]]';

function portOf(flag: string, v: string | undefined): number | string {
  return v !== undefined && /^[0-9]{1,5}$/.test(v) && Number(v) <= 65_535 ? Number(v) : `${flag} needs a port number 0 … 65535`;
}

/** A whole number from `min` to `max`, or the sentence saying what the flag needs. */
function countOf(flag: string, v: string | undefined, min: number, max: number, unit: string): number | string {
  return v !== undefined && /^[0-9]{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : `${flag} needs ${unit} ${min} … ${max}`;
}

type Settable = { host: string; tcpPort: number; udpPort: number; forSeconds: number | null; out: string | null; traceLimit: number };

/** Sets one of serve's own flags on `a`: null when done, a problem, or 'not mine'. */
function ownFlag(a: Settable, flag: string, v: string | undefined): string | null | 'not mine' {
  if (flag === '--host' || flag === '--out') {
    if (v === undefined || v === '') return `${flag} needs a value`;
    if (flag === '--host') a.host = v;
    else a.out = v;
    return null;
  }
  const n = flag === '--tcp-port' || flag === '--udp-port' ? portOf(flag, v)
    : flag === '--for' ? countOf(flag, v, 1, MAX_FOR_SECONDS, 'a number of seconds')
    : flag === '--trace-limit' ? countOf(flag, v, 1, MAX_TRACE_RECORDS, 'a number of records')
    : 'not mine';
  if (typeof n === 'string') return n;
  if (flag === '--tcp-port') a.tcpPort = n;
  else if (flag === '--udp-port') a.udpPort = n;
  else if (flag === '--for') a.forSeconds = n;
  else a.traceLimit = n;
  return null;
}

/** The arguments, or a one-line problem. */
export function parseServeArgs(argv: readonly string[]): ServeArgs | string {
  const [id, ...rest] = argv;
  const base = id === undefined ? undefined : findScenario(id);
  if (base === undefined) return `${id === undefined ? 'no scenario' : `unknown scenario ${JSON.stringify(id)}`} (known: ${SCENARIOS.map((s) => s.id).join(', ')})\n${USAGE}`;
  let config: ScenarioConfig = {};
  const a: Settable = { host: '127.0.0.1', tcpPort: 0, udpPort: 0, forSeconds: null, out: null, traceLimit: MAX_TRACE_RECORDS };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, v] = [rest[i]!, rest[i + 1]];
    const own = ownFlag(a, flag, v);
    if (own === null) continue;
    if (own !== 'not mine') return own;
    const option = base.options?.flags.find((f) => f.name === flag && f.name !== '--query');
    if (option === undefined || v === undefined) return `${flag}${v === undefined ? ' needs a value' : ` ${JSON.stringify(v)} is not understood`}\n${USAGE}`;
    const r = option.parse(v, config, { readText: (p) => readFileSync(p, 'utf8'), realPath: realpathSync });
    if (typeof r === 'string') return `${flag}: ${r}`;
    config = r;
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

/** Where the trace stops: the last step, and the inputs applied up to it. */
interface Cut {
  readonly steps: number;
  readonly inputs: number;
}

/**
 * Counts the records of each unit; the first unit that would take the trace past `limit` records
 * is not recorded, nor anything after it: the trace stops at the step before (whole steps only).
 */
function traceCutter(limit: number, log: (line: string) => void): { onUnit: (rs: readonly unknown[], g: RealGround) => void; cut: () => Cut | null } {
  let records = 0;
  let cut: Cut | null = null;
  const onUnit = (rs: readonly unknown[], g: RealGround): void => {
    if (cut !== null) return;
    if (records + rs.length <= limit) {
      records += rs.length;
      return;
    }
    const steps = g.current.sim.steps - 1;
    cut = { steps, inputs: g.recorded.filter((i) => i.atStep < steps).length };
    log(`trace limit reached: the trace stops at step ${steps} (${records} records; the limit is ${limit}); the run goes on unrecorded`);
  };
  return { onUnit, cut: () => cut };
}

/** Starts serving; `log` gets the operator's lines. Rejects (with a sentence) when a socket cannot be bound. */
export async function serve(a: ServeArgs, log: (line: string) => void): Promise<Served> {
  const config = serveConfig(a);
  const cutter = traceCutter(a.traceLimit, log);
  const out = a.out === null ? null : new OutputFiles(a.out, []);
  const ground: RealGround = new RealGround(startRun(a.scenario, config).run, {
    host: a.host, tcpPort: a.tcpPort, udpPort: a.udpPort, log, onUnit: (rs) => cutter.onUnit(rs, ground),
  });
  ground.pump();
  try {
    await ground.ready();
  } catch (e) {
    await ground.stop();
    out?.abort();
    throw e;
  }
  const stop = async (): Promise<string[]> => {
    await ground.stop();
    const real = { steps: ground.current.sim.steps, inputs: ground.recorded.length };
    const lines = [`stopped after ${real.steps} steps and ${real.inputs} real events`];
    return out === null ? lines : [...lines, writeTrace(a, config, out, cutter.cut() ?? real, ground)];
  };
  return { ground, stop };
}

/** Re-executes the recorded run (up to the cut) against the simulated ground into `out`; the line saying so. */
function writeTrace(a: ServeArgs, config: RunConfig, out: OutputFiles, cut: Cut, g: RealGround): string {
  let sim;
  try {
    sim = recordRun(a.scenario, { ...config, inputs: g.recorded.slice(0, cut.inputs), maxSteps: cut.steps }, (line) => out.write(`${line}\n`, 1));
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  const whole = cut.steps === g.current.sim.steps;
  // The re-execution must reach the real run's state (or, cut, its step count).
  const same = sim.steps === cut.steps && (!whole || sim.ground.nextRecordId === g.current.sim.ground.nextRecordId);
  const what = whole ? 'the whole run' : `steps 1 … ${cut.steps} of ${g.current.sim.steps}: the trace limit`;
  return same ? `trace: ${a.out!} (${what}; replays against the simulated ground)` : `trace: ${a.out!} — WARNING: its re-execution differs from the real run`;
}
