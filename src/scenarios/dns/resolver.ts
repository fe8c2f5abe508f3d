/**
 * Iterative resolution (RFC 1034 §5.3.3), as the talk's per-question processes inside the proxy VM.
 *
 *   question-handler           one per question the cache could not answer. Starts at the
 *                              deepest cached delegation (or the root hints), asks that zone's
 *                              servers through a network-query, and then, by the response:
 *                                answer / NXDOMAIN / NODATA      → answered-question, quit
 *                                CNAME leading out of the zone   → a sub-question for the target
 *                                                                  (through the question-dispatcher,
 *                                                                  so it may come from the cache)
 *                                referral with glue              → ask the child zone's servers
 *                                referral without glue           → a glueless-question-handler first
 *                                timeout, lame or bad response   → SERVFAIL
 *                              Limits: MAX referrals per question, sub-questions nest at most
 *                              maxDepth deep, a sub-question already on the way up (a loop) and a
 *                              CNAME chain longer than MAX_CNAME_CHAIN are SERVFAIL.
 *   glueless-question-handler  asks question(ns-name, A, IN, …) for each name server of a glueless
 *                              delegation in turn, and reports the first addresses it gets as
 *                              glueless-answer(tag, ns-name, addresses, upstream-packets).
 *   network-query              one per upstream exchange: gets an id from the query-id-allocator,
 *                              sends dns-request(query, proxy-client, server) to the candidate
 *                              servers in turn, one try per timeout (timer via timer-relay), at
 *                              most maxTries; publishes network-reply(tag, reply(response, zone,
 *                              server-ip, packets)) or network-reply(tag, timeout(packets)),
 *                              releases the id and quits. A response from an address it did not
 *                              ask, or for another question, is ignored.
 * Every answer carries stats(from-cache, upstream-packets): the packets sent upstream on its behalf.
 */
import {
  _, deleteRole, isStruct, processOf, quit, role, sendMessage, spawn, struct, topicPublisher, topicSubscriber, transition,
  type ActionTree, type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerExpired } from '../../kernel/ground/index.ts';
import type { AddressPlan } from './addressing.ts';
import { chainEnd, MAX_CNAME_CHAIN, type Server, type StartingPoint } from './cache.ts';
import { makeQuery, messageOf, messageTerm, messageWithId, rrOf, rrTerm, type DnsMessage, type Question, type Rr } from './message.ts';
import { canonicalName, isAtOrBelow, isBelow } from './names.ts';
import {
  allocateQueryId, answeredQuestion, context, dnsReply, dnsRequest, gluelessAnswer, networkReply, question, queryId,
  releaseQueryId, sub,
} from './topics.ts';

export interface ResolverLimits {
  /** How deep sub-questions (CNAME targets, name-server addresses) may nest. */
  readonly maxDepth: number;
  /** Referrals one question-handler follows. */
  readonly maxReferrals: number;
  /** Tries of one network-query (the first send included). */
  readonly maxTries: number;
  /** How long a network-query waits for each try, in virtual ms. */
  readonly timeoutMs: number;
}

export const DEFAULT_RESOLVER_LIMITS: ResolverLimits = Object.freeze({ maxDepth: 6, maxReferrals: 12, maxTries: 5, timeoutMs: 400 });

export interface ResolverConfig {
  readonly plan: AddressPlan;
  readonly rootHints: readonly string[];
  readonly limits: ResolverLimits;
}

// ---- answers -------------------------------------------------------------------------------------

export interface Answer {
  readonly rcode: string;
  readonly answers: readonly Rr[];
  readonly authorities: readonly Rr[];
  readonly fromCache: boolean;
  readonly packets: number;
}

export const answerTerm = (a: Answer): Term =>
  struct('answer', a.rcode, a.answers.map(rrTerm), a.authorities.map(rrTerm), struct('stats', a.fromCache, a.packets));

