/** The SSH scenarios: the wire codec, the nested-VM server of the talk, and the "natural" one. */
import { describe, expect, it } from 'vitest';
import { bytes, crashReason, isStruct, pretty, prettyRecord, type TraceRecord } from '../../src/kernel/index.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { findScenario, startScenario, type Scenario } from '../../src/scenarios/index.ts';
import {
  MSG, decodeMessage, describeMessage, encodeMessage, packet, parseVersion, versionLine, type SshMessage,
} from '../../src/scenarios/ssh/codec.ts';
import { concatBytes, deframe, deframeAll, frame, frameNeeds } from '../../src/scenarios/ssh/framing.ts';
import { SshProtocolError, protocolErrorOf } from '../../src/scenarios/ssh/protocol-error.ts';
import { kexinit } from '../../src/scenarios/ssh/protocol.ts';
import { LINES } from '../../src/scenarios/ssh/clients.ts';

// ---- the codec ----------------------------------------------------------------------------------------

const SAMPLES: readonly SshMessage[] = [
  { type: 'disconnect', code: 2, description: 'bad packet length 99' },
  { type: 'service-request', service: 'ssh-userauth' },
  { type: 'service-accept', service: 'ssh-userauth' },
  kexinit('0123456789abcdef'),
  { type: 'newkeys' },
  { type: 'kexdh-init', e: bytes('e') },
  { type: 'kexdh-reply', hostKey: bytes('k'), f: bytes('f'), signature: bytes('sig') },
  { type: 'userauth-request', user: 'alice', service: 'ssh-connection', method: 'none' },
  { type: 'userauth-failure', methods: ['none', 'password'], partial: false },
  { type: 'userauth-success' },
  { type: 'channel-open', channelType: 'session', sender: 7, window: 16, maxPacket: 32768 },
  { type: 'channel-open-confirmation', recipient: 7, sender: 0, window: 16, maxPacket: 32768 },
  { type: 'channel-open-failure', recipient: 8, code: 3, description: 'no' },
  { type: 'window-adjust', recipient: 7, bytes: 0xfffffff0 },
  { type: 'channel-data', recipient: 7, data: Uint8Array.of(0, 1, 255, 10) },
  { type: 'channel-eof', recipient: 7 },
  { type: 'channel-close', recipient: 7 },
];

const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

