/**
 * The tour's corrected sentences (issue 13), part 1: the core idea and the layers. Each test pins
 * what a stop's text now says to what the kernel does in the stop's own run — who receives, which
 * endpoint is told of which, in which VM an action is recorded — read from the trace, with the
 * receivers worked out independently (unification over the endpoints that exist) where it matters.
 * Also docs/tour.md's list of stops. Parts 2 and 3: claims-protocols.test.ts, claims-weaknesses.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pretty, unifiable, type ActionType, type Term } from '../../src/kernel/index.ts';
import { TOUR_STOPS, findStop } from '../../src/tour/stops.ts';
import { ALICE } from '../../src/tour/stops/tcp.ts';
import { INJECTED_LINE } from '../../src/tour/stops/tcp-handler.ts';
import { parseMessage } from '../../src/debugger/term-parse.ts';
import {
  byId, deliveriesOf, delivers, endpointsAt, pidOf, roleAt, runStop, runWith, type Deliver, type Run,
} from './claims-helpers.ts';

/** The endpoints that should receive `body` sent with this orientation: the opposite one, topic unifies. */
function expectedReceivers(run: Run, upTo: number, body: Term, sentAs: 'publisher' | 'subscriber'): string[] {
  const to = sentAs === 'publisher' ? 'subscriber' : 'publisher';
  return endpointsAt(run.records, upTo)
    .filter((e) => e.role.orientation === to && unifiable(e.role.topic, body))
    .map((e) => `p${e.pid} ${e.endpoint}`)
    .sort();
}

const receivers = (ds: readonly Deliver[]) => ds.map((d) => `p${d.pid} ${d.endpoint}`).sort();

describe('conversations: orientation decides who receives, interest type does not', () => {
  const run = runStop('conversations');
  const action = byId(run.records, run.records[run.at]!.cause);
  const credit = action.kind === 'action' && action.action.type === 'send-message' ? action.action : null;
  const role = roleAt(run.records, run.at);

  it('send-feedback reaches the publishers of the conversation, whatever their interest type', () => {
    expect(credit?.orientation).toBe('subscriber');
    const got = deliveriesOf(run.records, action.id);
    expect(receivers(got)).toEqual(expectedReceivers(run, action.id, credit!.body, 'subscriber'));
    expect(got.every((d) => role(d).orientation === 'publisher')).toBe(true);
    expect(new Set(got.map((d) => role(d).interest))).toEqual(new Set(['everything', 'participant']));
    expect(got.map((d) => d.pid)).toEqual([pidOf(run.records, 'tcp'), pidOf(run.records, 'tcp-listener tcp-listener(5999)'), pidOf(run.records, `tcp-connection ${ALICE}`)]);
  });

  it('a message reaches the subscribers, observers included: alice’s line reaches the listener too', () => {
    const sent = run.records.find((r) => r.kind === 'action' && r.action.type === 'send-message' && r.action.orientation === 'publisher' &&
      pretty(r.action.body).includes('#"hello"'))!;
    const body = sent.kind === 'action' && sent.action.type === 'send-message' ? sent.action.body : null;
    const got = deliveriesOf(run.records, sent.id);
    expect(receivers(got)).toEqual(expectedReceivers(run, sent.id, body!, 'publisher'));
    const byRole = roleAt(run.records, sent.id);
    expect(got.map((d) => [d.endpoint, byRole(d).orientation, byRole(d).interest])).toEqual([
      ['inbound-handler', 'subscriber', 'observer'], ['echoer', 'subscriber', 'participant'],
    ]);
  });

  it('the conversation is both directions of alice’s connection', () => {
    const on = (from: string, to: string) => delivers(run.records).some((d) => d.event.type === 'message' &&
      pretty(d.event.message).startsWith(`tcp-channel(${from}, ${to}, #"`));
    expect(on(ALICE, 'tcp-listener(5999)')).toBe(true);
    expect(on('tcp-listener(5999)', ALICE)).toBe(true);
    expect(run.stop.text).toContain('tcp-channel(alice, port 5999, ?) and tcp-channel(port 5999, alice, ?)');
  });
});

