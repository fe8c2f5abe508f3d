/** The talk's TCP programs, checked against what the talk says should happen. */
import { describe, expect, it } from 'vitest';
import { isStruct, prettyRecord, pretty, bytesToText, type TraceRecord } from '../../src/kernel/index.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { findScenario, startScenario, type Scenario } from '../../src/scenarios/index.ts';

function runScenario(s: Scenario, seed?: number, net = {}) {
  const start = startScenario(s, { ...(seed === undefined ? {} : { seed }), net });
  const records: TraceRecord[] = [...start.records];
  const sim = runSimulation(start.sim, { maxSteps: s.maxSteps ?? 20_000 }, (r) => records.push(...r));
  return { sim, records };
}

/** `client <- text` / `client -> text` lines from the world records. */
function transcript(records: readonly TraceRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.kind !== 'world' || !isStruct(r.detail)) continue;
    const [who, payload] = r.detail.fields;
    if (r.what === 'client-send' && payload instanceof Uint8Array) out.push(`${who} -> ${bytesToText(payload)}`);
    if (r.what === 'client-recv' && isStruct(r.detail, 'data')) {
      const owner = r.host === 'alice' ? 'client-a' : 'client-b';
      out.push(`${owner} <- ${bytesToText(r.detail.fields[1] as Uint8Array)}`);
    }
  }
  return out;
}

const names = (rs: readonly TraceRecord[], kind: 'boot') =>
  rs.flatMap((r) => (r.kind === kind ? [r.name] : []));

describe('tcp-echo', () => {
  const s = findScenario('tcp-echo')!;

  it('echoes every line with "You said: " and serves two clients', () => {
    const { sim, records } = runScenario(s);
    expect(sim.status).toBe('blocked'); // the listener waits for more connections
    const t = transcript(records);
    expect(t.filter((l) => l.startsWith('client-a'))).toEqual([
      'client-a -> hello\n', 'client-a <- You said: hello\n',
      'client-a -> how are you?\n', 'client-a <- You said: how are you?\n',
      'client-a -> bye\n', 'client-a <- You said: bye\n',
    ]);
    expect(t).toContain("client-b -> hi, I can't stay\n");
  });

  it('spawns one connection manager and one handler per connection, and both go when the connection ends', () => {
    const { sim, records } = runScenario(s);
    const booted = names(records, 'boot');
    expect(booted.filter((n) => n === 'connection-handler')).toHaveLength(2);
    expect(booted.filter((n) => n.startsWith('tcp-connection'))).toHaveLength(2);
    const alive = [...sim.ground.vm.processes.values()].map((p) => p.name);
    expect(alive).toEqual(['tcp', 'listener', 'tcp-listener tcp-listener(5999)']);
  });

  it('the listener is an observer: it sees the connection manager, which never sees it', () => {
    const { records } = runScenario(s);
    const presences = records.filter((r) => r.kind === 'deliver' && r.event.type === 'presence').map((r) => prettyRecord(r));
    expect(presences.some((l) => / p2 deliver inbound-handler presence pub tcp-channel\(tcp-address\("alice"/.test(l))).toBe(true);
    expect(presences.some((l) => /deliver inbound presence sub\/observer/.test(l))).toBe(false);
  });
});

describe('tcp-date', () => {
  const s = findScenario('tcp-date')!;

  it('sends the virtual time, then closes by withdrawing presence', () => {
    const { records } = runScenario(s);
    const recv = records.flatMap((r) =>
      r.kind === 'world' && r.what === 'client-recv' && isStruct(r.detail) ? [[r.host, r.time, bytesToText(r.detail.fields[1] as Uint8Array)]] : []);
    // The handler reads the clock at the server when the connection appears (alice's SYN arrives at 15 ms,
    // bob's at 1005 ms), and the line reaches the client one latency later.
    expect(recv).toEqual([['alice', 20, '15\n'], ['bob', 1010, '1005\n']]);
    const eofs = records.filter((r) => r.kind === 'world' && r.what === 'tcp-eof' && (r.host === 'alice' || r.host === 'bob'));
    expect(eofs).toHaveLength(2);
    // The date sender quits on the credit acknowledgement, before the connection manager closes.
    const order = records.filter((r) => r.kind === 'quit').map((r) => (r.kind === 'quit' ? r.pid : -1));
    expect(order.slice(0, 2)).toEqual([6, 5]);
  });
});

describe('determinism', () => {
  it('same seed ⇒ byte-identical trace, across 20 seeds with jitter', () => {
    const s = findScenario('tcp-echo')!;
    const transcripts = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const a = runScenario(s, seed, { jitterMs: 7 }).records.map((r) => prettyRecord(r));
      const b = runScenario(s, seed, { jitterMs: 7 }).records.map((r) => prettyRecord(r));
      expect(a).toEqual(b);
      transcripts.add(a.filter((l) => l.includes(' world ')).join('\n'));
    }
    expect(transcripts.size).toBeGreaterThan(1); // the seed really drives the jitter
    void pretty;
  });
});

describe('nested-pool', () => {
  it('answers every job through the nested VM and stops the pool when the requester leaves', () => {
    const { sim, records } = runScenario(findScenario('nested-pool')!);
    const answers = records.flatMap((r) =>
      r.kind === 'deliver' && r.endpoint === 'answers' && r.event.type === 'message' ? [pretty(r.event.message)] : []);
    expect(answers).toEqual(['result(3, 9)', 'result(4, 16)', 'result(5, 25)']);
    // Inside the pool, each job's worker was born and left; the dispatcher's jobs endpoint lives in
    // the ground VM as an endpoint of the VM process (named "<child pid>/jobs").
    expect(records.filter((r) => r.kind === 'boot' && r.vm.length === 1 && r.name.startsWith('worker'))).toHaveLength(3);
    expect(records.some((r) => r.kind === 'endpoint' && r.vm.length === 0 && r.endpoint === '2/jobs')).toBe(true);
    const poolQuit = records.find((r) => r.kind === 'quit' && r.vm.length === 0 && r.pid === 3);
    expect(poolQuit?.kind === 'quit' && poolQuit.vanished.map((v) => v.name)).toEqual(['timer-relay', 'dispatcher']);
    expect(sim.status).toBe('quiescent');
  });
});
