/**
 * The engine's frames: every section the face asked for comes in the first frame, afterwards only
 * what changed; frames survive structured cloning (the worker boundary); the log's filtered view
 * equals filtering the whole run naively; background growth alone does not flood the face.
 */
import { describe, expect, it } from 'vitest';
import { Engine, EXPLORE_FRAME_MS } from '../../../src/debugger/engine/engine.ts';
import { FULL_VIEW, type Frame, type ViewRequest } from '../../../src/debugger/engine/frame.ts';
import { MAX_WHY_LINKS, WHY_SHOWN } from '../../../src/debugger/engine/constants.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv } from '../../../src/debugger/engine/player.ts';
import { filterIndices, logRow, NO_FILTER } from '../../../src/debugger/views/log.ts';
import { PLAIN_PRINTER, payloadPrinter } from '../../../src/debugger/views/printer.ts';
import { PresenceGraphBuilder } from '../../../src/debugger/views/graph.ts';
import { modelAt } from '../../../src/debugger/engine/history.ts';
import { prettyRecord } from '../../../src/kernel/index.ts';
import { PAYLOAD_DECODERS } from '../../../src/scenarios/payloads/index.ts';
import { SCENARIOS, findScenario } from '../../../src/scenarios/index.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

function engine(id = 'tcp-echo', view: ViewRequest = FULL_VIEW, e = env) {
  let t = 0;
  const eng = new Engine(e, initialState(e, findScenario(id)!), view);
  // The clock moves 1 ms each time it is read, so a slice ends after a few ticks of work.
  const pump = (advance = 5, mayFrame = true) => {
    const r = eng.pump(() => t++, 10, mayFrame);
    t += advance;
    return r;
  };
  /** Pumps until the engine is idle; returns the frames it made. */
  const settle = () => {
    const frames: Frame[] = [];
    for (let i = 0; i < 10_000; i++) {
      const r = pump();
      if (r.frame !== null) frames.push(r.frame);
      if (r.next === 'idle') break;
    }
    return frames;
  };
  return { eng, pump, settle };
}

const sections = (f: Frame) => Object.keys(f).filter((k) => k !== 'status').sort();

