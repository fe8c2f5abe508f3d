/**
 * The talk's scenarios (bank teller, rendezvous, supervisor) checked against what the talk and the
 * spec say should happen. The expectations are derived by hand from the scenario parameters, not
 * from a recorded trace.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pretty, prettyRecord, type Pid, type TraceRecord } from '../../src/kernel/index.ts';
import { type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { findScenario, SCENARIOS, startScenario, type Scenario } from '../../src/scenarios/index.ts';
import { bankTeller } from '../../src/scenarios/bank-teller.ts';
import { rendezvous } from '../../src/scenarios/rendezvous.ts';
import { supervisorScenario } from '../../src/scenarios/supervisor.ts';

const MAX_STEPS = 5000;

interface Run {
  readonly sim: Simulation;
  readonly records: readonly TraceRecord[];
  readonly lines: readonly string[];
}

function run(s: Scenario, routing?: 'naive' | 'trie'): Run {
  const start = startScenario(s, { trace: true, ...(routing ? { routing } : {}) });
  const records: TraceRecord[] = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: MAX_STEPS }, (r) => records.push(...r));
  return { sim, records, lines: records.map((r) => prettyRecord(r)) };
}

type Rec<K extends TraceRecord['kind']> = Extract<TraceRecord, { kind: K }>;
const ofKind = <K extends TraceRecord['kind']>(r: Run, kind: K): Rec<K>[] =>
  r.records.filter((x): x is Rec<K> => x.kind === kind);

/** The pids of the processes booted under `name`, in spawn order. */
function pidsNamed(r: Run, name: string): Pid[] {
  return ofKind(r, 'boot')
    .filter((b) => b.name === name && b.outcome === 'ok')
    .map((b) => b.pid!);
}
function pidNamed(r: Run, name: string): Pid {
  const pids = pidsNamed(r, name);
  expect(pids, `exactly one process named ${name}`).toHaveLength(1);
  return pids[0]!;
}
const bootOf = (r: Run, pid: Pid) => ofKind(r, 'boot').find((b) => b.pid === pid)!;
const quitOf = (r: Run, pid: Pid) => ofKind(r, 'quit').find((q) => q.pid === pid);
function delivers(r: Run, pid: Pid, endpoint?: string, type?: 'presence' | 'absence' | 'message') {
  return ofKind(r, 'deliver').filter(
    (d) =>
      d.pid === pid &&
      (endpoint === undefined || d.endpoint === endpoint) &&
      (type === undefined || d.event.type === type),
  );
}
const messages = (ds: readonly Rec<'deliver'>[]) =>
  ds.map((d) => (d.event.type === 'message' ? pretty(d.event.message) : '?'));
const topics = (ds: readonly Rec<'deliver'>[]) =>
  ds.map((d) => (d.event.type === 'message' ? '?' : pretty(d.event.role.topic)));
/** A live process's state at the end of the run. */
const finalState = <S>(r: Run, pid: Pid): S => r.sim.ground.vm.processes.get(pid)!.state as S;
/** The state after the last handler that ran normally (for processes that have quit). */
function lastState<S>(r: Run, pid: Pid): S {
  const ds = ofKind(r, 'deliver').filter((d) => d.pid === pid && d.outcome === 'ok');
  return ds[ds.length - 1]!.state as S;
}
const alive = (r: Run) => [...r.sim.ground.vm.processes.values()].map((p) => p.name);

const TALK = [bankTeller, rendezvous, supervisorScenario];

describe('talk scenarios: common properties', () => {
  it('are registered, described and have named processes', () => {
    for (const s of TALK) {
      expect(findScenario(s.id)).toBe(s);
      expect(s.description.length).toBeGreaterThan(300);
      const r = run(s);
      for (const b of ofKind(r, 'boot').filter((x) => x.pid !== 0)) expect(b.name).not.toBe('process');
    }
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });

  it.each(TALK.map((s) => [s.id, s] as const))(
    '%s stops on its own (quiescent or blocked) within a few thousand steps',
    (_id, s) => {
      const r = run(s);
      expect(['quiescent', 'blocked']).toContain(r.sim.status);
      expect(r.sim.steps).toBeLessThan(MAX_STEPS);
      expect(ofKind(r, 'limit')).toEqual([]);
    },
  );

  it.each(TALK.map((s) => [s.id, s] as const))(
    '%s is deterministic (two runs, identical trace)',
    (_id, s) => {
      const a = run(s);
      const b = run(s);
      expect(b.lines).toEqual(a.lines);
      expect(b.sim.world.now).toBe(a.sim.world.now);
    },
  );

  it.each(TALK.map((s) => [s.id, s] as const))(
    '%s gives the same trace with naive and trie routing',
    (_id, s) => {
      expect(run(s, 'naive').lines).toEqual(run(s, 'trie').lines);
    },
  );

  it.each([['bank-teller.ts'], ['rendezvous.ts'], ['supervisor.ts']])(
    '%s is pure (no clock, no randomness)',
    (file) => {
      const src = readFileSync(new URL(`../../src/scenarios/${file}`, import.meta.url), 'utf8');
      expect(src).not.toMatch(/\bDate\b|Math\.random|performance\.|setTimeout|setInterval/);
    },
  );
});

