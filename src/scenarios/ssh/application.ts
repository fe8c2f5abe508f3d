/**
 * The application VM of an SSH session: *another* nested VM, inside the session VM, hosting one
 * process per open channel. Its boot process ("application-boot") subscribes at the meta level —
 * in the session VM — to channel-open("session", ?), and spawns an echo process for each channel.
 * Each echo process's endpoints are also at the meta level: channel-in(id, ?) from the session and
 * channel-out(id, ?) to it. The session sees them as endpoints of the application VM process: it
 * cannot tell how many processes live inside, and needs not.
 */
import {
  _, atMetaLevel, isStruct, quit, role, sendMessage, spawn, topicPublisher, topicSubscriber, transition, type Transition,
} from '../../kernel/index.ts';
import { channelIn, channelOpen, channelOut } from './topics.ts';

/** A channel's process: echoes each chunk back; leaves at end of input or when the session goes. */
export function echoChannel(id: number): () => Transition<null> {
  return () =>
    transition(null,
      atMetaLevel(role<null>('from-session', topicSubscriber(channelIn(id, _)), {
        onMessage: (m, s) => {
          const data = isStruct(m, 'channel-in', 2) ? m.fields[1]! : null;
          if (isStruct(data, 'data', 1)) return transition(s, atMetaLevel(sendMessage(channelOut(id, data))));
          if (isStruct(data, 'eof')) return transition(s, quit());
        },
        onAbsence: (_peer, _reason, s) => transition(s, quit()),
      })),
      atMetaLevel(role('to-session', topicPublisher(channelOut(id, _)))));
}

/** The application VM's boot process: one echo process per channel-open("session", id). */
export function applicationBoot(): Transition<null> {
  return transition(null,
    atMetaLevel(role<null>('channel-requests', topicSubscriber(channelOpen('session', _)), {
      onMessage: (m, s) => {
        const id = isStruct(m, 'channel-open', 2) ? m.fields[1] : null;
        return typeof id === 'number' ? transition(s, spawn(echoChannel(id), { name: `echo ${id}` })) : undefined;
      },
    })));
}
