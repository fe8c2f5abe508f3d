/** The talk's weaknesses, made concrete (spec §8): each demonstrates the weakness and the workaround. */
import { describe, expect, it } from 'vitest';
import { prettyRecord, type TraceRecord } from '../../src/kernel/index.ts';
import { type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';
import { bytesToText, isBytes, isEvt, isStruct, pretty, type Term } from '../../src/kernel/index.ts';

function run(id: string): { sim: Simulation; lines: string[]; records: TraceRecord[] } {
  const s = findScenario(id);
  if (s === undefined) throw new Error(`no scenario ${id}`);
  const start = startScenario(s);
  const records = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: s.maxSteps ?? 5000 }, (r) => records.push(...r));
  return { sim, records, lines: records.map((r) => prettyRecord(r).replace(/^#\d+(<-\d+)? /, '')) };
}

const stateOf = (sim: Simulation, name: string) =>
  [...sim.ground.vm.processes.values()].find((p) => p.name === name)?.state as { seen: readonly string[] } | undefined;

describe('glitching', () => {
  it('delete-then-add makes the peer see a spurious absence; the same-name re-add does not', () => {
    const { sim, lines } = run('glitching');
    const careless = lines.filter((l) => / p3 deliver watch /.test(l));
    expect(careless.slice(0, 3)).toEqual([
      'ground p3 deliver watch presence pub service("careless", ?0) from p2 svc => ok',
      'ground p3 deliver watch absence pub service("careless", ?0) false from p2 svc => ok [quit service-lost("careless", false)]',
      'ground p3 deliver watch presence pub service("careless", ?0) from p2 svc => ok',
    ]);
    expect(lines).toContain('ground p3 quit service-lost("careless", false)');
    // The careful watcher saw the service once, never lost it, and got an answer from version 2.
    expect(stateOf(sim, 'careful-watcher')?.seen).toEqual(['present', 'answer version 2']);
    expect(lines.filter((l) => / p5 deliver watch absence/.test(l))).toEqual([]);
  });
});

describe('handoff of responsibility', () => {
  const customer = (sim: Simulation, s: string) =>
    [...sim.ground.vm.processes.values()].find((p) => p.name === `customer (${s})`)?.state as { log: readonly string[] };

  it('take: the manager stands in, so the customer never sees the resource go away', () => {
    const { sim } = run('handoff');
    expect(customer(sim, 'take').log).toEqual(['up (manager)', '+worker-2', '-manager']);
  });

  it('blip: the manager spawns without taking and, on the crash, blips: the waiting customer learns of the failure', () => {
    const { sim, lines } = run('handoff');
    const crash = 'exn("Error", "worker blip#1 failed while starting")';
    // Present and gone at once; the absence carries the worker's crash (it is not restarted).
    expect(customer(sim, 'blip').log).toEqual(['up (manager)', `down (manager: ${crash})`]);
    expect(lines.filter((l) => / p6 deliver need /.test(l))).toEqual([
      'ground p6 deliver need presence pub resource("blip", "manager") from p3 blip => ok',
      `ground p6 deliver need absence pub resource("blip", "manager") ${crash} from p3 blip => ok`,
    ]);
    expect(lines.some((l) => l.includes('boot worker blip#2'))).toBe(false);
    expect(sim.status).toBe('quiescent');
  });

  it('monitor: the manager restarts the crashed worker; the customer gets the resource after a gap', () => {
    const { sim, records } = run('handoff');
    expect(customer(sim, 'monitor').log).toEqual(['up (worker-2)']);
    const up = records.find((r) => r.kind === 'deliver' && r.endpoint === 'need' && r.event.type === 'presence' &&
      prettyRecord(r).includes('"monitor", "worker-2"'));
    expect(up).toBeDefined();
  });
});

/** Each record with the virtual time it happened at (the time of the latest ground event or world record). */
function timed(records: readonly TraceRecord[]): { time: number; record: TraceRecord; line: string }[] {
  let time = 0;
  return records.map((record) => {
    if (record.kind === 'ground-event' || record.kind === 'world') time = record.time;
    return { time, record, line: prettyRecord(record).replace(/^#\d+(<-\d+)? /, '') };
  });
}

const pidOf = (records: readonly TraceRecord[], name: string) =>
  records.find((r) => r.kind === 'boot' && r.name === name)?.pid;

const processNamed = (sim: Simulation, name: string) => [...sim.ground.vm.processes.values()].find((p) => p.name === name);

describe('querying the routing table (SSH channel-open)', () => {
  it('the barrier answers at the time of the request; asking and waiting needs the whole timeout to say no', () => {
    const { sim } = run('routing-query');
    // Requests at 10 ms ("session", served by the shell app) and 20 ms ("x11", served by nobody);
    // the timeout session gives up 50 ms after the x11 request.
    expect((processNamed(sim, 'ssh-client')?.state as { log: readonly string[] }).log).toEqual([
      '10ms sent channel-open session 1',
      '10ms barrier: confirmation 1',
      '10ms timeout: confirmation 1',
      '20ms sent channel-open x11 2',
      '20ms barrier: failure 2',
      '70ms timeout: failure 2',
    ]);
    expect(sim.status).toBe('quiescent');
  });

  it('the replies leave the sessions at those virtual times (read off the trace)', () => {
    const { records } = run('routing-query');
    const replies = timed(records)
      .filter((t) => t.record.kind === 'deliver' && t.record.endpoint === 'replies')
      .map((t) => `${t.time} ${t.line.replace(/^.* message /, '').replace(/ => .*$/, '')}`);
    expect(replies).toEqual([
      '10 ssh-out("barrier", ssh-msg-channel-open-confirmation(1))',
      '10 ssh-out("timeout", ssh-msg-channel-open-confirmation(1))',
      '20 ssh-out("barrier", ssh-msg-channel-open-failure(2, 3, "unknown channel type"))',
      '70 ssh-out("timeout", ssh-msg-channel-open-failure(2, 3, "unknown channel type"))',
    ]);
  });

  it('presence for existing subscribers arrives during the add-role, before the self-message: the barrier', () => {
    const { records } = run('routing-query');
    const session = pidOf(records, 'session (barrier)');
    const lines = records.filter((r) => r.pid === session && r.kind === 'deliver').map((r) => prettyRecord(r).replace(/^#\d+(<-\d+)? \S+ p\d+ /, ''));
    const presence1 = lines.indexOf('deliver probe-1 presence sub channel-open("session", ?0) from p2 session-channels => ok');
    const barrier1 = lines.findIndex((l) => l.startsWith('deliver barrier message routing-barrier("barrier", 1)'));
    expect(presence1).toBeGreaterThanOrEqual(0);
    expect(barrier1).toBeGreaterThan(presence1);
    // Nobody subscribes to x11: the probe sees nothing before the barrier comes back.
    expect(lines.some((l) => l.startsWith('deliver probe-2 presence'))).toBe(false);
    expect(lines.some((l) => l.startsWith('deliver barrier message routing-barrier("barrier", 2)'))).toBe(true);
  });

  it('the probes are observers (the shell app never sees them) and are gone afterwards', () => {
    const { sim, records } = run('routing-query');
    const removed = records.flatMap((r) => (r.kind === 'endpoint' && r.change === 'removed' && r.endpoint.startsWith('probe-') ? [r.endpoint] : []));
    expect(removed).toEqual(['probe-1', 'probe-2']);
    expect([...processNamed(sim, 'session (barrier)')!.endpoints.keys()]).toEqual(['requests', 'barrier']);
    expect([...processNamed(sim, 'session (timeout)')!.endpoints.keys()]).toEqual(['requests']);
    const app = pidOf(records, 'shell app');
    expect(records.some((r) => r.pid === app && r.kind === 'deliver' && r.event.type !== 'message')).toBe(false);
    // Both confirmed channels were opened at the shell app (the timeout session asked first).
    expect((processNamed(sim, 'shell app')?.state as { opened: unknown[] }).opened).toEqual([['timeout', 1], ['barrier', 1]]);
  });
});

describe('the wart (interest types)', () => {
  /** What each client sent and received, and when it saw EOF. */
  function transcript(records: readonly TraceRecord[], host: string): string[] {
    return timed(records).flatMap(({ time, record: r }) => {
      if (r.kind !== 'world' || r.host !== host || !isStruct(r.detail)) return [];
      const payload = r.detail.fields[1];
      if (r.what === 'client-send' && payload instanceof Uint8Array) return [`${time} -> ${bytesToText(payload)}`];
      if (r.what === 'client-recv' && payload instanceof Uint8Array) return [`${time} <- ${bytesToText(payload)}`];
      if (r.what === 'client-eof') return [`${time} eof`];
      return [];
    });
  }

  it('A: when the observer listener quits, its client keeps talking', () => {
    const { records } = run('wart');
    // 5 ms each way: a line sent at 20 ms is echoed back at 30 ms; the 80 ms line at 90 ms.
    expect(transcript(records, 'alice')).toEqual([
      '20 -> hello\n', '30 <- You said: hello\n',
      '80 -> still there?\n', '90 <- You said: still there?\n',
    ]);
  });

  it('A: when the participant listener quits, its connection manager loses a partner and closes', () => {
    const { records } = run('wart');
    // The listeners quit at 50 ms; the manager closes at once and bob sees EOF 5 ms later.
    expect(transcript(records, 'bob')).toEqual(['20 -> hello\n', '30 <- You said: hello\n', '55 eof']);
    const t = timed(records);
    const closing = t.find((x) => / deliver inbound absence sub tcp-channel\(tcp-address\("bob", 49153\), tcp-listener\(6000\), \?0\) false from p6 inbound-handler => ok \[spawn tcp-close/.test(x.line));
    expect(closing?.time).toBe(50);
    // Alice's manager never sees the observer listener: its first absence is the handler leaving after her EOF.
    const alice = t.filter((x) => / deliver inbound absence sub tcp-channel\(tcp-address\("alice"/.test(x.line));
    expect(alice[0]?.time).toBe(95);
  });

  it('B: the observer monitor sees only participants, never the driver', () => {
    const { sim } = run('wart');
    const alice = 'tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0)';
    const bob = 'tcp-channel(tcp-address("bob", 49153), tcp-listener(6000), ?0)';
    expect((processNamed(sim, 'monitor (observer)')?.state as { seen: readonly string[] }).seen).toEqual([
      `+participant ${alice}`, `+participant ${bob}`, `-participant ${bob}`, `-participant ${alice}`,
    ]);
  });

  it('B: the everything monitor sees the driver’s endpoints, and the driver sees it: the levels collapse', () => {
    const { sim, lines } = run('wart');
    const listen = (port: string) => `tcp-channel(tcp-address(?0, ?1), tcp-listener(${port}), ?2)`;
    const alice = 'tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0)';
    const bob = 'tcp-channel(tcp-address("bob", 49153), tcp-listener(6000), ?0)';
    expect((processNamed(sim, 'monitor (everything)')?.state as { seen: readonly string[] }).seen).toEqual([
      '+everything tcp-channel(tcp-address(?0, ?1), tcp-listener(?2), ?3)', // the driver's listener factory
      '+observer tcp-channel(tcp-address(?0, ?1), tcp-handle(?2), ?3)', // the driver's connection factory
      `+everything ${listen('5999')}`, `+everything ${listen('6000')}`, // the listener managers
      `+participant ${alice}`, `+participant ${bob}`,
      `-everything ${listen('5999')}`, `-everything ${listen('6000')}`,
      `-participant ${bob}`, `-participant ${alice}`,
    ]);
    // The driver (p2) is told about both monitors, but only the everything one can see it back.
    const driverSees = lines.filter((l) => l.startsWith('ground p2 deliver listener-factory-pub presence sub/'));
    expect(driverSees).toEqual([
      'ground p2 deliver listener-factory-pub presence sub/observer tcp-channel(tcp-address(?0, ?1), tcp-listener(?2), ?3) from p3 watch => ok',
      'ground p2 deliver listener-factory-pub presence sub/everything tcp-channel(tcp-address(?0, ?1), tcp-listener(?2), ?3) from p4 watch => ok',
      'ground p2 deliver listener-factory-pub presence sub/observer tcp-channel(tcp-address(?0, ?1), tcp-listener(5999), ?2) from p5 inbound-handler => ok [spawn tcp-listener tcp-listener(5999)]',
    ]);
  });
});

describe('ground events (two subscribers, one sync)', () => {
  /** The ground events whose descriptor is of the given kind, as [record, value]. */
  const groundEvents = (records: readonly TraceRecord[], evtKind: string) =>
    records.flatMap((r) => {
      if (r.kind !== 'ground-event' || !Array.isArray(r.event)) return [];
      const [descriptor, value] = r.event as readonly Term[];
      return isEvt(descriptor!) && descriptor.evt === evtKind ? [{ record: r, value: value! }] : [];
    });
  const text = (v: Term) => (isBytes(v) ? bytesToText(v) : pretty(v));

  it('each line is read from the connection once, and both the reader and the spy receive it', () => {
    const { records } = run('ground-events');
    const reads = groundEvents(records, 'tcp-read-line');
    // carol's lines arrive at 25 and 35 ms (sent at 20 and 30, 5 ms latency); her close at 55 ms.
    expect(reads.map((g) => `${g.record.time} ${text(g.value)}`)).toEqual(['25 first line', '35 second line', '55 eof()']);
    const both = [pidOf(records, 'reader'), pidOf(records, 'spy')];
    for (const g of reads) {
      expect(records.filter((r) => r.kind === 'deliver' && r.cause === g.record.id).map((r) => r.pid)).toEqual(both);
    }
    // The client wrote each line once.
    expect(records.filter((r) => r.kind === 'world' && r.what === 'client-send')).toHaveLength(2);
  });

  it('one timer descriptor, two subscribers: one ground event wakes both', () => {
    const { records, sim } = run('ground-events');
    const timers = groundEvents(records, 'timer');
    expect(timers.map((g) => `${g.record.time} ${text(g.value)}`)).toEqual(['40 40']);
    const woken = records.filter((r) => r.kind === 'deliver' && r.cause === timers[0]!.record.id).map((r) => r.pid);
    expect(woken).toEqual([pidOf(records, 'alarm (first)'), pidOf(records, 'alarm (second)')]);
    expect(sim.status).toBe('quiescent');
  });
});
