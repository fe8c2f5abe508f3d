/**
 * The DNS caching proxy: the talk's server VM in *proxy* mode, one nested VM named "dns-proxy".
 *
 *   timer-relay           set-timer / timer-expired between this VM and the ground timer driver
 *   query-id-allocator    allocate-query-id(tag) → query-id(tag, id): a 16-bit id not in use, drawn
 *                         from a mulberry32 PRNG held in its state (seeded from the scenario seed);
 *                         release-query-id(id) frees it
 *   reader/writer (server) on udp-listener(53): the clients' side
 *   error-logger          records bad-dns-packet events
 *   reader/writer (client) on udp-handle("dns-proxy"): the side that queries authoritative servers
 *   packet-dispatcher     subscribes to dns-request(?, ?, udp-listener(53)). A request (id, source)
 *                         it is already relaying is a client retransmission: dropped (counted).
 *                         Otherwise it spawns a packet-relay. It observes publishers of dns-reply(?,
 *                         udp-listener(53), ?) and forgets (id, source) when that relay's reply
 *                         publisher goes away.
 *   packet-relay          one per client request: publishes dns-reply(dns-message(id, "response",
 *                         ?…), listener, source), subscribes to answered-question(q, ?) and
 *                         publishes q = question(name, type, class, context(client-request(id,
 *                         source), 0, [])); on the answer it sends the dns-reply and quits.
 *                         A request that is not a one-question QUERY gets FORMERR / NOTIMP at once.
 *                         The question is asked under its canonical (lower-case) name; the reply
 *                         repeats it exactly as the client asked it (RFC 4343 §4.1).
 *   question-dispatcher   an observer of question publishers (their presence is the demand) and a
 *                         subscriber of network-reply(?, ?). It holds the cache (cache.ts), so it
 *                         first asks the time (the talk's current-time idiom: a zero-delay timer),
 *                         then, in arrival order: merges each network reply into the cache (one
 *                         set-timer(check-dns-expiry(name, type, class), expiresAt, absolute) per
 *                         entry stored: expiry is driven by the timer driver), answers each
 *                         question from the cache if it can (stats(true, 0)), or spawns a
 *                         question-handler (resolver.ts) starting at the deepest cached delegation.
 */
import {
  _, boot, isStruct, pretty, processOf, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition,
  type ActionTree, type BootSpec, type Role, type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerExpired, timerRelay, nextInt, seedRng, type Rng } from '../../kernel/ground/index.ts';
import {
  cacheKey, EMPTY_CACHE, expire, keyParts, lookup, merge, startingPoint, type Cache,
} from './cache.ts';
import { messageOf, messageTerm, messageWithId, questionKey, type DnsMessage, type Question } from './message.ts';
import { canonicalName } from './names.ts';
import {
  answerOf, answerTerm, DEFAULT_RESOLVER_LIMITS, questionHandler, questionTopicOf, type ResolverConfig,
} from './resolver.ts';
import {
  allocateQueryId, answeredQuestion, clientRequest, context, dnsReply, dnsRequest, question, queryId, releaseQueryId,
} from './topics.ts';
import { errorLogger, reader, writer } from './io.ts';

export interface ProxyConfig extends ResolverConfig {
  /** Seeds the query-id-allocator's PRNG. */
  readonly seed: number;
}

export const proxyConfig = (c: Omit<ProxyConfig, 'limits'> & Partial<Pick<ProxyConfig, 'limits'>>): ProxyConfig => ({
  limits: DEFAULT_RESOLVER_LIMITS, ...c,
});

// ---- query-id-allocator ----------------------------------------------------------------------------

export interface AllocatorState {
  readonly rng: Rng;
  readonly inUse: readonly number[];
}

const Allocator = processOf<AllocatorState>();

export function queryIdAllocator(seed: number): () => Transition<AllocatorState> {
  return () => Allocator.transition({ rng: seedRng(seed), inUse: [] },
    Allocator.role('allocate', topicSubscriber(allocateQueryId(_)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'allocate-query-id', 1)) return;
        let rng = s.rng;
        let id: number;
        do [id, rng] = nextInt(rng, 65536);
        while (s.inUse.includes(id));
        return transition({ rng, inUse: [...s.inUse, id] }, sendMessage(queryId(m.fields[0]!, id)));
      },
    }),
    Allocator.role('release', topicSubscriber(releaseQueryId(_)), {
      onMessage: (m, s) => (isStruct(m, 'release-query-id', 1) ? transition({ ...s, inUse: s.inUse.filter((x) => x !== m.fields[0]) }) : undefined),
    }),
  );
}

// ---- packet-dispatcher and packet-relay ---------------------------------------------------------------

export interface DispatcherState {
  /** The requests being relayed, as "id source". */
  readonly active: readonly string[];
  readonly relayed: number;
  readonly duplicates: number;
}

