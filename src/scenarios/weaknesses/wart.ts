/**
 * wart — the talk's weakness "The Wart" (spec §8a), read as the interest-type design: whether an
 * endpoint is a partner (participant), a watcher (observer) or a super-watcher (everything) decides
 * who sees whom, and getting it wrong changes what a program means.
 *
 * Demo A: the same TCP echo service behind two listeners, both of which quit at 50 ms.
 *   echo listener (observer)     on port 5999, as the talk requires. The connection managers never
 *                                see it, so its going away only stops new connections: alice's
 *                                connection lives on, and her line at 80 ms is still echoed.
 *   echo listener (participant)  on port 6000. Each connection manager's inbound publisher takes it
 *                                for a partner, so its going away is an absence there: the manager
 *                                closes the connection, and bob sees EOF.
 * Demo B: two second-level monitors of tcp-channel(?, ?, ?) (subscribers: they see publishers).
 *   monitor (observer)    sees only participants (the connection managers). The driver's everything
 *                         endpoints see it (everything sees everyone), but it cannot see them: the
 *                         level above is one-way, which is what a monitor wants.
 *   monitor (everything)  sees the driver's everything endpoints and the listener managers' — and
 *                         they see it: visibility becomes mutual. To watch the watchers a monitor
 *                         must join their level, where everybody sees everybody, and there is no
 *                         level above: the hierarchy collapses. (The driver cannot tell it from a
 *                         listening app either: its presence has the same shape as a listener's.)
 * All times come from the timer driver (the listeners' retirement) and the scripted clients.
 */
import {
  _, boot, isStruct, pretty, processOf, quit, role, sendMessage, spawn, topicSubscriber, transition, type Monitor, type Transition,
} from '../../kernel/index.ts';
import {
  tcpChannel, tcpDriver, tcpListener, setTimer, timerDriver, timerExpired, type ClientSpec,
} from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { echoHandler } from '../tcp-echo.ts';

const OBSERVER_PORT = 5999;
const PARTICIPANT_PORT = 6000;
const RETIRE_AT = 50;

/**
 * The talk's listener with a choice of interest type: it spawns an echo handler for every connection
 * it sees, and quits at RETIRE_AT (its "retire" timer).
 */
function echoListener(port: number, monitor: Monitor) {
  const local = tcpListener(port);
  return (): Transition<string> =>
    transition('listening',
      role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor }), {
        onPresence: (peer, state: string) => {
          const t = peer.topic;
          if (peer.orientation !== 'publisher' || peer.interest !== 'participant' || !isStruct(t, 'tcp-channel', 3)) return;
          const remote = t.fields[0]!;
          return transition(state, spawn(() => echoHandler(local, remote), { name: `echo handler (${port})` }));
        },
      }),
      role('retire', topicSubscriber(timerExpired(['retire', port], _)), {
        onMessage: (_m, state: string) => transition(state, quit()),
      }),
      sendMessage(setTimer(['retire', port], RETIRE_AT, 'absolute')));
}

interface MonitorState {
  /** What the monitor has seen, as "+interest topic" / "-interest topic". */
  readonly seen: readonly string[];
}

const Monitoring = processOf<MonitorState>();

/** A second-level monitor: a subscriber on every tcp-channel, watching who publishes. */
function monitorProcess(monitor: Monitor) {
  return (): Transition<MonitorState> =>
    Monitoring.transition({ seen: [] },
      Monitoring.role('watch', topicSubscriber(tcpChannel(_, _, _), { monitor }), {
        onPresence: (peer, s) => transition({ seen: [...s.seen, `+${peer.interest} ${pretty(peer.topic)}`] }),
        onAbsence: (peer, _reason, s) => transition({ seen: [...s.seen, `-${peer.interest} ${pretty(peer.topic)}`] }),
      }));
}

function clients(): readonly ClientSpec[] {
  return [
    {
      name: 'alice', host: 'alice',
      steps: [
        { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: OBSERVER_PORT },
        { op: 'send', text: 'hello\n' }, { op: 'expect-line' },
        { op: 'at', ms: 80 },
        { op: 'send', text: 'still there?\n' }, { op: 'expect-line' },
        { op: 'close' },
      ],
    },
    {
      name: 'bob', host: 'bob',
      steps: [
        { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: PARTICIPANT_PORT },
        { op: 'send', text: 'hello\n' }, { op: 'expect-line' },
        { op: 'expect-eof' },
        { op: 'close' },
      ],
    },
  ];
}

export const wart: Scenario = {
  id: 'wart',
  title: 'Weakness: the wart (observer, participant, everything)',
  description:
    'Demo A: one echo service behind two listeners that both quit at 50 ms. The listener on port 5999 is an ' +
    'observer, as in the talk: connection managers never see it, so alice keeps her connection and her line at ' +
    '80 ms is still echoed. The listener on port 6000 is a participant: each connection manager takes it for a ' +
    'partner, so when it quits the manager sees an absence and closes bob’s connection — bob gets EOF. Demo B: ' +
    'two monitors of tcp-channel(?, ?, ?). The observer monitor sees only the connection managers; the driver ' +
    'sees it, but it never sees the driver. The everything monitor sees the driver’s everything endpoints, and ' +
    'they see it (look for presence "sub/everything" at the driver): watching the watchers means joining their ' +
    'level, where everybody sees everybody — there is no level above everything.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(monitorProcess(true), { name: 'monitor (observer)' }),
    spawn(monitorProcess('everything'), { name: 'monitor (everything)' }),
    spawn(echoListener(OBSERVER_PORT, true), { name: 'echo listener (observer)' }),
    spawn(echoListener(PARTICIPANT_PORT, false), { name: 'echo listener (participant)' })),
  clients,
  maxSteps: 20_000,
};
