/**
 * tcp-echo — the talk's echo server over the flow-controlled TCP driver.
 *
 * The listener is an *observer* of tcp-channel(?, tcp-listener(5999), ?): it sees each connection
 * (the connection manager's publisher) appear without being taken for a partner, and spawns one
 * connection handler per connection. The handler asks for lines mode and one line of credit, echoes
 * "You said: <line>", grants one more credit per line, and quits on EOF or when the connection's
 * presence goes — which, in turn, is how the driver learns to close.
 *
 * Option (a knob for the variants): --listener observer|participant|everything, the listener's
 * interest type (the talk's is observer, `#:monitor? #t`).
 */
import {
  _, boot, bytes, isBytes, isStruct, quit, role, sendFeedback, sendMessage, spawn, topicSubscriber, transition,
  type Monitor, type Term, type Transition,
} from '../kernel/index.ts';
import {
  isEof, tcpChannel, tcpCredit, tcpDriver, tcpListener, tcpMode, type ClientSpec,
} from '../kernel/ground/index.ts';
import type { Scenario } from './types.ts';
import { choiceOption, chosen } from './choice.ts';

export type ConnectionHandler = (local: Term, remote: Term) => Transition<unknown>;

/** The talk's listener: observe every connection to `port`, spawn a handler for each. */
export function listener(port: number, connectionHandler: ConnectionHandler, monitor: Monitor = true): Transition<string> {
  const local = tcpListener(port);
  return transition('no-state',
    role('inbound-handler', topicSubscriber(tcpChannel(_, local, _), { monitor }), {
      onPresence: (peer, state: string) => {
        // (topic 'publisher (tcp-channel remote-addr (== local-addr) _) #f)
        const t = peer.topic;
        if (peer.orientation !== 'publisher' || peer.interest !== 'participant' || !isStruct(t, 'tcp-channel', 3)) return;
        const remote = t.fields[0]!;
        return transition(state, spawn(() => connectionHandler(local, remote), { name: 'connection-handler' }));
      },
    }));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The talk's echo connection handler. */
export function echoHandler(local: Term, remote: Term): Transition<string> {
  return transition('no-state',
    sendFeedback(tcpChannel(remote, local, tcpMode('lines'))),
    sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
    role('echoer', topicSubscriber(tcpChannel(remote, local, _)), {
      onAbsence: (_peer, _reason, state: string) => transition(state, quit()),
      onMessage: (m, state: string) => {
        const data = isStruct(m, 'tcp-channel', 3) ? m.fields[2]! : null;
        if (isEof(data ?? undefined)) return transition(state, quit());
        if (data === null || !isBytes(data)) return;
        return transition(state,
          sendFeedback(tcpChannel(remote, local, tcpCredit(1))),
          sendMessage(tcpChannel(local, remote, concat(bytes('You said: '), data, bytes('\n')))));
      },
    }));
}

const PORT = 5999;

function clients(): readonly ClientSpec[] {
  return [
    {
      name: 'client-a', host: 'alice',
      steps: [
        { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: PORT },
        { op: 'send', text: 'hello\n' }, { op: 'expect-line' },
        { op: 'send', text: 'how are you?\n' }, { op: 'expect-line' },
        { op: 'sleep', ms: 100 },
        { op: 'send', text: 'bye\n' }, { op: 'expect-line' },
        { op: 'close' },
      ],
    },
    {
      name: 'client-b', host: 'bob',
      steps: [
        { op: 'at', ms: 40 }, { op: 'connect', host: 'server', port: PORT },
        { op: 'send', text: "hi, I can't stay\n" },
        { op: 'close' },
      ],
    },
  ];
}

/** An endpoint's interest type, by its name in the talk. */
export type Interest = 'observer' | 'participant' | 'everything';
export const INTERESTS: readonly Interest[] = ['observer', 'participant', 'everything'];
export const MONITOR: Readonly<Record<Interest, Monitor>> = { observer: true, participant: false, everything: 'everything' };

const LISTENER_OPTION = choiceOption('--listener', 'listener', INTERESTS,
  "the listener's interest type (default observer, as in the talk)");

/** The echo server with the listener's interest type as given. */
export function tcpEchoScenario(interest: Interest = 'observer'): Scenario {
  return {
    ...TCP_ECHO,
    boot: boot(null, spawn(tcpDriver, { name: 'tcp' }), spawn(() => listener(PORT, echoHandler, MONITOR[interest]), { name: 'listener' })),
    options: { flags: [LISTENER_OPTION], configure: (config) => tcpEchoScenario(chosen(config, 'listener', INTERESTS, 'observer')) },
  };
}

const TCP_ECHO: Omit<Scenario, 'boot'> = {
  id: 'tcp-echo',
  title: 'TCP echo (the talk’s first program)',
  description:
    'A TCP driver and a listener run in the ground VM. The listener is an observer of every connection to ' +
    'port 5999: when alice connects, the driver spawns a connection manager whose presence the listener sees, ' +
    'and the listener spawns a connection handler. The handler switches the connection to lines mode and grants ' +
    'one line of credit (feedback flows upstream), then echoes "You said: …" for each line. Bob connects later, ' +
    'sends one line and hangs up without waiting: watch the connection manager quit, the handler see the ' +
    "absence of the connection's presence, and the processes disappear. Alice stays for three lines, then closes.",
  seed: 1,
  clients,
  maxSteps: 20_000,
};

export const tcpEcho: Scenario = tcpEchoScenario();
