/**
 * The UDP driver (spec §5.3) against the simulated network: scripted clients (ground/clients.ts)
 * talk to os2 programs through it. Expected times were worked out by hand: one-way latency is 5 ms
 * (DEFAULT_NET), the VM runs to idle before the clock moves, and the first ephemeral port is 49152.
 */
import { describe, expect, it } from 'vitest';
import {
  _, boot, bytes, isStruct, nestedVm, pretty, prettyRecord, quit, role, sendMessage, spawn, topicSubscriber, transition,
  type BootSpec, type Term, type TraceRecord,
} from '../../src/kernel/index.ts';
import { createSimulation, type SimOptions, type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import type { ClientStep } from '../../src/kernel/ground/clients.ts';
import {
  udpDriver, udpHandle, udpListener, udpPacket, udpRemoteAddress, type UdpDriverState,
} from '../../src/kernel/drivers/udp.ts';
import { eventRelay } from '../../src/kernel/drivers/event-relay.ts';

const PORT = 7;

interface Ran {
  readonly sim: Simulation;
  readonly records: readonly TraceRecord[];
}

function simulate(programs: BootSpec, opts: SimOptions): Ran {
  const created = createSimulation(programs, opts);
  const records = [...created.records];
  const sim = runSimulation(created.sim, { maxSteps: 100_000 }, (r) => records.push(...r));
  return { sim, records };
}

/** World records of one kind, as `@time host detail`. */
function world(run: Ran, what: string): string[] {
  return run.records.flatMap((r) => (r.kind === 'world' && r.what === what ? [`@${r.time} ${r.host} ${pretty(r.detail)}`] : []));
}

const lines = (run: Ran) => run.records.map((r) => prettyRecord(r));

/** An os2 UDP echo program: replies to every datagram on udp-listener(port) with the same body. */
function echo(port: number, replies = Infinity): BootSpec {
  const local = udpListener(port);
  return boot(
    0,
    role<number>('echo', topicSubscriber(udpPacket(_, local, _)), {
      onMessage: (m, n) => {
        if (!isStruct(m, 'udp-packet', 3)) return;
        const [source, , body] = m.fields as [Term, Term, Term];
        return transition(n + 1, sendMessage(udpPacket(local, source, body)), n + 1 >= replies && quit());
      },
    }),
  );
}

const withUdp = (...programs: BootSpec[]): BootSpec =>
  boot(null, spawn(udpDriver, { name: 'udp' }), programs.map((p, i) => spawn(p, { name: `app${i + 1}` })));

const exchange = (text: string, timeoutMs = 50): ClientStep[] => [
  { op: 'udp-send', host: 'server', port: PORT, data: bytes(text) },
  { op: 'udp-expect', timeoutMs },
];

function client(steps: ClientStep[]) {
  return [{ name: 'c1', host: 'client', steps: [{ op: 'at', ms: 10 } as ClientStep, ...steps] }];
}

describe('UDP driver: echo', () => {
  it('a scripted client gets its datagram echoed by an os2 program', () => {
    const run = simulate(withUdp(echo(PORT)), { seed: 1, clients: client([...exchange('hi'), ...exchange('again')]) });
    expect(world(run, 'client-udp-send')).toEqual(['@10 client client-udp-send("c1", #"hi")', '@20 client client-udp-send("c1", #"again")']);
    // Sent at 10, at the server at 15 (echoed at once, in virtual time), back at 20.
    expect(world(run, 'udp-datagram')).toEqual([
      '@15 server datagram("client", 49152, 7, #"hi", false)',
      '@25 server datagram("client", 49152, 7, #"again", false)',
    ]);
    expect(world(run, 'client-udp-recv')).toEqual([
      '@20 client datagram("server", 7, 49152, #"hi", false)',
      '@30 client datagram("server", 7, 49152, #"again", false)',
    ]);
    // The inbound datagram became a message to the app, and the reply went out as a one-shot send.
    expect(lines(run)).toContainEqual(expect.stringMatching(
      /p2 deliver echo message udp-packet\(udp-remote-address\("client", 49152\), udp-listener\(7\), #"hi"\)/));
    expect(lines(run)).toContainEqual(expect.stringMatching(/p3 endpoint removed send-0 sub \[#<evt udp-send 1 0 "client" 49152 #"hi">, \?0\]/));
    // The listener stays: its udp-recv subscription remains, and nothing more can arrive.
    expect(run.sim.status).toBe('blocked');
  });

  it('spawns one socket manager per local address, binding once', () => {
    // Two apps on the same listener: one manager, one bind.
    const run = simulate(withUdp(echo(PORT), echo(PORT)), { seed: 1 });
    const binds = run.records.filter((r) => r.kind === 'ground-event' && pretty(r.event).startsWith('[#<evt udp-bind'));
    expect(binds.map((r) => (r.kind === 'ground-event' ? pretty(r.event) : ''))).toEqual([
      '[#<evt udp-bind 7 udp-listener(7)>, bound(1, 7)]',
    ]);
    const driver = run.sim.ground.vm.processes.find((p) => p.name === 'udp')!;
    expect((driver.state as UdpDriverState).active).toEqual(['udp-listener(7)']);
  });

  it('a udp-handle gets an ephemeral port; when its apps leave, the managers close their sockets and quit', () => {
    const h = udpHandle('h1');
    // The handle app waits for its socket (presence of the manager), sends one datagram to the VM's
    // own listener, and quits on the echo.
    const pinger = boot(
      null,
      role('replies', topicSubscriber(udpPacket(_, h, _)), {
        onPresence: (_peer, s) => transition(s, sendMessage(udpPacket(h, udpRemoteAddress('server', PORT), bytes('ping')))),
        onMessage: (_m, s) => transition(s, quit()),
      }),
    );
    const run = simulate(withUdp(echo(PORT, 1), pinger), { seed: 1 });
    expect(world(run, 'udp-datagram')).toEqual([
      '@5 server datagram("server", 49152, 7, #"ping", false)', // handle h1 bound 49152
      '@10 server datagram("server", 7, 49152, #"ping", false)',
    ]);
    expect(lines(run)).toContainEqual(expect.stringMatching(
      /p3 deliver replies message udp-packet\(udp-remote-address\("server", 7\), udp-handle\("h1"\), #"ping"\)/));
    const closes = run.records.filter((r) => r.kind === 'ground-event' && pretty(r.event).startsWith('[#<evt udp-close'));
    expect(closes).toHaveLength(2);
    expect(run.sim.world.net.sockets.size).toBe(0);
    const driver = run.sim.ground.vm.processes.find((p) => p.name === 'udp')!;
    expect((driver.state as UdpDriverState).active).toEqual([]);
    expect(run.sim.status).toBe('quiescent');
  });

  it('a bind that fails (port in use) ends the manager with the reason, and the factory forgets it', () => {
    // The handle binds first and takes 49152; the listener on 49152 then fails.
    const h = udpHandle('x');
    const handleApp = boot(null, role('in', topicSubscriber(udpPacket(_, h, _))));
    const run = simulate(withUdp(handleApp, echo(49152)), { seed: 1 });
    const quits = run.records.flatMap((r) => (r.kind === 'quit' ? [pretty(r.reason)] : []));
    expect(quits).toContain('udp-bind-failed(udp-listener(49152), "udp port 49152 in use on server")');
    const driver = run.sim.ground.vm.processes.find((p) => p.name === 'udp')!;
    expect((driver.state as UdpDriverState).active).toEqual(['udp-handle("x")']);
  });
  it('runs inside a nested VM, its ground subscriptions carried out by event-relay', () => {
    const inner = boot(null, spawn(eventRelay('vm'), { name: 'event-relay' }), spawn(udpDriver, { name: 'udp' }), spawn(echo(PORT), { name: 'echo' }));
    const run = simulate(boot(null, nestedVm(inner, { name: 'vm' })), { seed: 1, clients: client([...exchange('hi'), ...exchange('yo')]) });
    expect(world(run, 'client-udp-recv')).toEqual([
      '@20 client datagram("server", 7, 49152, #"hi", false)',
      '@30 client datagram("server", 7, 49152, #"yo", false)',
    ]);
    // At the ground, the descriptors are endpoints of the VM process (p1), relayed by inner p1;
    // each one-shot fired once and was withdrawn before the ground looked for the next event.
    const ground = run.records.flatMap((r) => (r.kind === 'endpoint' && r.vm.length === 0 ? [`p${r.pid} ${r.change} ${r.endpoint}`] : []));
    expect(ground).toEqual([
      'p1 added 1/relay #<evt udp-bind 7 udp-listener(7)>',
      'p1 removed 1/relay #<evt udp-bind 7 udp-listener(7)>',
      'p1 added 1/relay #<evt udp-recv 1>',
      'p1 added 1/relay #<evt udp-send 1 0 "client" 49152 #"hi">',
      'p1 removed 1/relay #<evt udp-send 1 0 "client" 49152 #"hi">',
      'p1 added 1/relay #<evt udp-send 1 1 "client" 49152 #"yo">',
      'p1 removed 1/relay #<evt udp-send 1 1 "client" 49152 #"yo">',
    ]);
    expect(run.records.filter((r) => r.kind === 'ground-event')).toHaveLength(5); // bind, 2 × (recv, send)
  });
});

describe('UDP driver: faults', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
  const N = 6;
  const lossy = (seed: number) =>
    simulate(withUdp(echo(PORT)), {
      seed, net: { udpLoss: 0.3 }, clients: client(Array.from({ length: N }, (_x, i) => exchange(`m${i}`)).flat()),
    });

  it('with udpLoss some datagrams are dropped (recorded); each exchange either completes or times out', () => {
    let lost = 0;
    for (const seed of SEEDS) {
      const run = lossy(seed);
      const losses = world(run, 'fault-udp-loss').length;
      const received = world(run, 'client-udp-recv').length;
      // A lost request gets no reply; a lost reply is lost. Either way: one loss, one timeout.
      expect(received + losses).toBe(N);
      expect(world(run, 'client-timeout')).toHaveLength(losses);
      expect(run.sim.status).toBe('blocked');
      lost += losses;
    }
    expect(lost).toBeGreaterThan(0);
  });

  it('duplication delivers a marked copy, and the echo answers both', () => {
    const runs = SEEDS.map((seed) =>
      simulate(withUdp(echo(PORT)), { seed, net: { udpDuplicate: 0.5 }, clients: client(exchange('d')) }));
    const acted = runs.filter((run) => world(run, 'fault-udp-duplicate').length > 0);
    expect(acted.length).toBeGreaterThan(0);
    for (const run of acted) {
      const copies = [...world(run, 'udp-datagram'), ...world(run, 'client-udp-recv')].filter((l) => l.endsWith(', true)'));
      expect(copies.length).toBe(world(run, 'fault-udp-duplicate').length);
    }
  });

  it('reordering delays a datagram by 3 × latency, so a later one can overtake it', () => {
    const steps: ClientStep[] = [
      { op: 'udp-send', host: 'server', port: PORT, data: bytes('a') },
      { op: 'udp-send', host: 'server', port: PORT, data: bytes('b') },
      { op: 'udp-expect', timeoutMs: 100 },
      { op: 'udp-expect', timeoutMs: 100 },
    ];
    const runs = SEEDS.map((seed) => simulate(withUdp(echo(PORT)), { seed, net: { udpReorder: 0.5 }, clients: client(steps) }));
    const overtaken = runs.filter((run) => {
      const arrivals = world(run, 'udp-datagram');
      return arrivals.length === 2 && arrivals[0]!.includes('#"b"');
    });
    expect(overtaken.length).toBeGreaterThan(0);
    for (const run of overtaken) {
      expect(world(run, 'fault-udp-reorder')[0]).toBe('@10 client extra-delay-ms(15)');
      // "a" left at 10 and arrives 5 + 15 ms later; "b" arrives on time.
      expect(world(run, 'udp-datagram')).toEqual([
        '@15 server datagram("client", 49152, 7, #"b", false)',
        '@30 server datagram("client", 49152, 7, #"a", false)',
      ]);
    }
  });

  it('is deterministic: the same seed gives the same trace; different lossy seeds differ', () => {
    expect(lines(lossy(3))).toEqual(lines(lossy(3)));
    const distinct = new Set(SEEDS.map((seed) => lines(lossy(seed)).join('\n')));
    expect(distinct.size).toBeGreaterThan(1);
  });
});