describe('ssh codec', () => {
  it('round-trips every message through payload and frame', () => {
    for (const m of SAMPLES) {
      const payload = encodeMessage(m);
      expect(decodeMessage(payload)).toEqual(m);
      const f = deframe(packet(m));
      expect(f?.rest.length).toBe(0);
      expect(decodeMessage(f!.payload)).toEqual(m);
    }
  });

  it('uses the RFC 4250 message numbers and big-endian lengths', () => {
    const numbers = SAMPLES.map((m) => encodeMessage(m)[0]);
    expect(numbers).toEqual([
      MSG.DISCONNECT, 5, 6, 20, 21, 30, 31, 50, 51, 52, 90, 91, 92, 93, 94, 96, 97,
    ]);
    expect([...encodeMessage({ type: 'channel-data', recipient: 0x01020304, data: bytes('hi') })]).toEqual([94, 1, 2, 3, 4, 0, 0, 0, 2, 104, 105]);
  });

  it('frames with 4..255 bytes of padding to a multiple of 8', () => {
    for (let n = 1; n <= 40; n++) {
      const f = frame(new Uint8Array(n).fill(7));
      const packetLength = new DataView(f.buffer).getUint32(0);
      expect(packetLength).toBe(f.length - 4);
      expect(f.length % 8).toBe(0);
      expect(f[4]).toBeGreaterThanOrEqual(4);
      expect(packetLength).toBe(1 + n + f[4]!);
    }
  });

  it('says how many bytes a frame still needs, and de-frames back to back frames', () => {
    const a = packet({ type: 'newkeys' });
    const b = packet({ type: 'channel-eof', recipient: 1 });
    expect(frameNeeds(new Uint8Array(0))).toBe(4);
    expect(frameNeeds(a.subarray(0, 3))).toBe(1);
    expect(frameNeeds(a.subarray(0, 4))).toBe(a.length - 4);
    expect(deframe(a.subarray(0, a.length - 1))).toBeNull();
    const all = deframeAll(concatBytes(a, b, b.subarray(0, 6)));
    expect(all.payloads.map((p) => decodeMessage(p).type)).toEqual(['newkeys', 'channel-eof']);
    expect(all.rest.length).toBe(6);
  });

  it('rejects malformed framing as soon as the length is known', () => {
    const bad = (b: Uint8Array) => () => frameNeeds(b);
    expect(bad(u32(0x00100000))).toThrow(SshProtocolError);
    expect(bad(u32(0x00100000))).toThrow('bad packet length 1048576');
    expect(bad(u32(4))).toThrow('bad packet length 4'); // too short
    expect(bad(u32(13))).toThrow('bad packet length 13'); // 4 + 13 is not a multiple of 8
    const badPadding = concatBytes(u32(12), Uint8Array.of(3), new Uint8Array(11));
    expect(() => deframe(badPadding)).toThrow('bad padding length 3');
    const noPayload = concatBytes(u32(12), Uint8Array.of(11), new Uint8Array(11));
    expect(() => deframe(noPayload)).toThrow('bad padding length 11');
  });

  it('rejects truncated and over-long payloads, and unknown numbers decode as unknown', () => {
    const data = encodeMessage({ type: 'channel-data', recipient: 1, data: bytes('hello') });
    expect(() => decodeMessage(data.subarray(0, data.length - 1))).toThrow('truncated CHANNEL_DATA');
    expect(() => decodeMessage(concatBytes(data, Uint8Array.of(0)))).toThrow('1 trailing bytes in CHANNEL_DATA');
    expect(() => decodeMessage(new Uint8Array(0))).toThrow(SshProtocolError);
    expect(() => decodeMessage(Uint8Array.of(MSG.KEXINIT, 1, 2))).toThrow('truncated KEXINIT');
    expect(decodeMessage(Uint8Array.of(200, 1))).toEqual({ type: 'unknown', number: 200 });
  });

  it('checks identification lines, and crash reasons carry the error code', () => {
    expect(versionLine('x')).toBe('SSH-2.0-x\r\n');
    expect(parseVersion('SSH-2.0-OpenSSH_9.6\r')).toBe('OpenSSH_9.6');
    expect(() => parseVersion('SSH-1.5-old')).toThrow('PROTOCOL_VERSION_NOT_SUPPORTED');
    const reason = crashReason(new SshProtocolError('no common cipher', 'KEY_EXCHANGE_FAILED'));
    expect(pretty(reason)).toBe('exn("SshProtocolError", "KEY_EXCHANGE_FAILED: no common cipher")');
    expect(protocolErrorOf(reason)).toEqual({ code: 3, codeName: 'KEY_EXCHANGE_FAILED', description: 'no common cipher' });
    expect(protocolErrorOf(crashReason(new Error('boom')))).toBeNull();
    expect(protocolErrorOf(false)).toBeNull();
  });
});

// ---- running the scenarios ----------------------------------------------------------------------------

function run(s: Scenario, seed?: number, net = {}) {
  const start = startScenario(s, { ...(seed === undefined ? {} : { seed }), net });
  const records: TraceRecord[] = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: s.maxSteps ?? 20_000 }, (r) => records.push(...r));
  return { sim, records };
}

/** Everything a client received, as one byte string. */
function received(records: readonly TraceRecord[], host: string): Uint8Array {
  return concatBytes(...records.flatMap((r) =>
    r.kind === 'world' && r.what === 'client-recv' && r.host === host && isStruct(r.detail, 'data', 2) ? [r.detail.fields[1] as Uint8Array] : []));
}

