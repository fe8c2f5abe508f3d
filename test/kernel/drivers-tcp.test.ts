/** The TCP driver against the simulated network (spec §5.2, §6.1–6.2). */
import { describe, expect, it } from 'vitest';
import {
  _, boot, bytesToText, isBytes, isStruct, pretty, quit, role, sendFeedback, spawn, topicSubscriber, transition,
  type Term, type TraceRecord,
} from '../../src/kernel/index.ts';
import { isEof, tcpChannel, tcpCredit, tcpDriver, tcpMode } from '../../src/kernel/drivers/tcp.ts';
import type { ClientSpec, ClientStep } from '../../src/kernel/ground/clients.ts';
import { createSimulation, type Simulation } from '../../src/kernel/ground/sim.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { listener } from '../../src/scenarios/tcp-echo.ts';

interface Got {
  readonly got: readonly string[];
}

/** A connection handler that sets a mode, grants `credit` once and records what arrives. */
function collector(mode: 'lines' | 'bytes', credit: number) {
  return (local: Term, remote: Term) =>
    transition<Got>({ got: [] },
      sendFeedback(tcpChannel(remote, local, tcpMode(mode))),
      sendFeedback(tcpChannel(remote, local, tcpCredit(credit))),
      role('in', topicSubscriber(tcpChannel(remote, local, _)), {
        onMessage: (m, s: Got) => {
          const d = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
          const text = d !== null && isBytes(d) ? bytesToText(d) : isEof(d ?? undefined) ? '<eof>' : pretty(d);
          return transition({ got: [...s.got, text] }, text === '<eof>' ? quit() : null);
        },
        onAbsence: (_p, reason, s: Got) => transition({ got: [...s.got, `<absence ${pretty(reason)}>`] }, quit()),
      }));
}

function run(handler: ReturnType<typeof collector>, steps: ClientStep[], net = {}) {
  const client: ClientSpec = { name: 'c', host: 'client', steps: [{ op: 'connect', host: 'server', port: 7 }, ...steps] };
  const records: TraceRecord[] = [];
  const start = createSimulation(boot(null, spawn(tcpDriver, { name: 'tcp' }), spawn(() => listener(7, handler), { name: 'listener' })),
    { seed: 1, clients: [client], net });
  records.push(...start.records);
  const sim = runSimulation(start.sim, { maxSteps: 5000 }, (r) => records.push(...r));
  return { sim, records };
}

/** What the handler process recorded: the states of its deliver records, last one wins. */
function handlerGot(records: readonly TraceRecord[]): readonly string[] {
  let got: readonly string[] = [];
  for (const r of records) {
    if (r.kind === 'deliver' && r.endpoint === 'in' && r.outcome === 'ok') got = (r.state as Got).got;
  }
  return got;
}

const worldLines = (records: readonly TraceRecord[], what: string) =>
  records.flatMap((r) => (r.kind === 'world' && r.what === what ? [pretty(r.detail)] : []));

const done = (sim: Simulation) => expect(['blocked', 'quiescent']).toContain(sim.status);

describe('tcp driver', () => {
  it('credit exhaustion stops reads: two credits, two lines, the rest stays in the buffer', () => {
    const { sim, records } = run(collector('lines', 2), [
      { op: 'send', text: 'one\ntwo\nthree\nfour\n' }, { op: 'sleep', ms: 100 },
    ]);
    done(sim);
    expect(handlerGot(records)).toEqual(['one', 'two']);
    const reads = records.filter((r) => r.kind === 'ground-event' && r.source === 'event tcp-read-line');
    expect(reads).toHaveLength(2);
  });

  it('lines mode splits correctly across chunk boundaries', () => {
    const { records } = run(collector('lines', 10), [
      { op: 'send', text: 'hel' }, { op: 'sleep', ms: 20 },
      { op: 'send', text: 'lo\nwor' }, { op: 'sleep', ms: 20 },
      { op: 'send', text: 'ld\n' }, { op: 'sleep', ms: 20 },
    ]);
    expect(handlerGot(records)).toEqual(['hello', 'world']);
  });

  it('bytes mode reads chunks of at most the credit', () => {
    const { records } = run(collector('bytes', 4), [{ op: 'send', text: 'abcdefghij' }, { op: 'sleep', ms: 50 }]);
    expect(handlerGot(records)).toEqual(['abcd']);
  });

  it('EOF reaches the app as a message, then the connection manager quits', () => {
    const { sim, records } = run(collector('lines', 10), [{ op: 'send', text: 'last\n' }, { op: 'close' }]);
    done(sim);
    // As in the talk's trace (spec §6.1 step 8): the EOF message, then — before the handler's queued
    // quit runs — the absence of the connection manager's publisher.
    expect(handlerGot(records)).toEqual(['last', '<eof>', '<absence false>']);
    const quits = records.filter((r) => r.kind === 'quit').map((r) => r.kind === 'quit' && `${r.pid} ${pretty(r.reason)}`);
    expect(quits.length).toBeGreaterThanOrEqual(3); // handler, connection manager, port closer
  });

  it('close by absence: the handler quitting makes the client see EOF', () => {
    const quitter = (local: Term, remote: Term) =>
      transition(null, role('in', topicSubscriber(tcpChannel(remote, local, _))), sendFeedback(tcpChannel(remote, local, tcpMode('lines'))), quit());
    const { sim, records } = run(quitter as never, [{ op: 'expect-eof' }, { op: 'close' }]);
    done(sim);
    expect(worldLines(records, 'tcp-eof').some((l) => l.includes('"client"'))).toBe(true);
  });

  it('a peer that vanishes mid-conversation resets the connection; nothing hangs or throws', () => {
    const echoMany = (local: Term, remote: Term) =>
      transition(0,
        sendFeedback(tcpChannel(remote, local, tcpMode('lines'))),
        sendFeedback(tcpChannel(remote, local, tcpCredit(100))),
        role('in', topicSubscriber(tcpChannel(remote, local, _)), {
          onMessage: (_m, n: number) => transition(n + 1),
          onAbsence: (_p, _r, n: number) => transition(n, quit()),
        }));
    const { sim, records } = run(echoMany as never, [{ op: 'send', text: 'a\n' }, { op: 'close' }], { latencyMs: 3, jitterMs: 4 });
    done(sim);
    expect(sim.ground.vm.processes.size).toBe(3); // only tcp, listener and the listener manager remain
    expect(records.some((r) => r.kind === 'deliver' && r.outcome === 'crashed')).toBe(false);
  });
});