export function answerOf(t: Term): Answer | null {
  if (!isStruct(t, 'answer', 4)) return null;
  const [rcode, an, ns, stats] = t.fields;
  if (typeof rcode !== 'string' || !Array.isArray(an) || !Array.isArray(ns) || !isStruct(stats!, 'stats', 2)) return null;
  const rrs = (xs: readonly Term[]): Rr[] => xs.map(rrOf).filter((r): r is Rr => r !== null);
  return { rcode, answers: rrs(an), authorities: rrs(ns), fromCache: stats.fields[0] === true, packets: Number(stats.fields[1]) };
}

/** The view of a question(name, type, class, context) term. */
export function questionTopicOf(t: Term): { q: Question; depth: number; ancestors: string[] } | null {
  if (!isStruct(t, 'question', 4)) return null;
  const [name, type, cls, ctx] = t.fields;
  if (typeof name !== 'string' || typeof type !== 'string' || typeof cls !== 'string' || !isStruct(ctx!, 'context', 3)) return null;
  const [, depth, ancestors] = ctx.fields;
  return {
    q: { name, type, cls },
    depth: typeof depth === 'number' ? depth : 0,
    ancestors: Array.isArray(ancestors) ? (ancestors as readonly Term[]).map(String) : [],
  };
}

const lineKey = (name: string, type: string): string => `${name} ${type}`;

// ---- question-handler -------------------------------------------------------------------------------

export interface HandlerInit {
  /** The question term being answered (as the requester published it). */
  readonly topic: Term;
  readonly tag: string;
  /** What this handler resolves: the question's name, or the end of a cached CNAME chain. */
  readonly target: Question;
  /** Cached CNAMEs from the question's name to the target (the answer starts with them). */
  readonly prefix: readonly Rr[];
  readonly start: StartingPoint;
  readonly depth: number;
  /** The questions this one was asked on behalf of, and this one ("name TYPE"). */
  readonly lineage: readonly string[];
  readonly config: ResolverConfig;
}

export interface HandlerState {
  readonly tag: string;
  readonly target: Question;
  readonly zone: string;
  readonly servers: readonly Server[];
  readonly referrals: number;
  readonly packets: number;
  readonly prefix: readonly Rr[];
  readonly steps: number;
  /** What the handler waits for, for the inspector. */
  readonly waiting: string;
}

const Handler = processOf<HandlerState>();

type HT = Transition<HandlerState>;

/**
 * A question-handler's boot: ask the starting point's servers. Its steps are the functions below;
 * each takes the handler's (constant) init alongside its state.
 */
export function questionHandler(init: HandlerInit): () => HT {
  return () => askServers(init, {
    tag: init.tag, target: init.target, zone: init.start.zone, servers: init.start.servers, referrals: 0, packets: 0,
    prefix: init.prefix, steps: 0, waiting: 'starting',
  });
}

/** The question is settled: publish its answer (the cached CNAME prefix first) and quit. */
function finish(init: HandlerInit, s: HandlerState, rcode: string, answers: readonly Rr[], authorities: readonly Rr[]): HT {
  const all = rcode === 'SERVFAIL' ? [] : [...s.prefix, ...answers];
  const answer = answerTerm({ rcode, answers: all, authorities: rcode === 'SERVFAIL' ? [] : authorities, fromCache: false, packets: s.packets });
  return transition({ ...s, waiting: `done: ${rcode}` }, sendMessage(answeredQuestion(init.topic, answer)), quit());
}

/** Asks the current zone's servers: a network-query process, and an endpoint for its network-reply. */
function askServers(init: HandlerInit, s: HandlerState): HT {
  const addresses = [...new Set(s.servers.flatMap((x) => x.addresses))];
  if (addresses.length === 0) return finish(init, s, 'SERVFAIL', [], []);
  const tag = `${s.tag}/nq${s.steps + 1}`;
  const endpoint = `network-reply ${tag}`;
  const next = { ...s, steps: s.steps + 1, waiting: `${tag}: ${s.target.name} ${s.target.type} at ${s.zone} servers ${addresses.join(', ')}` };
  return transition(next,
    Handler.role(endpoint, topicSubscriber(networkReply(tag, _)), {
      onMessage: (m, st) => (isStruct(m, 'network-reply', 2) ? onNetworkReply(init, st, m.fields[1]!, endpoint) : undefined),
    }),
    spawn(networkQuery({ tag, question: s.target, zone: s.zone, addresses, config: init.config }), { name: 'network-query' }),
  );
}