describe('bank-teller (spec §6.3)', () => {
  const r = run(bankTeller);
  const manager = pidNamed(r, 'manager');
  const auditor = pidNamed(r, 'auditor');
  const customers = ['alice', 'bob', 'carol'] as const;

  it('lets the customers in at 10, 12 and 40 ms', () => {
    const lobby = pidNamed(r, 'lobby');
    expect(messages(delivers(r, lobby, 'doors', 'message'))).toEqual([
      'timer-expired(arrival("alice"), 10)',
      'timer-expired(arrival("bob"), 12)',
      'timer-expired(arrival("carol"), 40)',
    ]);
    for (const c of customers) expect(bootOf(r, pidNamed(r, `customer ${c}`)).parent).toBe(lobby);
  });

  it('the manager receives one presence per customer, from participant subscribers', () => {
    const ps = delivers(r, manager, 'demand', 'presence');
    expect(topics(ps)).toEqual(['service("alice", ?0)', 'service("bob", ?0)', 'service("carol", ?0)']);
    for (const p of ps) {
      if (p.event.type !== 'presence') throw new Error('not a presence');
      expect(p.event.role).toMatchObject({ orientation: 'subscriber', interest: 'participant' });
    }
  });

  it('the manager spawns one teller per customer', () => {
    for (const c of customers) expect(bootOf(r, pidNamed(r, `teller ${c}`)).parent).toBe(manager);
  });

  it('no customer ever sees the manager: its only presence is its teller (observers do not satisfy demand)', () => {
    for (const c of customers) {
      const pid = pidNamed(r, `customer ${c}`);
      const ps = delivers(r, pid, 'account', 'presence');
      expect(ps).toHaveLength(1);
      const ev = ps[0]!.event;
      if (ev.type !== 'presence') throw new Error('not a presence');
      expect(ev.role.interest).toBe('participant');
      expect(pretty(ev.role.topic)).toBe(`service("${c}", ?0)`);
      // The presence came from the teller's add-role, which happened after the teller booted.
      expect(ps[0]!.id).toBeGreaterThan(bootOf(r, pidNamed(r, `teller ${c}`)).id);
      // And no observer presence reached any of its endpoints.
      const all = delivers(r, pid).filter((d) => d.event.type !== 'message');
      for (const d of all) if (d.event.type !== 'message') expect(d.event.role.interest).not.toBe('observer');
    }
  });

  it('each customer gets its balances, in order, then quits normally', () => {
    const expected: Record<string, string[]> = {
      alice: ['balance(10)', 'balance(30)'],
      bob: ['balance(5)', 'balance(10)', 'balance(15)'],
      carol: ['balance(100)'],
    };
    for (const c of customers) {
      const pid = pidNamed(r, `customer ${c}`);
      expect(messages(delivers(r, pid, 'account', 'message'))).toEqual(
        expected[c]!.map((b) => `service("${c}", ${b})`),
      );
      expect(quitOf(r, pid)?.reason).toBe(false);
    }
    // The deposits reached the teller as feedback, and the observer manager overheard them.
    const bob = pidNamed(r, 'teller bob');
    expect(messages(delivers(r, bob, 'window', 'message'))).toEqual(
      Array(3).fill('service("bob", deposit(5))'),
    );
    expect(delivers(r, manager, 'demand', 'message')).toHaveLength(6);
  });

  it('alice and bob are served at the same time (their visits overlap)', () => {
    const aliceQuit = quitOf(r, pidNamed(r, 'customer alice'))!.id;
    const bobBoot = bootOf(r, pidNamed(r, 'customer bob')).id;
    expect(bobBoot).toBeLessThan(aliceQuit);
  });

  it('each teller quits after its customer leaves, on the absence of its customer', () => {
    for (const c of customers) {
      const cust = quitOf(r, pidNamed(r, `customer ${c}`))!;
      const tellerPid = pidNamed(r, `teller ${c}`);
      const teller = quitOf(r, tellerPid)!;
      expect(teller.reason).toBe(false);
      expect(teller.killedBy).toBeNull();
      expect(teller.id).toBeGreaterThan(cust.id);
      const abs = delivers(r, tellerPid, 'window', 'absence');
      expect(abs).toHaveLength(1);
      expect(abs[0]!.actions.map((a) => a.type)).toEqual(['quit']);
      // A teller is told only about its own customer (never about the manager, the auditor or others).
      expect(topics(delivers(r, tellerPid, 'window', 'presence'))).toEqual([`service("${c}", ?0)`]);
    }
    expect(lastState<{ departed: string[] }>(r, manager).departed).toEqual([...customers]);
  });

  it("the auditor (everything) saw the manager's observer endpoint, and every teller come and go", () => {
    const ps = delivers(r, auditor, 'audit', 'presence');
    const first = ps[0]!.event;
    if (first.type !== 'presence') throw new Error('not a presence');
    expect(first.role).toMatchObject({ orientation: 'publisher', interest: 'observer' });
    const log = finalState<{ log: string[] }>(r, auditor).log;
    expect(log[0]).toBe('+ pub/observer service(?0, ?1)');
    for (const c of customers) {
      expect(log).toContain(`+ pub service("${c}", ?0)`);
      expect(log).toContain(`- pub service("${c}", ?0) false`);
    }
    expect(log.filter((l) => l.startsWith('msg '))).toHaveLength(6);
    // The manager is never told about the auditor (it is not a participant).
    for (const p of delivers(r, manager, 'demand', 'presence')) {
      if (p.event.type === 'presence') expect(p.event.role.interest).toBe('participant');
    }
  });

  it('ends with only the timer driver, the manager and the auditor', () => {
    expect(alive(r).sort()).toEqual(['auditor', 'manager', 'timer']);
    expect(r.sim.status).toBe('quiescent');
    expect(r.sim.world.now).toBe(40);
  });
});

