/**
 * The tour's exercises and its question as the store runs them over a real engine (in-process):
 * a knob move makes the run again with the knob and asks again there; a view move turns a view
 * setting on, after the intervention, and only then may the answer be revealed; a learner who steps onto the
 * answer by hand gets the reveal; while a question is open the view hides the future.
 */
import { describe, expect, it } from 'vitest';
import { TOUR_STOPS } from '../../src/tour/stops.ts';
import { createUiStore } from '../../src/ui/ui-store.ts';
import { testSession } from '../helpers/session.ts';
import { runTourStop } from '../helpers/tour-run.ts';
import { parseMessage } from '../../src/debugger/term-parse.ts';

function setup() {
  const t = testSession('ping-pong');
  t.settle();
  const ui = createUiStore(t.store, TOUR_STOPS, null);
  return { ...t, ui };
}

const stopOf = (id: string) => TOUR_STOPS.find((s) => s.id === id)!;

describe('a knob exercise', () => {
  it('the knob move re-makes the run with it, asks again there, and the reveal judges that run', async () => {
    const { s, ui, until, settle } = setup();
    const stop = stopOf('exercise-restart-intensity');
    ui.getState().goTo(stop.id);
    await until(() => ui.getState().status === 'asking');
    expect(s().frame!.status.origin).toEqual({ kind: 'scenario', scenario: 'supervisor', seed: 1 });
    ui.getState().choose(1);
    ui.getState().reveal(); // not yet: the knob is not set
    settle();
    expect(ui.getState().status).toBe('asking');
    ui.getState().makeMove('knob');
    expect(ui.getState().status).toBe('seeking');
    await until(() => ui.getState().status === 'asking');
    const origin = s().frame!.status.origin;
    expect(origin.kind === 'scenario' && origin.knob?.value).toBe('4');
    expect(ui.getState().chosen).toBe(1); // the answer is kept across the move
    ui.getState().reveal();
    await until(() => ui.getState().status !== 'revealing');
    expect(ui.getState().status).toBe('ready');
    expect(ui.getState().verdict).toEqual([false, true, false]);
    expect(s().cursor).toBe(runTourStop(stop, 1).at! + 1);
    // Going to another stop of the same scenario starts its plain run again.
    ui.getState().goTo('errors-supervisor');
    await until(() => ui.getState().status === 'asking');
    expect(s().frame!.status.origin).toEqual({ kind: 'scenario', scenario: 'supervisor', seed: 1 });
  });

  it('another knob value chosen by hand leaves the stop', async () => {
    const { a, ui, until, settle } = setup();
    ui.getState().goTo('exercise-restart-intensity');
    await until(() => ui.getState().status === 'asking');
    a().setScenario('supervisor', { flag: '--max-restarts', value: '2' });
    settle();
    expect(ui.getState().status).toBe('stopped');
  });
});

describe('judging by stepping', () => {
  it('stepping onto the stop’s record by hand reveals and judges, as the button would', async () => {
    const { s, a, ui, until, settle } = setup();
    const stop = stopOf('receivers-many');
    ui.getState().goTo(stop.id);
    await until(() => ui.getState().status === 'asking');
    ui.getState().choose(2);
    const at = runTourStop(stop, 1).at!;
    settle(); // the watch finds the record
    expect(s().frame!.status.watch?.index).toBe(at);
    while (s().cursor < at) {
      expect(ui.getState().status).toBe('asking');
      a().stepForward();
      settle();
    }
    a().stepForward();
    settle();
    await until(() => ui.getState().status === 'ready');
    expect(ui.getState().verdict).toEqual([false, false, true]);
    expect(s().cursor).toBe(at + 1);
  });

  it('a jump past it reveals too (the cursor goes back to the stop’s record); an exercise waits for its move', async () => {
    const { s, a, ui, until, settle } = setup();
    ui.getState().goTo('absence-reason');
    await until(() => ui.getState().status === 'asking');
    settle();
    a().toEnd();
    settle();
    await until(() => ui.getState().status === 'ready');
    expect(s().cursor).toBe(runTourStop(stopOf('absence-reason'), 1).at! + 1);
    // An exercise: stepping to the end before the move judges nothing.
    ui.getState().goTo('exercise-restart-intensity');
    await until(() => ui.getState().status === 'asking');
    settle();
    a().toEnd();
    settle();
    expect(ui.getState().status).toBe('asking');
  });
});

describe('an intervention that lands past the answer', () => {
  it('does not judge: the learner still answers first, then reveals', async () => {
    const { s, a, ui, until, settle } = setup();
    const stop = stopOf('exercise-contract');
    ui.getState().goTo(stop.id);
    await until(() => ui.getState().status === 'asking');
    settle();
    ui.getState().makeMove('action');
    const d = ui.getState().dialog;
    expect(d?.kind).toBe('inject');
    const body = parseMessage(d?.kind === 'inject' ? d.body! : '', 'notation');
    a().intervene({ kind: 'inject', body: body.ok ? body.term : null, orientation: 'publisher' });
    settle();
    expect(s().frame!.status.inputs).toHaveLength(1);
    // The injection's records are applied at once: the cursor stands past the stop's record already.
    expect(s().cursor).toBeGreaterThan(s().frame!.status.watch!.index!);
    expect(ui.getState().status).toBe('asking');
    ui.getState().reveal();
    await until(() => ui.getState().status === 'ready');
  });
});

describe('a view move', () => {
  it('waits for the intervention, turns the sequence chart’s “this conversation only” on, and then allows the reveal', async () => {
    const { s, a, ui, until, settle } = setup();
    const stop = stopOf('exercise-extra-news');
    ui.getState().goTo(stop.id);
    await until(() => ui.getState().status === 'asking');
    settle();
    a().setView({ sequence: { conversationOnly: false } });
    ui.getState().choose(2);
    ui.getState().makeMove('action');
    const d = ui.getState().dialog;
    const body = parseMessage(d?.kind === 'inject' ? d.body! : '', 'notation');
    a().intervene({ kind: 'inject', body: body.ok ? body.term : null, orientation: 'publisher' });
    settle();
    ui.getState().reveal(); // not yet: the view is not on
    settle();
    expect(ui.getState().status).toBe('asking');
    ui.getState().makeMove('view');
    expect(s().view.sequence?.conversationOnly).toBe(true);
    ui.getState().reveal();
    await until(() => ui.getState().status === 'ready');
    expect(ui.getState().verdict).toEqual([false, false, true]);
  });
});

describe('no peeking', () => {
  it('the view hides the future while the question is open, and shows it after the reveal or when the tour closes', async () => {
    const { s, ui, until, settle } = setup();
    expect(s().view.hideFuture).toBe(false);
    ui.getState().goTo('receivers-many');
    expect(s().view.hideFuture).toBe(true);
    await until(() => ui.getState().status === 'asking');
    settle();
    const log = s().frame!.log!;
    expect(log.length).toBe(s().cursor);
    expect(log.rows.every((r) => r.index < s().cursor)).toBe(true);
    ui.getState().reveal();
    await until(() => ui.getState().status === 'ready');
    expect(s().view.hideFuture).toBe(false);
    ui.getState().next();
    expect(s().view.hideFuture).toBe(true);
    ui.getState().closeTour();
    expect(s().view.hideFuture).toBe(false);
  });
});
