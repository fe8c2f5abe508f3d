/**
 * A scenario option with a few named values — a knob: `--listener participant`. Its JSON form is
 * `{ [key]: value }`; the variants (src/scenarios/variants.ts) flip it to compare two runs.
 */
import { ScenarioConfigError, type ScenarioConfig, type ScenarioOption } from './types.ts';

/** The option `name` (with its dashes) that sets `key` to one of `choices`. */
export function choiceOption(name: string, key: string, choices: readonly string[], help: string): ScenarioOption {
  return {
    name, arg: choices.join('|'), help, choices,
    parse: (value: string, config: ScenarioConfig): ScenarioConfig | string =>
      choices.includes(value) ? { ...config, [key]: value } : `expected one of ${choices.join(', ')}, got "${value}"`,
  };
}

/**
 * The value a configuration gives `key`, or `fallback` if it gives none; throws ScenarioConfigError
 * for another value, or for a key the scenario does not know (`known`: the scenario's keys; a trace
 * header may have been edited).
 */
export function chosen<T extends string>(config: ScenarioConfig, key: string, choices: readonly T[], fallback: T, known: readonly string[] = [key]): T {
  for (const k of Object.keys(config)) if (!known.includes(k)) throw new ScenarioConfigError(k, `unknown option "${k}"`);
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ScenarioConfigError(key, `expected one of ${choices.join(', ')}`);
  }
  return v as T;
}
