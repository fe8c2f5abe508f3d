import { describe, expect, it } from 'vitest';
import type { GraphEndpoint, GraphProcess, PresenceGraph } from '../../src/debugger/views/graph.ts';
import {
  MIN_GAP,
  NODE_SPACING,
  PROC_HEAD,
  PROC_W,
  ROW,
  VM_HEAD,
  procHeight,
} from '../../src/ui/graph/geometry.ts';
import { GROUND, layoutInput, type LayoutInput } from '../../src/ui/graph/input.ts';
import { stabilize } from '../../src/ui/graph/stabilize.ts';
import type { GraphLayout, RelRect } from '../../src/ui/graph/types.ts';

type Ep = [name: string, o: 'p' | 's', meta?: boolean];
interface P {
  key: string;
  vm?: string;
  isVm?: boolean;
  eps: Ep[];
}

/** A small hand-made presence graph (topics and visibility do not matter to the layout). */
function pg(procs: P[], edges: [string, string][] = []): PresenceGraph {
  const processes: GraphProcess[] = procs.map((p) => ({
    key: p.key,
    name: `proc ${p.key}`,
    pid: Number(p.key.split('/').pop()),
    vm: p.vm ?? GROUND,
    isVm: p.isVm ?? false,
    parent: null,
    endpoints: p.eps.map(([name, o, meta]): GraphEndpoint => ({
      id: `${p.key}${meta ? '^' : '#'}${name}`,
      proc: p.key,
      name,
      orientation: o === 'p' ? 'publisher' : 'subscriber',
      interest: 'participant',
      topic: name,
      meta: meta ?? false,
    })),
  }));
  return {
    vms: [{ key: GROUND, name: 'ground VM', parent: null }],
    processes,
    edges: edges.map(([a, b]) => ({
      id: `${a}→${b}`,
      kind: 'overlap',
      publisher: a,
      subscriber: b,
      intersection: '?',
      pubSeesSub: true,
      subSeesPub: true,
      live: true,
    })),
  };
}

const rects = (entries: Record<string, [number, number, number?, number?]>): Map<string, RelRect> =>
  new Map(Object.entries(entries).map(([id, [x, y, w, h]]) => [id, { x, y, w: w ?? PROC_W, h: h ?? 45 }]));

function run(input: LayoutInput, fresh: Map<string, RelRect>, prev: GraphLayout | null): GraphLayout {
  return stabilize({ input, fresh, prev, generation: (prev?.generation ?? 0) + 1, engine: 'worker', ms: 0 });
}

function noOverlaps(l: GraphLayout): void {
  const boxes = [...l.nodes.values()];
  for (const a of boxes) {
    for (const b of boxes) {
      if (a === b || a.parent !== b.parent || a.parent === null) continue;
      const apart = a.ax + a.w <= b.ax || b.ax + b.w <= a.ax || a.ay + a.h <= b.ay || b.ay + b.h <= a.ay;
      expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
    }
  }
}

const abs = (l: GraphLayout, id: string) => {
  const b = l.nodes.get(id)!;
  return [b.ax, b.ay];
};