/** The server's identification line, then its packets decoded and described, one per line. */
function replies(records: readonly TraceRecord[], host: string): string[] {
  const b = received(records, host);
  const eol = b.indexOf(10);
  const { payloads, rest } = deframeAll(b.subarray(eol + 1));
  expect(rest.length).toBe(0);
  return [new TextDecoder().decode(b.subarray(0, eol + 1)), ...payloads.map((p) => describeMessage(decodeMessage(p)))];
}

const echoed = (records: readonly TraceRecord[], host: string): string => {
  const b = received(records, host);
  const { payloads } = deframeAll(b.subarray(b.indexOf(10) + 1));
  return payloads.map(decodeMessage).flatMap((m) => (m.type === 'channel-data' ? [new TextDecoder().decode(m.data)] : [])).join('');
};

const ALICE_REPLIES = [
  'SSH-2.0-os2lab\r\n',
  'KEXINIT kex=os2lab-fake-dh cipher=none mac=none',
  'KEXDH_REPLY host-key=os2lab-host-key f=server-f',
  'NEWKEYS',
  'SERVICE_ACCEPT ssh-userauth',
  'USERAUTH_SUCCESS',
  'CHANNEL_OPEN_FAILURE 8 3 "no application serves x11"',
  'CHANNEL_OPEN_CONFIRMATION 7 sender=0 window=16 max-packet=32768',
  'CHANNEL_WINDOW_ADJUST 7 +12',
  'CHANNEL_DATA 7 "hello, os2!\\n"',
  'CHANNEL_WINDOW_ADJUST 7 +11',
  'CHANNEL_DATA 7 "more"', // alice's window has 4 bytes left
  'CHANNEL_DATA 7 " data!\\n"', // after her WINDOW_ADJUST
  'CHANNEL_EOF 7',
  'CHANNEL_CLOSE 7',
];

const BOB_REPLIES = [
  'SSH-2.0-os2lab\r\n',
  'KEXINIT kex=os2lab-fake-dh cipher=none mac=none',
  'DISCONNECT 2 "bad packet length 1048576"',
];

const BAD = 'exn("SshProtocolError", "PROTOCOL_ERROR: bad packet length 1048576")';

const eofFor = (records: readonly TraceRecord[], host: string) =>
  records.some((r) => r.kind === 'world' && r.what === 'client-eof' && r.host === host);

