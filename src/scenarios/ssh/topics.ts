/**
 * The conversations inside an SSH session VM (ssh-nested), as topic constructors.
 *
 *   inbound-version(text)                reader → session: the client's identification line
 *   inbound-packet(seq, name, payload)   reader → session: one de-framed packet (payload bytes; the
 *                                        name of its message number is there for the trace)
 *   inbound-credit(n)                    session → reader: "you may de-frame n more packets"
 *   outbound-version(text)               session → writer: send our identification line
 *   outbound-packet(name, payload)       session (or exception-handler) → writer: frame and send
 *   outbound-flush(tag) / outbound-flushed(tag)
 *                                        "tell me when everything sent so far is written"
 *   new-keys(direction, cipher)          session → reader ("inbound") / writer ("outbound"): switch
 *                                        cipher, at exactly the point in the stream NEWKEYS marks
 *   open-barrier(sender)                 session → itself: the routing-table-query barrier (see the
 *                                        routing-query scenario): presence seen before it arrives
 *                                        is all the presence there is
 *   channel-open(type, id)               session → application VM: start a process for channel id
 *   channel-in(id, data(bytes) | eof())  session → the channel's process
 *   channel-out(id, data(bytes))         the channel's process → session
 */
import { struct, type Term } from '../../kernel/index.ts';

export const inboundVersion = (text: Term) => struct('inbound-version', text);
export const inboundPacket = (seq: Term, name: Term, payload: Term) => struct('inbound-packet', seq, name, payload);
export const inboundCredit = (n: Term) => struct('inbound-credit', n);
export const outboundVersion = (text: Term) => struct('outbound-version', text);
export const outboundPacket = (name: Term, payload: Term) => struct('outbound-packet', name, payload);
export const outboundFlush = (tag: Term) => struct('outbound-flush', tag);
export const outboundFlushed = (tag: Term) => struct('outbound-flushed', tag);
export const newKeys = (direction: Term, cipher: Term) => struct('new-keys', direction, cipher);
export const openBarrier = (sender: Term) => struct('open-barrier', sender);
export const channelOpen = (type: Term, id: Term) => struct('channel-open', type, id);
export const channelIn = (id: Term, data: Term) => struct('channel-in', id, data);
export const channelOut = (id: Term, data: Term) => struct('channel-out', id, data);
export const chunk = (b: Uint8Array) => struct('data', b);
export const CHANNEL_EOF = struct('eof');

/** The label of the session's login-grace timer (local to its VM: the timer relay renames it outside). */
export const GRACE = 'login-grace';
