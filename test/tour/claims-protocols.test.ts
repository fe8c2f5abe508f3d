/**
 * The tour's corrected sentences (issue 13), part 2: TCP and SSH. Who is told of whom (the driver's
 * factories, the listener, the connection managers), when port 5999 closes (decision 26), and what
 * the SSH stops claim of the natural and flat structures — each against the stop's real trace.
 */
import { describe, expect, it } from 'vitest';
import { pretty, struct, unifiable, type TraceRecord } from '../../src/kernel/index.ts';
import { findStop } from '../../src/tour/stops.ts';
import { ALICE } from '../../src/tour/stops/tcp.ts';
import { delivers, pidOf, roleAt, runScenario, runStop, runWith, type Deliver } from './claims-helpers.ts';

const presences = (records: readonly TraceRecord[]) => delivers(records).filter((d) => d.event.type === 'presence');
const boots = (records: readonly TraceRecord[]) => records.filter((r): r is Extract<TraceRecord, { kind: 'boot' }> => r.kind === 'boot');

describe('tcp-factories: the factories watch; the connection managers take part', () => {
  const run = runStop('tcp-factories');
  const role = roleAt(run.records, run.records.length);
  const tcp = pidOf(run.records, 'tcp');

  it('the listener factory, an everything endpoint, is told of the listener’s observer subscription', () => {
    const d = run.records[run.at] as Deliver;
    expect([d.pid, d.endpoint, role(d).interest]).toEqual([tcp, 'listener-factory-pub', 'everything']);
    expect(d.event.type === 'presence' && d.event.role.interest).toBe('observer');
    expect(d.peer).toEqual({ pid: pidOf(run.records, 'listener'), endpoint: 'inbound-handler' });
  });

  it('only everything endpoints are ever told of an observer', () => {
    const ofObservers = presences(run.records).filter((d) => d.event.role.interest === 'observer');
    expect(ofObservers.length).toBeGreaterThan(0);
    for (const d of ofObservers) expect(role(d).interest, `p${d.pid} ${d.endpoint}`).toBe('everything');
  });

  it('the factories are nobody’s partner: the echoer’s topic overlaps the listener factory’s, yet nobody is told of a factory', () => {
    const factory = run.records.find((r) => r.kind === 'endpoint' && r.pid === tcp && r.endpoint === 'listener-factory-pub')!;
    const echoer = run.records.find((r) => r.kind === 'endpoint' && r.endpoint === 'echoer')!;
    expect(factory.kind === 'endpoint' && echoer.kind === 'endpoint' && unifiable(factory.role.topic, echoer.role.topic)).toBe(true);
    expect(presences(run.records).filter((d) => d.peer?.pid === tcp)).toEqual([]);
  });

  it('the application’s partners are the connection managers: the echoers are told only of them', () => {
    const echoers = presences(run.records).filter((d) => d.endpoint === 'echoer');
    expect(echoers.length).toBeGreaterThan(0);
    const managers = boots(run.records).filter((b) => b.name.startsWith('tcp-connection ')).map((b) => b.pid);
    for (const d of echoers) {
      expect(managers).toContain(d.peer!.pid);
      expect([d.event.role.orientation, d.event.role.interest]).toEqual(['publisher', 'participant']);
    }
  });
});