describe('ssh-nested', () => {
  const s = findScenario('ssh-nested')!;
  const { sim, records } = run(s);

  it('ends blocked (the listener waits) within its step budget', () => {
    expect(sim.status).toBe('blocked');
    expect(sim.steps).toBeLessThan(s.maxSteps!);
  });

  it('completes alice’s session: kex, auth, a refused x11 channel, a session channel echoing her data', () => {
    expect(replies(records, 'alice')).toEqual(ALICE_REPLIES);
    expect(echoed(records, 'alice')).toBe(LINES.join(''));
    expect(eofFor(records, 'alice')).toBe(true);
  });

  it('has the talk’s process tree: a session VM per connection, an application VM inside it', () => {
    const boots = records.filter((r): r is Extract<TraceRecord, { kind: 'boot' }> => r.kind === 'boot');
    const ground = boots.filter((r) => r.vm.length === 0).map((r) => r.name);
    expect(ground).toEqual(expect.arrayContaining(['timer', 'tcp', 'listener']));
    const sessionVms = boots.filter((r) => r.vm.length === 0 && r.nested);
    expect(sessionVms.map((r) => r.name)).toEqual(['ssh-session 1 alice:49152', 'ssh-session 2 bob:49153']);
    for (const vm of sessionVms) {
      const inside = boots.filter((r) => r.vm.length === 1 && r.vm[0] === vm.pid);
      expect(inside.map((r) => r.name).slice(1)).toEqual(['exception-handler', 'event-relay', 'timer-relay', 'reader', 'writer', 'session', 'application']);
      const app = inside.find((r) => r.name === 'application')!;
      expect(app.nested).toBe(true);
      const appInside = boots.filter((r) => r.vm.length === 2 && r.vm[0] === vm.pid && r.vm[1] === app.pid).map((r) => r.name);
      expect(appInside).toEqual(vm.name.includes('alice') ? ['application-boot', 'echo 0'] : ['application-boot']);
    }
    // The reader and writer reach the connection at the meta level: endpoints of the VM process outside.
    const aliceVm = sessionVms[0]!.pid;
    const outer = records.filter((r) => r.kind === 'endpoint' && r.vm.length === 0 && r.pid === aliceVm).map((r) => (r.kind === 'endpoint' ? r.endpoint : ''));
    expect(outer).toEqual(expect.arrayContaining(['4/from-client', '5/to-client', '3/meta-timer-expired']));
  });

  it('switches the reader’s and writer’s cipher with new-keys at NEWKEYS', () => {
    const switched = records.filter((r) => r.kind === 'deliver' && r.endpoint === 'new-keys' && r.vm.length === 1 && r.event.type === 'message');
    expect(switched.map((r) => (r.kind === 'deliver' ? pretty(r.event.type === 'message' ? r.event.message : null) : ''))).toEqual([
      'new-keys("outbound", "none")', 'new-keys("inbound", "none")',
    ]);
  });

  it('bob’s malformed packet crashes the reader; the exception handler sees the absence, sends DISCONNECT, ends the VM', () => {
    expect(replies(records, 'bob')).toEqual(BOB_REPLIES);
    expect(eofFor(records, 'bob')).toBe(true);
    const bobVm = records.find((r) => r.kind === 'boot' && r.vm.length === 0 && r.name.startsWith('ssh-session 2'))!.pid!;
    const inBob = (r: TraceRecord) => r.vm.length === 1 && r.vm[0] === bobVm;
    const crash = records.find((r) => inBob(r) && r.kind === 'deliver' && r.outcome === 'crashed');
    expect(crash?.kind === 'deliver' && [crash.endpoint, pretty(crash.reason)]).toEqual(['from-client', BAD]);
    // The handler acts on the first absence carrying that reason.
    const seen = records.find((r) => inBob(r) && r.kind === 'deliver' && r.pid === 1 && r.event.type === 'absence' && r.actions.length > 0);
    expect(seen?.kind === 'deliver' && seen.event.type === 'absence' && pretty(seen.event.reason)).toBe(BAD);
    expect(seen?.kind === 'deliver' && seen.actions.map((a) => (a.type === 'send-message' && isStruct(a.body) ? `${a.body.struct} ${String(a.body.fields[0])}` : a.type))).toEqual([
      'outbound-packet DISCONNECT', 'outbound-flush disconnect',
    ]);
    // The session VM ends with the protocol error as its reason, taking its processes with it.
    const vmQuit = records.find((r) => r.kind === 'quit' && r.vm.length === 0 && r.pid === bobVm);
    expect(vmQuit?.kind === 'quit' && pretty(vmQuit.reason)).toBe(BAD);
    expect(vmQuit?.kind === 'quit' && vmQuit.vanished.map((v) => v.name)).toEqual(
      expect.arrayContaining(['exception-handler', 'event-relay', 'timer-relay', 'writer', 'session', 'application', 'application-boot']));
    // The DISCONNECT went out before the driver closed the connection (the writer still held it).
    const sent = records.findIndex((r) => r.kind === 'world' && r.what === 'client-recv' && r.host === 'bob' && r.time === 70);
    const closed = records.findIndex((r) => r.kind === 'world' && r.what === 'tcp-eof' && r.host === 'bob');
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(closed);
  });

  it('alice’s session VM ends after her DISCONNECT, all of it', () => {
    const aliceVm = records.find((r) => r.kind === 'boot' && r.vm.length === 0 && r.name.startsWith('ssh-session 1'))!.pid!;
    const vmQuit = records.find((r) => r.kind === 'quit' && r.vm.length === 0 && r.pid === aliceVm);
    expect(vmQuit?.kind === 'quit' && vmQuit.reason).toBe(false);
    const alive = [...sim.ground.vm.processes.values()].map((p) => p.name);
    expect(alive).toEqual(['timer', 'tcp', 'listener', 'tcp-listener tcp-listener(2222)']);
  });
});