/**
 * A CNAME led out of the zone: publish a sub-question for its target (through the
 * question-dispatcher, so the cache may answer it) and finish with its answer.
 */
function askSubQuestion(init: HandlerInit, s: HandlerState, name: string, chain: readonly Rr[]): HT {
  const key = lineKey(name, s.target.type);
  const prefix = [...s.prefix, ...chain];
  const upd = { ...s, prefix };
  if (init.lineage.includes(key) || prefix.some((r) => r.name === name) || init.depth + 1 > init.config.limits.maxDepth || prefix.length > MAX_CNAME_CHAIN) {
    return finish(init, upd, 'SERVFAIL', [], []);
  }
  const tag = `${s.tag}/sub${s.steps + 1}`;
  const sq = question(name, s.target.type, s.target.cls, context(sub(tag), init.depth + 1, [...init.lineage, key]));
  const asking = `ask ${tag}`;
  const answerEp = `answer ${tag}`;
  return transition({ ...upd, steps: s.steps + 1, waiting: `${tag}: sub-question ${name} ${s.target.type}` },
    Handler.role(answerEp, topicSubscriber(answeredQuestion(sq, _)), {
      onMessage: (m, st) => {
        const a = isStruct(m, 'answered-question', 2) ? answerOf(m.fields[1]!) : null;
        if (a === null) return;
        const done = { ...st, packets: st.packets + a.packets };
        return a.rcode === 'SERVFAIL' ? finish(init, done, 'SERVFAIL', [], []) : finish(init, done, a.rcode, a.answers, a.authorities);
      },
    }),
    role(asking, topicPublisher(sq)),
  );
}

/** A referral without glue: a glueless-question-handler finds a name server's address first. */
function askGluelessAddresses(init: HandlerInit, s: HandlerState, names: readonly string[]): HT {
  const tag = `${s.tag}/glue${s.steps + 1}`;
  const endpoint = `glueless-answer ${tag}`;
  return transition({ ...s, steps: s.steps + 1, waiting: `${tag}: addresses of ${names.join(', ')}` },
    Handler.role(endpoint, topicSubscriber(gluelessAnswer(tag, _, _, _)), {
      onMessage: (m, st) => {
        if (!isStruct(m, 'glueless-answer', 4)) return;
        const [ns, addrs, packets] = m.fields.slice(1) as [Term, Term, Term];
        const addresses = Array.isArray(addrs) ? (addrs as readonly Term[]).map(String) : [];
        const got = { ...st, packets: st.packets + Number(packets) };
        if (typeof ns !== 'string' || addresses.length === 0) return finish(init, got, 'SERVFAIL', [], []);
        const t = askServers(init, { ...got, servers: [{ name: ns, addresses }] });
        return { state: t.state, actions: [deleteRole(endpoint), t.actions] };
      },
    }),
    spawn(gluelessQuestionHandler({ tag, names, depth: init.depth + 1, lineage: init.lineage, config: init.config }), { name: 'glueless-question-handler' }),
  );
}

function onNetworkReply(init: HandlerInit, s0: HandlerState, result: Term, endpoint: string): HT {
  const t = classifyReply(init, s0, result);
  return { state: t.state, actions: [deleteRole(endpoint), t.actions as ActionTree] };
}

