/**
 * The tour's data checked against the live kernel, headless: every stop's position is found in its
 * scenario's run, its process exists there, what its text claims holds at that point, and its
 * "try this" suggestions are possible. Then the chrome store drives a session through the stops.
 */
import { describe, expect, it } from 'vitest';
import { TestHistory } from '../helpers/history.ts';
import { flattenTree, inspect, vmTree } from '../../src/debugger/views/index.ts';
import { findScenario, SCENARIOS, startScenario } from '../../src/scenarios/index.ts';
import { describePosition, locate, recordText, scanner, type Position } from '../../src/debugger/find.ts';
import { resolveProcess } from '../../src/debugger/find.ts';
import { availableStops, PANEL_TITLES, TOUR_STOPS, type TourStop } from '../../src/tour/stops.ts';
import { testSession } from '../helpers/session.ts';
import { stopHistory } from '../helpers/tour-run.ts';
import { catalogue } from '../../src/ui/engine/host.ts';
import { createUiStore, highlightedPanels, panelShown } from '../../src/ui/ui-store.ts';
import { parseMessage } from '../../src/debugger/term-parse.ts';
import { loadProgress, STORAGE_KEY } from '../../src/ui/exercise-progress.ts';

const STOPS = availableStops(SCENARIOS.map((s) => s.id));

function runTo(stop: TourStop, pos: Position = stop.at): { h: TestHistory; cursor: number } {
  if (pos === stop.at && stop.task !== undefined) {
    // An exercise's record is in the run its task changed.
    const { h, at } = stopHistory(stop, findScenario(stop.scenario)!.seed);
    if (at === null) throw new Error(`${stop.id}: no record is ${describePosition(pos)}`);
    return { h, cursor: at + 1 };
  }
  const h = new TestHistory(startScenario(findScenario(stop.scenario)!));
  const test = scanner(pos);
  for (let i = 0; ; i++) {
    while (h.length <= i && h.canGrow) h.grow(i + 1, 64);
    const r = h.records[i];
    if (r === undefined) throw new Error(`${stop.id}: no record is ${describePosition(pos)}`);
    if (test(r, i)) return { h, cursor: i + 1 };
  }
}