describe('engine frames', () => {
  it('sends every asked-for section first, then only what changed', () => {
    const { eng, pump, settle } = engine();
    const first = pump().frame!;
    expect(sections(first)).toEqual(['graph', 'inspector', 'log', 'markers', 'names', 'queries', 'queryWatches', 'sequence', 'stage', 'tree', 'why']);
    expect(first.status.cursor).toBe(0);
    expect(pump().frame).toBeNull(); // nothing changed
    eng.dispatch({ type: 'jump', to: 60 });
    const moved = settle();
    expect(moved.at(-1)!.status.cursor).toBe(60);
    const after = moved.flatMap(sections);
    expect(after).toContain('tree');
    expect(after).toContain('log');
    // The run is as long as before: the marker strip is not sent again.
    expect(after.filter((s) => s === 'markers').length).toBeLessThanOrEqual(1);
    eng.dispatch({ type: 'step' });
    const f = pump().frame!;
    expect(f.status.cursor).toBe(61);
    expect(f.why?.index).toBe(60);
  });

  it('describes only the nearest causes the face shows, and says how long the whole chain is', () => {
    const { eng, settle } = engine('dns-proxy');
    eng.dispatch({ type: 'jump', to: 2000 });
    const shown = settle().at(-1)!.why!;
    // The whole chain, walked naively through the records' cause ids.
    const records = eng.state.history.records.readNow();
    const chain: number[] = [];
    for (let i: number | undefined = shown.index; i !== undefined && chain.length < MAX_WHY_LINKS; ) {
      chain.push(i);
      const cause: number | null = records[i]!.cause;
      i = cause === null ? undefined : records.findIndex((r) => r.id === cause);
    }
    expect(chain.length).toBeGreaterThan(WHY_SHOWN);
    expect(shown.total).toBe(chain.length);
    expect(shown.lines.map((l) => l.index)).toEqual(chain.slice(0, WHY_SHOWN));
    eng.setView({ ...FULL_VIEW, whyLinks: MAX_WHY_LINKS });
    const all = settle().at(-1)!.why!;
    expect(all.lines.map((l) => l.index)).toEqual(chain);
    expect(all.lines.slice(0, WHY_SHOWN)).toEqual(shown.lines);
  });

  it('the presence graph is sent only when it changes, and always equals one built afresh', () => {
    for (const id of ['tcp-echo', 'nested-pool', 'supervisor']) {
      const { eng, settle } = engine(id);
      const shown: { graph: Frame['graph'] } = { graph: undefined };
      let sent = 0;
      const take = (frames: Frame[]) => {
        for (const f of frames) {
          if (f.graph === undefined) continue;
          shown.graph = f.graph;
          sent++;
        }
      };
      take(settle());
      const builder = new PresenceGraphBuilder(PLAIN_PRINTER.term);
      let steps = 0;
      for (; steps < 300; steps++) {
        const before = eng.state.cursor;
        eng.dispatch({ type: 'step' });
        take(settle());
        if (eng.state.cursor === before) break;
        const h = eng.state.history;
        expect(shown.graph?.graph).toEqual(builder.build(modelAt(h, eng.state.cursor)));
      }
      expect(steps).toBeGreaterThan(50);
      expect(sent).toBeLessThan(steps);
    }
  });

  it('a section the face stops showing is sent once as null, and not computed after', () => {
    const { eng, pump } = engine();
    pump();
    eng.setView({ ...FULL_VIEW, graph: false, tree: null });
    const f = pump().frame!;
    expect(f.graph).toBeNull();
    expect(f.tree).toBeNull();
    eng.dispatch({ type: 'step' });
    const g = pump().frame!;
    expect('graph' in g).toBe(false);
    expect('tree' in g).toBe(false);
  });

  it('frames cross a structured clone unchanged', () => {
    const { eng, pump, settle } = engine('nested-pool');
    pump();
    eng.dispatch({ type: 'jump', to: 200 });
    eng.dispatch({ type: 'select-process', key: '1' });
    for (const f of settle()) expect(structuredClone(f)).toEqual(f);
  });

  it('the log shows the records the filter keeps, over the whole run, with the cursor followed', () => {
    const { eng, pump, settle } = engine('tcp-echo', { ...FULL_VIEW, log: { first: 0, count: 10, follow: true } });
    eng.dispatch({ type: 'to-end' });
    settle();
    const h = eng.state.history;
    const all = h.records.slice();
    eng.dispatch({ type: 'set-filters', patch: { text: 'alice' } });
    eng.dispatch({ type: 'jump', to: 200 });
    const log = settle().reverse().find((f) => f.log !== undefined)!.log!;
    const filters = { ...NO_FILTER, text: 'alice' };
    const naive = filterIndices(all, all.length, filters, h.frontier);
    expect(log.matching).toBe(naive.length);
    expect(log.complete).toBe(true);
    // The rows sent are the ones around the cursor's position in the filtered list.
    expect(log.cursorPos).toBe(naive.findIndex((i) => i >= 199));
    expect(log.cursorPos).toBeGreaterThanOrEqual(log.first);
    expect(log.cursorPos).toBeLessThan(log.first + log.rows.length);
    expect(log.rows).toEqual(naive.slice(log.first, log.first + 10).map((i) => logRow(all[i]!, i, h.frontier)));
    // Scrolling by hand is left alone while the cursor stays put.
    eng.setView({ ...FULL_VIEW, log: { first: 0, count: 10, follow: true } });
    expect(pump().frame!.log!.first).toBe(0);
  });

  it('with the app printer, DNS datagrams read decoded in the log, its search, and the current record', () => {
    const app = { ...env, printer: payloadPrinter(PAYLOAD_DECODERS) };
    const { eng, settle } = engine('dns-proxy', { ...FULL_VIEW, log: { first: 0, count: 5, follow: true } }, app);
    eng.dispatch({ type: 'jump', to: 600 });
    settle();
    const all = eng.state.history.records.slice(0, 600);
    // The first record whose plain form carries a datagram to the server's port 53.
    const sent = all.findIndex((r) => /udp-remote-address\("server", 53\), #"/.test(prettyRecord(r)));
    expect(sent).toBeGreaterThan(0);
    eng.dispatch({ type: 'set-filters', patch: { text: '#<dns query' } });
    eng.dispatch({ type: 'jump', to: sent + 1 });
    const frames = settle();
    const log = frames.reverse().find((f) => f.log !== undefined)!.log!;
    const row = log.rows.find((r) => r.index === sent)!;
    expect(row.text).toMatch(/udp-remote-address\("server", 53\), #<dns query \d+ rd www\.shop\.test\. IN A>/);
    expect(row.text).not.toContain('#"');
    expect(frames.find((f) => f.status.cursor === sent + 1)!.status.current!.text).toContain('#<dns query');
  });

  it('holds frames while the face is busy, and growth alone publishes at most every EXPLORE_FRAME_MS', () => {
    const { eng, pump } = engine('dns-proxy', FULL_VIEW, { ...env, explore: true });
    expect(pump(1, false).frame).toBeNull();
    expect(pump(1).frame).not.toBeNull();
    let frames = 0;
    let pumps = 0;
    const t0 = eng.state.history.records.length;
    while (eng.state.exploring && pumps < 100) {
      if (pump(20).frame !== null) frames++;
      pumps++;
    }
    expect(eng.state.history.records.length).toBeGreaterThan(t0);
    expect(pumps).toBeGreaterThan(2); // the growth took several slices…
    // …each about 31 ms of the clock (10 of work, 20 between, 1 to read it): a frame at most every
    // EXPLORE_FRAME_MS, plus the one when growth ends.
    expect(frames).toBeLessThanOrEqual(Math.floor((pumps * 31) / EXPLORE_FRAME_MS) + 1);
    expect(frames).toBeLessThan(pumps);
  });
});
