import { describe, expect, it } from 'vitest';
import { TestHistory } from '../helpers/history.ts';
import { PresenceGraphBuilder, type PresenceGraph } from '../../src/debugger/views/graph.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { GROUND, layoutInput } from '../../src/ui/graph/input.ts';

function graphAt(id: string, step: number): PresenceGraph {
  const h = new TestHistory(startScenario(findScenario(id)!, { seed: 1 }));
  h.grow(step, 100_000);
  return new PresenceGraphBuilder().build(h.modelAt(step));
}

describe('layoutInput (PresenceGraph → layout structure)', () => {
  it('tcp-echo at record 76: a ground container, a box per process, ports on the side of their orientation', () => {
    const input = layoutInput(graphAt('tcp-echo', 76));
    expect(input.nodes[0]).toMatchObject({ id: GROUND, parent: null, kind: 'vm' });
    expect(input.nodes.slice(1).map((n) => [n.id, n.parent, n.kind])).toEqual([
      ['1', GROUND, 'process'],
      ['2', GROUND, 'process'],
      ['3', GROUND, 'process'],
      ['4', GROUND, 'process'],
      ['5', GROUND, 'process'],
    ]);
    const p4 = input.nodes.find((n) => n.id === '4')!;
    expect(p4.ports.find((p) => p.id === '4#inbound')).toMatchObject({ side: 'EAST', row: 2 });
    expect(p4.ports.find((p) => p.id === '4#outbound')).toMatchObject({ side: 'WEST', row: 1 });
    expect(p4.rows).toBe(p4.ports.length);
    const e = input.edges.find((x) => x.id === '4#inbound→5#echoer')!;
    expect(e).toMatchObject({ source: '4#inbound', target: '5#echoer', container: GROUND, kind: 'overlap' });
    expect(input.endpoints).toBe(input.nodes.reduce((n, x) => n + x.ports.length, 0));
  });

  it('the key changes with the structure and only with it', () => {
    const g = graphAt('tcp-echo', 76);
    const a = layoutInput(g);
    // Same ids, different colours: the key is the same.
    const recoloured: PresenceGraph = {
      ...g,
      edges: g.edges.map((e) => ({ ...e, live: !e.live, pubSeesSub: !e.pubSeesSub })),
    };
    expect(layoutInput(recoloured).key).toBe(a.key);
    // One endpoint more (record 77 adds p4's inbound-relay): a different key.
    expect(layoutInput(graphAt('tcp-echo', 77)).key).not.toBe(a.key);
    // Dropping an edge changes it too.
    expect(layoutInput({ ...g, edges: g.edges.slice(1) }).key).not.toBe(a.key);
  });

  it('nested-pool: the VM process is a container; its relays are boundary ports; relay edges live inside it', () => {
    const input = layoutInput(graphAt('nested-pool', 60));
    const vm = input.nodes.find((n) => n.id === '3')!;
    expect(vm).toMatchObject({ kind: 'vm', parent: GROUND, depth: 1, rows: 0 });
    expect(vm.ports.map((p) => [p.id, p.side, p.row])).toEqual([
      ['3#1/meta-timer-expired', 'WEST', 0],
      ['3#2/jobs', 'WEST', 1],
    ]);
    const inner = input.nodes.filter((n) => n.parent === '3').map((n) => n.id);
    expect(inner).toEqual(['3/1', '3/2']);
    // Parents come before their children.
    expect(input.nodes.findIndex((n) => n.id === '3')).toBeLessThan(
      input.nodes.findIndex((n) => n.id === '3/1'),
    );
    const relay = input.edges.find((e) => e.kind === 'relay' && e.target === '3/2^jobs')!;
    expect(relay).toMatchObject({ source: '3#2/jobs', container: '3' });
    // The requester's ask overlaps the pool's relay port, in the ground VM.
    expect(input.edges.find((e) => e.source === '2#ask')).toMatchObject({
      target: '3#2/jobs',
      container: GROUND,
    });
  });
});