describe('rendezvous (spec §8 (f))', () => {
  const r = run(rendezvous);
  const patient = pidNamed(r, 'patient-client');
  const blind = pidNamed(r, 'blind-client');
  const server = pidNamed(r, 'server');

  it('both clients start before the server, which a timer starts at 20 ms', () => {
    expect(patient).toBeLessThan(server);
    expect(blind).toBeLessThan(server);
    const launcher = pidNamed(r, 'launcher');
    expect(messages(delivers(r, launcher, 'alarm', 'message'))).toEqual([
      'timer-expired("start-server", 20)',
    ]);
    expect(bootOf(r, server).parent).toBe(launcher);
  });

  it("the patient client sends only after the server's presence, and its question is answered", () => {
    const send = ofKind(r, 'action').filter((a) => a.pid === patient && a.action.type === 'send-message');
    expect(send).toHaveLength(1);
    expect(send[0]!.id).toBeGreaterThan(bootOf(r, server).id);
    expect(messages(delivers(r, server, 'questions', 'message'))).toEqual(['ask("patient", "hello")']);
    expect(messages(delivers(r, patient, 'replies', 'message'))).toEqual([
      'answer("patient", "hello, patient!")',
    ]);
    expect(quitOf(r, patient)?.reason).toBe(false);
  });

  it("the blind client's question, sent before the server existed, is lost (no deliver record for it)", () => {
    const send = ofKind(r, 'action').filter((a) => a.pid === blind && a.action.type === 'send-message');
    expect(send).toHaveLength(1);
    expect(send[0]!.id).toBeLessThan(bootOf(r, server).id);
    const caused = ofKind(r, 'deliver').filter((d) => d.cause === send[0]!.id);
    expect(caused).toEqual([]);
    const blindAsks = ofKind(r, 'deliver').filter(
      (d) => d.event.type === 'message' && pretty(d.event.message).includes('"blind"'),
    );
    expect(blindAsks).toEqual([]);
    expect(finalState<{ answers: string[] }>(r, blind).answers).toEqual([]);
    // It is still there, waiting — even though it saw the server's answer publisher appear.
    expect(alive(r)).toContain('blind-client');
    expect(topics(delivers(r, blind, 'replies', 'presence'))).toEqual(['answer("blind", ?0)']);
  });

  it('the server answered exactly one question', () => {
    expect(finalState<{ answered: number }>(r, server).answered).toBe(1);
  });
});

