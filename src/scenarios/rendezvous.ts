/**
 * Presence as rendezvous (spec §8 (f); the talk: "No more races at boot time!").
 *
 * Two clients are started before the server exists; a launcher spawns the server SERVER_DELAY_MS
 * later (a timer). Protocol: the server is a participant PUBLISHER of ask(?, ?) (requests arrive
 * upstream as feedback ask(who, question)) and of answer(?, ?) (replies are messages
 * answer(who, text)).
 *   patient-client  subscribes to answer("patient", ?) and to ask("patient", ?); the second
 *                   endpoint exists only to learn of the server's presence. It sends its question
 *                   when that presence arrives, and quits once answered.
 *   blind-client    sends its question at boot, before the server exists, then waits for an answer.
 *                   Messages are never buffered: nobody matched the feedback, so it is simply gone;
 *                   the blind client waits forever (its state still says answers: []).
 * The launcher itself rendezvouses with the timer driver by presence before it asks for a timer.
 *
 * Option (a knob for the variants): --blind-client send-at-boot|wait-for-presence. With
 * wait-for-presence the blind client is gated on the server's presence like the patient one (same
 * name, same question): its question is answered, and it leaves.
 */
import {
  _,
  boot,
  isStruct,
  processOf,
  quit,
  role,
  sendFeedback,
  sendMessage,
  spawn,
  struct,
  topicPublisher,
  topicSubscriber,
  transition,
  type Term,
  type Transition,
} from '../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../kernel/ground/index.ts';
import type { Scenario } from './types.ts';
import { choiceOption, chosen } from './choice.ts';

/** When the server starts, in virtual ms after the launcher meets the timer driver. */
export const SERVER_DELAY_MS = 20;

const ask = (who: Term, question: Term) => struct('ask', who, question);
const answer = (who: Term, text: Term) => struct('answer', who, text);

export interface ServerState {
  readonly answered: number;
}

const Server = processOf<ServerState>();

const server = Server.boot(
  { answered: 0 },
  Server.role('questions', topicPublisher(ask(_, _)), {
    onMessage: (m, s) => {
      if (!isStruct(m, 'ask', 2)) return;
      const [who, question] = m.fields as [Term, Term];
      return transition(
        { answered: s.answered + 1 },
        sendMessage(answer(who, `${String(question)}, ${String(who)}!`)),
      );
    },
  }),
  role('answers', topicPublisher(answer(_, _))),
);

export interface ClientState {
  readonly sent: boolean;
  readonly answers: readonly string[];
}

const Client = processOf<ClientState>();

/** A client's answer: keep it and leave. */
const replies = (who: string) =>
  Client.role('replies', topicSubscriber(answer(who, _)), {
    onMessage: (m, s) =>
      isStruct(m, 'answer', 2)
        ? transition({ ...s, answers: [...s.answers, String(m.fields[1])] }, quit())
        : undefined,
  });

/** The right way: subscribe, wait for the server's presence, only then send. */
const gatedClient = (who: string) =>
  Client.boot(
    { sent: false, answers: [] },
    replies(who),
    Client.role('server-presence', topicSubscriber(ask(who, _)), {
      onPresence: (_peer, s) =>
        s.sent ? undefined : transition({ ...s, sent: true }, sendFeedback(ask(who, 'hello'))),
    }),
  );

/** The wrong way: send at boot and hope. The feedback matches no publisher, so it is lost. */
const blindClient = Client.boot(
  { sent: true, answers: [] },
  replies('blind'),
  sendFeedback(ask('blind', 'hello')),
);

/** When the blind client sends its question. */
export type BlindClient = 'send-at-boot' | 'wait-for-presence';
export const BLIND_CLIENTS: readonly BlindClient[] = ['send-at-boot', 'wait-for-presence'];

export interface LauncherState {
  readonly requested: boolean;
}

const Launcher = processOf<LauncherState>();

/** Starts the server SERVER_DELAY_MS after it meets the timer driver, then leaves. */
const launcher = Launcher.boot(
  { requested: false },
  Launcher.role('alarm', topicSubscriber(timerExpired('start-server', _)), {
    onMessage: (_m, s) => transition(s, spawn(server, { name: 'server' }), quit()),
  }),
  Launcher.role('clock', topicPublisher(struct('set-timer', _, _, _)), {
    onPresence: (_peer, s): Transition<LauncherState> | undefined =>
      s.requested
        ? undefined
        : transition({ requested: true }, sendMessage(setTimer('start-server', SERVER_DELAY_MS))),
  }),
);

const BLIND_OPTION = choiceOption('--blind-client', 'blindClient', BLIND_CLIENTS,
  "when the blind client sends its question: at boot (default), or once it sees the server's presence");

export function rendezvousScenario(blind: BlindClient = 'send-at-boot'): Scenario {
  return {
    ...RENDEZVOUS,
    boot: boot(
      null,
      spawn(gatedClient('patient'), { name: 'patient-client' }),
      spawn(blind === 'send-at-boot' ? blindClient : gatedClient('blind'), { name: 'blind-client' }),
      spawn(timerDriver, { name: 'timer' }),
      spawn(launcher, { name: 'launcher' }),
    ),
    options: { flags: [BLIND_OPTION], configure: (config) => rendezvousScenario(chosen(config, 'blindClient', BLIND_CLIENTS, 'send-at-boot')) },
  };
}

const RENDEZVOUS: Omit<Scenario, 'boot'> = {
  id: 'rendezvous',
  title: 'Rendezvous via presence (and what happens without it)',
  description:
    `Two clients start before the server; a launcher starts the server ${SERVER_DELAY_MS} ms later (a timer). ` +
    "The patient client subscribes and waits: the presence of the server's ask(?, ?) publisher is its signal, " +
    'and only then does it send ask("patient", "hello") upstream. Its question is delivered and answered, ' +
    'whatever the start-up order. The blind client sends ask("blind", "hello") at boot, before the server ' +
    'exists: messages are not buffered, so the question reaches nobody and is gone. Look in the trace for the ' +
    "blind client's send-feedback action (time 0, no deliver record follows it), then for the server's boot at " +
    `${SERVER_DELAY_MS} ms and the patient client's question arriving right after. At the end the blind client ` +
    'is still alive and still waiting (answers: [] in its state), while the patient client got its answer and left.',
  seed: 1,
};

export const rendezvous: Scenario = rendezvousScenario();

export default rendezvous;
