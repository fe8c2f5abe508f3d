/**
 * ground-events — the talk's weakness "Careful protocol design / ground events" (spec §8e). A process
 * reaches the outside world by subscribing to [descriptor, ?]; the request is named only by the
 * descriptor itself. Syncing on a descriptor has an effect — reading consumes input, accepting takes
 * a connection — and when two processes subscribe to the same descriptor, the ground syncs once and
 * *both* receive the result. Who owns the line that was read?
 *
 * No TCP driver here: the processes use the ground's descriptors directly.
 *   raw server      listens on port 7000 with [tcp-listen(7000), ?], accepts one connection with
 *                   [tcp-accept(7000), ?], hands it to a reader and a spy, and stops listening.
 *   reader          subscribes [tcp-read-line(conn), ?]: it means to consume the connection's lines.
 *   spy             subscribes to the very same descriptor. Each of the client's two lines is read
 *                   from the connection once (one ground event), yet reader and spy both get it.
 *                   On EOF the reader closes the connection; both quit.
 *   alarm (first), alarm (second)
 *                   both subscribe [timer(40), ?]: one ground event wakes them both. Harmless for a
 *                   timer, which has no effect; the same sharing is what makes the read ambiguous.
 * All time comes from the ground's timer descriptor and the scripted client.
 */
import {
  _, boot, bytesToText, deleteRole, isBytes, isStruct, processOf, quit, role, spawn, topicSubscriber, transition,
  type Term, type Transition,
} from '../../kernel/index.ts';
import {
  tcpAcceptEvt, tcpCloseEvt, tcpListenEvt, tcpReadLineEvt, tcpUnlistenEvt, timerEvt, type ClientSpec,
} from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';

const PORT = 7000;
const ALARM_AT = 40;

/** The value of a ground event [descriptor, value]. */
const valueOf = (m: Term): Term | undefined => (Array.isArray(m) ? (m as readonly Term[])[1] : undefined);

interface LineState {
  readonly lines: readonly string[];
}

const Line = processOf<LineState>();

/**
 * A process that reads lines from `conn` by subscribing to the read-line descriptor. The reader also
 * owns the connection: on EOF it closes it.
 */
function lineTaker(conn: number, closes: boolean) {
  return (): Transition<LineState> =>
    Line.transition({ lines: [] },
      Line.role('read-line', topicSubscriber([tcpReadLineEvt(conn), _]), {
        onMessage: (m, s) => {
          const v = valueOf(m);
          if (v !== undefined && isBytes(v)) return transition({ lines: [...s.lines, bytesToText(v)] });
          // EOF: stop reading; the owner closes the connection.
          return transition({ lines: [...s.lines, '<eof>'] },
            deleteRole('read-line'),
            closes ? role('close', topicSubscriber([tcpCloseEvt(conn), _]), { onMessage: (_m, st: LineState) => transition(st, quit()) }) : quit());
        },
      }));
}

/** Listens, accepts one connection, gives it to a reader and a spy, stops listening. */
function rawServer(): Transition<string> {
  return transition('starting',
    role('listen', topicSubscriber([tcpListenEvt(PORT), _]), {
      onMessage: (m, _s: string) => {
        if (!isStruct(valueOf(m) ?? null, 'ok')) return transition('listen failed', quit(valueOf(m) ?? null));
        return transition('listening', deleteRole('listen'), role('accept', topicSubscriber([tcpAcceptEvt(PORT), _]), {
          onMessage: (a, _st: string) => {
            const conn = (valueOf(a) as readonly Term[] | undefined)?.[0];
            if (typeof conn !== 'number') return;
            return transition('handing over',
              deleteRole('accept'),
              spawn(lineTaker(conn, true), { name: 'reader' }),
              spawn(lineTaker(conn, false), { name: 'spy' }),
              role('unlisten', topicSubscriber([tcpUnlistenEvt(PORT), _]), { onMessage: (_u, st2: string) => transition(st2, quit()) }));
          },
        }));
      },
    }));
}

interface AlarmState {
  readonly rang: readonly number[];
}

const Alarm = processOf<AlarmState>();

/** Subscribes straight to the timer descriptor; rings once. */
function alarm(): Transition<AlarmState> {
  return Alarm.transition({ rang: [] },
    Alarm.role('wake-up', topicSubscriber([timerEvt(ALARM_AT), _]), {
      onMessage: (m, s) => transition({ rang: [...s.rang, valueOf(m) as number] }, deleteRole('wake-up')),
    }));
}

function clients(): readonly ClientSpec[] {
  return [{
    name: 'carol', host: 'carol',
    steps: [
      { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: PORT },
      { op: 'send', text: 'first line\n' },
      { op: 'at', ms: 30 }, { op: 'send', text: 'second line\n' },
      { op: 'at', ms: 50 }, { op: 'close' },
    ],
  }];
}

export const groundEvents: Scenario = {
  id: 'ground-events',
  title: 'Weakness: ground events (two subscribers, one read)',
  description:
    'A raw server uses the ground’s descriptors directly: it listens on port 7000, accepts carol’s connection ' +
    'and starts a reader and a spy, which both subscribe to the same read-line descriptor of that connection. ' +
    'Carol sends two lines. Each line is read from the connection once — one ground event — but the message ' +
    '[descriptor, line] goes to every subscriber, so the reader and the spy both get it: reading consumes data, ' +
    'and nothing says whose data it was. Two alarms subscribe to the same timer descriptor at 40 ms: one ground ' +
    'event wakes both, which is harmless because a timer has no effect. Compare the ground events with the deliveries.',
  seed: 1,
  boot: boot(null,
    spawn(rawServer, { name: 'raw server' }),
    spawn(alarm, { name: 'alarm (first)' }),
    spawn(alarm, { name: 'alarm (second)' })),
  clients,
  maxSteps: 2000,
};
