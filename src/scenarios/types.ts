/**
 * What a scenario is: a ground VM boot plus the world it runs in.
 *
 * Data definition:
 *   Scenario = { id, title, description, seed, boot, bootFor, clients, net, vmHost, maxSteps }
 *     description  a paragraph a student understands: what to watch for
 *     seed         the default seed for the world's PRNG
 *     boot         the ground VM's boot spec (drivers and programs are spawned from it)
 *     clients      scripted client hosts on the virtual network (may depend on the seed)
 *     net          network settings (latency, faults); defaults are a clean 5 ms network
 *     maxSteps     a step budget for runs that never go quiet (servers wait forever)
 *     options      the scenario's own command-line options and how their JSON form (a
 *                  ScenarioConfig, recorded in a trace header as options.scenario) configures it
 *     report       the scenario's own account of a run, read from the run's records
 */
import type { BootSpec, JsonValue, TraceRecord } from '../kernel/index.ts';
import {
  type ClientSpec, createSimulation, type SimOptions, type SimStep, type NetConfig,
} from '../kernel/ground/index.ts';

/** The id a playground program runs under (the picker, the URL, a trace header's scenario). */
export const PROGRAM_ID = 'program';

/** A playground program's text and the labels of its code that ran out of time (options.program). */
export interface ProgramText {
  readonly source: string;
  readonly traps: readonly string[];
}

/**
 * A scenario's own options in JSON form: what its command-line options set, and what a trace
 * header records as `options.scenario`, so that a replay configures the same scenario.
 */
export type ScenarioConfig = { readonly [k: string]: JsonValue };

/** A configuration that does not describe a run: `field` is its path inside the config ('' for all of it). */
export class ScenarioConfigError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'ScenarioConfigError';
  }
}

/** How an option reads files (the CLI passes Node's; tests a fake). readText throws if it cannot. */
export interface OptionFiles {
  readonly readText: (path: string) => string;
  /**
   * The path with every symbolic link resolved (Node's realpathSync), so that an option can keep
   * the files it reads inside a directory (dns-proxy's --world); throws if the path does not
   * exist. A face without it (a test's fake) gets only the lexical checks.
   */
  readonly realPath?: (path: string) => string;
}

/** One command-line option of a scenario: `--name ARG`, always with a value. */
export interface ScenarioOption {
  /** With its dashes, e.g. "--world". */
  readonly name: string;
  /** The value's name in --help, e.g. "DIR". */
  readonly arg: string;
  /** One sentence for --help. */
  readonly help: string;
  /** May be given more than once (each value is parsed in order). */
  readonly repeatable?: boolean;
  /** Its values, when it takes one of a few (a knob: choice.ts); the variants compare them. */
  readonly choices?: readonly string[];
  /** Adds one value to the configuration so far: the new configuration, or a one-sentence problem. */
  readonly parse: (value: string, config: ScenarioConfig, files: OptionFiles) => ScenarioConfig | string;
}

export interface ScenarioOptions {
  /** The command-line options, in --help order. */
  readonly flags: readonly ScenarioOption[];
  /** The scenario a configuration describes (same id). Throws ScenarioConfigError (a header may be edited). */
  readonly configure: (config: ScenarioConfig) => Scenario;
}

/** What a report knows of the run besides its records. */
export interface ReportRun {
  readonly seed: number;
  /** The effective network settings. */
  readonly net: NetConfig;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly seed: number;
  readonly boot: BootSpec;
  /** When the programs themselves depend on the seed (e.g. a PRNG state in a process): the boot for a seed. */
  readonly bootFor?: (seed: number) => BootSpec;
  readonly clients?: (seed: number) => readonly ClientSpec[];
  readonly net?: Partial<NetConfig>;
  readonly vmHost?: string;
  readonly maxSteps?: number;
  readonly options?: ScenarioOptions;
  /**
   * A playground program's text and the labels of its code that ran out of time (a call to one is a
   * crash): written into a trace header's options, so that the trace re-executes it.
   */
  readonly program?: ProgramText;
  /**
   * The scenario's account of a run, as lines. It is handed the run's records as they are made (it
   * must read them all, and should keep only what it needs); the lines it yields before it reads
   * the first record are printed before the run's transcript, the others after it.
   */
  readonly report?: (records: Iterable<TraceRecord>, run: ReportRun) => Iterable<string>;
}

export interface StartOptions {
  readonly seed?: number;
  readonly trace?: boolean;
  readonly routing?: SimOptions['routing'];
  readonly net?: Partial<NetConfig>;
}

/** A fresh simulation of the scenario (same seed ⇒ same run). */
export function startScenario(s: Scenario, o: StartOptions = {}): SimStep {
  const seed = o.seed ?? s.seed;
  return createSimulation(s.bootFor?.(seed) ?? s.boot, {
    seed,
    clients: s.clients?.(seed) ?? [],
    net: { ...s.net, ...o.net },
    ...(s.vmHost === undefined ? {} : { vmHost: s.vmHost }),
    ...(o.trace === undefined ? {} : { trace: o.trace }),
    ...(o.routing === undefined ? {} : { routing: o.routing }),
  });
}
