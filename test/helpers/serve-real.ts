/**
 * `serve` started in this process (src/cli/serve-main.ts), for the tests that read the real ground's
 * state as well as what a real client gets: its arguments, the real port of a served address, a
 * DNS query over dgram with dns-packet, and the replay of the trace it wrote.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import dnsPacket from 'dns-packet';
import { parseServeArgs, type serve, type ServeArgs } from '../../src/cli/serve-main.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';

export function args(...argv: string[]): ServeArgs {
  const a = parseServeArgs(argv);
  if (typeof a === 'string') throw new Error(a);
  return a;
}

export const served = (s: Awaited<ReturnType<typeof serve>>, kind: 'tcp' | 'udp'): number => s.ground.addresses.find((a) => a.kind === kind)!.realPort;

/** A decoded record as the tests read it (dns-packet's types leave out the data of some types). */
export interface DecodedRecord {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly data: unknown;
}

/** What the tests read of a decoded response (dns-packet's types leave out rcode and data). */
export interface Decoded {
  readonly rcode: string;
  readonly answers: readonly DecodedRecord[];
  readonly authorities: readonly DecodedRecord[];
}

/** One DNS query over UDP (recursion desired); the decoded answer. */
export function query(port: number, name: string, type: string, id: number): Promise<Decoded> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.on('message', (msg) => {
      s.close();
      resolve(dnsPacket.decode(msg) as unknown as Decoded);
    });
    s.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as 'A', name }] }), port, '127.0.0.1');
  });
}

/** Replays the trace `out` against the simulated ground (every hash checked). */
export function replayed(out: string): { ok: boolean; steps: number } {
  const r = replayTrace(readFileSync(out, 'utf8'), SCENARIOS);
  return { ok: r.ok, steps: r.ok ? r.steps : -1 };
}
