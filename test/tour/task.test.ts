/**
 * An exercise's moves (src/tour/task.ts): their order, when each is done, and the view move — a view
 * setting the learner turns on, done when the session's view has it. For the exercise that uses it,
 * the view shows what its text says: the sequence chart's conversation (conversationOf, as the engine
 * computes it for "this conversation only") at the stop's record is what the injected message caused.
 */
import { describe, expect, it } from 'vitest';
import { moveDone, movesOf, taskDone, type RunFacts, type Task } from '../../src/tour/task.ts';
import { TOUR_STOPS } from '../../src/tour/stops.ts';
import { conversationOf } from '../../src/debugger/views/why.ts';
import { findScenario } from '../../src/scenarios/index.ts';
import { stopHistory } from '../helpers/tour-run.ts';

const NOTHING: RunFacts = { knob: null, inputs: 0, views: [] };
const ALL: Task = {
  text: 'all three',
  knob: { flag: '--link', value: 'mutual' },
  action: { kind: 'kill', process: 'helper of adder#1' },
  view: 'conversation-only',
};

describe('moves', () => {
  it('are made knob first (a new run), then the intervention (in it), then the view setting', () => {
    expect(movesOf(ALL)).toEqual(['knob', 'action', 'view']);
    expect(movesOf({ text: '', view: 'conversation-only' })).toEqual(['view']);
    expect(movesOf({ text: '', action: { kind: 'inject', body: 'x()' } })).toEqual(['action']);
  });

  it('a view move is done when the session’s view has the setting, whatever the run', () => {
    const task: Task = { text: '', view: 'conversation-only' };
    expect(moveDone(task, 'view', NOTHING)).toBe(false);
    expect(taskDone(task, NOTHING)).toBe(false);
    expect(moveDone(task, 'view', { ...NOTHING, views: ['conversation-only'] })).toBe(true);
    expect(taskDone(task, { ...NOTHING, views: ['conversation-only'] })).toBe(true);
    // A task without a view move is not done by turning a view on.
    expect(moveDone({ text: '', action: { kind: 'inject', body: 'x()' } }, 'view', { ...NOTHING, views: ['conversation-only'] })).toBe(false);
  });

  it('every move must be made: the view alone does not do a task that also needs an intervention and a knob', () => {
    const knob = { flag: '--link', value: 'mutual' };
    expect(taskDone(ALL, { knob, inputs: 1, views: [] })).toBe(false);
    expect(taskDone(ALL, { knob: null, inputs: 1, views: ['conversation-only'] })).toBe(false);
    expect(taskDone(ALL, { knob, inputs: 0, views: ['conversation-only'] })).toBe(false);
    expect(taskDone(ALL, { knob, inputs: 1, views: ['conversation-only'] })).toBe(true);
    expect(taskDone(undefined, NOTHING)).toBe(true);
  });
});

describe('the exercises that turn a view on', () => {
  const withView = TOUR_STOPS.filter((s) => s.task?.view !== undefined);

  it('show the sequence chart, where the setting is', () => {
    expect(withView.map((s) => s.id)).toEqual(['exercise-extra-news']);
    for (const s of withView) expect(s.panels, s.id).toContain('sequence-chart');
  });

  it('news from outside: on “this conversation only” the chart shows the injection and its two deliveries, nothing else', () => {
    const stop = withView[0]!;
    const { h, at } = stopHistory(stop, findScenario(stop.scenario)!.seed);
    while (h.canGrow) h.grow(h.length + 256, 256);
    const conversation = [...conversationOf(h.records, at!, (id) => h.indexOfId(id))].sort((a, b) => a - b);
    const shown = conversation.map((i) => {
      const r = h.records[i]!;
      return r.kind === 'deliver' ? `deliver ${r.pid}` : r.kind;
    });
    // pids 1 and 2 are reader a and reader b; the newsroom's own news("hello") is another conversation.
    expect(shown).toEqual(['ground-event', 'deliver 1', 'deliver 2']);
    expect(conversation).toContain(at);
  });
});
