/**
 * The pure world/network model (ground/world.ts, network.ts, sync.ts, rng.ts), tested directly:
 * no VM, just World values stepped with processNext. Expected times follow from the defaults
 * (latency 5 ms, no jitter) unless a test says otherwise; "client" connects to "server".
 */
import { describe, expect, it } from 'vitest';
import { bytes, bytesToText, isBytes, pretty, struct, type Term } from '../../src/kernel/index.ts';
import { recordId } from '../../src/kernel/ids.ts';
import {
  atEof, getEnd, makeWorld, nextDue, processNext, takeBytes, takeLine, tcpClose, tcpConnect, tcpWrite, udpBind, udpSend,
  udpTake, type NetConfig, type World,
} from '../../src/kernel/ground/world.ts';
import { perform, ready } from '../../src/kernel/ground/sync.ts';
import { EOF, tcpAcceptEvt, tcpEofEvt, tcpEstablishedEvt, tcpListenEvt, tcpReadEvt, tcpReadLineEvt } from '../../src/kernel/ground/descriptors.ts';
import { nextFloat, nextInt, seedRng } from '../../src/kernel/ground/rng.ts';

const R = recordId(1);

/** Delivers every packet due at or before `until` (all of them by default), collecting `@t what detail`. */
function run(w: World, until = Infinity): { w: World; notes: string[] } {
  const notes: string[] = [];
  for (let due = nextDue(w); due !== null && due <= until; due = nextDue(w)) {
    const s = processNext(w, R)!;
    w = s.world;
    notes.push(...s.notes.map((n) => `@${w.now} ${n.what} ${pretty(n.detail)}`));
  }
  return { w, notes };
}

const world = (config: Partial<NetConfig> = {}, seed = 1): World => makeWorld(seed, config, 'server', []);
const listen = (w: World, port: number): World => perform(w, tcpListenEvt(port), null).world;

/** A listener on 80, a connection from the client, run until established: [world, client end, server end]. */
function connected(config: Partial<NetConfig> = {}, seed = 1): [World, number, number] {
  let w = listen(world(config, seed), 80);
  const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
  w = connecting;
  w = run(w).w;
  const accepted = perform(w, tcpAcceptEvt(80), null);
  return [accepted.world, c, (accepted.value as readonly number[])[0]!];
}

function write(w: World, end: number, text: string): World {
  const [next, result] = tcpWrite(w, end, bytes(text), null);
  expect(result).toBe(text.length);
  return next;
}

const text = (t: Term | undefined): string => (t !== undefined && isBytes(t) ? bytesToText(t) : pretty(t ?? null));
const line = (w: World, end: number): [World, string] | null => {
  const r = takeLine(w, end);
  return r === null ? null : [r[0], text(r[1])];
};

