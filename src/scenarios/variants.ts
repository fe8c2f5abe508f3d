/**
 * The one-knob variants (issue 13, item 5; docs/variants.md): for each point the talk makes by
 * contrast, the scenario option that flips it, the two values compared first, and what the talk
 * (or, where the talk gives one line, os2 Lab's reading of it) says the flip changes. The values
 * themselves are the option's `choices` (choice.ts); test/scenarios/variants.test.ts checks each
 * claim against the runs.
 */
import type { Scenario } from './types.ts';

export interface Knob {
  readonly scenario: string;
  /** The scenario option it flips, with its dashes. */
  readonly flag: string;
  /** What it is, in a few words. */
  readonly label: string;
  /** The two values compared when the knob is opened: the talk's first, then the flip. */
  readonly contrast: readonly [string, string];
  /** What the flip changes, as the talk (or the spec, or our reading: said so) puts it. */
  readonly claim: string;
}

export const KNOBS: readonly Knob[] = [
  {
    scenario: 'tcp-echo', flag: '--listener', label: "the listener's interest type", contrast: ['observer', 'participant'],
    claim:
      'Who is told about whom (spec §1.3): an endpoint sees a peer only if the peer is a participant or it is itself ' +
      '"everything". A participant listener is seen by every connection manager (a presence, and an absence as the ' +
      'manager leaves); an observer is seen by none. An "everything" listener also sees the driver’s everything ' +
      'endpoints. The echoes are the same in all three.',
  },
  {
    scenario: 'glitching', flag: '--restart', label: 'how the service restarts', contrast: ['delete-then-add', 're-add'],
    claim:
      'The talk: well-behaved presence does not glitch — sets of interests evolve without transient drops. Deleting ' +
      'and re-adding the endpoint in one transition shows its watcher an absence (it gives up); re-adding under the ' +
      'same name with an equal role tells nobody anything; adding the new endpoint before deleting the old one ' +
      '(make-before-break, our reading) shows a presence, then an absence, but never none.',
  },
  {
    scenario: 'rendezvous', flag: '--blind-client', label: 'when the blind client asks', contrast: ['send-at-boot', 'wait-for-presence'],
    claim:
      'The talk: rendezvous via presence — "no more races at boot time". Sent at boot, before the server exists, the ' +
      'question reaches nobody (messages are not buffered) and the client waits for ever; gated on the server’s ' +
      'presence, it is answered and leaves. Nothing else changes.',
  },
  {
    scenario: 'handoff', flag: '--strategy', label: 'the handoff strategy', contrast: ['take', 'blip'],
    claim:
      'The talk’s three options for handing off responsibility (their details are os2 Lab’s reading): take — the ' +
      'manager stands in until a worker is up, so the customer never sees a gap; blip — it spawns without taking and, ' +
      'on the crash, asserts and withdraws the resource at once, so the customer learns of the failure; monitor — it ' +
      'restarts the worker, and the customer waits, then gets it.',
  },
  {
    scenario: 'supervisor', flag: '--max-restarts', label: "the supervisor's restart intensity", contrast: ['3', '4'],
    claim:
      'Erlang/OTP-like supervision from presence: the supervisor restarts the crashed worker unless that would make ' +
      'more than MaxR restarts within 100 ms. Four poison jobs crash four incarnations: with MaxR 3 the supervisor ' +
      'gives up at the fourth crash (and the client’s last job waits for ever), with 4 it restarts a fifth ' +
      'incarnation, with 2 it gives up at the third.',
  },
  {
    scenario: 'supervisor', flag: '--link', label: 'which way the link goes', contrast: ['one-way', 'mutual'],
    claim:
      'An Erlang link is mutual: either end dying of a crash takes the other with it. One-way, only the worker’s ' +
      'crash reaches its helper; mutual, the worker’s end of the link has a handler too, so a helper that crashes ' +
      'takes its worker — and the supervisor, which watches workers only, sees that and restarts it. In the run as ' +
      'it is no helper crashes first, so the runs are the same until one does (kill a helper with an exn reason).',
  },
];

/** A knob as the UI needs it: with its values (the option's choices). */
export interface KnobInfo extends Knob {
  readonly choices: readonly string[];
}

/** The knobs of a scenario, with their choices (a knob whose option is missing is left out). */
export function knobsOf(s: Scenario): KnobInfo[] {
  return KNOBS.filter((k) => k.scenario === s.id).flatMap((k) => {
    const choices = s.options?.flags.find((f) => f.name === k.flag)?.choices;
    return choices === undefined ? [] : [{ ...k, choices }];
  });
}
