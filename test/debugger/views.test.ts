/** View-models over a real tcp-echo run; expectations follow the talk's trace (spec §6.1). */
import { describe, expect, it } from 'vitest';
import { prettyRecord } from '../../src/kernel/index.ts';
import { TestHistory } from '../helpers/history.ts';
import {
  filterIndices, flattenTree, graphChange, inspect, LOG_KINDS, logRow, NO_FILTER, PresenceGraphBuilder, sequenceWindow,
  stateDiff, timelineMarkers, vmTree, whyChain,
} from '../../src/debugger/views/index.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';

const h = new TestHistory(startScenario(findScenario('tcp-echo')!));
h.growAll(100_000);
const all = h.modelAt(h.length);
const byId = (id: number) => {
  const i = h.indexOfId(id);
  return i === null ? undefined : h.records[i];
};
/** The record count just after the first record whose pretty form matches. */
const after = (re: RegExp) => h.records.findIndex((r) => re.test(prettyRecord(r))) + 1;

describe('VM tree', () => {
  it('shows the driver, the listener and its manager at the end; the handlers have gone', () => {
    expect(vmTree(all).children.map((n) => n.name)).toEqual(['tcp', 'listener', 'tcp-listener tcp-listener(5999)']);
    const withExited = flattenTree(vmTree(all, true)).filter((n) => n.name === 'connection-handler');
    expect(withExited).toHaveLength(2);
    expect(withExited.every((n) => !n.alive && n.exit === 'quit false')).toBe(true);
  });

  it("mid-run shows alice's connection manager and handler alive", () => {
    const m = h.modelAt(after(/p5 boot connection-handler/));
    const names = vmTree(m).children.map((n) => `${n.pid} ${n.name}`);
    expect(names).toEqual(['1 tcp', '2 listener', '3 tcp-listener tcp-listener(5999)', '4 tcp-connection tcp-address("alice", 49152)', '5 connection-handler']);
  });
});

describe('presence graph', () => {
  it('draws the listener as an observer of the connection and the echoer as its partner', () => {
    const b = new PresenceGraphBuilder();
    const g = b.build(h.modelAt(after(/endpoint added echoer/)));
    const edge = (pub: string, sub: string) => g.edges.find((e) => e.publisher === pub && e.subscriber === sub);
    const partner = edge('4#inbound', '5#echoer')!;
    expect(partner).toMatchObject({ pubSeesSub: true, subSeesPub: true, live: true });
    expect(partner.intersection).toBe('tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0)');
    const observer = edge('4#inbound', '2#inbound-handler')!;
    // The listener (observer) sees the connection; the connection (participant) does not see it.
    expect(observer).toMatchObject({ pubSeesSub: false, subSeesPub: true, live: true });
  });

  it("reports what a step changed: the echoer's endpoint and its edges appear", () => {
    const i = after(/endpoint added echoer/);
    const b = new PresenceGraphBuilder();
    const c = graphChange(b.build(h.modelAt(i - 1)), b.build(h.modelAt(i)));
    expect([...c.addedEndpoints]).toEqual(['5#echoer']);
    expect([...c.addedEdges].every((e) => e.includes('5#echoer'))).toBe(true);
    expect(c.addedEdges.size).toBe(3); // the connection manager's inbound, and the driver's and listener manager's everything-observers
    expect(c.removedEdges.size).toBe(0);
  });
});

