/**
 * The one-knob variants: each knob changes what the talk (spec §1.3, §8) says it changes, and
 * nothing else. Expectations come from the spec's rules and the scenarios' stories, checked by
 * hand; the runs are read through their records (prettyRecord) and final states, and through the
 * comparison's alignment (src/debugger/variants).
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';
import { KNOBS, knobsOf } from '../../src/scenarios/variants.ts';
import { compareToEnd, configured, type Comparison } from '../../src/debugger/variants/compare.ts';
import { align } from '../../src/debugger/variants/diff.ts';
import { fateChanges } from '../../src/debugger/variants/view.ts';
import { keyOf, type NameBook } from '../../src/debugger/variants/keys.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { TestHistory } from '../helpers/history.ts';

function runOf(s: Scenario) {
  const h = new TestHistory(startScenario(s), {}, [], { maxSteps: s.maxSteps ?? 100_000, untilMs: null }).growAll();
  const model = h.modelAt(h.length);
  // Each record printed with its processes named (the comparison's keys), so the checks read names.
  const book: NameBook = new Map();
  const lines = h.records.map((r) => keyOf(r, book));
  const state = (name: string) => [...model.procs.values()].find((p) => p.name === name)?.state;
  return { lines, state, model };
}

function variant(id: string, flag: string, value: string) {
  const s = configured(findScenario(id)!, flag, value);
  if (typeof s === 'string') throw new Error(s);
  return runOf(s);
}

function compare(id: string, flag: string, a: string, b: string) {
  const c = compareToEnd(SCENARIOS, { scenario: id, flag, values: [a, b], seed: null }) as Comparison;
  const { rows } = align(c.a.keys.slice(), c.b.keys.slice());
  return {
    onlyA: rows.flatMap((r) => (r.kind === 'only-a' ? [c.a.keys.get(r.a)!] : [])),
    onlyB: rows.flatMap((r) => (r.kind === 'only-b' ? [c.b.keys.get(r.b)!] : [])),
    fates: fateChanges(c.a, c.b),
  };
}

describe('the knobs', () => {
  it('each is an option of its scenario with choices, the contrast among them; every choice configures the same scenario', () => {
    for (const k of KNOBS) {
      const s = findScenario(k.scenario)!;
      const [info] = knobsOf(s).filter((x) => x.flag === k.flag);
      expect(info, k.flag).toBeDefined();
      expect(info!.choices).toEqual(expect.arrayContaining([...k.contrast]));
      for (const v of info!.choices) expect((configured(s, k.flag, v) as Scenario).id).toBe(s.id);
      expect(configured(s, k.flag, 'no-such-value')).toMatch(/expected one of/);
    }
  });

  it('an empty configuration is the registered scenario, record for record', () => {
    for (const k of KNOBS) {
      const s = findScenario(k.scenario)!;
      expect(runOf(s.options!.configure({})).lines, k.scenario).toEqual(runOf(s).lines);
    }
  });
});

describe('tcp-echo --listener (spec §1.3: L sees R iff R is a participant or L is everything)', () => {
  it('participant: every connection manager is told of the listener (presence, and absence as it leaves); nothing else changes', () => {
    const d = compare('tcp-echo', '--listener', 'observer', 'participant');
    expect(d.fates).toEqual([]);
    // The same records, but for the listener's own interest type.
    const relabelled = d.onlyA.map((k) => k.replace('sub/observer', 'sub'));
    expect(d.onlyA.every((k) => k.includes('sub/observer'))).toBe(true);
    const extra = d.onlyB.filter((k) => !relabelled.includes(k));
    expect(extra.map((k) => k.replace(/ sub tcp-channel.*from/, ' … from').replace(/ => .*/, ''))).toEqual([
      'ground tcp-connection tcp-address("alice", 49152) deliver inbound presence … from listener inbound-handler',
      'ground tcp-connection tcp-address("bob", 49153) deliver inbound presence … from listener inbound-handler',
      'ground tcp-connection tcp-address("bob", 49153) deliver inbound absence … from listener inbound-handler',
      'ground tcp-connection tcp-address("alice", 49152) deliver inbound absence … from listener inbound-handler',
    ]);
  });

  it("everything: the listener also sees the driver's everything endpoints; the connection managers still see nothing of it", () => {
    const d = compare('tcp-echo', '--listener', 'observer', 'everything');
    expect(d.fates).toEqual([]);
    const relabelled = d.onlyA.map((k) => k.replace('sub/observer', 'sub/everything'));
    const extra = d.onlyB.filter((k) => !relabelled.includes(k));
    expect(extra.length).toBeGreaterThan(0);
    for (const k of extra) expect(k).toMatch(/^ground listener deliver inbound-handler (presence|absence) pub\/everything .* from (tcp|tcp-listener tcp-listener\(5999\)) /);
    expect(d.onlyB.some((k) => k.startsWith('ground tcp-connection'))).toBe(false);
  });
});