describe('ssh-natural', () => {
  const s = findScenario('ssh-natural')!;
  const { sim, records } = run(s);

  it('serves the same clients with the same replies, in one process per connection', () => {
    expect(sim.status).toBe('blocked');
    expect(sim.steps).toBeLessThan(s.maxSteps!);
    expect(replies(records, 'alice')).toEqual(ALICE_REPLIES);
    expect(echoed(records, 'alice')).toBe(LINES.join(''));
    expect(replies(records, 'bob')).toEqual(BOB_REPLIES);
    expect(eofFor(records, 'alice') && eofFor(records, 'bob')).toBe(true);
    const boots = records.filter((r) => r.kind === 'boot');
    expect(boots.every((r) => r.vm.length === 0 && r.kind === 'boot' && !r.nested)).toBe(true);
    expect(boots.flatMap((r) => (r.kind === 'boot' && r.name.startsWith('ssh-connection') ? [r.name] : []))).toEqual([
      'ssh-connection 1 alice:49152', 'ssh-connection 2 bob:49153',
    ]);
    const quit = records.find((r) => r.kind === 'quit' && r.kind === 'quit' && pretty(r.reason) === BAD);
    expect(quit?.kind === 'quit' && quit.pid).toBe(boots.find((r) => r.kind === 'boot' && r.name.startsWith('ssh-connection 2'))!.pid);
  });

  it('says the same bytes as ssh-nested, with fewer processes and deliveries', () => {
    const nested = run(findScenario('ssh-nested')!).records;
    for (const host of ['alice', 'bob']) expect(received(records, host)).toEqual(received(nested, host));
    const deliveries = (rs: readonly TraceRecord[]) => rs.filter((r) => r.kind === 'deliver').length;
    const spawned = (rs: readonly TraceRecord[]) => rs.filter((r) => r.kind === 'boot').length;
    expect(deliveries(records) * 3).toBeLessThan(deliveries(nested) * 2);
    expect(spawned(records) * 2).toBeLessThan(spawned(nested));
  });
});

