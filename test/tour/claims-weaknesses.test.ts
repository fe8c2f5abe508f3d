/**
 * The tour's corrected sentences (issue 13), part 3: the weaknesses and errors. The wart's levels
 * (who sees the monitors, and when visibility becomes mutual), the three handoff options as the
 * scenario now runs them, and a link that runs one way — each against the stop's real trace.
 */
import { describe, expect, it } from 'vitest';
import { pretty, struct, type TraceRecord } from '../../src/kernel/index.ts';
import { delivers, pidOf, runStop, runWith, type Deliver } from './claims-helpers.ts';

const told = (records: readonly TraceRecord[], pid: number, of: number): Deliver[] =>
  delivers(records).filter((d) => d.event.type === 'presence' && d.pid === pid && d.peer?.pid === of);

describe('wart: the levels do not compose', () => {
  const run = runStop('wart');
  const tcp = pidOf(run.records, 'tcp');
  const observer = pidOf(run.records, 'monitor (observer)');
  const everything = pidOf(run.records, 'monitor (everything)');

  it('says the reading is os2 Lab’s', () => {
    expect(run.stop.text).toContain('The talk’s outline names the wart and nothing more; os2 Lab reads it as the interest-type design');
  });

  it('the driver’s everything endpoints already see the observer monitor, which cannot see them', () => {
    expect(told(run.records, tcp, observer).length).toBeGreaterThan(0);
    expect(told(run.records, observer, tcp)).toEqual([]);
    // The observer monitor is told of participants only.
    const seen = delivers(run.records).filter((d) => d.pid === observer && d.event.type === 'presence');
    expect(seen.length).toBeGreaterThan(0);
    for (const d of seen) expect(d.event.role.interest).toBe('participant');
  });

  it('an everything monitor sees the driver, and the driver sees it: visibility becomes mutual', () => {
    expect(told(run.records, everything, tcp).map((d) => d.event.role.interest)).toContain('everything');
    expect(told(run.records, tcp, everything).length).toBeGreaterThan(0);
  });
});

describe('handoff: the talk’s three options, in os2 Lab’s reading', () => {
  const run = runStop('handoff');
  /** What a customer was told, in order: +who / -who(reason). */
  const customerSaw = (s: string) => {
    const pid = pidOf(run.records, `customer (${s})`);
    return delivers(run.records).filter((d) => d.pid === pid && d.endpoint === 'need').map((d) => {
      const who = pretty(d.event.role.topic).replace(/^resource\("\w+", "(.+)"\)$/, '$1');
      return d.event.type === 'presence' ? `+${who}` : d.event.type === 'absence' ? `-${who} ${pretty(d.event.reason)}` : 'message';
    });
  };

  it('take: make-before-break — worker-2 appears before the stand-in goes, so the customer never saw a gap', () => {
    expect(customerSaw('take')).toEqual(['+manager', '+worker-2', '-manager false']);
    // The stop's record: the manager sees worker-2 and only then withdraws its stand-in.
    const d = run.records[run.at] as Deliver;
    expect(d.actions.map((a) => a.type)).toEqual(['delete-role']);
    expect(run.stop.text).toContain('when the child is up or crashed');
  });

  it('blip: spawn without taking; on the crash, a momentary assertion carries the crash to the waiting customer', () => {
    expect(customerSaw('blip')).toEqual(['+manager', '-manager exn("Error", "worker blip#1 failed while starting")']);
    expect(run.records.some((r) => r.kind === 'boot' && r.name === 'worker blip#2')).toBe(false);
  });

  it('monitor: a gap — the customer sees nothing until the restarted worker is up', () => {
    expect(customerSaw('monitor')).toEqual(['+worker-2']);
    const crash = run.records.findIndex((r) => r.kind === 'quit' && r.pid === pidOf(run.records, 'worker monitor#1'));
    const up = delivers(run.records).find((d) => d.pid === pidOf(run.records, 'customer (monitor)') && d.event.type === 'presence')!;
    expect(crash).toBeGreaterThan(0);
    expect(run.records.indexOf(up)).toBeGreaterThan(crash);
  });
});

describe('errors-links: a link that runs one way', () => {
  const run = runStop('errors-links');
  const worker = pidOf(run.records, 'adder#1');
  const helper = pidOf(run.records, 'helper of adder#1');
  const poison = 'exn("Error", "poison job p1")';

  it('the helper exits with the worker’s crash reason', () => {
    const d = run.records[run.at] as Deliver;
    expect([d.pid, d.endpoint, d.event.type === 'absence' && pretty(d.event.reason)]).toEqual([helper, 'link', poison]);
    expect(d.actions.map((a) => (a.type === 'quit' ? `quit ${pretty(a.reason)}` : a.type))).toEqual([`quit ${poison}`]);
  });

  it('the worker’s end of the link does nothing: a crashing helper does not take the worker with it', () => {
    const helperUp = run.records.findIndex((r) => r.kind === 'deliver' && r.pid === helper && r.endpoint === 'link' && r.event.type === 'presence');
    const crash = struct('exn', 'Error', 'the helper crashed');
    const after = runWith('supervisor', run, helperUp, { kind: 'kill', vm: [], pid: helper, reason: crash });
    const killed = after.records.findIndex((r) => r.kind === 'quit' && r.pid === helper);
    expect(killed).toBeGreaterThan(0);
    // The worker's link publisher is told the helper went, with the helper's crash — and has no handler.
    const toldGone = delivers(after.records).filter((d) => d.pid === worker && d.peer?.pid === helper && d.event.type === 'absence');
    expect(toldGone.map((d) => [d.endpoint, d.event.type === 'absence' && pretty(d.event.reason), d.actions.length])).toEqual([
      ['link', pretty(crash), 0],
    ]);
    const workerQuit = after.records.find((r) => r.kind === 'quit' && r.pid === worker);
    expect(workerQuit?.kind === 'quit' && pretty(workerQuit.reason)).toBe(poison); // it still dies of its own crash, later
    expect(run.stop.text).toMatch(/this link runs one way: Erlang’s links are mutual, while here the worker’s end of the link has no handler/);
  });
});
