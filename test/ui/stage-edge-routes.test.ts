/**
 * The stage's edges never cross a process box (src/ui/stage/edge-routes.ts): neither one that is not
 * their end nor, leaving their ports outwards, their own ends'.
 * The reference is naive geometry of its own: the drawn path's `d` flattened into short pieces
 * (lines, quadratic and cubic Béziers sampled finely), each piece's points tested against every
 * process box with a plain point-in-rectangle test. Checked on random boxes (fast-check) and on
 * every shipped scenario at its end, laid out by elk as the app does.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresenceGraphBuilder } from '../../src/debugger/views/graph.ts';
import { project } from '../../src/debugger/views/stage-project.ts';
import { SCENARIOS, startScenario } from '../../src/scenarios/index.ts';
import { readElk, toElkGraph } from '../../src/ui/graph/elk-graph.ts';
import { stabilize } from '../../src/ui/graph/stabilize.ts';
import type { GraphLayout, NodeBox, PortPos } from '../../src/ui/graph/types.ts';
import { edgePaths } from '../../src/ui/stage/edge-routes.ts';
import { stageInput } from '../../src/ui/stage/input.ts';
import { TestHistory } from '../helpers/history.ts';

type P = { x: number; y: number };

/** The points of an SVG path made of M, L, Q and C commands (absolute), sampled every few units. */
function flatten(d: string): P[] {
  const tokens = d.match(/[MLQC]|-?\d+(?:\.\d+)?/g)!;
  const out: P[] = [];
  let cur: P = { x: 0, y: 0 };
  let i = 0;
  const num = () => Number(tokens[i++]);
  const pt = () => ({ x: num(), y: num() });
  while (i < tokens.length) {
    const cmd = tokens[i++];
    const ctrl: P[] = [cur];
    if (cmd === 'M') {
      cur = pt();
      out.push(cur);
      continue;
    }
    const n = cmd === 'L' ? 1 : cmd === 'Q' ? 2 : 3;
    for (let k = 0; k < n; k++) ctrl.push(pt());
    for (let s = 1; s <= 200; s++) {
      // de Casteljau: repeated linear interpolation of the control points.
      let ps = ctrl;
      const t = s / 200;
      while (ps.length > 1) ps = ps.slice(1).map((q, j) => ({ x: ps[j]!.x + (q.x - ps[j]!.x) * t, y: ps[j]!.y + (q.y - ps[j]!.y) * t }));
      out.push(ps[0]!);
    }
    cur = ctrl[ctrl.length - 1]!;
  }
  return out;
}

const inside = (p: P, b: NodeBox) => p.x > b.ax + 1 && p.x < b.ax + b.w - 1 && p.y > b.ay + 1 && p.y < b.ay + b.h - 1;

/**
 * "edge id × box id" for every edge that passes through a process box: one that is not its end, or
 * its own ends' boxes (an edge leaves its port outwards; bank-teller's timer → lobby edge used to
 * run back through both its boxes).
 */
function crossings(layout: GraphLayout, edges: readonly { id: string; publisher: string; subscriber: string }[]): string[] {
  const paths = edgePaths(layout, edges);
  const boxes = [...layout.nodes.values()].filter((b) => b.kind === 'process');
  const out: string[] = [];
  for (const e of edges) {
    const d = paths.get(e.id);
    if (d === undefined) continue;
    const pts = flatten(d);
    for (const b of boxes) if (pts.some((p) => inside(p, b))) out.push(`${e.id} × ${b.id}`);
  }
  return out;
}

/** A layout of plain boxes (no VMs): each box with a publisher port on its right and a subscriber on its left. */
function boxesLayout(cells: readonly { col: number; row: number; w: number; h: number }[]): GraphLayout {
  const nodes = new Map<string, NodeBox>();
  const ports = new Map<string, PortPos>();
  cells.forEach((c, i) => {
    const id = String(i);
    const b: NodeBox = { id, parent: null, kind: 'process', x: c.col * 300, y: c.row * 160, ax: c.col * 300, ay: c.row * 160, w: c.w, h: c.h, rows: 1, grown: false };
    nodes.set(id, b);
    ports.set(`${id}#pub`, { id: `${id}#pub`, node: id, side: 'EAST', ax: b.ax + b.w, ay: b.ay + b.h / 2 });
    ports.set(`${id}#sub`, { id: `${id}#sub`, node: id, side: 'WEST', ax: b.ax, ay: b.ay + b.h / 2 });
  });
  return { key: 'k', generation: 1, engine: 'local', ms: 0, nodes, ports, bounds: { x: 0, y: 0, w: 3000, h: 3000 } };
}

describe('the stage routes edges around boxes', () => {
  it('the reference sees a crossing where there is one (a straight curve through a box between)', () => {
    const layout = boxesLayout([
      { col: 0, row: 0, w: 200, h: 80 },
      { col: 1, row: 0, w: 200, h: 80 },
      { col: 2, row: 0, w: 200, h: 80 },
    ]);
    // The presence graph's curve from box 0 to box 2 at the same height goes straight through box 1.
    const naive = new Map([['e', 'M200.0,40.0 C350.0,40.0 450.0,40.0 600.0,40.0']]);
    expect(flatten(naive.get('e')!).some((p) => inside(p, layout.nodes.get('1')!))).toBe(true);
    // The stage's route goes around it.
    expect(crossings(layout, [{ id: 'e', publisher: '0#pub', subscriber: '2#sub' }])).toEqual([]);
    // A backward edge (the subscriber left of the publisher) goes around too.
    expect(crossings(layout, [{ id: 'b', publisher: '2#pub', subscriber: '0#sub' }])).toEqual([]);
  });

  it('on random boxes in a grid, no edge crosses a box', () => {
    const cell = fc.record({ w: fc.integer({ min: 120, max: 240 }), h: fc.integer({ min: 40, max: 110 }), used: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        (grid, pairs) => {
          const cells = grid.flatMap((row, r) => row.flatMap((c, col) => (c.used ? [{ col, row: r, w: c.w, h: c.h }] : [])));
          if (cells.length < 2) return;
          const layout = boxesLayout(cells);
          const edges = pairs.map(([a, b], k) => {
            const from = a % cells.length;
            const to = (from + 1 + (b % (cells.length - 1))) % cells.length;
            return { id: `e${k}`, publisher: `${from}#pub`, subscriber: `${to}#sub` };
          });
          expect(crossings(layout, edges)).toEqual([]);
        },
      ),
      { seed: 12, numRuns: 150 },
    );
  });

  it('every shipped scenario at its end, every VM expanded, laid out by elk: no edge crosses a box', async () => {
    const elk = new ELK();
    const found: string[] = [];
    for (const s of SCENARIOS) {
      const h = new TestHistory(startScenario(s)).growAll(60_000);
      const graph = new PresenceGraphBuilder().build(h.modelAt(h.records.length));
      const vms = new Set(graph.processes.filter((p) => p.isVm).map((p) => p.key));
      const projection = project(graph, { expanded: vms, groupDrivers: graph.processes.length > 20 });
      const input = stageInput(projection.graph);
      const fresh = readElk(await elk.layout(toElkGraph(input, null, { large: false })));
      const layout = stabilize({ input, fresh, prev: null, generation: 1, engine: 'worker', ms: 0 });
      found.push(...crossings(layout, projection.graph.edges).map((c) => `${s.id}: ${c}`));
    }
    expect(found).toEqual([]);
  }, 240_000);
});