describe('supervisor (the talk: errors propagate by loss of presence)', () => {
  const r = run(supervisorScenario);
  const sup = pidNamed(r, 'supervisor');
  const client = pidNamed(r, 'client');
  const workers = [1, 2, 3, 4].map((i) => pidNamed(r, `adder#${i}`));
  const crash = (i: number) => `exn("Error", "poison job p${i}")`;

  it('the poison job crashes the worker; the supervisor sees its absence with reason exn("Error", …)', () => {
    const crashed = ofKind(r, 'deliver').filter((d) => d.pid === workers[0] && d.outcome === 'crashed');
    expect(crashed).toHaveLength(1);
    expect(pretty(crashed[0]!.reason!)).toBe(crash(1));
    const abs = delivers(r, sup, 'children', 'absence');
    expect(abs.map((d) => (d.event.type === 'absence' ? pretty(d.event.reason) : ''))).toEqual(
      [1, 2, 3, 4].map(crash),
    );
    expect(topics(abs)).toEqual(Array(4).fill('worker("adder", ?0)'));
    for (const [i, w] of workers.entries()) expect(pretty(quitOf(r, w)!.reason)).toBe(crash(i + 1));
  });

  it('the supervisor is an observer: no worker is ever told about it', () => {
    for (const w of workers) {
      // Two participants see each worker: the client and the saboteur. Not the supervisor.
      expect(delivers(r, w, 'service', 'presence')).toHaveLength(2);
    }
    expect(delivers(r, sup, 'children', 'presence')).toHaveLength(4);
  });

  it('restarts the worker as a new process with a new pid, up to the intensity limit', () => {
    expect(new Set(workers).size).toBe(4);
    expect([...workers].sort((a, b) => a - b)).toEqual(workers);
    for (const w of workers) expect(bootOf(r, w).parent).toBe(sup);
    expect(pidsNamed(r, 'adder#5')).toEqual([]);
    // Each restart comes after the previous incarnation's crash.
    for (let i = 1; i < 4; i++)
      expect(bootOf(r, workers[i]!).id).toBeGreaterThan(quitOf(r, workers[i - 1]!)!.id);
    const log = lastState<{ log: string[] }>(r, sup).log;
    expect(log.filter((l) => l.includes('restarting'))).toEqual([
      '@20ms restarting adder',
      '@40ms restarting adder',
      '@60ms restarting adder',
    ]);
  });

  it('the client keeps working after each restart (answers come from the new incarnations)', () => {
    const s = finalState<{ results: unknown[]; held: unknown[]; lost: string[]; present: boolean }>(
      r,
      client,
    );
    // A restarted worker starts from a fresh state, so each total is just that job's amount.
    expect(s.results).toEqual([
      { id: 'c1', total: 1, incarnation: 1 },
      { id: 'c2', total: 2, incarnation: 2 },
      { id: 'c3', total: 3, incarnation: 3 },
      { id: 'c4', total: 4, incarnation: 4 },
    ]);
    expect(s.lost).toEqual([1, 2, 3, 4].map(crash));
    // After the supervisor gave up there is no worker: the 90 ms job is held, unanswered.
    expect(s.present).toBe(false);
    expect(s.held).toEqual([{ id: 'c5', n: 5 }]);
  });

  it("links: each worker's helper dies with the worker's reason", () => {
    for (const [i, w] of workers.entries()) {
      const h = pidNamed(r, `helper of adder#${i + 1}`);
      expect(bootOf(r, h).parent).toBe(w);
      const q = quitOf(r, h)!;
      expect(pretty(q.reason)).toBe(crash(i + 1));
      // The exit signal travels in the worker's crash cascade: after the crash, carrying its reason.
      const crashed = ofKind(r, 'deliver').find((d) => d.pid === w && d.outcome === 'crashed')!;
      expect(q.id).toBeGreaterThan(crashed.id);
      expect(delivers(r, h, 'link', 'absence')).toHaveLength(1);
    }
  });

  it('after too many crashes the supervisor gives up and quits with a reason', () => {
    const q = quitOf(r, sup)!;
    expect(pretty(q.reason)).toBe('shutdown("reached_max_restart_intensity", "adder")');
    expect(q.id).toBeGreaterThan(quitOf(r, workers[3]!)!.id);
    const s = lastState<{
      crashes: { incarnation: number; reason: string }[];
      log: string[];
      restarts: number[];
    }>(r, sup);
    expect(s.crashes.map((c) => [c.incarnation, c.reason])).toEqual([1, 2, 3, 4].map((i) => [i, crash(i)]));
    expect(s.restarts).toEqual([20, 40, 60]);
    expect(s.log[s.log.length - 1]).toBe('@80ms 3 restarts within 100 ms: giving up');
    expect(alive(r)).not.toContain('supervisor');
    expect(r.sim.world.now).toBe(90);
  });
});
