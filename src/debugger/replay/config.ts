/**
 * The run a trace header describes (docs/trace-format.md, "Replay"): its scenario, seed, options
 * and inputs as a RunConfig for the run driver.
 *
 * Rule: the options come from the header, not from the scenario's defaults (the clients come from
 * the scenario, configured by the header's options.scenario, and the seed); a step budget the header does not give is the scenario's, or
 * DEFAULT_MAX_STEPS (run.ts).
 */
import { DEFAULT_MAX_STEPS, type NetConfig } from '../../kernel/ground/index.ts';
import type { Limits } from '../../kernel/index.ts';
import { ScenarioConfigError, type Scenario, type ScenarioConfig } from '../../scenarios/types.ts';
import { TraceParseError, readRunOptions, type TraceHeader } from '../trace/index.ts';
import type { RunConfig } from './driver.ts';

/**
 * The run a header describes, checked: the scenario must be known and the options well-formed.
 * Throws TraceParseError naming line 1 and the field.
 */
export function runConfigFromHeader(h: TraceHeader, scenarios: readonly Scenario[], line = 1): { config: RunConfig; scenario: Scenario } {
  const scenario = scenarios.find((s) => s.id === h.scenario);
  if (scenario === undefined) {
    throw new TraceParseError(line, 'scenario', `unknown scenario ${JSON.stringify(h.scenario)} (known: ${scenarios.map((s) => s.id).join(', ')})`);
  }
  const o = readRunOptions(h, line);
  const scenarioOptions = o.scenario as ScenarioConfig | undefined;
  return {
    scenario: scenarioOptions === undefined ? scenario : configured(scenario, scenarioOptions, line),
    config: {
      scenario: h.scenario,
      seed: h.seed,
      ...(o.routing === undefined ? {} : { routing: o.routing }),
      ...(o.net === undefined ? {} : { net: o.net as Partial<NetConfig> }),
      ...(o.vmHost === undefined ? {} : { vmHost: o.vmHost }),
      ...(o.limits === undefined ? {} : { limits: o.limits as Partial<Limits> }),
      maxSteps: o.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS,
      untilMs: o.untilMs ?? null,
      inputs: h.inputs,
      ...(o.clients === undefined ? {} : { clients: o.clients }),
      ...(scenarioOptions === undefined ? {} : { scenarioOptions }),
    },
  };
}

/** The scenario configured by a header's options.scenario; a bad configuration names its field. */
function configured(scenario: Scenario, config: ScenarioConfig, line: number): Scenario {
  if (scenario.options === undefined) throw new TraceParseError(line, 'options.scenario', `the scenario ${scenario.id} takes no options`);
  try {
    return scenario.options.configure(config);
  } catch (e) {
    if (e instanceof ScenarioConfigError) throw new TraceParseError(line, `options.scenario${e.field === '' ? '' : `.${e.field}`}`, e.message);
    // Whatever else the scenario's configure throws on options a file chose, the file is refused.
    throw new TraceParseError(line, 'options.scenario', `the scenario ${scenario.id} cannot use these options: ${e instanceof Error ? e.message : typeof e}`);
  }
}
