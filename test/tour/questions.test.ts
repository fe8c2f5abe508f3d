/**
 * Predict, then reveal (issue 13): on seeds 1–5, every stop's question is asked before the records
 * that answer it, and its answer is decided by the run — at the stop's record exactly one choice's
 * claim holds, and at the ask point that choice's claim does not hold yet. The claims are evaluated
 * as the engine does (src/tour/question.ts: the find job's checks), by scanning the run's records.
 * An exercise (a stop with a task) is run with its intervention applied where the question is asked,
 * and without it the answer's record never comes. Also the shape every stop must have: 2–4 choices,
 * badges, lecturer notes, the readings marked.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/kernel/index.ts';
import { describePosition, locate, type Position } from '../../src/debugger/find.ts';
import { findScenario, SCENARIOS } from '../../src/scenarios/index.ts';
import { checkPositions, verdicts } from '../../src/tour/question.ts';
import { availableStops, TALK_QUESTIONS, TOUR_STOPS, type TourStop } from '../../src/tour/stops.ts';
import { runTourStop } from '../helpers/tour-run.ts';
import { knobsOf } from '../../src/scenarios/variants.ts';
import { movesOf } from '../../src/tour/task.ts';

const STOPS = availableStops(SCENARIOS.map((s) => s.id));
const SEEDS = [1, 2, 3, 4, 5];

/** Which choices hold over records 0 … upTo, as the engine's checks would say. */
function holding(stop: TourStop, records: readonly TraceRecord[], upTo: number): boolean[] {
  const prefix = records.slice(0, upTo + 1);
  return verdicts(stop.question, checkPositions(stop.question).map((p: Position) => locate(prefix, p)));
}

describe('every stop asks, then reveals, on seeds 1–5', () => {
  const cases = STOPS.flatMap((stop) => SEEDS.map((seed) => [stop.id, seed, stop] as const));
  it.each(cases)('%s, seed %i', (_id, seed, stop) => {
    const { records, ask, at } = runTourStop(stop, seed);
    expect(at, `${stop.id}: no record is ${describePosition(stop.at)}`).not.toBeNull();
    expect(ask, `${stop.id}: no record is ${describePosition(stop.question.ask)}`).not.toBeNull();
    expect(ask!).toBeLessThan(at!);
    const after = holding(stop, records, at!);
    const right = after.flatMap((holds, i) => (holds ? [i] : []));
    expect(right, `${stop.id}: choices whose claim holds at the reveal`).toHaveLength(1);
    expect(holding(stop, records, ask!)[right[0]!], `${stop.id}: the answer already holds when the question is asked`).toBe(false);
  });
});

describe('exercises: the task is what makes the answer', () => {
  const exercises = TOUR_STOPS.filter((s) => s.task !== undefined);
  it('the sections that have one; each task is a knob, an intervention, a view setting, or some of them', () => {
    expect([...new Set(exercises.map((s) => s.section))].sort()).toEqual([
      'Actions', 'Contracts', 'Conversational context', 'DNS structure', 'Endpoints versus one mailbox', 'Errors by loss of presence', 'Nested VMs',
      'Observers: the bank teller', 'Pub/sub + presence', 'Recap', 'Roles: publisher and subscriber', 'SSH structure',
      'Synchronous and asynchronous', 'TCP', 'The ground VM', 'The process and endpoint types', 'Topics are sets of messages',
      'Weaknesses: glitching', 'Weaknesses: handoff of responsibility', 'Weaknesses: querying the routing table',
      'Weaknesses: the ground-event protocol', 'Weaknesses: the wart', 'at-meta-level',
    ]);
    for (const s of exercises) {
      expect(movesOf(s.task!).length, s.id).toBeGreaterThan(0);
      if (s.task!.action !== undefined) expect(['kill', 'inject']).toContain(s.task!.action.kind);
    }
    // The knob exercises named by issue 13, each with the Variants panel on its knob.
    const knobs = exercises.filter((s) => s.task!.knob !== undefined).map((s) => `${s.scenario} ${s.task!.knob!.flag} ${s.task!.knob!.value}`);
    expect(knobs).toEqual(expect.arrayContaining(['supervisor --max-restarts 4', 'supervisor --link mutual', 'glitching --restart add-then-delete', 'handoff --strategy blip']));
    for (const s of exercises.filter((x) => x.task!.knob !== undefined)) expect(s.variant?.flag, s.id).toBe(s.task!.knob!.flag);
  });
  // A view setting changes what the learner sees, not the run: those exercises are checked against
  // another run in their own tests (test/tour/exercise-views.test.ts).
  const runChanging = exercises.filter((s) => s.task!.knob !== undefined || s.task!.action !== undefined);
  it.each(runChanging.map((s) => [s.id, s] as const))('%s: its checker accepts the run with the task, and rejects the run without it', (_id, stop) => {
    const seed = findScenario(stop.scenario)!.seed;
    const right = rightChoice(stop);
    expect(right, `${stop.id}: one choice holds with the task`).toBeGreaterThanOrEqual(0);
    const { at, records } = runTourStop(stop, seed, false);
    // Without the task the answer's record never comes, and the right choice's claim is false of the
    // whole run (the wrong outcome is rejected).
    expect(at, `${stop.id}: ${describePosition(stop.at)} without the task`).toBeNull();
    expect(holding(stop, records, records.length - 1)[right], `${stop.id}: the right choice without the task`).toBe(false);
  });
  it('a knob without its intervention is not enough for the mutual link: nothing reaches the supervisor', () => {
    const stop = TOUR_STOPS.find((s) => s.id === 'exercise-mutual-link')!;
    const knobOnly = { ...stop, task: { text: '', knob: stop.task!.knob! } };
    const { records, at } = runTourStop(knobOnly, 1);
    expect(at).toBeNull();
    expect(holding(stop, records, records.length - 1)[rightChoice(stop)]).toBe(false);
  });
});