/** What a network-reply means for the question: an answer, a CNAME to follow, a referral, or SERVFAIL. */
function classifyReply(init: HandlerInit, s0: HandlerState, result: Term): HT {
  if (isStruct(result, 'timeout', 1)) return finish(init, { ...s0, packets: s0.packets + Number(result.fields[0]) }, 'SERVFAIL', [], []);
  if (!isStruct(result, 'reply', 4)) return finish(init, s0, 'SERVFAIL', [], []);
  const s = { ...s0, packets: s0.packets + Number(result.fields[3]) };
  const m = messageOf(result.fields[0]!);
  if (m === null || (m.rcode !== 'NOERROR' && m.rcode !== 'NXDOMAIN')) return finish(init, s, 'SERVFAIL', [], []);
  const inZone = (r: Rr): boolean => isAtOrBelow(r.name, s.zone);
  const answers = m.answers.filter(inZone);
  const soa = m.authorities.filter((r) => r.type === 'SOA' && inZone(r));
  const { chain, end, loop } = chainEnd(answers, s.target.name);
  if (loop || s.prefix.length + chain.length > MAX_CNAME_CHAIN) return finish(init, s, 'SERVFAIL', [], []);
  if (m.rcode === 'NXDOMAIN') return finish(init, s, 'NXDOMAIN', chain, soa);
  const finals = answers.filter((r) => r.name === end && r.type === s.target.type);
  if (finals.length > 0) return finish(init, s, 'NOERROR', [...chain, ...finals], []);
  if (chain.length > 0 && s.target.type !== 'CNAME') {
    const nodata = soa.length > 0 && !m.authorities.some((r) => r.type === 'NS');
    return nodata ? finish(init, s, 'NOERROR', chain, soa) : askSubQuestion(init, s, end, chain);
  }
  if (chain.length > 0) return finish(init, s, 'NOERROR', chain, []);
  if (soa.length > 0) return finish(init, s, 'NOERROR', [], soa);
  return followReferral(init, s, m);
}

/**
 * A referral: the NS records of one zone cut, strictly below the zone asked and at or above the
 * name. Ask the child zone's servers (with glue), or find their addresses first (without).
 */
function followReferral(init: HandlerInit, s: HandlerState, m: DnsMessage): HT {
  const zone = s.zone;
  const ns = m.authorities.filter((r) => r.type === 'NS');
  const cut = ns[0]?.name;
  if (cut === undefined || !ns.every((r) => r.name === cut) || !isBelow(cut, zone) || !isAtOrBelow(s.target.name, cut)) {
    return finish(init, s, 'SERVFAIL', [], []); // lame, upward or sideways referral
  }
  if (s.referrals + 1 > init.config.limits.maxReferrals) return finish(init, s, 'SERVFAIL', [], []);
  const names = ns.map((r) => String(r.data));
  const servers = names.map((n) => ({
    name: n,
    addresses: isAtOrBelow(n, zone) ? m.additionals.filter((r) => r.type === 'A' && r.name === n).map((r) => String(r.data)) : [],
  }));
  const withGlue = servers.filter((x) => x.addresses.length > 0);
  const moved = { ...s, zone: cut, referrals: s.referrals + 1 };
  return withGlue.length > 0 ? askServers(init, { ...moved, servers: withGlue }) : askGluelessAddresses(init, { ...moved, servers: [] }, names);
}

// ---- glueless-question-handler ----------------------------------------------------------------------

export interface GluelessInit {
  readonly tag: string;
  readonly names: readonly string[];
  readonly depth: number;
  readonly lineage: readonly string[];
  readonly config: ResolverConfig;
}

export interface GluelessState {
  readonly tag: string;
  readonly remaining: readonly string[];
  readonly asking: string | null;
  readonly packets: number;
}

type GT = Transition<GluelessState>;

export function gluelessQuestionHandler(init: GluelessInit): () => GT {
  const next = (s: GluelessState, retire: ActionTree): GT => {
    const usable = s.remaining.filter((n) => !init.lineage.includes(lineKey(n, 'A')));
    const name = usable[0];
    if (name === undefined || init.depth > init.config.limits.maxDepth) {
      return transition({ ...s, remaining: [], asking: null }, retire, sendMessage(gluelessAnswer(init.tag, false, [], s.packets)), quit());
    }
    const n = init.names.length - usable.length + 1;
    const sq = question(name, 'A', 'IN', context(sub(`${init.tag}/${n}`), init.depth, [...init.lineage, lineKey(name, 'A')]));
    return transition({ ...s, remaining: usable.slice(1), asking: name },
      retire,
      role<GluelessState>('answer', topicSubscriber(answeredQuestion(sq, _)), {
        onMessage: (m, st) => {
          const a = isStruct(m, 'answered-question', 2) ? answerOf(m.fields[1]!) : null;
          if (a === null) return;
          const got = { ...st, packets: st.packets + a.packets };
          const addresses = a.answers.filter((r) => r.type === 'A').map((r) => String(r.data));
          if (addresses.length > 0) return transition(got, sendMessage(gluelessAnswer(init.tag, name, addresses, got.packets)), quit());
          return next(got, [deleteRole('answer'), deleteRole('question')]);
        },
      }),
      role('question', topicPublisher(sq)),
    );
  };
  return () => next({ tag: init.tag, remaining: init.names, asking: null, packets: 0 }, null);
}

