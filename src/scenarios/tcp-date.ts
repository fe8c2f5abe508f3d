/**
 * tcp-date — the talk's date server: a connection handler that publishes on the outbound channel,
 * sends the current time, and quits as soon as the driver's credit feedback acknowledges the write.
 * Withdrawing its presence is what closes the connection.
 *
 * The talk calls (current-inexact-milliseconds) inside the handler. The kernel is pure, so the
 * handler asks the timer driver for the time instead: a zero-delay set-timer, whose timer-expired
 * reply carries the virtual time (the talk's "current-time" idiom).
 */
import {
  _, boot, bytes, deleteRole, isStruct, pretty, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term, type Transition,
} from '../kernel/index.ts';
import { tcpChannel, tcpDriver, setTimer, timerDriver, timerExpired, type ClientSpec } from '../kernel/ground/index.ts';
import { listener } from './tcp-echo.ts';
import type { Scenario } from './types.ts';

/** The talk's date connection handler (after learning the time). */
export function dateSender(local: Term, remote: Term, nowMs: number) {
  return [
    role('date-sender', topicPublisher(tcpChannel(local, remote, _)), {
      // The credit feedback is the driver's write acknowledgement: the date is out, so leave.
      onMessage: (m, state: string) =>
        isStruct(m, 'tcp-channel', 3) && isStruct(m.fields[2]!, 'tcp-credit') ? transition(state, quit()) : undefined,
    }),
    sendMessage(tcpChannel(local, remote, bytes(`${nowMs}\n`))),
  ];
}

export function dateHandler(local: Term, remote: Term): Transition<string> {
  const label = struct('date-for', pretty(remote));
  return transition('no-state',
    role('clock', topicSubscriber(timerExpired(label, _)), {
      onMessage: (m, state: string) => {
        const now = isStruct(m, 'timer-expired', 2) ? m.fields[1] : null;
        if (typeof now !== 'number') return;
        return transition(state, deleteRole('clock'), dateSender(local, remote, now));
      },
    }),
    sendMessage(setTimer(label, 0, 'relative')));
}

const PORT = 13;

function clients(): readonly ClientSpec[] {
  const visit = (name: string, host: string, at: number): ClientSpec => ({
    name, host,
    steps: [{ op: 'at', ms: at }, { op: 'connect', host: 'server', port: PORT }, { op: 'expect-line' }, { op: 'expect-eof' }, { op: 'close' }],
  });
  return [visit('client-a', 'alice', 10), visit('client-b', 'bob', 1000)];
}

export const tcpDate: Scenario = {
  id: 'tcp-date',
  title: 'TCP date server: credit as acknowledgement, closing by absence',
  description:
    'The talk’s second connection handler. For each connection it publishes on the outbound channel and sends ' +
    'the current (virtual) time. The TCP driver writes the bytes and answers with tcp-credit feedback — which the ' +
    'handler treats as the write acknowledgement: it quits at once. Its publisher endpoint disappears, the ' +
    'connection manager sees the absence and closes the connection, and the client sees end-of-file. Nobody ' +
    'sends a "close" message: withdrawing presence is the close. Alice connects at 10 ms, Bob at 1000 ms.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(() => listener(PORT, dateHandler), { name: 'listener' })),
  clients,
  maxSteps: 20_000,
};
