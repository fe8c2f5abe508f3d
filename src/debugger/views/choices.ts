/**
 * The "Next ground event" list (issue 17): what the ground could deliver next at a point of the
 * run (kernel ground/choices.ts), in words, with the one the default schedule would pick marked.
 *
 * Data definition:
 *   ChoicesView = { at, step, time, items }   at: the records before the point (the boundary an
 *                                             intervention at the cursor applies at); step, time there
 *   ChoiceView  = { id, kind, text, isDefault }
 * Rule: items are listed in the kernel's order (round, subscriptions, packets, faults), at most
 * MAX_CHOICES_SHOWN of them; the default one is always among them.
 */
import { assertNever } from '../../kernel/values.ts';
import { choicesAt, defaultChoice, type GroundChoice, type Simulation } from '../../kernel/ground/index.ts';

/** The longest list a face is sent (a flood of datagrams in flight lists thousands). */
export const MAX_CHOICES_SHOWN = 60;

export interface ChoiceView {
  readonly id: string;
  readonly kind: GroundChoice['kind'];
  readonly text: string;
  readonly isDefault: boolean;
}

export interface ChoicesView {
  readonly at: number;
  readonly step: number;
  readonly time: number;
  readonly items: readonly ChoiceView[];
  /** Candidates left out (over MAX_CHOICES_SHOWN). */
  readonly more: number;
}

export function describeChoice(c: GroundChoice): string {
  switch (c.kind) {
    case 'round':
      return 'run a scheduler round (the VM’s queued work)';
    case 'event':
      return `fire ${c.evt} for p${c.pid} (${c.endpoint})`;
    case 'timer':
      return `fire the timer of p${c.pid} (${c.endpoint}), due at ${c.at} ms`;
    case 'deliver':
      return `deliver ${c.packet} ${c.from} → ${c.to}, due at ${c.at} ms`;
    case 'client':
      return `wake client ${c.client} for its next scripted step, due at ${c.at} ms`;
    case 'drop':
      return `drop the datagram ${c.from} → ${c.to}`;
    case 'duplicate':
      return `duplicate the datagram ${c.from} → ${c.to}`;
    case 'delay':
      return `delay the datagram ${c.from} → ${c.to}`;
    default:
      return assertNever(c, 'ground choice');
  }
}

/** The list at a point whose simulation is `sim` and which comes after `at` records. */
export function choicesView(sim: Simulation, at: number): ChoicesView {
  const all = choicesAt(sim);
  const d = defaultChoice(sim);
  const shown = all.slice(0, MAX_CHOICES_SHOWN);
  const dflt = all.find((c) => c.id === d);
  if (dflt !== undefined && !shown.includes(dflt)) shown[shown.length - 1] = dflt;
  return {
    at, step: sim.steps, time: sim.world.now, more: all.length - shown.length,
    items: shown.map((c) => ({ id: c.id, kind: c.kind, text: describeChoice(c), isDefault: c.id === d })),
  };
}
