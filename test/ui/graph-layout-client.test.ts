import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { describe, expect, it } from 'vitest';
import type { GraphEndpoint, GraphProcess, PresenceGraph } from '../../src/debugger/views/graph.ts';
import { PROC_W } from '../../src/ui/graph/geometry.ts';
import { GROUND, layoutInput, type LayoutInput } from '../../src/ui/graph/input.ts';
import { LayoutClient, type LayoutEngine, type LayoutStatus } from '../../src/ui/graph/layout-client.ts';
import type { GraphLayout } from '../../src/ui/graph/types.ts';

/** Processes "1".."n" in the ground VM, each with the given endpoints (all subscribers). */
function input(procs: Record<string, string[]>): LayoutInput {
  const processes: GraphProcess[] = Object.entries(procs).map(([key, eps]) => ({
    key,
    name: `p${key}`,
    pid: Number(key),
    vm: GROUND,
    isVm: false,
    parent: null,
    endpoints: eps.map((name): GraphEndpoint => ({
      id: `${key}#${name}`,
      proc: key,
      name,
      orientation: 'subscriber',
      interest: 'participant',
      topic: name,
      meta: false,
    })),
  }));
  const g: PresenceGraph = { vms: [{ key: GROUND, name: 'ground VM', parent: null }], processes, edges: [] };
  return layoutInput(g);
}

/** An engine whose layouts finish when the test says so; it places boxes in a row, in input order. */
function fakeEngine() {
  const calls: { graph: ElkNode; resolve: () => void; reject: (e: Error) => void }[] = [];
  let terminated = 0;
  let created = 0;
  const make = (): LayoutEngine => {
    created++;
    return {
      layout: (graph) =>
        new Promise<ElkNode>((resolve, reject) => {
          const ground = graph.children![0]!;
          const placed: ElkNode = {
            ...graph,
            children: [
              {
                ...ground,
                x: 0,
                y: 0,
                children: (ground.children ?? []).map((c, i) => ({ ...c, x: 30 + i * (PROC_W + 70), y: 36 })),
              },
            ],
          };
          calls.push({ graph, resolve: () => resolve(placed), reject });
        }),
      terminate: () => void terminated++,
    };
  };
  return { make, calls, terminated: () => terminated, created: () => created };
}