/** The choice the run bears out at the stop's record, with its task (seed: the scenario's). */
function rightChoice(stop: TourStop): number {
  const { records, at } = runTourStop(stop, findScenario(stop.scenario)!.seed);
  return holding(stop, records, at!).indexOf(true);
}

describe('the shape of a stop', () => {
  it.each(TOUR_STOPS.map((s) => [s.id, s] as const))('%s: a question with 2–4 choices, badges, notes', (_id, stop) => {
    const q = stop.question;
    expect(q.choices.length).toBeGreaterThanOrEqual(2);
    expect(q.choices.length).toBeLessThanOrEqual(4);
    expect(new Set(q.choices.map((c) => c.label)).size).toBe(q.choices.length);
    for (const c of q.choices) expect(c.claim.holds.length, c.label).toBeGreaterThan(0);
    expect(q.prompt).toMatch(/\?$/);
    expect(q.why.length).toBeGreaterThan(40);
    expect(stop.intro.length).toBeGreaterThan(40);
    const sentences = (t: string) => t.split(/(?<=[.!?])\s+(?=[A-Z“"])/).length;
    expect(sentences(stop.intro), 'intro sentences').toBeLessThanOrEqual(4);
    expect(sentences(stop.text), 'text sentences').toBeLessThanOrEqual(6);
    expect(stop.claims.length).toBeGreaterThan(0);
    expect(stop.notes.length).toBeGreaterThan(40);
    for (const a of stop.answers) expect(Object.keys(TALK_QUESTIONS)).toContain(a);
  });

  it('the contrast stops name their knob, with two of its values, and show the Variants panel', () => {
    const contrast = ['tcp-listener', 'glitching', 'sync-async', 'handoff', 'errors-supervisor'];
    for (const stop of TOUR_STOPS.filter((s) => s.variant !== undefined || contrast.includes(s.id))) {
      const knob = knobsOf(findScenario(stop.scenario)!).find((k) => k.flag === stop.variant?.flag);
      expect(knob, `${stop.id}: ${stop.variant?.flag}`).toBeDefined();
      for (const v of stop.variant!.values ?? []) expect(knob!.choices, stop.id).toContain(v);
      expect(stop.panels, stop.id).toContain('variants');
    }
  });

  it('marks the readings that are os2 Lab’s: the wart, natural SSH, the handoff options, the flat SSH', () => {
    for (const id of ['wart', 'ssh-natural', 'handoff', 'ssh-flat']) {
      expect(TOUR_STOPS.find((s) => s.id === id)!.claims.map((c) => c.basis), id).toContain('reading');
    }
  });

  it('every one of the talk’s six questions is answered by some stop, and the tour opens and ends with the cards', () => {
    for (const q of Object.keys(TALK_QUESTIONS)) expect(TOUR_STOPS.some((s) => s.answers.includes(q as never)), q).toBe(true);
    expect(TOUR_STOPS[0]!.card).toBe('six-questions');
    expect(TOUR_STOPS.at(-1)!.card).toBe('recap');
  });

  it('toy programs first: no stop before the first TCP stop touches the network, and only the bank teller a timer (the learner may intervene)', () => {
    const firstTcp = TOUR_STOPS.findIndex((s) => s.scenario.startsWith('tcp-'));
    expect(firstTcp).toBeGreaterThanOrEqual(8);
    for (const s of TOUR_STOPS.slice(0, firstTcp)) {
      const { records } = runTourStop(s, findScenario(s.scenario)!.seed);
      expect(records.filter((r) => r.kind === 'world'), s.id).toEqual([]);
      // The learner's own interventions (an exercise's inject or kill) are ground events too, but no driver's.
      const events = records.filter((r) => r.kind === 'ground-event' && !r.source.startsWith('user '));
      expect(events.length === 0 || s.scenario === 'bank-teller', s.id).toBe(true);
    }
  });
});