const Dispatcher = processOf<DispatcherState>();

const requestKey = (id: Term, source: Term): string => `${pretty(id)} ${pretty(source)}`;

export function packetDispatcher(listener: Term): () => Transition<DispatcherState> {
  return () => Dispatcher.transition({ active: [], relayed: 0, duplicates: 0 },
    Dispatcher.role('requests', topicSubscriber(dnsRequest(_, _, listener)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'dns-request', 3)) return;
        const [message, source] = m.fields as [Term, Term];
        const request = messageOf(message);
        if (request === null) return;
        const key = requestKey(request.id, source);
        if (s.active.includes(key)) return transition({ ...s, duplicates: s.duplicates + 1 });
        return transition({ ...s, active: [...s.active, key], relayed: s.relayed + 1 },
          spawn(packetRelay(request, source, listener), { name: 'packet-relay' }));
      },
    }),
    Dispatcher.role('relays', topicSubscriber(dnsReply(_, listener, _), { monitor: true }), {
      onAbsence: (peer: Role, _reason, s) => {
        const t = peer.topic;
        if (!isStruct(t, 'dns-reply', 3) || !isStruct(t.fields[0]!, 'dns-message')) return;
        const key = requestKey(t.fields[0].fields[0]!, t.fields[2]!);
        return transition({ ...s, active: s.active.filter((k) => k !== key) });
      },
    }),
  );
}

export interface RelayState {
  readonly request: string;
}

/**
 * The response to a client's request: its id, opcode and question exactly as asked (letter case
 * too: RFC 4343 §4.1), or no question if the request did not have exactly one.
 */
function response(request: DnsMessage, rcode: string, rest: Partial<DnsMessage> = {}): DnsMessage {
  return {
    id: request.id, kind: 'response', opcode: request.opcode, rcode,
    flags: [...(request.flags.includes('rd') ? ['rd'] : []), 'ra'],
    questions: request.questions.length === 1 ? request.questions : [], answers: [], authorities: [], additionals: [], ...rest,
  };
}

export function packetRelay(request: DnsMessage, source: Term, listener: Term): () => Transition<RelayState> {
  const reply = (m: DnsMessage): ActionTree => sendMessage(dnsReply(messageTerm(m), listener, source));
  return () => {
    const q = request.questions[0];
    const state: RelayState = { request: `${request.id} ${q === undefined ? '(no question)' : questionKey(q)} from ${pretty(source)}` };
    if (request.questions.length !== 1 || q === undefined) return transition(state, reply(response(request, 'FORMERR')), quit());
    if (request.opcode !== 'QUERY') return transition(state, reply(response(request, 'NOTIMP')), quit());
    // The question is resolved (and cached) under its canonical name; the reply repeats it as asked.
    const topic = question(canonicalName(q.name), q.type, q.cls, context(clientRequest(request.id, source), 0, []));
    return transition(state,
      role('reply', topicPublisher(dnsReply(messageWithId(request.id, 'response'), listener, source))),
      role<RelayState>('answer', topicSubscriber(answeredQuestion(topic, _)), {
        onMessage: (m, s) => {
          const a = isStruct(m, 'answered-question', 2) ? answerOf(m.fields[1]!) : null;
          if (a === null) return;
          return transition(s, reply(response(request, a.rcode, { answers: a.answers, authorities: a.authorities })), quit());
        },
      }),
      role('question', topicPublisher(topic)),
    );
  };
}

// ---- question-dispatcher -------------------------------------------------------------------------------

type Item =
  | { readonly kind: 'question'; readonly topic: Term }
  | { readonly kind: 'merge'; readonly result: Term };

export interface QuestionDispatcherState {
  readonly cache: Cache;
  /** Work waiting for the clock, in arrival order. */
  readonly inbox: readonly Item[];
  /** The clock request in flight, if any. */
  readonly clock: number | null;
  readonly clocks: number;
  readonly handlers: number;
  readonly hits: number;
  readonly misses: number;
}

const QuestionDispatcher = processOf<QuestionDispatcherState>();

export const dispatcherClock = (n: Term) => struct('dispatcher-clock', n);
export const checkDnsExpiry = (name: Term, type: Term, cls: Term) => struct('check-dns-expiry', name, type, cls);

type QT = Transition<QuestionDispatcherState>;