describe('glitching --restart (spec §8b)', () => {
  /** The watcher's presence and absence deliveries after the 10 ms restart, and how it ends. */
  const watch = (value: string) => {
    const r = variant('glitching', '--restart', value);
    const restart = r.lines.findIndex((l) => /service deliver restart message/.test(l));
    // Deliveries whose handler ran (not those discarded while the watcher was already quitting).
    const seen = r.lines.slice(restart).flatMap((l) => /watcher deliver watch (presence|absence) .* => ok/.exec(l)?.[1] ?? []);
    return { seen, state: r.state('watcher'), quit: r.lines.find((l) => /watcher quit/.test(l)) };
  };

  it('delete-then-add: the watcher sees an absence first and gives up (the presence after it comes too late)', () => {
    const w = watch('delete-then-add');
    // Its quit is queued by the absence; the presence of the re-added endpoint is delivered before the
    // quit runs (spec §3.3: events before the quit still reach the handlers), and changes nothing.
    expect(w.seen).toEqual(['absence', 'presence']);
    expect(w.quit).toMatch(/quit service-lost\("one", false\)/);
  });

  it('re-add (same name, equal role): nobody is told anything; the watcher hears version 2', () => {
    const w = watch('re-add');
    expect(w.seen).toEqual([]);
    expect(w.quit).toBeUndefined();
    expect(w.state).toEqual({ seen: ['present', 'answer version 2'] });
  });

  it('add-then-delete: a presence, then an absence, never none: the watcher keeps going', () => {
    const w = watch('add-then-delete');
    expect(w.seen).toEqual(['presence', 'absence']);
    expect(w.quit).toBeUndefined();
    expect(w.state).toEqual({ seen: ['present', 'present', 'absent', 'answer version 2'] });
  });

  it('the comparison names the watcher as the process whose fate the knob changes', () => {
    expect(compare('glitching', '--restart', 'delete-then-add', 're-add').fates).toEqual([
      { name: 'watcher', a: 'quits: service-lost("one", false)', b: 'alive at the end' },
    ]);
  });
});

describe('rendezvous --blind-client (the talk: no more races at boot time)', () => {
  it('sent at boot the question reaches nobody and the client waits for ever; gated on presence it is answered', () => {
    const boot = variant('rendezvous', '--blind-client', 'send-at-boot');
    expect(boot.lines.some((l) => /deliver questions feedback ask\("blind"/.test(l))).toBe(false);
    expect(boot.lines).toContain('ground blind-client action send-feedback ask("blind", "hello")');
    expect(boot.state('blind-client')).toEqual({ sent: true, answers: [] });
    const gated = variant('rendezvous', '--blind-client', 'wait-for-presence');
    expect(gated.lines.some((l) => /^ground server deliver questions feedback ask\("blind", "hello"\) => ok/.test(l))).toBe(true);
    expect(gated.state('blind-client')).toEqual({ sent: true, answers: ['hello, blind!'] });
  });

  it('nothing else changes: every differing record is about the blind client', () => {
    const d = compare('rendezvous', '--blind-client', 'send-at-boot', 'wait-for-presence');
    for (const k of [...d.onlyA, ...d.onlyB]) expect(k).toMatch(/blind|ground round \d+|ground gc/);
    expect(d.fates).toEqual([{ name: 'blind-client', a: 'alive at the end', b: 'leaves (normal exit)' }]);
  });
});

describe('handoff --strategy (the talk’s three options; details are os2 Lab’s reading)', () => {
  const log = (value: string) => (variant('handoff', '--strategy', value).state('customer') as { log: string[] }).log;

  it('take: the customer never sees a gap (the manager stands in until worker 2 is up)', () => {
    expect(log('take')).toEqual(['up (manager)', '+worker-2', '-manager']);
  });

  it('blip: the customer sees the resource come and go with the crash, and nobody restarts it', () => {
    const l = log('blip');
    expect(l).toHaveLength(2);
    expect(l[0]).toBe('up (manager)');
    expect(l[1]).toMatch(/^down \(manager: exn\("Error", "worker job#1 failed while starting"\)\)$/);
  });

  it('monitor: the customer waits, then gets the restarted worker', () => {
    expect(log('monitor')).toEqual(['up (worker-2)']);
  });
});

describe('supervisor --max-restarts (OTP MaxR within 100 ms)', () => {
  const supervisor = (value: string) => variant('supervisor', '--max-restarts', value);
  const incarnations = (r: ReturnType<typeof runOf>) => [...r.model.procs.values()].filter((p) => /^adder#\d+$/.test(p.name)).length;

  it('3: gives up at the fourth crash; 4: restarts a fifth incarnation and lives; 2: gives up at the third', () => {
    const three = supervisor('3');
    expect(three.lines.some((l) => /supervisor quit shutdown\("reached_max_restart_intensity", "adder"\)/.test(l))).toBe(true);
    expect(incarnations(three)).toBe(4);
    const four = supervisor('4');
    expect(four.lines.some((l) => /supervisor quit/.test(l))).toBe(false);
    expect(incarnations(four)).toBe(5);
    const two = supervisor('2');
    expect(two.lines.some((l) => /supervisor quit shutdown/.test(l))).toBe(true);
    expect(incarnations(two)).toBe(3);
  });

  it("with 4 the client's last job is answered (by incarnation 5); with 3 it is held for ever", () => {
    const results = (r: ReturnType<typeof runOf>) => (r.state('client') as { results: { id: string; incarnation: number }[] }).results;
    expect(results(supervisor('4')).map((x) => x.id)).toContain('c5');
    expect(results(supervisor('3')).map((x) => x.id)).not.toContain('c5');
  });
});
