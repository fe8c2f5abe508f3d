/**
 * The tour's toy scenarios (src/scenarios/toys/), each checked for the one idea it exists to show,
 * against the spec (../shared/spec/os2-semantics.md) — the expected receivers, topics and reasons
 * are worked out by hand from the scenario's processes, not copied from a run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pretty, prettyRecord } from '../../src/kernel/index.ts';
import { findScenario } from '../../src/scenarios/index.ts';
import { broadcast } from '../../src/scenarios/toys/broadcast.ts';
import { LATE_ROUNDS, presenceOrder } from '../../src/scenarios/toys/presence-order.ts';
import { absence } from '../../src/scenarios/toys/absence.ts';
import { patterns } from '../../src/scenarios/toys/patterns.ts';
import { feedback, TUNE } from '../../src/scenarios/toys/feedback.ts';
import { DISK_ROUNDS, LINES, mailbox } from '../../src/scenarios/toys/mailbox.ts';
import { contracts, CREDIT, GREEDY_BLOCKS } from '../../src/scenarios/toys/contracts.ts';
import { eventText, runToy } from './toys-helpers.ts';

const TOYS = [broadcast, presenceOrder, absence, patterns, feedback, mailbox, contracts];

describe('toy scenarios: common properties', () => {
  it.each(TOYS.map((s) => [s.id, s] as const))('%s: registered, driver-free, quiescent at 0 ms, deterministic on seeds 1–5', (id, s) => {
    expect(findScenario(id)).toBe(s);
    expect(s.description.length).toBeGreaterThan(200);
    const first = runToy(s);
    expect(first.status).toBe('quiescent');
    expect(first.nowMs).toBe(0);
    // No driver, no world: nothing but the programs.
    expect(first.of('ground-event')).toEqual([]);
    expect(first.of('world')).toEqual([]);
    for (const b of first.of('boot').filter((x) => x.pid !== 0)) expect(b.name).not.toBe('process');
    const lines = first.records.map((r) => prettyRecord(r));
    for (const seed of [1, 2, 3, 4, 5]) expect(runToy(s, seed).records.map((r) => prettyRecord(r))).toEqual(lines);
  });

  it.each(TOYS.map((s) => [s.id] as const))('%s is pure (no clock, no randomness)', (id) => {
    const src = readFileSync(new URL(`../../src/scenarios/toys/${id}.ts`, import.meta.url), 'utf8');
    expect(src).not.toMatch(/\bDate\b|Math\.random|performance\.|setTimeout|setInterval/);
  });
});

describe('broadcast: receivers = many', () => {
  const r = runToy(broadcast);
  it('one send-message, delivered once to each subscriber, in pid order, and to nobody else', () => {
    const sends = r.of('action').filter((a) => a.action.type === 'send-message');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.pid).toBe(r.pid('newsroom'));
    const got = r.of('deliver').filter((d) => d.cause === sends[0]!.id);
    expect(got.map((d) => [d.pid, d.endpoint, eventText(d)])).toEqual([
      [r.pid('reader a'), 'paper', 'news("hello")'], [r.pid('reader b'), 'paper', 'news("hello")'],
    ]);
  });
  it('the newsroom sends only after it was told of both readers', () => {
    const told = r.to('newsroom', 'presence');
    expect(told).toHaveLength(2);
    const send = r.of('action').find((a) => a.action.type === 'send-message')!;
    expect(told.every((d) => d.id < send.id)).toBe(true);
  });
  it('when the newsroom leaves, each reader sees its absence (reason false) and leaves too', () => {
    for (const name of ['reader a', 'reader b']) {
      expect(r.to(name, 'absence').map((d) => d.event.type === 'absence' && pretty(d.event.reason))).toEqual(['false']);
      expect(r.of('quit').some((q) => q.pid === r.pid(name))).toBe(true);
    }
  });
});

describe('presence-order: presence in either start order', () => {
  const r = runToy(presenceOrder);
  it.each([['A'], ['B']])('pair %s: both ends are told of each other, caused by the second endpoint’s arrival', (pair) => {
    const added = r.of('endpoint').filter((e) => e.change === 'added' && pretty(e.role.topic).startsWith(`note("${pair}"`));
    expect(added).toHaveLength(2);
    const second = added[1]!;
    const reader = r.to(`reader ${pair}`, 'presence');
    const writer = r.to(`writer ${pair}`, 'presence');
    expect([reader.length, writer.length]).toEqual([1, 1]);
    expect(reader[0]!.cause).toBe(second.id);
    expect(writer[0]!.cause).toBe(second.id);
    // Each is told of the other's orientation: the reader of a publisher, the writer of a subscriber.
    expect(reader[0]!.event.type === 'presence' && reader[0]!.event.role.orientation).toBe('publisher');
    expect(writer[0]!.event.type === 'presence' && writer[0]!.event.role.orientation).toBe('subscriber');
  });
  it('pair A: the reader came first; pair B: the writer came first, and was alone for the late reader’s rounds', () => {
    const addedBy = (name: string) => r.of('endpoint').find((e) => e.change === 'added' && e.pid === r.pid(name))!;
    expect(addedBy('reader A').id).toBeLessThan(addedBy('writer A').id);
    const w = addedBy('writer B');
    const rd = addedBy('reader B');
    expect(w.id).toBeLessThan(rd.id);
    const rounds = r.of('round').filter((x) => x.id > w.id && x.id < rd.id);
    expect(rounds).toHaveLength(LATE_ROUNDS);
  });
});

describe('absence: a conversation ends with an absence, which carries the reason', () => {
  const r = runToy(absence);
  it('the watcher sees three absences, with the reason each worker left with', () => {
    expect(r.to('watcher', 'absence').map((d) => [eventText(d), d.event.type === 'absence' && pretty(d.event.reason)])).toEqual([
      ['status("retiree")', 'false'],
      ['status("resigner")', 'resigned("too busy")'],
      ['status("crasher")', 'exn("Error", "disk on fire")'],
    ]);
  });
  it('nobody sends a goodbye: no message is delivered in the whole run', () => {
    expect(r.of('deliver').filter((d) => d.event.type === 'message')).toEqual([]);
  });
  it('the crash is contained: the crasher quits with the error, the watcher lives on', () => {
    expect(r.to('crasher').find((d) => d.outcome === 'crashed')).toBeDefined();
    expect(r.of('quit').filter((q) => q.pid === r.pid('watcher'))).toEqual([]);
  });
});

describe('patterns: topics are sets of messages; presence carries the intersection', () => {
  const r = runToy(patterns);
  it('presence hands each subscriber the intersection of the two patterns', () => {
    // weather(?, "sunny") ∩ weather("paris", ?) = weather("paris", "sunny"); weather("paris", ?) ∩ weather("paris", ?) = itself.
    expect(r.to('sun-seeker', 'presence').map(eventText)).toEqual(['weather("paris", "sunny")']);
    expect(r.to('paris-fan', 'presence').map(eventText)).toEqual(['weather("paris", ?0)']);
  });
  it('weather("oslo", ?) shares no message with weather("paris", ?): the oslo-fan is never told anything', () => {
    expect(r.to('oslo-fan')).toEqual([]);
  });
  it('a message reaches every subscriber whose set holds it', () => {
    expect(r.receiversOf('weather("paris", "sunny")')).toEqual(['sun-seeker', 'paris-fan']);
    expect(r.receiversOf('weather("paris", "rain")')).toEqual(['paris-fan']);
  });
});

describe('feedback: orientation decides who receives; interest type does not', () => {
  const r = runToy(feedback);
  it('feedback goes up, to the publisher only', () => {
    expect(r.receiversOf('song(request("jazz"))')).toEqual(['radio']);
  });
  it('the message goes down, to every subscriber, the observer recorder included', () => {
    expect(r.receiversOf(`song("${TUNE}")`)).toEqual(['listener', 'recorder']);
  });
  it('the radio is told of the listener, never of the observer recorder; the recorder is told of the radio', () => {
    expect(r.to('radio', 'presence').map((d) => d.peer?.pid)).toEqual([r.pid('listener')]);
    expect(r.to('recorder', 'presence').map((d) => d.peer?.pid)).toEqual([r.pid('radio')]);
  });
});

describe('mailbox: responsive while a write is pending', () => {
  const r = runToy(mailbox);
  const firstMessage = (name: string, body: string) => r.to(name, 'message').find((d) => eventText(d) === body)!;
  it('the credit is handled, and the lines sent, after the disk got the write and before it answered', () => {
    const writeArrives = firstMessage('disk', 'write("log")');
    const credit = firstMessage('writer', `line(credit(${LINES}))`);
    const done = firstMessage('writer', 'written("log")');
    expect(writeArrives.id).toBeLessThan(credit.id);
    expect(credit.id).toBeLessThan(done.id);
    const lines = r.to('reader', 'message');
    expect(lines.map(eventText)).toEqual(Array.from({ length: LINES }, (_x, i) => `line(${i + 1})`));
    expect(lines.every((d) => d.id < done.id)).toBe(true);
    // The credit and the completion reach different endpoints of the same process.
    expect([credit.endpoint, done.endpoint]).toEqual(['lines', 'from-disk']);
  });
  it('the disk is slow: it yields DISK_ROUNDS times before it answers', () => {
    const disk = r.pid('disk');
    expect(r.of('continuation').filter((c) => c.pid === disk && c.of === 'yield')).toHaveLength(DISK_ROUNDS);
  });
});

describe('contracts: the kernel’s, and a conversation’s checked by a spy', () => {
  const r = runToy(contracts);
  it('a handler that returns a bare action breaks the kernel’s contract: the process crashes, the watcher sees why', () => {
    const crash = r.to('sloppy reporter').find((d) => d.outcome === 'crashed')!;
    expect(pretty(crash.reason!)).toMatch(/^error\("bad-transition", "expected a transition/);
    const seen = r.to('watcher', 'absence');
    expect(seen.map((d) => d.event.type === 'absence' && pretty(d.event.reason))).toEqual([pretty(crash.reason!)]);
  });
  it('the kernel delivers every block, within credit or not', () => {
    const blocks = (who: string) => r.to(`consumer ${who}`, 'message').map(eventText);
    expect(blocks('honest')).toEqual(Array.from({ length: CREDIT }, (_x, i) => `flow("honest", data(${i + 1}))`));
    expect(blocks('greedy')).toEqual(Array.from({ length: GREEDY_BLOCKS }, (_x, i) => `flow("greedy", data(${i + 1}))`));
  });
  it('the spy hears both directions and reports exactly one breach, the greedy one, when it happens', () => {
    const heard = r.to('spy', 'message').map(eventText);
    expect(heard.filter((t) => t.includes('credit('))).toHaveLength(2);
    expect(heard.filter((t) => t.includes('data('))).toHaveLength(CREDIT + GREEDY_BLOCKS);
    const breaches = r.of('action').filter((a) => a.action.type === 'send-message' && pretty(a.action.body).startsWith('breach('));
    expect(breaches.map((a) => a.action.type === 'send-message' && pretty(a.action.body))).toEqual([`breach("greedy", ${GREEDY_BLOCKS}, ${CREDIT})`]);
    const third = r.to('spy', 'message').find((d) => eventText(d) === `flow("greedy", data(${GREEDY_BLOCKS}))`)!;
    expect(breaches[0]!.cause).toBe(third.id);
  });
  it('nobody is told of the spy: its endpoints are observers', () => {
    const spy = r.pid('spy');
    expect(r.of('deliver').filter((d) => d.event.type === 'presence' && d.peer?.pid === spy)).toEqual([]);
  });
});