describe('process-and-endpoints: who is told of the new echoer, and what the echoer is told of', () => {
  const run = runStop('process-and-endpoints');
  // The stop reveals what the echoer is told; its endpoint was added just before.
  const added = run.records.findIndex((r) => r.kind === 'endpoint' && r.change === 'added' && r.endpoint === 'echoer');
  const next = run.records.slice(added + 1, added + 5) as Deliver[];
  const echoer = run.records[added]!;

  it('the driver, the listener manager and the connection manager are told of the new endpoint', () => {
    expect(next.slice(0, 3).map((d) => [d.kind, d.pid, d.event.type, d.peer])).toEqual(
      ['tcp', 'tcp-listener tcp-listener(5999)', `tcp-connection ${ALICE}`].map((name) =>
        ['deliver', pidOf(run.records, name), 'presence', { pid: echoer.pid, endpoint: 'echoer' }]));
  });

  it('the echoer is told of the connection manager’s publisher, not of its own endpoint', () => {
    const d = next[3]!;
    expect([d.kind, d.pid, d.endpoint, d.event.type]).toEqual(['deliver', echoer.pid, 'echoer', 'presence']);
    expect(d.peer).toEqual({ pid: pidOf(run.records, `tcp-connection ${ALICE}`), endpoint: 'inbound' });
    expect(d.peer!.pid).not.toBe(echoer.pid);
    expect([d.event.role.orientation, d.event.role.interest]).toEqual(['publisher', 'participant']);
    expect(run.at).toBe(added + 4);
    expect(run.stop.text).toContain('then it told the echoer of its one partner, the connection manager’s publisher');
    expect(run.stop.question.choices.find((c) => c.label.startsWith('That its own endpoint'))).toBeDefined();
  });
});

describe('actions: the list is the talk’s Action type, at-meta-level included', () => {
  const stop = findStop('actions')!;
  // Every kind of action the kernel performs (a compile error here if one is added and not listed).
  const KINDS: Record<ActionType, readonly string[]> = {
    spawn: ['spawn'], 'add-role': ['add-role'], 'delete-role': ['delete-role'], 'send-message': ['send-message', 'send-feedback'],
    quit: ['quit'], yield: ['yield'], 'at-meta-level': ['at-meta-level'],
  };

  it('names every kind of action, and says at-meta-level acts outward', () => {
    for (const word of Object.values(KINDS).flat()) expect(stop.text).toContain(word);
    expect(stop.text).toMatch(/at-meta-level, which wraps one of the others to perform it outward, in the containing VM/);
  });

  it('the boot returned two feedback messages and add-role echoer, performed in the next round', () => {
    const run = runStop('actions');
    const b = run.records[run.at]!;
    expect(b.kind === 'boot' && b.actions.map((a) => (a.type === 'send-message' ? `${a.orientation} ${pretty(a.body)}` : a.type))).toEqual([
      `subscriber tcp-channel(${ALICE}, tcp-listener(5999), tcp-mode("lines"))`,
      `subscriber tcp-channel(${ALICE}, tcp-listener(5999), tcp-credit(1))`,
      'add-role',
    ]);
    const performed = run.records.filter((r) => r.kind === 'action' && r.cause === b.id);
    expect(performed).toHaveLength(3);
    expect(run.records.slice(run.at, performed[0]!.id - 1).some((r) => r.kind === 'round')).toBe(true);
  });
});

describe('ground-vm: the suggested injection reaches a subscriber', () => {
  const run = runStop('ground-vm');
  const inject = (body: string) => {
    const parsed = parseMessage(body, 'notation');
    if (!parsed.ok) throw new Error(parsed.error);
    const after = runWith('tcp-echo', run, run.at, { kind: 'inject', body: parsed.term, orientation: 'publisher' });
    const event = after.records.find((r) => r.kind === 'ground-event' && r.source === 'user inject')!;
    return { after, got: deliveriesOf(after.records, event.id), upTo: event.id };
  };

  it('the injected line reaches the echoer, a subscriber of alice’s channel, which echoes it', () => {
    const suggestion = run.stop.tryThis.find((t) => t.action?.kind === 'inject')!;
    expect(suggestion.action).toEqual({ kind: 'inject', body: INJECTED_LINE });
    const { after, got, upTo } = inject(INJECTED_LINE);
    const role = roleAt(after.records, upTo);
    const echoer = got.find((d) => d.endpoint === 'echoer')!;
    expect(role(echoer).orientation).toBe('subscriber');
    expect(echoer.actions.map((a) => (a.type === 'send-message' ? pretty(a.body) : a.type))).toContain(
      `tcp-channel(tcp-listener(5999), ${ALICE}, #"You said: sent from outside\\n")`);
  });

  it('the old suggestion, hello("world"), reached no endpoint', () => {
    expect(inject('hello("world")').got).toEqual([]);
  });
});