export function questionDispatcher(config: ResolverConfig): () => QT {
  const enqueue = (s: QuestionDispatcherState, item: Item): QT => {
    const inbox = [...s.inbox, item];
    if (s.clock !== null) return transition({ ...s, inbox });
    const n = s.clocks + 1;
    return transition({ ...s, inbox, clock: n, clocks: n }, sendMessage(setTimer(dispatcherClock(n), 0, 'relative')));
  };

  const answerQuestion = (s: QuestionDispatcherState, topic: Term, now: number): QT => {
    const parsed = questionTopicOf(topic);
    if (parsed === null) return transition(s);
    const { q, depth, ancestors } = parsed;
    const found = lookup(s.cache, q, now);
    if ('hit' in found) {
      const a = answerTerm({ ...found.hit, fromCache: true, packets: 0 });
      return transition({ ...s, hits: s.hits + 1 }, sendMessage(answeredQuestion(topic, a)));
    }
    const target: Question = { ...q, name: found.miss.target };
    const lineage = [...new Set([...ancestors, `${q.name} ${q.type}`, `${target.name} ${target.type}`])];
    const tag = `qh${s.handlers + 1}`;
    const start = startingPoint(s.cache, target.name, now, config.rootHints);
    const handler = questionHandler({ topic, tag, target, prefix: found.miss.chain, start, depth, lineage, config });
    return transition({ ...s, handlers: s.handlers + 1, misses: s.misses + 1 }, spawn(handler, { name: 'question-handler' }));
  };

  const mergeReply = (s: QuestionDispatcherState, result: Term, now: number): QT => {
    if (!isStruct(result, 'reply', 4)) return transition(s);
    const [message, zone] = result.fields as [Term, Term];
    const m = messageOf(message);
    const q = m?.questions[0];
    if (m === null || q === undefined || typeof zone !== 'string') return transition(s);
    const merged = merge(s.cache, m, zone, { ...q, name: canonicalName(q.name) }, now);
    const timers = merged.stored.map((st) => sendMessage(setTimer(checkDnsExpiry(...keyParts(st.key)), st.expiresAt, 'absolute')));
    return transition({ ...s, cache: merged.cache }, timers);
  };

  return () => QuestionDispatcher.transition(
    { cache: EMPTY_CACHE, inbox: [], clock: null, clocks: 0, handlers: 0, hits: 0, misses: 0 },
    QuestionDispatcher.role('questions', topicSubscriber(question(_, _, _, _), { monitor: true }), {
      onPresence: (peer, s) => (peer.orientation === 'publisher' ? enqueue(s, { kind: 'question', topic: peer.topic }) : undefined),
    }),
    QuestionDispatcher.role('network-replies', topicSubscriber(struct('network-reply', _, _)), {
      onMessage: (m, s) => (isStruct(m, 'network-reply', 2) ? enqueue(s, { kind: 'merge', result: m.fields[1]! }) : undefined),
    }),
    QuestionDispatcher.role('clock', topicSubscriber(timerExpired(dispatcherClock(_), _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'timer-expired', 2) || !isStruct(m.fields[0]!, 'dispatcher-clock', 1)) return;
        if (m.fields[0].fields[0] !== s.clock || typeof m.fields[1] !== 'number') return;
        const now = m.fields[1];
        let st: QuestionDispatcherState = { ...s, inbox: [], clock: null };
        const actions: ActionTree[] = [];
        for (const item of s.inbox) {
          const t = item.kind === 'question' ? answerQuestion(st, item.topic, now) : mergeReply(st, item.result, now);
          st = t.state;
          actions.push(t.actions as ActionTree);
        }
        return transition(st, actions);
      },
    }),
    QuestionDispatcher.role('expiry', topicSubscriber(timerExpired(checkDnsExpiry(_, _, _), _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'timer-expired', 2) || !isStruct(m.fields[0]!, 'check-dns-expiry', 3) || typeof m.fields[1] !== 'number') return;
        const [name, type, cls] = m.fields[0].fields.map(String) as [string, string, string];
        return transition({ ...s, cache: expire(s.cache, cacheKey(name, type, cls), m.fields[1]) });
      },
    }),
  );
}

// ---- the proxy VM ------------------------------------------------------------------------------------

/** The boot of the proxy's nested VM (spawn it with nestedVm(…, { name: 'dns-proxy' })). */
export function dnsProxyServer(config: ProxyConfig): BootSpec {
  const { plan } = config;
  return boot(null,
    spawn(timerRelay('dns-proxy'), { name: 'timer-relay' }),
    spawn(queryIdAllocator(config.seed), { name: 'query-id-allocator' }),
    spawn(reader(plan.proxyListener), { name: 'reader (server)' }),
    spawn(writer(plan.proxyListener), { name: 'writer (server)' }),
    spawn(errorLogger, { name: 'error-logger' }),
    spawn(reader(plan.proxyClient), { name: 'reader (client)' }),
    spawn(writer(plan.proxyClient), { name: 'writer (client)' }),
    spawn(packetDispatcher(plan.proxyListener), { name: 'packet-dispatcher' }),
    spawn(questionDispatcher(config), { name: 'question-dispatcher' }),
  );
}
