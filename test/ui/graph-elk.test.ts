import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { describe, expect, it } from 'vitest';
import { TestHistory } from '../helpers/history.ts';
import { PresenceGraphBuilder, type PresenceGraph } from '../../src/debugger/views/graph.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { readElk, seedPositions, toElkGraph } from '../../src/ui/graph/elk-graph.ts';
import { PROC_HEAD, PROC_W, ROW } from '../../src/ui/graph/geometry.ts';
import { GROUND, layoutInput } from '../../src/ui/graph/input.ts';
import { stabilize } from '../../src/ui/graph/stabilize.ts';

function graphsAt(id: string, steps: number[]): PresenceGraph[] {
  const h = new TestHistory(startScenario(findScenario(id)!, { seed: 1 }));
  h.grow(Math.max(...steps), 100_000);
  const b = new PresenceGraphBuilder();
  return steps.map((s) => b.build(h.modelAt(s)));
}

function find(n: ElkNode, id: string): ElkNode | undefined {
  if (n.id === id) return n;
  for (const c of n.children ?? []) {
    const hit = find(c, id);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

describe('toElkGraph (layout structure → elk JSON)', () => {
  const [g76] = graphsAt('tcp-echo', [76]);

  it('nests process boxes in the ground VM, with fixed ports at their rows', () => {
    const elk = toElkGraph(layoutInput(g76!), null, { large: false });
    expect(elk.children!.map((c) => c.id)).toEqual([`n:${GROUND}`]);
    const ground = elk.children![0]!;
    expect(ground.layoutOptions).toMatchObject({
      'org.eclipse.elk.algorithm': 'layered',
      'org.eclipse.elk.direction': 'RIGHT',
      'org.eclipse.elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    });
    // Without a previous layout, nothing is interactive.
    expect(ground.layoutOptions!['org.eclipse.elk.layered.layering.strategy']).toBeUndefined();
    expect(ground.children!.map((c) => c.id)).toEqual(['n:1', 'n:2', 'n:3', 'n:4', 'n:5']);
    const p4 = find(elk, 'n:4')!;
    expect(p4.layoutOptions!['org.eclipse.elk.portConstraints']).toBe('FIXED_POS');
    expect(p4.width).toBe(PROC_W);
    const inbound = p4.ports!.find((p) => p.id === 'p:4#inbound')!;
    expect(inbound).toMatchObject({ x: PROC_W, y: PROC_HEAD + 2 * ROW + ROW / 2 });
    expect(inbound.layoutOptions!['org.eclipse.elk.port.side']).toBe('EAST');
    expect(ground.edges!.find((e) => e.id === 'e:4#inbound→5#echoer')).toMatchObject({
      sources: ['p:4#inbound'],
      targets: ['p:5#echoer'],
    });
  });

  it('is interactive and seeded with the previous positions when there is a previous layout', () => {
    const input = layoutInput(g76!);
    const prev = stabilize({
      input,
      fresh: new Map([
        ['1', { x: 30, y: 36, w: PROC_W, h: 96 }],
        ['5', { x: 400, y: 200, w: PROC_W, h: 45 }],
      ]),
      prev: null,
      generation: 1,
      engine: 'worker',
      ms: 0,
    });
    const elk = toElkGraph(input, prev, { large: false });
    const ground = elk.children![0]!;
    expect(ground.layoutOptions).toMatchObject({
      'org.eclipse.elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
      'org.eclipse.elk.layered.layering.strategy': 'INTERACTIVE',
      'org.eclipse.elk.layered.crossingMinimization.semiInteractive': 'true',
    });
    const p5 = find(elk, 'n:5')!;
    expect([p5.x, p5.y]).toEqual([prev.nodes.get('5')!.x, prev.nodes.get('5')!.y]);
    expect(p5.layoutOptions!['org.eclipse.elk.position']).toMatch(/^\(\d+\.\d,\d+\.\d\)$/);
  });

  it('seeds a new box next to the box it connects to', () => {
    const [a, b] = graphsAt('tcp-echo', [58, 76]);
    const first = stabilize({
      input: layoutInput(a!),
      fresh: new Map([['4', { x: 30, y: 260, w: PROC_W, h: 79 }]]),
      prev: null,
      generation: 1,
      engine: 'worker',
      ms: 0,
    });
    expect(first.nodes.has('5')).toBe(false);
    const seeds = seedPositions(layoutInput(b!), first);
    // p5 (new) subscribes to p4's inbound (and other publishers): it is seeded right of them.
    for (const pub of ['1', '3', '4'])
      expect(seeds.get('5')!.x).toBeGreaterThan(first.nodes.get(pub)!.x + PROC_W);
    // Survivors are seeded where they were.
    expect(seeds.get('4')).toEqual({ x: first.nodes.get('4')!.x, y: first.nodes.get('4')!.y });
  });

  it('large graphs are laid out less thoroughly', () => {
    const options = (large: boolean) =>
      toElkGraph(layoutInput(g76!), null, { large }).children![0]!.layoutOptions!;
    expect(Number(options(true)['org.eclipse.elk.layered.thoroughness'])).toBeLessThan(
      Number(options(false)['org.eclipse.elk.layered.thoroughness']),
    );
  });

  it('elk accepts the graphs it builds (tcp-echo, nested-pool; fresh and interactive) and places every box', async () => {
    const elk = new ELK();
    for (const [id, steps] of [
      ['tcp-echo', [40, 76, 160]],
      ['nested-pool', [40, 60, 100]],
    ] as const) {
      let prev = null;
      for (const g of graphsAt(id, [...steps])) {
        const input = layoutInput(g);
        const out = readElk(await elk.layout(toElkGraph(input, prev, { large: false })));
        for (const n of input.nodes) expect(out.has(n.id), `${id}: ${n.id} placed`).toBe(true);
        prev = stabilize({ input, fresh: out, prev, generation: 1, engine: 'worker', ms: 0 });
      }
    }
    // The nested VM's relay edge is declared inside its container.
    const [np] = graphsAt('nested-pool', [60]);
    const vm = find(toElkGraph(layoutInput(np!), null, { large: false }), 'n:3')!;
    expect(vm.layoutOptions!['org.eclipse.elk.portConstraints']).toBe('FIXED_SIDE');
    expect(vm.ports!.map((p) => p.id)).toEqual(['p:3#1/meta-timer-expired', 'p:3#2/jobs']);
    expect(vm.edges!.map((e) => e.id)).toContain('e:3/2^jobs⇢3#2/jobs');
  }, 60_000);
});
