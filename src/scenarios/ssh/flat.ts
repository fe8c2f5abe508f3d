/**
 * ssh-flat — the contrast that shows what nested VMs buy (issue 13): the processes of ssh-nested,
 * unchanged, all in the ground VM. Without a VM around each session, every session's conversations
 * would meet in one routing space — alice's session would hear bob's reader — so every topic a
 * session's processes use carries the session id: inbound-packet(…) becomes
 * ssh-session(1, inbound-packet(…)), and the login-grace timer's label too. The translation is
 * ../flatten.ts, applied to the same process code; only the connection's tcp-channel topics (which
 * already name alice or bob) and the timer driver's are left as they are.
 *
 *   ground VM
 *     timer, tcp, listener                   as in ssh-nested
 *     ssh-session <n> <remote>               the anchor: stands for the session VM's lifetime. It
 *                                            publishes session-alive(n) and ends on end-session(n, r)
 *     exception-handler (n), event-relay (n), timer-relay (n), reader (n), writer (n), session (n)
 *                                            the session VM's processes, topics in ssh-session(n, …)
 *     application-boot (n), echo <id> (n)    the application VM's processes (their at-meta-level
 *                                            endpoints land in ssh-session(n, …) too)
 * What a VM does for free is done by hand: each process also subscribes to session-alive(n) and
 * quits with the anchor's reason when it goes (the session's one end), and the exception handler's
 * at-meta-level quit becomes the message end-session(n, reason) to the anchor.
 */
import { _, boot, isStruct, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition, type BootSpec, type Term } from '../../kernel/index.ts';
import { eventRelay, tcpDriver, timerDriver, timerRelay } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { flatBoot, type Level } from '../flatten.ts';
import { applicationBoot } from './application.ts';
import { sshClients } from './clients.ts';
import { exceptionHandler } from './exception-handler.ts';
import { remoteLabel, sshListener } from './listener.ts';
import { SSH_PORT } from './protocol.ts';
import { session } from './session.ts';
import { reader, writer } from './transport.ts';

/** ssh-session(n, t): a topic of session n. */
const sessionTopic = (n: number, t: Term) => struct('ssh-session', n, t);
const sessionAlive = (n: number) => struct('session-alive', n);
const endSession = (n: number, reason: Term) => struct('end-session', n, reason);

/** The field of a struct that wraps a topic of an inner scope (routing only ever hands back wrapped topics). */
const unwrapping = (name: string, arity: number) => (t: Term): Term => (isStruct(t, name, arity) ? t.fields[arity - 1]! : t);

/** The two flattened levels of session n: the session VM, and the application VM inside it. */
function levels(n: number): { session: Level; application: Level } {
  const fate = role<null>('session-alive', topicSubscriber(sessionAlive(n)), {
    onAbsence: (_peer, reason, s) => transition(s, quit(reason)),
  });
  const name = (p: string) => `${p} (${n})`;
  const noEnd = (): never => {
    throw new Error('the application VM never ends itself');
  };
  const sessionLevel: Level = {
    scope: { wrap: (t) => sessionTopic(n, t), unwrap: unwrapping('ssh-session', 2) }, outer: null, fate, name,
    end: (reason) => sendMessage(endSession(n, reason)),
  };
  return {
    session: sessionLevel,
    application: {
      scope: { wrap: (t) => sessionTopic(n, struct('application', t)), unwrap: (t) => unwrapping('application', 1)(unwrapping('ssh-session', 2)(t)) },
      outer: sessionLevel, fate, name, end: noEnd,
    },
  };
}

function flatSession(local: Term, remote: Term, n: number) {
  const { session: inSession, application: inApplication } = levels(n);
  const member = (name: string, b: BootSpec) => spawn(flatBoot(inSession, b), { name: inSession.name(name) });
  return spawn(boot(null,
    role('alive', topicPublisher(sessionAlive(n))),
    role<null>('end', topicSubscriber(endSession(n, _)), {
      onMessage: (m, s) => transition(s, quit(isStruct(m, 'end-session', 2) ? m.fields[1]! : false)),
    }),
    member('exception-handler', exceptionHandler),
    member('event-relay', eventRelay(`ssh-session-${n}`)),
    member('timer-relay', timerRelay(`ssh-session-${n}`)),
    member('reader', reader(local, remote)),
    member('writer', writer(local, remote)),
    member('session', session),
    spawn(flatBoot(inApplication, applicationBoot), { name: inApplication.name('application-boot') })),
  { name: `ssh-session ${n} ${remoteLabel(remote)}` });
}

export const sshFlat: Scenario = {
  id: 'ssh-flat',
  title: 'SSH server, flat: the nested processes in the ground VM',
  description:
    'The processes of ssh-nested — exception handler, event and timer relays, reader, writer, session, ' +
    'application boot and echo — unchanged, but all in the ground VM, serving the same clients with the same ' +
    'bytes. With no VM around a session, its names are no longer private: every topic a session uses carries ' +
    'the session id (ssh-session(1, inbound-packet(…)) for alice, ssh-session(2, …) for bob; the login-grace ' +
    'timer’s label too), or alice’s session would hear bob’s packets. And nothing ends a session as a whole: ' +
    'a process per session (ssh-session 1 alice:49152) stands for the VM, every process of the session is ' +
    'linked to it (session-alive(1)), and the exception handler ends the session by asking it to quit ' +
    '(end-session(1, reason)). Compare with ssh-nested: the same processes, the same conversations, but there ' +
    'the VM scopes the names and ends everything inside it for free.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(sshListener(SSH_PORT, flatSession), { name: 'listener' })),
  clients: sshClients,
  maxSteps: 8000,
};