describe('stabilize (the position cache)', () => {
  const two = pg(
    [
      { key: '1', eps: [['out', 'p']] },
      { key: '2', eps: [['in', 's']] },
    ],
    [['1#out', '2#in']],
  );
  const elk1 = rects({ [GROUND]: [0, 0, 700, 200], '1': [30, 36], '2': [364, 36] });

  it('without a previous layout, takes the fresh placement as it is', () => {
    const l = run(layoutInput(two), elk1, null);
    expect(abs(l, '1')).toEqual([30, 36]);
    expect(abs(l, '2')).toEqual([364, 36]);
    expect(l.nodes.get('1')!.h).toBe(procHeight(1));
    // Ports sit on the box edges, in the middle of their rows.
    expect(l.ports.get('1#out')).toMatchObject({
      side: 'EAST',
      ax: 30 + PROC_W,
      ay: 36 + PROC_HEAD + ROW / 2,
    });
    expect(l.ports.get('2#in')).toMatchObject({ side: 'WEST', ax: 364, ay: 36 + PROC_HEAD + ROW / 2 });
    expect(l.bounds).toEqual({ x: 0, y: 0, w: l.nodes.get(GROUND)!.w, h: l.nodes.get(GROUND)!.h });
  });

  it('keeps surviving boxes where they were, whatever elk proposes, and places new ones in the old frame', () => {
    const first = run(layoutInput(two), elk1, null);
    const three = pg(
      [
        { key: '1', eps: [['out', 'p']] },
        { key: '2', eps: [['in', 's']] },
        { key: '3', eps: [['in', 's']] },
      ],
      [
        ['1#out', '2#in'],
        ['1#out', '3#in'],
      ],
    );
    // elk moved everything by (+100, +50) and put the new box below p2.
    const elk2 = rects({
      [GROUND]: [0, 0],
      '1': [130, 86],
      '2': [464, 86],
      '3': [464, 86 + 45 + NODE_SPACING],
    });
    const next = run(layoutInput(three), elk2, first);
    expect(abs(next, '1')).toEqual(abs(first, '1'));
    expect(abs(next, '2')).toEqual(abs(first, '2'));
    // The median offset maps the new box back: right under p2.
    expect(abs(next, '3')).toEqual([364, 36 + 45 + NODE_SPACING]);
    noOverlaps(next);
  });

  it('pushes a new box down until it overlaps nothing', () => {
    const first = run(layoutInput(two), elk1, null);
    const three = pg([
      { key: '1', eps: [['out', 'p']] },
      { key: '2', eps: [['in', 's']] },
      { key: '3', eps: [] },
    ]);
    // elk put the new box exactly where p1 is (in the old frame).
    const elk2 = rects({ [GROUND]: [0, 0], '1': [30, 36], '2': [364, 36], '3': [40, 40] });
    const next = run(layoutInput(three), elk2, first);
    expect(abs(next, '1')).toEqual([30, 36]);
    expect(next.nodes.get('3')!.ay).toBeGreaterThanOrEqual(36 + 45);
    noOverlaps(next);
  });

  it('a box keeps the room it grew to, so nothing below it moves as endpoints come and go', () => {
    const col = (rows: number) =>
      pg([
        { key: '1', eps: Array.from({ length: rows }, (_, i): Ep => [`e${i}`, 's']) },
        { key: '2', eps: [['x', 's']] },
      ]);
    const elk = rects({
      [GROUND]: [0, 0],
      '1': [30, 36, PROC_W, procHeight(1)],
      '2': [30, 36 + procHeight(1) + NODE_SPACING],
    });
    const first = run(layoutInput(col(1)), elk, null);
    // One row more: p1 grows into the spacing, p2 stays.
    const grown = run(layoutInput(col(2)), elk, first);
    expect(grown.nodes.get('1')!.h).toBe(procHeight(2));
    expect(abs(grown, '2')).toEqual(abs(first, '2'));
    // Back to one row: p1 keeps its height.
    const shrunk = run(layoutInput(col(1)), elk, grown);
    expect(shrunk.nodes.get('1')!.h).toBe(procHeight(2));
    expect(abs(shrunk, '2')).toEqual(abs(first, '2'));
    // It keeps growing (four rows): more than the spacing allows, so p2 is pushed down, just clear
    // of p1, which gets half as much room again (six rows) so the next endpoints push nothing.
    const big = run(layoutInput(col(4)), elk, shrunk);
    expect(big.nodes.get('1')!.h).toBe(procHeight(6));
    expect(big.nodes.get('2')!.ay).toBe(36 + procHeight(6) + MIN_GAP);
    const bigger = run(layoutInput(col(6)), elk, big);
    expect(abs(bigger, '2')).toEqual(abs(big, '2'));
    noOverlaps(bigger);
  });

  it('a nested VM grows around a new child without moving the children it had', () => {
    const vm = (withNew: boolean) =>
      pg([
        { key: '1', eps: [['out', 'p']] },
        { key: '3', isVm: true, eps: [['2/jobs', 's']] },
        { key: '3/2', vm: '3', eps: [['jobs', 's', true]] },
        ...(withNew ? [{ key: '3/4', vm: '3', eps: [] }] : []),
      ]);
    const elk = rects({
      [GROUND]: [0, 0],
      '1': [30, 36],
      '3': [364, 36, 324, 120],
      '3/2': [30, 36],
      '3/4': [30, 36],
    });
    const first = run(layoutInput(vm(false)), elk, null);
    // elk puts the new child above and left of the old one (in the container's frame).
    const elk2 = rects({
      [GROUND]: [0, 0],
      '1': [30, 36],
      '3': [364, 36, 324, 200],
      '3/2': [330, 136],
      '3/4': [30, 36],
    });
    const next = run(layoutInput(vm(true)), elk2, first);
    expect(abs(next, '3/2')).toEqual(abs(first, '3/2'));
    expect(abs(next, '1')).toEqual(abs(first, '1'));
    const box = next.nodes.get('3')!;
    for (const id of ['3/2', '3/4']) {
      const c = next.nodes.get(id)!;
      expect(c.ax).toBeGreaterThanOrEqual(box.ax);
      expect(c.ay).toBeGreaterThanOrEqual(box.ay + VM_HEAD);
      expect(c.ax + c.w).toBeLessThanOrEqual(box.ax + box.w);
      expect(c.ay + c.h).toBeLessThanOrEqual(box.ay + box.h);
    }
    // The VM's relay is a port on its boundary (left: a subscriber).
    expect(next.ports.get('3#2/jobs')).toMatchObject({ side: 'WEST', ax: box.ax });
    noOverlaps(next);
  });

  it('is a function of its inputs: the same step always looks the same', () => {
    const first = run(layoutInput(two), elk1, null);
    const three = pg([
      { key: '1', eps: [['out', 'p']] },
      { key: '2', eps: [['in', 's']] },
      { key: '3', eps: [] },
    ]);
    const elk2 = rects({ [GROUND]: [0, 0], '1': [30, 36], '2': [364, 36], '3': [40, 40] });
    const a = run(layoutInput(three), elk2, first);
    const b = run(layoutInput(three), elk2, first);
    expect([...a.nodes]).toEqual([...b.nodes]);
    expect([...a.ports]).toEqual([...b.ports]);
  });
});
