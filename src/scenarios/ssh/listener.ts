/**
 * The SSH listener, shared by both SSH scenarios: an *observer* of every connection to the port
 * (tcp-channel(?, tcp-listener(port), ?)), as in the talk's TCP examples. For each connection
 * manager that appears it spawns whatever `serve(local, remote, n)` says — a session nested VM in
 * ssh-nested, one process in ssh-natural. `n` counts connections (1, 2, …).
 */
import { _, isStruct, role, topicSubscriber, transition, type Action, type Term, type Transition } from '../../kernel/index.ts';
import { tcpChannel, tcpListener } from '../../kernel/ground/index.ts';

export function sshListener(port: number, serve: (local: Term, remote: Term, n: number) => Action): () => Transition<number> {
  const local = tcpListener(port);
  return () =>
    transition(0,
      role<number>('connections', topicSubscriber(tcpChannel(_, local, _), { monitor: true }), {
        onPresence: (peer, n) => {
          const t = peer.topic;
          if (peer.orientation !== 'publisher' || peer.interest !== 'participant' || !isStruct(t, 'tcp-channel', 3)) return;
          return transition(n + 1, serve(local, t.fields[0]!, n + 1));
        },
      }));
}

/** "alice:49152" for tcp-address("alice", 49152). */
export const remoteLabel = (remote: Term): string =>
  isStruct(remote, 'tcp-address', 2) ? `${String(remote.fields[0])}:${String(remote.fields[1])}` : 'remote';