describe('event log', () => {
  it('classifies records and filters by kind, process and text', () => {
    const rows = h.records.map((r, i) => logRow(r, i, all));
    for (const r of rows) expect(LOG_KINDS).toContain(r.kind);
    const feedback = filterIndices(h.records, h.length, { ...NO_FILTER, kinds: new Set(['feedback']) }, all);
    expect(feedback.length).toBeGreaterThan(0);
    expect(feedback.every((i) => rows[i]!.text.includes(' feedback '))).toBe(true);
    const p5 = filterIndices(h.records, h.length, { ...NO_FILTER, proc: '5' }, all);
    expect(p5.every((i) => h.records[i]!.pid === 5)).toBe(true);
    const text = filterIndices(h.records, h.length, { ...NO_FILTER, text: 'YOU SAID: BYE' }, all);
    expect(text.length).toBeGreaterThan(0);
    expect(filterIndices(h.records, 10, NO_FILTER, all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('sequence chart', () => {
  it("has the echo reply as a message from alice's handler to her connection manager", () => {
    const w = sequenceWindow(h.records, 0, h.length, byId, all);
    const replies = w.events.filter((e) => e.kind === 'message' && e.label.includes('You said: hello'));
    // One delivery per matching endpoint: the driver's and the listener manager's everything-observers
    // receive it too (observers receive messages), then the connection manager's outbound endpoint.
    expect(replies.map((e) => `${e.from}->${e.to}`)).toEqual(['5->1', '5->3', '5->4']);
    const credit = w.events.filter((e) => e.kind === 'feedback' && e.label.includes('tcp-credit(1)') && e.from === '5');
    expect(credit.slice(0, 3).map((e) => e.to)).toEqual(['1', '3', '4']); // feedback reaches publishers, observers included
    expect(w.events.find((e) => e.kind === 'spawn' && e.to === '5')?.from).toBe('2');
    expect(w.lifelines.map((l) => l.key)).toContain('5');
  });
});

describe('why', () => {
  it("explains alice's echoed line back to the data that arrived from the network", () => {
    const i = after(/deliver echoer message .*#"hello"/) - 1;
    const chain = whyChain(h.records, i, (id) => h.indexOfId(id)).map((l) => prettyRecord(l.record).replace(/^#\d+(<-\d+)? /, ''));
    expect(chain[0]).toMatch(/p5 deliver echoer message/);
    expect(chain[1]).toMatch(/p4 action send-message/);
    expect(chain[2]).toMatch(/p4 deliver inbound-relay message/);
    expect(chain[3]).toMatch(/ground-event \(event tcp-read-line\)/);
    expect(chain[4]).toMatch(/world server tcp-data data\(2, #"hello\\n"\)/);
    expect(chain.at(-1)).toMatch(/client-connect|client-send/);
  });
});

describe('inspector', () => {
  it("shows the connection manager's credit rising and the diff of that step", () => {
    const i = after(/p4 deliver inbound feedback .*tcp-credit\(1\)/);
    const now = inspect(h.modelAt(i), '4', h.modelAt(i - 1))!;
    expect(now.name).toBe('tcp-connection tcp-address("alice", 49152)');
    expect(now.endpoints.map((e) => e.name)).toEqual(['eof', 'outbound', 'inbound']);
    expect(now.queue).toEqual(['add-role inbound-relay sub [#<evt tcp-read-line 2>, ?0]']);
    // Credit 0 → 1, and with credit the manager now holds an inbound relay on a read-line descriptor.
    expect(now.diff).toEqual([
      { path: 'state.credit', before: '0', after: '1' },
      { path: 'state.relay', before: 'null', after: '"#<evt tcp-read-line 2>"' },
    ]);
  });

  it('diffs plain values', () => {
    expect(stateDiff({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3], c: 'x' })).toEqual([
      { path: 'state.b.1', before: '2', after: '3' },
      { path: 'state.c', before: '—', after: '"x"' }, // strings print as terms
    ]);
  });
});

describe('timeline markers', () => {
  it('counts spawns and presence per bucket', () => {
    const buckets = timelineMarkers(h.records, 20);
    const spawns = buckets.reduce((n, b) => n + b.counts.spawn, 0);
    expect(spawns).toBe(h.records.filter((r) => r.kind === 'boot').length);
    expect(buckets.at(-1)!.to).toBe(h.length);
  });
});

describe('conversations', () => {
  it("groups one connection's exchange: bob's line and its echo, none of alice's", async () => {
    const { conversationOf } = await import('../../src/debugger/views/index.ts');
    const i = after(/deliver echoer message .*#"hi, I can't stay"/) - 1;
    const conv = conversationOf(h.records, i, (id) => h.indexOfId(id));
    const lines = [...conv].map((k) => prettyRecord(h.records[k]!));
    expect(conv.has(i)).toBe(true);
    expect(lines.some((l) => l.includes("You said: hi, I can't stay"))).toBe(true);
    expect(lines.some((l) => l.includes('You said: hello'))).toBe(false);
    const w = sequenceWindow(h.records, 0, h.length, byId, all, conv);
    expect(w.events.every((e) => conv.has(e.index))).toBe(true);
  });
});