describe('at-meta-level: actions go outward, relayed events come inward', () => {
  const run = runStop('at-meta-level');
  const outer = run.records[run.at]!;

  it('the dispatcher’s at-meta-level add-role is recorded in the containing VM, as an endpoint of the VM process', () => {
    expect(outer.kind === 'endpoint' && [outer.vm, outer.pid, outer.endpoint]).toEqual([[], pidOf(run.records, 'pool'), '2/jobs']);
    // Its causes lead back into the pool's VM, to the dispatcher's at-meta-level action.
    const performed = byId(run.records, outer.cause);
    expect(performed.kind === 'action' && [performed.vm, performed.pid, performed.action.type]).toEqual([[], outer.pid, 'add-role']);
    let r = byId(run.records, performed.cause);
    while (!(r.kind === 'action' && r.action.type === 'at-meta-level')) r = byId(run.records, r.cause);
    expect(r.vm).toEqual([outer.pid]);
    expect(r.pid).toBe(pidOf(run.records, 'dispatcher'));
    expect(run.stop.text).toMatch(/one level outward, in the containing VM/);
    expect(run.stop.text).not.toMatch(/\bdown\b/);
  });

  it('job(3), sent in the ground, is relayed inward to the dispatcher', () => {
    const relayed = delivers(run.records).find((d) => d.event.type === 'message' && pretty(d.event.message) === 'job(3)' && d.vm.length === 0)!;
    expect([relayed.pid, relayed.endpoint, relayed.outcome]).toEqual([outer.pid, '2/jobs', 'relayed']);
    const inside = delivers(run.records).filter((d) => d.cause === relayed.id);
    expect(inside.map((d) => [d.vm, d.pid, d.endpoint])).toEqual([[[outer.pid], pidOf(run.records, 'dispatcher'), 'jobs']]);
  });

  it('nested-pool’s description says outward and inward, not down', async () => {
    const { nestedPool } = await import('../../src/scenarios/nested-pool.ts');
    expect(nestedPool.description).toMatch(/outward, in the containing VM/);
    expect(nestedPool.description).toMatch(/relayed inward/);
    expect(nestedPool.description).not.toMatch(/\bdown\b/);
  });
});

describe('docs/tour.md lists the stops as they are', () => {
  const doc = readFileSync(new URL('../../docs/tour.md', import.meta.url), 'utf8');

  it('its table is every stop, in order, with its section, scenario and question', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (.+?) \| `([a-z-]+)` \| (.+?) \|$/gm)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(rows).toEqual(TOUR_STOPS.map((s) => [s.id, s.section, s.scenario, s.question.prompt]));
  });

  it('says how its order departs from the outline’s: driver-free programs first, the bank teller before the actions', () => {
    expect(doc).not.toMatch(/one stop per idea, in its order/);
    const ids = TOUR_STOPS.map((s) => s.id);
    expect(ids.indexOf('observers-bank-teller')).toBeLessThan(ids.indexOf('actions'));
    expect(ids.indexOf('receivers-many')).toBe(0);
    expect(doc).toMatch(/driver-free programs first/);
  });
});

// The talk's levels, in two words used everywhere.
it('the tour speaks of levels as outward and inward, never down or up', () => {
  for (const s of TOUR_STOPS) {
    const words = [s.intro, s.text, s.question.prompt, s.question.why, ...s.question.choices.map((c) => c.label), ...s.tryThis.map((t) => t.text)];
    expect(words.join(' '), s.id).not.toMatch(/level down|relay(ed|s)? down|down to subscribers/);
  }
});
