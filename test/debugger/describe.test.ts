/**
 * The "why" chain in words: each record says who acted, what happened and about what; every record
 * of every scenario can be described; the chain leads from a delivery back to the ground event.
 */
import { describe, expect, it } from 'vitest';
import { makeRun, runToEnd } from '../../src/kernel/ground/index.ts';
import type { TraceRecord } from '../../src/kernel/index.ts';
import { applyRecord, emptyModel, type Model } from '../../src/debugger/model.ts';
import { describeRecord } from '../../src/debugger/views/describe.ts';
import { PLAIN_PRINTER } from '../../src/debugger/views/printer.ts';
import { whyChain } from '../../src/debugger/views/why.ts';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';

function run(id: string, maxSteps = 2000): { records: TraceRecord[]; names: Model } {
  const scenario = findScenario(id)!;
  const start = startScenario(scenario, {});
  const records = [...start.records];
  runToEnd(makeRun(start, [], { maxSteps, untilMs: null }), (u) => records.push(...u.records));
  return { records, names: records.reduce(applyRecord, emptyModel) };
}

describe('a record in words', () => {
  const { records, names } = run('tcp-echo');
  const byId = (id: number) => records.findIndex((r) => r.id === id);

  it('a presence names the process told, its endpoint, the peer and the topic', () => {
    // #74 in tcp-echo (checked by hand against `npm run sim -- tcp-echo --pretty`):
    // p5 deliver echoer presence pub tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0) from p4 inbound
    const r = records.find((x) => x.kind === 'deliver' && x.pid === 5 && x.endpoint === 'echoer' && x.event.type === 'presence')!;
    const d = describeRecord(r, names, PLAIN_PRINTER);
    // The peer's name as its boot record gives it.
    const p4 = records.find((x) => x.kind === 'boot' && x.pid === 4 && x.vm.length === 0)!;
    expect(p4.kind === 'boot' && p4.name).toBe('tcp-connection tcp-address("alice", 49152)');
    expect(d.actor).toBe('p5 connection-handler');
    expect(d.what).toBe('was told of a presence on echoer from p4 tcp-connection tcp-address("alice", 49152)');
    expect(d.about).toBe('tcp-channel(tcp-address("alice", 49152), tcp-listener(5999), ?0)');
    expect(d.raw).toMatch(/^#\d+<-\d+ ground p5 deliver echoer presence/);
  });

  it('an action and a spawn read in the talk vocabulary', () => {
    const spawn = records.find((x) => x.kind === 'action' && x.action.type === 'spawn' && x.action.name === 'connection-handler')!;
    expect(describeRecord(spawn, names, PLAIN_PRINTER).what).toBe('spawned connection-handler');
    const feedback = records.find((x) => x.kind === 'action' && x.action.type === 'send-message' && x.action.orientation === 'subscriber')!;
    expect(describeRecord(feedback, names, PLAIN_PRINTER).what).toBe('sent feedback');
  });

  it('the chain of a delivery leads back to a root with no cause', () => {
    const i = records.findIndex((x) => x.kind === 'deliver' && x.pid === 5 && x.event.type === 'message');
    const chain = whyChain(records, i, (id) => byId(id));
    expect(chain.at(-1)!.record.cause).toBeNull();
    const words = chain.map((l) => describeRecord(l.record, names, PLAIN_PRINTER));
    expect(words[0]!.what).toMatch(/^received a message on /);
    // The chain crosses the ground: the world's TCP data, then the ground event to the connection.
    expect(words.map((w) => w.actor)).toContain('server (world)');
    const event = words.find((w) => w.actor === 'the ground')!;
    expect(event.what).toMatch(/^delivered a ground event \(event tcp-read-line\) at \d+ ms to p4 tcp-connection /);
  });

  it('every record of every scenario is described, with an actor and a phrase', () => {
    for (const s of SCENARIOS) {
      const { records: rs, names: ns } = run(s.id, 400);
      for (const r of rs) {
        const d = describeRecord(r, ns, PLAIN_PRINTER);
        expect(d.actor.length, `${s.id} #${r.id}`).toBeGreaterThan(0);
        expect(d.what.length, `${s.id} #${r.id}`).toBeGreaterThan(0);
      }
    }
  });
});