function setup() {
  const engine = fakeEngine();
  const seen: { layout: GraphLayout | null; status: LayoutStatus }[] = [];
  const client = new LayoutClient({
    engine: engine.make,
    now: () => 0,
    onChange: (layout, status) => seen.push({ layout, status }),
  });
  return { engine, client, seen, last: () => seen[seen.length - 1]! };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const RUN = {};

describe('LayoutClient', () => {
  it('lays out in the engine, then applies the result', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: ['a'], 2: ['b'] }), RUN);
    expect(engine.calls).toHaveLength(1);
    expect(last().status.state).toBe('running');
    engine.calls[0]!.resolve();
    await flush();
    expect(last().status).toMatchObject({ state: 'idle', generation: 1, workerRuns: 1 });
    expect(last().layout!.engine).toBe('worker');
    expect(last().layout!.nodes.get('2')!.ax).toBe(30 + PROC_W + 70);
  });

  it('does not lay out again when the structure is the same', async () => {
    const { engine, client, seen } = setup();
    client.request(input({ 1: ['a'] }), RUN);
    client.request(input({ 1: ['a'] }), RUN); // same key while in flight
    engine.calls[0]!.resolve();
    await flush();
    const n = seen.length;
    client.request(input({ 1: ['a'] }), RUN); // same key as on screen
    expect(engine.calls).toHaveLength(1);
    expect(seen).toHaveLength(n);
  });

  it('keeps one layout in flight, drops stale results and sends only the latest request', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [] }), RUN);
    client.request(input({ 1: [], 2: [] }), RUN); // pending, then replaced before it is sent
    client.request(input({ 1: [], 2: [], 3: [] }), RUN);
    expect(engine.calls).toHaveLength(1);
    engine.calls[0]!.resolve(); // stale: a newer request exists
    await flush();
    expect(last().status.dropped).toBe(1);
    expect(last().layout).toBeNull();
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]!.graph.children![0]!.children!.map((c) => c.id)).toEqual(['n:1', 'n:2', 'n:3']);
    engine.calls[1]!.resolve();
    await flush();
    expect(last().status).toMatchObject({ state: 'idle', generation: 1, workerRuns: 1, dropped: 1 });
    expect([...last().layout!.nodes.keys()]).toEqual([GROUND, '1', '2', '3']);
  });

  it('keeps the last layout on screen while the next one is computed, seeded with it', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [] }), RUN);
    engine.calls[0]!.resolve();
    await flush();
    const first = last().layout!;
    client.request(input({ 1: [], 2: [] }), RUN);
    expect(last().layout).toBe(first);
    expect(last().status.state).toBe('running');
    const ground = engine.calls[1]!.graph.children![0]!;
    expect(ground.layoutOptions!['org.eclipse.elk.layered.layering.strategy']).toBe('INTERACTIVE');
    expect(ground.children![0]).toMatchObject({
      id: 'n:1',
      x: first.nodes.get('1')!.x,
      y: first.nodes.get('1')!.y,
    });
    engine.calls[1]!.resolve();
    await flush();
    expect(last().layout!.nodes.get('1')!.ax).toBe(first.nodes.get('1')!.ax);
    expect(last().layout!.nodes.get('1')!.ay).toBe(first.nodes.get('1')!.ay);
  });

  it('places nothing new without elk: removals and new endpoints on existing boxes reuse the cache', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: ['a'], 2: ['b'] }), RUN);
    engine.calls[0]!.resolve();
    await flush();
    const first = last().layout!;
    client.request(input({ 1: ['a', 'c'] }), RUN);
    expect(engine.calls).toHaveLength(1);
    expect(last().status).toMatchObject({ state: 'idle', generation: 2, localRuns: 1 });
    expect(last().layout!.engine).toBe('local');
    expect(last().layout!.nodes.get('1')!.ax).toBe(first.nodes.get('1')!.ax);
    expect(last().layout!.ports.has('1#c')).toBe(true);
  });

  it('forgets positions for a new run and on re-layout', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [] }), RUN);
    engine.calls[0]!.resolve();
    await flush();
    client.request(input({ 1: [] }), {}); // another run, same structure: laid out afresh
    expect(last().layout).toBeNull(); // the old run's drawing leaves at once
    expect(engine.calls).toHaveLength(2);
    expect(
      engine.calls[1]!.graph.children![0]!.layoutOptions!['org.eclipse.elk.layered.layering.strategy'],
    ).toBeUndefined();
    engine.calls[1]!.resolve();
    await flush();
    client.request(input({ 1: [] }), RUN, true);
    expect(engine.calls).toHaveLength(3);
  });

  it('stop ends the worker and ignores its answer; the next request starts a new worker', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [] }), RUN);
    client.stop();
    expect(engine.terminated()).toBe(1);
    expect(last().status.state).toBe('stopped');
    engine.calls[0]!.resolve();
    await flush();
    expect(last().layout).toBeNull();
    client.request(input({ 1: [], 2: [] }), RUN);
    expect(engine.created()).toBe(2);
    engine.calls[1]!.resolve();
    await flush();
    expect(last().status).toMatchObject({ state: 'idle', generation: 1 });
  });

  it('dispose then resume re-sends the interrupted request (React StrictMode remounts)', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [] }), RUN);
    client.dispose();
    client.resume();
    expect(engine.calls).toHaveLength(2);
    engine.calls[0]!.resolve(); // the terminated worker's answer is ignored
    await flush();
    expect(last().layout).toBeNull();
    engine.calls[1]!.resolve();
    await flush();
    expect(last().status.generation).toBe(1);
  });

  it('marks graphs with more than 300 endpoints as large (a notice, cheaper elk options)', () => {
    const { engine, client, last } = setup();
    const many = Array.from({ length: 301 }, (_, i) => `e${i}`);
    client.request(input({ 1: many.slice(0, 150), 2: many.slice(150) }), RUN);
    expect(last().status).toMatchObject({ state: 'running', large: true, endpoints: 301, nodes: 3 });
    const ground = engine.calls[0]!.graph.children![0]!;
    expect(ground.layoutOptions!['org.eclipse.elk.layered.thoroughness']).toBe('2');
  });

  it('when elk fails, new boxes are stacked and the error is reported', async () => {
    const { engine, client, last } = setup();
    client.request(input({ 1: [], 2: [] }), RUN);
    engine.calls[0]!.reject(new Error('boom'));
    await flush();
    expect(last().status.error).toBe('Layout failed: boom');
    const l = last().layout!;
    expect(l.engine).toBe('fallback');
    const [a, b] = [l.nodes.get('1')!, l.nodes.get('2')!];
    expect(a.ay + a.h <= b.ay || b.ay + b.h <= a.ay).toBe(true);
  });
});