describe('TCP connections', () => {
  it('connects to a listener: established after 2 × latency', () => {
    let w = listen(world({ latencyMs: 7 }), 80);
    const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
    w = connecting;
    expect(ready(w, tcpEstablishedEvt(c))).toBeNull();
    const r = run(w);
    expect(r.notes).toEqual([
      '@7 tcp-syn conn(2, "server", 80, "client", 49152)',
      '@14 tcp-established conn(1, "client", 49152, "server", 80)',
    ]);
    expect(getEnd(r.w, c)?.state).toBe('established');
    expect(perform(r.w, tcpEstablishedEvt(c), null).value).toEqual(struct('ok'));
    expect(perform(r.w, tcpAcceptEvt(80), null).value).toEqual([2, 'client', 49152]);
  });

  it('is refused without a listener: the end reads EOF', () => {
    let w = world();
    const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
    w = connecting;
    const r = run(w);
    expect(r.notes).toEqual(['@5 tcp-syn-refused port(80)', '@10 tcp-refused conn(1, "client", 49152, "server", 80)']);
    expect(getEnd(r.w, c)?.state).toBe('refused');
    expect(perform(r.w, tcpEstablishedEvt(c), null).value).toEqual(struct('refused'));
    expect(takeLine(r.w, c)?.[1]).toEqual(EOF);
    expect(atEof(getEnd(r.w, c))).toBe(true);
  });

  // BUG (src/kernel/ground/world.ts takeBytes): a refused end is at EOF for takeLine, atEof and
  // tcp-eof, but takeBytes returns null, so a tcp-read on it never becomes ready.
  it('treats a refused end as EOF for byte reads too', () => {
    let w = world();
    const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
    w = connecting;
    w = run(w).w;
    expect(takeBytes(w, c, 10)?.[1]).toEqual(EOF);
    expect(ready(w, tcpReadEvt(c, 10))).not.toBeNull();
  });

  it('delivers data in order despite jitter', () => {
    let jittered = false;
    for (const seed of [1, 2, 3, 4]) {
      const [w0, c, s] = connected({ jitterMs: 20 }, seed);
      let w = w0;
      const sentAt = w.now;
      for (let i = 0; i < 10; i++) w = write(w, c, String(i));
      const times: number[] = [];
      for (let due = nextDue(w); due !== null; due = nextDue(w)) {
        w = processNext(w, R)!.world;
        times.push(w.now);
      }
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t >= sentAt + 5 && t <= sentAt + 25)).toBe(true);
      if (times.some((t) => t !== sentAt + 5)) jittered = true;
      expect(text(takeBytes(w, s, 100)?.[1])).toBe('0123456789');
    }
    expect(jittered).toBe(true);
  });

  it('takeLine splits lines across chunk boundaries', () => {
    const [w0, c, s] = connected();
    let w = w0;
    w = run(write(w, c, 'hel')).w;
    expect(line(w, s)).toBeNull();
    expect(ready(w, tcpReadLineEvt(s))).toBeNull();
    w = run(write(w, c, 'lo\nwor')).w;
    let got: string;
    [w, got] = line(w, s)!;
    expect(got).toBe('hello');
    expect(line(w, s)).toBeNull();
    w = run(write(w, c, 'ld\r\n')).w;
    [w, got] = line(w, s)!;
    expect(got).toBe('world');
    expect(line(w, s)).toBeNull();
  });

  it('reports EOF after a FIN only once the buffer is drained', () => {
    const [w0, c, s] = connected();
    let w = w0;
    w = write(w, c, 'abc\ntail');
    w = run(tcpClose(w, c, null)).w;
    expect(getEnd(w, s)?.peerClosed).toBe(true);
    expect(ready(w, tcpEofEvt(s))).toBeNull();
    let got: string;
    [w, got] = line(w, s)!;
    expect(got).toBe('abc');
    expect(atEof(getEnd(w, s))).toBe(false);
    [w, got] = line(w, s)!; // the unterminated rest, at EOF
    expect(got).toBe('tail');
    expect(ready(w, tcpEofEvt(s))).not.toBeNull();
    expect(takeLine(w, s)?.[1]).toEqual(EOF);
    expect(takeBytes(w, s, 10)?.[1]).toEqual(EOF);
  });

  it('data arriving after close resets the peer', () => {
    const [w0, c, s] = connected();
    let w = w0;
    const t = w.now;
    w = tcpClose(w, s, null); // FIN to the client, due t + 5
    w = write(w, c, 'late'); // the client has not seen it yet: data due t + 5, after the FIN
    const r = run(w);
    expect(r.notes).toEqual([
      `@${t + 5} tcp-eof conn(1, "client", 49152, "server", 80)`,
      `@${t + 5} tcp-data-after-close conn(2, "server", 80, "client", 49152)`,
      `@${t + 10} tcp-reset conn(1, "client", 49152, "server", 80)`,
    ]);
    expect(getEnd(r.w, c)?.state).toBe('reset');
    expect(tcpWrite(r.w, c, bytes('x'), null)[1]).toEqual(struct('error', 'reset'));
  });

  it('maxConnBytes resets the connection with a detail naming the limit', () => {
    const [w0, c, s] = connected({ maxConnBytes: 8 });
    let w = w0;
    w = write(write(w, c, '12345'), c, '67890');
    const r = run(w);
    expect(r.notes).toEqual([
      '@15 tcp-data data(2, #"12345")',
      '@15 tcp-reset limit("maxConnBytes", "connection 2 received more than 8 bytes")',
      '@20 tcp-reset conn(1, "client", 49152, "server", 80)',
    ]);
    expect(getEnd(r.w, s)?.state).toBe('reset');
    expect(getEnd(r.w, c)?.state).toBe('reset');
    // What arrived before the limit can still be read, then EOF.
    expect(text(takeBytes(r.w, s, 100)?.[1])).toBe('12345');
  });

  // BUG (src/kernel/ground/world.ts, arrive 'syn-ack'): an end closed while connecting becomes
  // "established" when the syn-ack arrives, and the server end never hears of the close.
  it('closing an end while it connects resets the server end', () => {
    let w = listen(world(), 80);
    const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
    w = connecting;
    w = run(tcpClose(w, c, null)).w;
    const server = [...w.net.ends.values()].find((e) => e.host === 'server')!;
    expect(getEnd(w, c)?.closed).toBe(true);
    expect(atEof(server)).toBe(true);
  });
});