// ---- network-query -------------------------------------------------------------------------------------

export interface NetworkQueryInit {
  readonly tag: string;
  readonly question: Question;
  readonly zone: string;
  readonly addresses: readonly string[];
  readonly config: ResolverConfig;
}

export interface NetworkQueryState {
  readonly tag: string;
  readonly id: number | null;
  /** The current try (0-based) and the server it went to. */
  readonly attempt: number;
  readonly server: string | null;
  readonly packets: number;
}

const NetworkQuery = processOf<NetworkQueryState>();

type NT = Transition<NetworkQueryState>;

export const nqTimeout = (tag: Term, attempt: Term) => struct('nq-timeout', tag, attempt);

export function networkQuery(init: NetworkQueryInit): () => NT {
  const { tag, config } = init;
  const { plan, limits } = config;
  const local = plan.proxyClient;

  const send = (s: NetworkQueryState, attempt: number): NT => {
    const server = init.addresses[attempt % init.addresses.length]!;
    const query = messageTerm(makeQuery(s.id!, init.question, false));
    return transition({ ...s, attempt, server, packets: s.packets + 1 },
      sendMessage(dnsRequest(query, local, plan.remoteFor(server))),
      sendMessage(setTimer(nqTimeout(tag, attempt), limits.timeoutMs, 'relative')),
    );
  };
  const done = (s: NetworkQueryState, result: Term): NT =>
    transition(s, sendMessage(networkReply(tag, result)), sendMessage(releaseQueryId(s.id!)), quit());

  const onId = (m: Term, s: NetworkQueryState): NT | undefined => {
    if (!isStruct(m, 'query-id', 2) || s.id !== null || typeof m.fields[1] !== 'number') return;
    const id = m.fields[1];
    const withId = { ...s, id };
    const first = send(withId, 0);
    return transition(first.state,
      deleteRole('query-id'),
      NetworkQuery.role('reply', topicSubscriber(dnsReply(messageWithId(id, 'response'), _, local)), {
        onMessage: (r, st) => {
          if (!isStruct(r, 'dns-reply', 3)) return;
          const [message, source] = r.fields as [Term, Term];
          const ip = plan.ipOf(source);
          const reply = messageOf(message);
          const q = reply?.questions[0];
          const asked = init.question;
          if (ip === null || !init.addresses.includes(ip) || q === undefined || canonicalName(q.name) !== asked.name || q.type !== asked.type || q.cls !== asked.cls) {
            return; // not the answer to this query: ignore it
          }
          return done(st, struct('reply', message, init.zone, ip, st.packets));
        },
      }),
      NetworkQuery.role('timeout', topicSubscriber(timerExpired(nqTimeout(tag, _), _)), {
        onMessage: (t, st) => {
          if (!isStruct(t, 'timer-expired', 2) || !isStruct(t.fields[0]!, 'nq-timeout', 2)) return;
          const attempt = t.fields[0].fields[1];
          if (attempt !== st.attempt) return;
          return st.attempt + 1 < limits.maxTries ? send(st, st.attempt + 1) : done(st, struct('timeout', st.packets));
        },
      }),
      first.actions,
    );
  };

  return () => NetworkQuery.transition({ tag, id: null, attempt: 0, server: null, packets: 0 },
    NetworkQuery.role('query-id', topicSubscriber(queryId(tag, _)), { onMessage: onId }),
    sendMessage(allocateQueryId(tag)),
  );
}
