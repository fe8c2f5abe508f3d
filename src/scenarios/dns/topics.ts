/**
 * The conversations of the DNS processes (spec §7), as struct terms. Everything the processes say
 * to each other is one of these; nothing else is shared.
 *
 * Wire side (reader/writer, both modes):
 *   dns-request(message, source, sink)   a query travelling from source to sink
 *   dns-reply(message, source, sink)     a response travelling from source to sink
 *   bad-dns-packet(bytes, source, sink, reason)   a datagram that is not a DNS message (or a
 *                                        message that could not be encoded): the error-logger's
 *   source/sink are UDP addresses: udp-remote-address(host, port), udp-listener(port), udp-handle(id).
 *   A reader publishes what arrives on its local address (dns-request or dns-reply by the QR bit);
 *   a writer sends what is addressed *from* its local address.
 *
 * Query ids (query-id-allocator):
 *   allocate-query-id(tag)  →  query-id(tag, id)        release-query-id(id)
 *
 * The proxy:
 *   question(name, type, class, context)       a question someone wants answered (a publisher: its
 *                                              presence is the demand the question-dispatcher sees)
 *   context(requester, depth, ancestors)       requester: client-request(id, source) | sub(tag);
 *                                              depth and ancestors ("name type" strings) bound
 *                                              sub-questions (loops, depth → SERVFAIL)
 *   answered-question(question, answer)        the answer to exactly that question
 *   answer(rcode, answers, authorities, stats(from-cache, upstream-packets))
 *   network-reply(tag, reply(message, zone, server, packets) | timeout(packets))
 *                                              a network-query's result; the question-dispatcher
 *                                              merges every one into the cache
 *   glueless-answer(tag, ns-name | false, addresses, upstream-packets)
 *   A packet-relay publishes dns-reply(dns-message(id, "response", ?…), listener, source) while it
 *   works on request (id, source): the packet-dispatcher forgets the request when that goes away.
 *   set-timer / timer-expired                  the timer driver's protocol (via timer-relay)
 *
 * The stub client (ground level):
 *   stub-result(index, id, name, type, outcome)  outcome: response(bytes, tries) | no-response(tries)
 */
import { struct, type Term } from '../../kernel/index.ts';

export const dnsRequest = (message: Term, source: Term, sink: Term) => struct('dns-request', message, source, sink);
export const dnsReply = (message: Term, source: Term, sink: Term) => struct('dns-reply', message, source, sink);
export const badDnsPacket = (data: Term, source: Term, sink: Term, reason: Term) => struct('bad-dns-packet', data, source, sink, reason);

export const allocateQueryId = (tag: Term) => struct('allocate-query-id', tag);
export const queryId = (tag: Term, id: Term) => struct('query-id', tag, id);
export const releaseQueryId = (id: Term) => struct('release-query-id', id);

export const question = (name: Term, type: Term, cls: Term, context: Term) => struct('question', name, type, cls, context);
export const context = (requester: Term, depth: Term, ancestors: Term) => struct('context', requester, depth, ancestors);
export const clientRequest = (id: Term, source: Term) => struct('client-request', id, source);
export const sub = (tag: Term) => struct('sub', tag);
export const answeredQuestion = (q: Term, answer: Term) => struct('answered-question', q, answer);
export const networkReply = (tag: Term, result: Term) => struct('network-reply', tag, result);
export const gluelessAnswer = (tag: Term, ns: Term, addresses: Term, packets: Term) => struct('glueless-answer', tag, ns, addresses, packets);

export const stubResult = (index: Term, id: Term, name: Term, type: Term, outcome: Term) =>
  struct('stub-result', index, id, name, type, outcome);