describe('tcp-listener: when port 5999 closes', () => {
  const run = runStop('tcp-listener');
  const closes = (records: readonly TraceRecord[], port: number) => boots(records).find((b) => b.name === `tcp-unlisten ${port}`);

  it('killing the listener closes the port: its listener manager sees the absence and quits', () => {
    const after = runWith('tcp-echo', run, run.at, { kind: 'kill', vm: [], pid: pidOf(run.records, 'listener'), reason: struct('killed-by-user') });
    const manager = pidOf(after.records, 'tcp-listener tcp-listener(5999)');
    expect(closes(after.records, 5999)?.parent).toBe(manager);
    expect(after.records.some((r) => r.kind === 'quit' && r.pid === manager)).toBe(true);
    expect(closes(run.records, 5999)).toBeUndefined(); // without the kill, the port stays open
  });

  it('any other observer of the whole port leaving closes it too, while the listener is still there (decision 26)', () => {
    // wart: a monitor of tcp-channel(?, ?, ?) is an observer of every port. Kill it once port 5999 is open.
    const wart = { ...runScenario('wart'), stop: findStop('wart')! };
    const manager = pidOf(wart.records, 'tcp-listener tcp-listener(5999)');
    const monitor = pidOf(wart.records, 'monitor (observer)');
    const seen = wart.records.findIndex((r) => r.kind === 'deliver' && r.pid === manager && r.peer?.pid === monitor);
    const after = runWith('wart', wart, seen, { kind: 'kill', vm: [], pid: monitor, reason: struct('killed-by-user') });
    const closed = closes(after.records, 5999)!;
    expect(closed.parent).toBe(manager);
    const listener = pidOf(after.records, 'echo listener (observer)');
    const listenerQuit = after.records.findIndex((r) => r.kind === 'quit' && r.pid === listener);
    expect(listenerQuit).toBeGreaterThan(after.records.indexOf(closed)); // it was still there
    expect(run.stop.text).toContain('decision 26');
  });
});

describe('ssh-natural: the reading is os2 Lab’s', () => {
  it('says so, and quotes what the outline has', () => {
    const stop = findStop('ssh-natural')!;
    expect(stop.text).toContain('The talk’s outline says only “Compare the ‘natural’ structure of SSH with the structure using nested VMs”');
    expect(stop.text).toContain('os2 Lab reads “natural” as one process per connection');
    const run = runStop('ssh-natural');
    expect(boots(run.records).filter((b) => b.name.startsWith('ssh-connection')).every((b) => b.vm.length === 0 && !b.nested)).toBe(true);
  });
});

describe('ssh-flat: what nested VMs buy is scoped names', () => {
  const run = runStop('ssh-flat');
  const nested = runScenario('ssh-nested');
  const sessionOf = (n: number) => new Set(boots(run.records).filter((b) => b.name.endsWith(` (${n})`)).map((b) => b.pid));

  it('the flat session subscribes to ssh-session(1, inbound-packet(…)) where the nested one says inbound-packet(…)', () => {
    const r = run.records[run.at]!;
    expect(r.kind === 'endpoint' && pretty(r.role.topic)).toBe('ssh-session(1, inbound-packet(?0, ?1, ?2))');
    expect(r.pid).toBe(pidOf(run.records, 'session (1)'));
    const session = boots(nested.records).find((b) => b.name === 'session')!;
    const inNested = nested.records.find((x) => x.kind === 'endpoint' && x.change === 'added' && x.endpoint === 'packets' &&
      x.pid === session.pid && x.vm.join() === session.vm.join());
    expect(inNested?.kind === 'endpoint' && pretty(inNested.role.topic)).toBe('inbound-packet(?0, ?1, ?2)');
  });

  it('the two sessions use the same conversations, yet never hear each other: the id keeps them apart', () => {
    const [one, two] = [sessionOf(1), sessionOf(2)];
    const inner = (n: number) => new Set(run.records.flatMap((r) => (r.kind === 'endpoint' && (n === 1 ? one : two).has(r.pid!) ?
      [pretty(r.role.topic).replace(`ssh-session(${n}, `, '')] : [])));
    const shared = [...inner(1)].filter((t) => inner(2).has(t));
    expect(shared).toContain('inbound-packet(?0, ?1, ?2))');
    const crossing = delivers(run.records).filter((d) => d.peer !== null && ((one.has(d.pid!) && two.has(d.peer.pid)) || (two.has(d.pid!) && one.has(d.peer.pid))));
    expect(crossing).toEqual([]);
  });

  it('each process of a session is linked to its anchor, which stands for the VM', () => {
    const anchor = pidOf(run.records, `ssh-session 1 ${ALICE.replace(/tcp-address\("(\w+)", (\d+)\)/, '$1:$2')}`);
    const members = boots(run.records).filter((b) => b.parent === anchor).map((b) => b.pid);
    expect(members.length).toBe(7);
    for (const pid of members) {
      expect(run.records.some((r) => r.kind === 'endpoint' && r.pid === pid && pretty(r.role.topic) === 'session-alive(1)'), `p${pid}`).toBe(true);
    }
  });
});
