/**
 * The stage's projection (collapse, driver groups) and its shortened topics, on hand-made graphs
 * and on nested-pool's real one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GraphEndpoint, GraphProcess, PresenceGraph } from '../../src/debugger/views/graph.ts';
import { PresenceGraphBuilder } from '../../src/debugger/views/graph.ts';
import { project } from '../../src/debugger/views/stage-project.ts';
import { abbreviate, abbreviations } from '../../src/debugger/views/stage-text.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { TestHistory } from '../helpers/history.ts';

type Ep = [name: string, o: 'p' | 's', meta?: boolean];

function proc(key: string, name: string, eps: Ep[], more: Partial<GraphProcess> = {}): GraphProcess {
  const vm = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : 'ground';
  return {
    key,
    name,
    pid: Number(key.split('/').pop()),
    vm,
    isVm: false,
    parent: null,
    endpoints: eps.map(([n, o, meta]): GraphEndpoint => ({
      id: `${key}${meta ? '^' : '#'}${n}`,
      proc: key,
      name: n,
      orientation: o === 'p' ? 'publisher' : 'subscriber',
      interest: 'participant',
      topic: `t(${n})`,
      meta: meta ?? false,
    })),
    ...more,
  };
}

const edge = (pub: string, sub: string, kind: 'overlap' | 'relay' = 'overlap') => ({
  id: kind === 'overlap' ? `${pub}→${sub}` : `${sub}⇢${pub}`,
  kind,
  publisher: pub,
  subscriber: sub,
  intersection: '',
  pubSeesSub: true,
  subSeesPub: true,
  live: true,
});

/** A requester (1) asking a pool VM (2) whose dispatcher (2/1) takes jobs at meta level; a tcp driver (3) with a connection (4). */
const G: PresenceGraph = {
  vms: [
    { key: 'ground', name: 'ground VM', parent: null },
    { key: '2', name: 'pool', parent: 'ground' },
  ],
  processes: [
    proc('1', 'requester', [
      ['ask', 'p'],
      ['hear', 's'],
    ]),
    proc('2', 'pool', [['1/jobs', 's']], { isVm: true }),
    proc('2/1', 'dispatcher', [
      ['jobs', 's', true],
      ['work', 'p'],
    ]),
    proc('2/2', 'worker', [['work', 's']], { parent: '2/1' }),
    proc('3', 'tcp', [['listen', 's']]),
    proc('4', 'tcp-connection x', [['out', 'p']], { parent: '3' }),
  ],
  edges: [
    edge('1#ask', '2#1/jobs'),
    edge('2#1/jobs', '2/1^jobs', 'relay'),
    edge('2/1#work', '2/2#work'),
    edge('4#out', '1#hear'),
  ],
};

describe('stage projection', () => {
  it('expanded: every process drawn as it is', () => {
    const p = project(G, { expanded: new Set(['2']), groupDrivers: false });
    expect(p.graph.processes.map((x) => x.key)).toEqual(['1', '2', '2/1', '2/2', '3', '4']);
    expect(p.kinds.get('2')).toBe('vm');
    expect(p.graph.edges.map((e) => e.id)).toEqual(G.edges.map((e) => e.id));
    expect(p.node('2/2')).toBe('2/2');
  });

  it('collapsed: the VM is one node with only its relay ports; inside is drawn as the VM', () => {
    const p = project(G, { expanded: new Set(), groupDrivers: false });
    expect(p.graph.processes.map((x) => x.key)).toEqual(['1', '2', '3', '4']);
    expect(p.kinds.get('2')).toBe('collapsed-vm');
    expect(p.graph.processes.find((x) => x.key === '2')?.endpoints.map((e) => e.id)).toEqual(['2#1/jobs']);
    expect(p.members.get('2')).toBe(3);
    expect(p.node('2/2')).toBe('2');
    // The inner meta-endpoint is the VM's relay port; an inner plain endpoint is nowhere.
    expect(p.port('2/1^jobs')).toBe('2#1/jobs');
    expect(p.port('2/1#work')).toBeNull();
    // The edge from outside still ends on the relay port; the ones inside are gone.
    expect(p.graph.edges.map((e) => e.id)).toEqual(['1#ask→2#1/jobs', '4#out→1#hear']);
    expect(p.graph.vms.map((v) => v.key)).toEqual(['ground']);
  });

  it('driver machinery behind one node per driver, its edges on the group port', () => {
    const p = project(G, { expanded: new Set(['2']), groupDrivers: true });
    expect(p.kinds.get('3')).toBe('drivers');
    expect(p.node('4')).toBe('3');
    expect(p.members.get('3')).toBe(2);
    expect(
      p.graph.processes.find((x) => x.key === '3')?.endpoints.map((e) => [e.name, e.orientation]),
    ).toEqual([
      ['all subscribers', 'subscriber'],
      ['all publishers', 'publisher'],
    ]);
    expect(p.port('4#out')).toBe('3#*publishers');
    expect(p.edge('4#out→1#hear')).toBe('3#*publishers→1#hear');
    expect(p.graph.edges.find((e) => e.id === '3#*publishers→1#hear')?.kind).toBe('overlap');
  });

  it('nested-pool at its end: collapsing and expanding keep every relay port and its outside edges', () => {
    const h = new TestHistory(startScenario(findScenario('nested-pool')!)).growAll(100_000);
    const graph = new PresenceGraphBuilder().build(h.modelAt(200));
    const vm = graph.processes.find((x) => x.isVm)!;
    const outside = graph.edges.filter(
      (e) => e.kind === 'overlap' && [e.publisher, e.subscriber].some((id) => id.startsWith(`${vm.key}#`)),
    );
    expect(outside.length).toBeGreaterThan(0);
    for (const expanded of [new Set<string>(), new Set([vm.key])]) {
      const p = project(graph, { expanded, groupDrivers: false });
      expect(p.graph.processes.find((x) => x.key === vm.key)!.endpoints).toEqual(vm.endpoints);
      for (const e of outside) expect(p.graph.edges.map((x) => x.id)).toContain(e.id);
    }
  });
});

describe('stage text', () => {
  it('abbreviates by depth, never inside strings or opaque values', () => {
    const t = 'udp-packet(udp-remote-address("a(b", 53), udp-listener(53), #<dns query (1)>)';
    expect(abbreviate(t, 0)).toBe('udp-packet(…)');
    expect(abbreviate(t, 1)).toBe('udp-packet(udp-remote-address(…), udp-listener(…), #<dns query (1)>)');
    expect(abbreviate(t, 2)).toBe(t);
    expect(abbreviate('f()', 0)).toBe('f()');
    expect(abbreviations(t)).toEqual([t, abbreviate(t, 1), 'udp-packet(…)']);
  });

  it('is consistent: shorter forms are never longer, and the same text shortens the same way', () => {
    const term: fc.Arbitrary<string> = fc.letrec((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('?0', '53', '"x(y"', 'a'),
        fc
          .tuple(fc.constantFrom('f', 'g'), fc.array(tie('t'), { maxLength: 3 }))
          .map(([f, xs]) => `${f}(${xs.join(', ')})`),
        fc.array(tie('t'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
      ),
    })).t;
    fc.assert(
      fc.property(term, (t) => {
        const forms = abbreviations(t);
        expect(forms[0]).toBe(t);
        for (let i = 1; i < forms.length; i++) expect(forms[i]!.length).toBeLessThan(forms[i - 1]!.length);
        expect(abbreviations(t)).toEqual(forms);
        for (let d = 0; d < 4; d++) expect(abbreviate(abbreviate(t, d + 1), d)).toBe(abbreviate(t, d));
      }),
    );
  });
});
