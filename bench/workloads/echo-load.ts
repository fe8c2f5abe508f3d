/**
 * tcp-echo under load: the tcp-echo scenario's program (the TCP driver plus the talk's listener and
 * echo handler, reused from src/scenarios/tcp-echo.ts) with many scripted clients instead of two.
 * Used by W6 (time travel, in Node) and by the browser measurements (bench/browser/scenarios.ts).
 *
 * Data definition:
 *   EchoLoad = { clients, lines, gapMs, pauseMs }
 *     client i (host `host-i`) starts at 10 + i·gapMs ms, connects to server:5999, then `lines`
 *     times: sends "line j from client-i", waits for the echo, sleeps pauseMs (if > 0); then closes.
 * Sizes (seed 1, the default 5 ms network): about 100 records per connection plus about 33 per
 * echoed line, about 4.3 records per simulation step. With lines = 20, gapMs = 20 and pauseMs = 0
 * about 12 connections (≈ 27 processes) are open at once, whatever the number of clients, so the
 * per-step cost does not change with the size of the run.
 */
import { boot, spawn, type BootSpec } from '../../src/kernel/index.ts';
import { tcpDriver, type ClientSpec, type ClientStep } from '../../src/kernel/ground/index.ts';
import { echoHandler, listener } from '../../src/scenarios/tcp-echo.ts';
import type { Scenario } from '../../src/scenarios/types.ts';

export const ECHO_PORT = 5999;

export interface EchoLoad {
  readonly clients: number;
  readonly lines: number;
  readonly gapMs: number;
  readonly pauseMs: number;
}

/** W6's shape: 20 lines per connection, a new connection every 20 ms, no pause. */
export const W6_SHAPE = { lines: 20, gapMs: 20, pauseMs: 0 } as const;
/** Records per W6 client (measured: 671.8 at 50 clients); used only to size the client list. */
const W6_RECORDS_PER_CLIENT = 650;

/** Enough W6 clients that the run records at least `records` before its clients are done. */
export function w6Load(records: number): EchoLoad {
  return { clients: Math.ceil((records * 1.05) / W6_RECORDS_PER_CLIENT) + 2, ...W6_SHAPE };
}

export function echoLoadClients(o: EchoLoad): ClientSpec[] {
  const out: ClientSpec[] = [];
  for (let i = 0; i < o.clients; i++) {
    const name = `client-${i}`;
    const steps: ClientStep[] = [
      { op: 'at', ms: 10 + i * o.gapMs },
      { op: 'connect', host: 'server', port: ECHO_PORT },
    ];
    for (let j = 0; j < o.lines; j++) {
      steps.push({ op: 'send', text: `line ${j} from ${name}\n` }, { op: 'expect-line' });
      if (o.pauseMs > 0) steps.push({ op: 'sleep', ms: o.pauseMs });
    }
    steps.push({ op: 'close' });
    out.push({ name, host: `host-${i}`, steps });
  }
  return out;
}

/** tcp-echo's boot: the TCP driver and the listener with the echo handler. */
export function echoBoot(): BootSpec {
  return boot(
    null,
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(() => listener(ECHO_PORT, echoHandler), { name: 'listener' }),
  );
}

export function echoLoadScenario(
  id: string,
  title: string,
  description: string,
  o: EchoLoad,
  maxSteps: number,
): Scenario {
  const clients = echoLoadClients(o);
  return { id, title, description, seed: 1, boot: echoBoot(), clients: () => clients, maxSteps };
}