describe('ssh-flat', () => {
  const s = findScenario('ssh-flat')!;
  const { sim, records } = run(s);
  const boots = records.filter((r): r is Extract<TraceRecord, { kind: 'boot' }> => r.kind === 'boot');

  it('runs ssh-nested’s processes in the ground VM and says the same bytes', () => {
    expect(sim.status).toBe('blocked');
    expect(sim.steps).toBeLessThan(s.maxSteps!);
    expect(replies(records, 'alice')).toEqual(ALICE_REPLIES);
    expect(echoed(records, 'alice')).toBe(LINES.join(''));
    expect(replies(records, 'bob')).toEqual(BOB_REPLIES);
    const nested = run(findScenario('ssh-nested')!).records;
    for (const host of ['alice', 'bob']) expect(received(records, host)).toEqual(received(nested, host));
    expect(boots.every((r) => r.vm.length === 0 && !r.nested)).toBe(true);
    const anchor = boots.find((r) => r.name === 'ssh-session 1 alice:49152')!;
    expect(boots.filter((r) => r.parent === anchor.pid).map((r) => r.name)).toEqual([
      'exception-handler (1)', 'event-relay (1)', 'timer-relay (1)', 'reader (1)', 'writer (1)', 'session (1)', 'application-boot (1)',
    ]);
    expect(boots.some((r) => r.name === 'echo 0 (1)')).toBe(true);
  });

  it('every topic of a session carries its id, except the connection’s and the timer driver’s', () => {
    const sessionOf = new Map(boots.flatMap((r) => {
      const m = /\((\d)\)$/.exec(r.name);
      return m === null ? [] : [[r.pid!, Number(m[1])] as const];
    }));
    const added = records.filter((r) => r.kind === 'endpoint' && r.change === 'added' && sessionOf.has(r.pid!));
    expect(added.length).toBeGreaterThan(50);
    for (const r of added) {
      if (r.kind !== 'endpoint') continue;
      const t = pretty(r.role.topic);
      const n = sessionOf.get(r.pid!)!;
      const own = t.startsWith(`ssh-session(${n}, `) || t === `session-alive(${n})`;
      const ground = /^(tcp-channel|timer-expired\(\["ssh-session-)/.test(t);
      expect(own || ground, `${r.endpoint} ${t}`).toBe(true);
    }
  });

  it('bob’s crash ends his session by hand: the anchor quits, and every process linked to it follows', () => {
    const anchor = boots.find((r) => r.name === 'ssh-session 2 bob:49153')!.pid;
    const ended = records.find((r) => r.kind === 'quit' && r.pid === anchor);
    expect(ended?.kind === 'quit' && pretty(ended.reason)).toBe(BAD);
    const members = boots.filter((r) => r.parent === anchor).map((r) => r.pid);
    const quits = records.filter((r) => r.kind === 'quit' && members.includes(r.pid));
    expect(quits.length).toBe(members.length);
    for (const q of quits) expect(q.kind === 'quit' && pretty(q.reason)).toBe(BAD);
    expect(eofFor(records, 'bob')).toBe(true);
  });
});

describe('ssh determinism', () => {
  it.each(['ssh-nested', 'ssh-natural', 'ssh-flat'])('%s: same seed ⇒ the same trace; jitter changes timing, not replies', (id) => {
    const s = findScenario(id)!;
    expect(run(s).records.map((r) => prettyRecord(r))).toEqual(run(s).records.map((r) => prettyRecord(r)));
    for (const seed of [2, 3, 4]) {
      const a = run(s, seed, { jitterMs: 7 });
      const b = run(s, seed, { jitterMs: 7 });
      expect(a.records.map((r) => prettyRecord(r))).toEqual(b.records.map((r) => prettyRecord(r)));
      expect(a.sim.status).toBe('blocked');
      expect(replies(a.records, 'alice')).toEqual(ALICE_REPLIES);
      expect(replies(a.records, 'bob')).toEqual(BOB_REPLIES);
    }
  });
});

describe('ssh login grace timer', () => {
  const idle = {
    name: 'carol', host: 'carol',
    steps: [
      { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: 2222 },
      { op: 'send', text: versionLine('idle') }, { op: 'expect-line' },
      { op: 'expect-bytes', n: 1 << 20 }, { op: 'expect-eof' }, { op: 'close' },
    ],
  } as const;

  it.each(['ssh-nested', 'ssh-natural', 'ssh-flat'])('%s: a client that never authenticates is disconnected after the grace time', (id) => {
    const { sim, records } = run({ ...findScenario(id)!, clients: () => [idle] });
    expect(sim.status).toBe('blocked');
    expect(replies(records, 'carol')).toEqual([
      'SSH-2.0-os2lab\r\n', 'KEXINIT kex=os2lab-fake-dh cipher=none mac=none', 'DISCONNECT 11 "login grace time exceeded"',
    ]);
    const eof = records.find((r) => r.kind === 'world' && r.what === 'client-eof' && r.host === 'carol');
    expect(eof?.kind === 'world' && eof.time).toBe(5020); // the timer was set when the connection arrived (15 ms)
  });
});
