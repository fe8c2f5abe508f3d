/**
 * The exception handler of an SSH session VM: errors propagated by loss of presence.
 *
 * It is an `everything` observer of every role in its VM (a subscriber and a publisher on `?`), so
 * it sees every sibling's endpoints come and go — and the *reason* they went. Nobody reports errors
 * to it; a crashing process simply leaves, and its absence carries the crash as the reason.
 *   - an absence whose reason is an SSH protocol error (exn("SshProtocolError", "CODE: text")):
 *     send DISCONNECT(code, text) through the writer, wait until the writer says it is written
 *     (outbound-flushed), then end the whole session VM (quit at the meta level) with that reason;
 *   - the reader, the writer or the session leaving for any other reason (the client closed, or
 *     said DISCONNECT): the transport is over; end the session VM with the same reason.
 * This is the talk's point: Erlang's links and monitors are a special case of presence.
 */
import {
  _, atMetaLevel, isStruct, processOf, quit, sendMessage, topicPublisher, topicSubscriber, transition,
  type Role, type Term, type Transition,
} from '../../kernel/index.ts';
import { encodeMessage } from './codec.ts';
import { protocolErrorOf } from './protocol-error.ts';
import { outboundFlush, outboundFlushed, outboundPacket } from './topics.ts';

export interface ExceptionHandlerState {
  readonly mode: 'watching' | 'disconnecting' | 'ending';
  /** Is the writer there to carry a DISCONNECT? */
  readonly writer: boolean;
  readonly reason: Term;
}

const ExceptionHandler = processOf<ExceptionHandlerState>();

const CORE = ['inbound-packet', 'inbound-version', 'outbound-packet', 'outbound-version'];
const isWriter = (peer: Role): boolean => peer.orientation === 'subscriber' && isStruct(peer.topic, 'outbound-packet');
const isCore = (peer: Role): boolean => isStruct(peer.topic) && CORE.includes(peer.topic.struct);

function onAbsence(peer: Role, reason: Term, s0: ExceptionHandlerState): Transition<ExceptionHandlerState> | undefined {
  const s = isWriter(peer) ? { ...s0, writer: false } : s0;
  if (s.mode === 'ending') return transition(s);
  if (s.mode === 'disconnecting') {
    // The writer went before our DISCONNECT was written: nothing more to wait for.
    return s.writer ? transition(s) : transition({ ...s, mode: 'ending' }, atMetaLevel(quit(s.reason)));
  }
  const err = protocolErrorOf(reason);
  if (err !== null && s.writer) {
    const disconnect = encodeMessage({ type: 'disconnect', code: err.code, description: err.description });
    return transition({ ...s, mode: 'disconnecting', reason },
      sendMessage(outboundPacket('DISCONNECT', disconnect)),
      sendMessage(outboundFlush('disconnect')));
  }
  if (err !== null || isCore(peer)) return transition({ ...s, mode: 'ending', reason }, atMetaLevel(quit(reason)));
  return transition(s);
}

export function exceptionHandler(): Transition<ExceptionHandlerState> {
  const watch = {
    onPresence: (peer: Role, s: ExceptionHandlerState) => (isWriter(peer) ? transition({ ...s, writer: true }) : undefined),
    onAbsence,
  };
  return ExceptionHandler.transition({ mode: 'watching', writer: false, reason: false },
    ExceptionHandler.role('watch-publishers', topicSubscriber(_, { monitor: 'everything' }), watch),
    ExceptionHandler.role('watch-subscribers', topicPublisher(_, { monitor: 'everything' }), watch),
    ExceptionHandler.role('flushed', topicSubscriber(outboundFlushed('disconnect')), {
      onMessage: (_m, s) => (s.mode === 'disconnecting' ? transition({ ...s, mode: 'ending' }, atMetaLevel(quit(s.reason))) : undefined),
    }));
}
