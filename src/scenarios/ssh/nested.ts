/**
 * ssh-nested — the talk's SSH server structure (spec §7): each connection is a nested VM.
 *
 *   ground VM
 *     timer, tcp                        drivers
 *     listener                          observer of tcp-channel(?, tcp-listener(2222), ?); one
 *                                       session VM per connection
 *     ssh-session <n>  (nested VM)
 *       exception-handler               `everything` observer: a sibling's SSH protocol error,
 *                                       seen as the reason of its absence → DISCONNECT, end the VM
 *       event-relay                     ground events for processes in here (idle: the TCP driver
 *                                       in the ground does the socket work; see the description)
 *       timer-relay                     the session's login-grace timer goes out through it
 *       reader                          de-frames inbound packets (meta-level observer of the
 *                                       connection); credit granted by the session
 *       writer                          frames outbound packets (meta-level publisher: the
 *                                       connection lives as long as the writer); new-keys switches
 *                                       its cipher
 *       session                         version exchange, KEXINIT/KEXDH/NEWKEYS, auth, channels
 *       application  (nested VM)
 *         application-boot              spawns one echo process per channel
 *         echo <id>                     the channel's echo "REPL"
 * Processes: transport.ts (reader, writer), session.ts, exception-handler.ts, application.ts; the
 * wire format: codec.ts (messages), fields.ts, framing.ts, protocol-error.ts; the clients: clients.ts;
 * the comparisons: natural.ts (one process per connection) and flat.ts (these processes in the ground VM).
 */
import { boot, nestedVm, spawn, type Term } from '../../kernel/index.ts';
import { tcpDriver, timerDriver, timerRelay, eventRelay } from '../../kernel/ground/index.ts';
import type { Scenario } from '../types.ts';
import { applicationBoot } from './application.ts';
import { sshClients } from './clients.ts';
import { exceptionHandler } from './exception-handler.ts';
import { remoteLabel, sshListener } from './listener.ts';
import { SSH_PORT } from './protocol.ts';
import { session } from './session.ts';
import { reader, writer } from './transport.ts';

function sessionVm(local: Term, remote: Term, n: number) {
  const id = `ssh-session-${n}`;
  return nestedVm(boot(null,
    spawn(exceptionHandler, { name: 'exception-handler' }),
    spawn(eventRelay(id), { name: 'event-relay' }),
    spawn(timerRelay(id), { name: 'timer-relay' }),
    spawn(reader(local, remote), { name: 'reader' }),
    spawn(writer(local, remote), { name: 'writer' }),
    spawn(session, { name: 'session' }),
    nestedVm(applicationBoot, { name: 'application' })),
  { name: `ssh-session ${n} ${remoteLabel(remote)}` });
}

export const sshNested: Scenario = {
  id: 'ssh-nested',
  title: 'SSH server structure: a nested VM per connection',
  description:
    'The talk’s SSH server layout over the simulated TCP. In the ground VM: the timer and TCP drivers and a ' +
    'listener that spawns, for each connection, a session VM. Inside it: the reader de-frames packets (it hears ' +
    'the connection at the meta level, as an observer) and hands them to the session one at a time, as the session ' +
    'grants credit; the writer frames what the session says (the connection lives as long as the writer); the ' +
    'session does the version exchange, a KEXINIT → KEXDH → NEWKEYS step without real crypto (watch new-keys ' +
    'switch the reader’s and writer’s cipher at the right packet), user auth "none" and the channels; an ' +
    'application VM inside the session VM runs one echo process per channel. Alice opens an "x11" channel ' +
    '(refused: the session’s routing-table probe finds no application) and a "session" channel with 16-byte ' +
    'windows: see WINDOW_ADJUST both ways, and the second echo held back until alice adjusts her window. Bob ' +
    'sends a packet whose length field says 1 MiB: the reader crashes with an SSH protocol error, the ' +
    'exception handler — an `everything` observer — sees the reader’s absence with that reason, sends ' +
    'DISCONNECT through the writer and ends the session VM: errors propagated by loss of presence. The ' +
    'event relay stays idle here: in the original the reader read the socket’s port events through it; here the ' +
    'TCP driver in the ground owns the socket and the reader and writer reach it at the meta level.',
  seed: 1,
  boot: boot(null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(tcpDriver, { name: 'tcp' }),
    spawn(sshListener(SSH_PORT, sessionVm), { name: 'listener' })),
  clients: sshClients,
  maxSteps: 5000,
};