describe('partitions', () => {
  const partition = { a: 'client', b: 'server', fromMs: 0, toMs: 100 };

  it('hold TCP packets until the partition heals', () => {
    let w = listen(world({ partitions: [partition] }), 80);
    const [connecting, c] = tcpConnect(w, 'client', 'c1', 'server', 80, null);
    w = connecting;
    const r = run(w);
    expect(r.notes).toEqual([
      '@105 tcp-syn conn(2, "server", 80, "client", 49152)',
      '@110 tcp-established conn(1, "client", 49152, "server", 80)',
    ]);
    expect(getEnd(r.w, c)?.state).toBe('established');
  });

  it('drop UDP datagrams (recorded), and deliver them again once healed', () => {
    let w = world({ partitions: [{ ...partition, fromMs: 10 }] });
    let bound: Term;
    [w, bound] = udpBind(w, 'server', 'vm', 53);
    expect(bound).toEqual(struct('bound', 1, 53));
    [w, bound] = udpBind(w, 'client', 'c1', false);
    expect(bound).toEqual(struct('bound', 2, 49152));
    const during = udpSend({ ...w, now: 10 }, 2, 'server', 53, bytes('q'), null);
    expect(during.notes.map((n) => `${n.what} ${n.host} ${pretty(n.detail)}`)).toEqual(['fault-partition-drop client to("server")']);
    expect(during.world.net.inflight).toHaveLength(0);
    const after = udpSend({ ...during.world, now: 100 }, 2, 'server', 53, bytes('q'), null);
    const r = run(after.world);
    expect(r.notes).toEqual(['@105 udp-datagram datagram("client", 49152, 53, #"q", false)']);
    expect(udpTake(r.w, 1)?.[1]).toEqual(['client', 49152, bytes('q')]);
  });
});

describe('UDP sockets', () => {
  it('binds ephemeral and given ports, refuses a port in use, and records unreachable ports', () => {
    const [w1, first] = udpBind(world(), 'server', 'vm', 53);
    expect(first).toEqual(struct('bound', 1, 53));
    expect(udpBind(w1, 'server', 'vm', 53)[1]).toEqual(struct('error', 'udp port 53 in use on server'));
    expect(udpBind(w1, 'client', 'c1', 53)[1]).toEqual(struct('bound', 2, 53)); // another host: fine
    const [w2, ephemeral] = udpBind(w1, 'client', 'c1', false);
    expect(ephemeral).toEqual(struct('bound', 2, 49152));
    const r = run(udpSend(w2, 2, 'server', 54, bytes('x'), null).world);
    expect(r.notes).toEqual(['@5 udp-unreachable port(54)']);
  });
});

describe('the PRNG', () => {
  const draws = (seed: number, n: number): number[] => {
    const out: number[] = [];
    let rng = seedRng(seed);
    for (let i = 0; i < n; i++) {
      let f: number;
      [f, rng] = nextFloat(rng);
      out.push(f);
    }
    return out;
  };

  it('is a deterministic value: the same seed gives the same draws, another seed others', () => {
    expect(draws(42, 20)).toEqual(draws(42, 20));
    expect(draws(42, 20)).not.toEqual(draws(43, 20));
    expect(draws(42, 1000).every((f) => f >= 0 && f < 1)).toBe(true);
    const rng = seedRng(7);
    expect(nextFloat(rng)).toEqual(nextFloat(rng)); // nothing is mutated
    expect(rng).toEqual(seedRng(7));
  });

  it('nextInt stays in range and covers it', () => {
    let rng = seedRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      let k: number;
      [k, rng] = nextInt(rng, 6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(6);
  });

  it('makes the whole world deterministic: the same seed and jitter give the same arrivals', () => {
    const arrivals = (seed: number) => {
      const [w0, c] = connected({ jitterMs: 50 }, seed);
      let w = w0;
      for (let i = 0; i < 5; i++) w = write(w, c, String(i));
      return run(w).notes;
    };
    expect(arrivals(9)).toEqual(arrivals(9));
    expect(new Set([1, 2, 3, 4, 5].map((s) => arrivals(s).join('|'))).size).toBeGreaterThan(1);
  });
});
