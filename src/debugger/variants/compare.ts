/**
 * A one-knob comparison (issue 13, item 5; docs/variants.md): the same scenario and seed run twice,
 * with one option set to two values, aligned record by record, and told in one line. Pure: the
 * engine's worker advances it in slices (src/ui/engine/variant-host.ts); tests run it to the end.
 *
 * Data definition:
 *   VariantRequest = { scenario, flag, values: [a, b], seed }   seed null: the scenario's own
 *   Comparison     = { request, seed, a, b }                   two Sides (run.ts)
 *   VariantView    = what the Variants panel shows (view.ts)
 */
import type { Scenario, ScenarioConfig } from '../../scenarios/types.ts';
import { startSide, stepSide, type Side } from './run.ts';
import { firstDivergence, type Divergence } from './divergence.ts';

export interface VariantRequest {
  readonly scenario: string;
  /** The option, with its dashes ("--listener"). */
  readonly flag: string;
  /** The value on the left, and the one on the right. */
  readonly values: readonly [string, string];
  readonly seed: number | null;
}

export interface Comparison {
  readonly request: VariantRequest;
  readonly seed: number;
  readonly a: Side;
  readonly b: Side;
}

/** The configuration `flag` set to `value` makes (a trace header's options.scenario), or why it cannot be. */
export function knobConfig(base: Scenario, flag: string, value: string): ScenarioConfig | string {
  const option = base.options?.flags.find((f) => f.name === flag);
  if (option === undefined || base.options === undefined) return `the scenario ${base.id} has no option ${flag}`;
  const config = option.parse(value, {}, { readText: () => { throw new Error('a knob reads no file'); } });
  return typeof config === 'string' ? `${flag}: ${config}` : config;
}

/** The scenario configured with `flag` set to `value`, or why it cannot be. */
export function configured(base: Scenario, flag: string, value: string): Scenario | string {
  const config = knobConfig(base, flag, value);
  return typeof config === 'string' ? config : base.options!.configure(config);
}

/** The comparison's two runs, started (each has its boot's records), or why they cannot be. */
export function startComparison(scenarios: readonly Scenario[], request: VariantRequest): Comparison | string {
  const base = scenarios.find((s) => s.id === request.scenario);
  if (base === undefined) return `unknown scenario "${request.scenario}"`;
  const [va, vb] = request.values;
  const sa = configured(base, request.flag, va);
  const sb = configured(base, request.flag, vb);
  if (typeof sa === 'string') return sa;
  if (typeof sb === 'string') return sb;
  const seed = request.seed ?? base.seed;
  return { request, seed, a: startSide(sa, seed, va), b: startSide(sb, seed, vb) };
}

/**
 * Two scenarios run at one seed — a program before and after an edit (issue 14, item 3): the
 * request's flag is '' and its values name the two runs.
 */
export function startPair(request: VariantRequest, before: Scenario, after: Scenario, seed: number): Comparison {
  const [va, vb] = request.values;
  return { request, seed, a: startSide(before, seed, va), b: startSide(after, seed, vb) };
}

/** Where run b first departs from run a, aligned by process identity (divergence.ts). */
export function divergenceOf(c: Comparison): Divergence | null {
  return firstDivergence({ marks: c.a.marks.slice(), keys: c.a.keys.slice() }, { marks: c.b.marks.slice(), keys: c.b.keys.slice() });
}

/** Both runs advanced by at most `units` run units each. */
export function stepComparison(c: Comparison, units: number): Comparison {
  return { ...c, a: stepSide(c.a, units), b: stepSide(c.b, units) };
}

export function comparisonOver(c: Comparison): boolean {
  return c.a.over && c.b.over;
}

/** Runs a comparison to its end (tests, tools). */
export function compareToEnd(scenarios: readonly Scenario[], request: VariantRequest, units = 256): Comparison | string {
  const c = startComparison(scenarios, request);
  return typeof c === 'string' ? c : finish(c, units);
}

/** Runs both sides of a started comparison to their end. */
export function finish(c: Comparison, units = 256): Comparison {
  let d = c;
  while (!comparisonOver(d)) d = stepComparison(d, units);
  return d;
}