describe('tour data', () => {
  it('has the talk’s stops, unique ids, and every registered scenario’s stops', () => {
    expect(new Set(TOUR_STOPS.map((s) => s.id)).size).toBe(TOUR_STOPS.length);
    expect(STOPS.length).toBe(TOUR_STOPS.length); // every stop's scenario is registered
    const sections = new Set(STOPS.map((s) => s.section.replace(/^Weaknesses: .*/, 'Weaknesses')));
    // Every part of the talk, and the missing ideas of issue 13, has at least one stop.
    for (const part of [
      'Conversational context', 'Pub/sub + presence', 'Topics are sets of messages', 'Roles: publisher and subscriber',
      'The process and endpoint types', 'Endpoints versus one mailbox', 'Observers: the bank teller', 'Actions', 'TCP',
      'The ground VM', 'Nested VMs', 'at-meta-level', 'DNS structure', 'SSH structure', 'Contracts', 'Weaknesses',
      'Synchronous and asynchronous', 'Errors by loss of presence', 'Recap',
    ]) expect(sections, part).toContain(part);
    expect(STOPS[0]!.section).toBe('Conversational context');
    expect(STOPS.at(-1)!.section).toBe('Recap');
    for (const s of STOPS) {
      const sentences = s.text.split(/(?<=[.!?])\s+(?=[A-Z“"])/).length;
      expect(sentences, `${s.id}: ${sentences} sentences`).toBeGreaterThanOrEqual(2);
      expect(sentences, `${s.id}: ${sentences} sentences`).toBeLessThanOrEqual(6);
      expect(s.panels.length).toBeGreaterThan(0);
      for (const p of s.panels) expect(Object.keys(PANEL_TITLES)).toContain(p);
    }
    expect(availableStops(['tcp-echo']).every((s) => s.scenario === 'tcp-echo')).toBe(true);
  });

  it.each(STOPS.map((s) => [s.id, s] as const))('%s: found, and shows what it claims', (_id, stop) => {
    const { h, cursor } = runTo(stop);
    const model = h.modelAt(cursor);
    // The position is the first record satisfying the predicate, in any run of the scenario.
    expect(locate(h.records, stop.at)).toBe(cursor - 1);
    const key = stop.select === undefined ? null : resolveProcess(model, stop.select);
    if (stop.select !== undefined) {
      expect(key, `select ${stop.select.name}`).not.toBeNull();
      expect(model.procs.get(key!)!.alive).toBe(true);
    }
    const e = stop.expect;
    if (e.logContains !== undefined) {
      const recent = h.records.slice(Math.max(0, cursor - 8), cursor).map(recordText);
      expect(recent.some((t) => t.includes(e.logContains!)), `log ${e.logContains}`).toBe(true);
    }
    const alive = flattenTree(vmTree(model)).map((n) => n.name);
    for (const name of e.treeContains ?? []) expect(alive).toContain(name);
    if (e.inspectorContains !== undefined) {
      expect(key).not.toBeNull();
      expect(JSON.stringify(inspect(model, key!, h.modelAt(cursor - 1)))).toContain(e.inspectorContains);
    }
    // The suggestions can be done here.
    for (const t of stop.tryThis) {
      const a = t.action;
      if (a === undefined) continue;
      if (a.kind === 'step') {
        h.grow(cursor + a.by, 10_000);
        expect(cursor + a.by).toBeGreaterThanOrEqual(0);
        expect(cursor + a.by).toBeLessThanOrEqual(h.length);
      } else if (a.kind === 'seek') {
        h.growAll(100_000);
        expect(locate(h.records, a.to), describePosition(a.to)).not.toBeNull();
      } else if (a.kind === 'select' || a.kind === 'kill') {
        const k = resolveProcess(model, a.process);
        expect(k, a.process).not.toBeNull();
        expect(model.procs.get(k!)!.alive).toBe(true);
        if (a.kind === 'kill' && a.reason !== undefined) expect(parseMessage(a.reason, 'notation').ok).toBe(true);
      } else if (a.kind === 'inject') {
        expect(parseMessage(a.body, 'notation').ok).toBe(true);
      } else {
        expect(catalogue([findScenario(stop.scenario)!])[0]!.tcpPort).not.toBeNull();
      }
    }
  });
});

describe('the tour drives a session', () => {
  function setup() {
    const t = testSession('ping-pong');
    t.settle();
    const ui = createUiStore(t.store);
    return { ...t, ui, origin: () => t.s().frame!.status.origin };
  }

  it('goes to a stop and asks; the reveal moves to its record and judges the choices by the run', async () => {
    const { s, ui, until, origin } = setup();
    ui.getState().openTour('observers-bank-teller');
    expect(ui.getState().status).toBe('seeking');
    await until(() => ui.getState().status !== 'seeking');
    const stop = STOPS.find((x) => x.id === 'observers-bank-teller')!;
    expect(ui.getState().status).toBe('asking');
    expect(origin().scenario).toBe('bank-teller');
    expect(s().cursor).toBe(runTo(stop, stop.question.ask).cursor);
    expect(highlightedPanels(ui.getState())).toEqual(stop.panels);
    // The learner answers "each is told of the other" (wrong: alice never sees an observer).
    ui.getState().choose(0);
    expect(ui.getState().chosen).toBe(0);
    ui.getState().reveal();
    expect(ui.getState().status).toBe('revealing');
    await until(() => ui.getState().status !== 'revealing');
    expect(ui.getState().status).toBe('ready');
    expect(s().cursor).toBe(runTo(stop).cursor);
    expect(s().frame!.status.selected?.name).toBe('manager');
    // Judged by the engine over the trace: only "the manager is told of alice" holds, and choice 0 was wrong.
    expect(ui.getState().verdict).toEqual([false, true, false, false]);
    ui.getState().choose(1); // too late: the answer stands
    expect(ui.getState().chosen).toBe(0);
    // Going to the next stop asks afresh.
    ui.getState().next();
    expect([ui.getState().chosen, ui.getState().verdict]).toEqual([null, null]);
  });

  it('next and previous walk the list; the presenter view shows the stop’s panels behind its toggle', async () => {
    const { ui, until, origin } = setup();
    ui.getState().openTour();
    await until(() => ui.getState().status === 'asking');
    expect(ui.getState().stopId).toBe(STOPS[0]!.id);
    ui.getState().prev(); // already first
    expect(ui.getState().stopId).toBe(STOPS[0]!.id);
    ui.getState().next();
    await until(() => ui.getState().status === 'asking');
    expect(ui.getState().stopId).toBe(STOPS[1]!.id);
    expect(origin().scenario).toBe(STOPS[1]!.scenario);
    // The presenter view: the stage and the stop's text; the panels behind one toggle, then the stop's.
    ui.getState().setPresenter(true);
    for (const id of Object.keys(PANEL_TITLES) as (keyof typeof PANEL_TITLES)[]) expect(panelShown(ui.getState(), id)).toBe(false);
    ui.getState().setPanels(true);
    for (const id of Object.keys(PANEL_TITLES) as (keyof typeof PANEL_TITLES)[]) {
      expect(panelShown(ui.getState(), id)).toBe(STOPS[1]!.panels.includes(id));
    }
    ui.getState().closeTour();
    expect(ui.getState().presenter).toBe(false);
    expect(panelShown(ui.getState(), 'sequence-chart')).toBe(true);
    expect(highlightedPanels(ui.getState())).toEqual([]);
  });

  it('a try-this kill selects the process and opens the dialog; a new stop after an intervention starts a fresh run', async () => {
    const { s, a, ui, until, settle } = setup();
    ui.getState().goTo('tcp-listener');
    await until(() => ui.getState().status === 'asking');
    ui.getState().reveal();
    await until(() => ui.getState().status === 'ready');
    const stop = STOPS.find((x) => x.id === 'tcp-listener')!;
    ui.getState().tryAction(stop.tryThis.find((t) => t.action?.kind === 'kill')!.action!);
    expect(ui.getState().dialog).toEqual({ kind: 'kill', reason: 'killed-by-user()' });
    settle();
    const listener = s().frame!.status.selected!;
    expect(listener.name).toBe('listener');
    a().intervene({ kind: 'kill', vm: listener.vm, pid: listener.pid, reason: 'x' });
    settle();
    expect(s().frame!.status.inputs).toHaveLength(1);
    ui.getState().goTo('tcp-factories'); // same scenario, but the run has an intervention
    await until(() => ui.getState().status === 'asking');
    expect(s().frame!.status.inputs).toHaveLength(0);
  });

  it('choosing another scenario by hand leaves the stop; choosing the stop again returns to it', async () => {
    const { a, ui, until, settle, origin } = setup();
    ui.getState().goTo('wart');
    await until(() => ui.getState().status === 'asking');
    a().setScenario('ping-pong');
    settle();
    expect(ui.getState().status).toBe('stopped');
    ui.getState().reveal(); // nothing to reveal once the stop is left
    expect(ui.getState().status).toBe('stopped');
    ui.getState().goTo('wart');
    await until(() => ui.getState().status === 'asking');
    expect(origin().scenario).toBe('wart');
  });

  it('an unknown stop is a notice', () => {
    const { s, ui, settle } = setup();
    ui.getState().openTour('nope');
    settle();
    expect(s().frame!.status.notices.at(-1)?.text).toMatch(/no tour stop "nope"/);
  });
});

describe('exercises', () => {
  function memoryStorage() {
    const m = new Map<string, string>();
    return { m, storage: { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) } };
  }

  it('reveals only after the task’s intervention, judges the changed run, and keeps the progress', async () => {
    const t = testSession('ping-pong');
    t.settle();
    const { m, storage } = memoryStorage();
    const ui = createUiStore(t.store, TOUR_STOPS, storage);
    const stop = STOPS.find((s) => s.id === 'exercise-no-sender')!;
    ui.getState().goTo(stop.id);
    await t.until(() => ui.getState().status === 'asking');
    ui.getState().reveal(); // no move yet: nothing happens but a notice
    t.settle();
    expect(ui.getState().status).toBe('asking');
    expect(t.s().frame!.status.notices.at(-1)?.text).toMatch(/make your move first/);
    ui.getState().makeMove('action');
    const dialog = ui.getState().dialog;
    expect(dialog).toEqual({ kind: 'inject', body: 'answer("blind", "hello from outside")' });
    // What the dialog does on submit: the intervention at the cursor.
    const parsed = parseMessage(dialog!.kind === 'inject' ? dialog!.body! : '', 'notation');
    t.a().intervene({ kind: 'inject', body: parsed.ok ? parsed.term : null, orientation: 'publisher' });
    t.settle();
    ui.getState().choose(0);
    ui.getState().reveal();
    await t.until(() => ui.getState().status !== 'revealing');
    expect(ui.getState().status).toBe('ready');
    expect(ui.getState().verdict).toEqual([true, false, false]);
    expect(ui.getState().exercises).toEqual({ [stop.id]: { right: true } });
    expect(JSON.parse(m.get(STORAGE_KEY)!)).toEqual({ [stop.id]: { right: true } });
    // A new store (a reload) reads it back; reset forgets it.
    const again = createUiStore(t.store, TOUR_STOPS, storage);
    expect(again.getState().exercises).toEqual({ [stop.id]: { right: true } });
    again.getState().resetExercises();
    expect(again.getState().exercises).toEqual({});
    expect(m.has(STORAGE_KEY)).toBe(false);
  });

  it('progress read from storage ignores what is not progress', () => {
    const { m, storage } = memoryStorage();
    m.set(STORAGE_KEY, '{"a": {"right": true}, "b": {"right": "yes"}, "c": 3}');
    expect(loadProgress(storage)).toEqual({ a: { right: true } });
    m.set(STORAGE_KEY, 'not json');
    expect(loadProgress(storage)).toEqual({});
    m.set(STORAGE_KEY, '[1, 2]');
    expect(loadProgress(storage)).toEqual({});
    expect(loadProgress(null)).toEqual({});
  });
});
