/**
 * User inputs to a simulation: what a person at the debugger may do between two steps, as data.
 *
 * Data definition:
 *   Intervention = inject(body, orientation)   deliver `body` into the ground VM from outside (no
 *                                               sending process); orientation subscriber = feedback
 *                | kill(vm, pid, reason)       make process `pid` of the VM at path `vm` quit
 *                | connect(client)             start another scripted client host (clients.ts)
 *                | external(event)             a real socket's event or the real clock (external.ts):
 *                                               how a real ground's run is recorded
 *                | choose(event)               a Choice: not performed between steps but the next
 *                                               step itself — the ground event `event` (choices.ts)
 *                                               instead of the one decision D8 would pick
 *   Input        = Intervention & { atStep }   applied after simulation step `atStep` (before step
 *                                               atStep + 1); the records it makes belong to step atStep
 * Rule: `applyInput` (sim.ts) performs an intervention as one pure step of the simulation, and
 * `chooseStep` (choices.ts) a choice as the next simulation step (the run reducer, run.ts); a trace
 * header records the run's Inputs (src/debugger/trace/inputs.ts), so a replay applies each at the
 * same point and reaches the same states.
 */
import type { ChoiceId, Pid, VmPath } from '../ids.ts';
import type { Orientation } from '../role.ts';
import type { Term } from '../term.ts';
import type { ClientSpec } from './clients.ts';
import type { ExternalEvent } from './external.ts';

export type Intervention =
  | { readonly kind: 'inject'; readonly body: Term; readonly orientation: Orientation }
  | { readonly kind: 'kill'; readonly vm: VmPath; readonly pid: Pid; readonly reason: Term }
  | { readonly kind: 'connect'; readonly client: ClientSpec }
  | { readonly kind: 'external'; readonly event: ExternalEvent }
  | Choice;

/** The ground's next event, chosen (choices.ts): steers the step after step atStep. */
export type Choice = { readonly kind: 'choose'; readonly event: ChoiceId };

/** An intervention performed between two steps (every kind but a choice). */
export type ImmediateIntervention = Exclude<Intervention, Choice>;

export type Input = Intervention & { readonly atStep: number };
