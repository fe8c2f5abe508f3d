/**
 * The stub client: what `dig` is to a real resolver. An ordinary os2 process in the ground VM
 * (not a scripted world host: those cannot decide to retransmit only when an answer is missing).
 *
 * It sends each query of its list (queries.ts) from udp-handle("stub") to the proxy, a real DNS
 * message with RD set and an id from its own seeded PRNG: a query with a time (@MS) at that
 * virtual time, a query without one right after the previous query finished. A query unanswered
 * after timeoutMs is retransmitted unchanged (same id: the proxy's packet-dispatcher recognises it),
 * at most `tries` sends in all. A datagram is the response to a query only if it comes from the
 * proxy's address and port and carries the query's id and question (RFC 5452 §9.1; letter case
 * aside): anything else — a forgery from another address, a stray answer — is ignored. Each
 * finished query is reported as the message
 *   stub-result(index, id, name, type, response(bytes, tries) | no-response(tries))
 * (nobody needs to subscribe: the runner reads it from the trace). When all are done it quits.
 */
import {
  _, isBytes, isStruct, pretty, processOf, quit, role, sendMessage, struct, topicPublisher, topicSubscriber, transition,
  type ActionTree, type Term, type Transition,
} from '../../kernel/index.ts';
import { setTimer, timerExpired, anyRemote, udpPacket, nextInt, seedRng, type Rng } from '../../kernel/ground/index.ts';
import type { AddressPlan } from './addressing.ts';
import { makeQuery, type DnsMessage } from './message.ts';
import { canonicalName } from './names.ts';
import type { StubQuery } from './queries.ts';
import { stubResult } from './topics.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export interface StubConfig {
  readonly queries: readonly StubQuery[];
  readonly plan: AddressPlan;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly tries: number;
}

export const DEFAULT_STUB_TIMEOUT_MS = 3000;
export const DEFAULT_STUB_TRIES = 6;

interface Outstanding {
  readonly index: number;
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly tries: number;
}

export interface StubState {
  readonly rng: Rng;
  readonly ready: boolean;
  readonly outstanding: readonly Outstanding[];
  readonly finished: number;
}

const Stub = processOf<StubState>();

const stubStart = (i: Term) => struct('stub-start', i);
const stubRetry = (i: Term, n: Term) => struct('stub-retry', i, n);

/** Mixes the scenario seed so that the stub's ids differ from the proxy's. */
export const stubSeed = (seed: number): number => (seed ^ 0x5eed5eed) >>> 0;

type T = Transition<StubState>;

export function stubClient(c: StubConfig): () => T {
  const local = c.plan.stubHandle;
  return () => Stub.transition({ rng: seedRng(stubSeed(c.seed)), ready: false, outstanding: [], finished: 0 },
    Stub.role('start', topicSubscriber(timerExpired(stubStart(_), _)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'timer-expired', 2) || !isStruct(m.fields[0]!, 'stub-start', 1)) return;
        return startQuery(c, s, m.fields[0].fields[0] as number);
      },
    }),
    Stub.role('retry', topicSubscriber(timerExpired(stubRetry(_, _), _)), { onMessage: (m, s) => onRetryTimer(c, m, s) }),
    role('requests', topicPublisher(udpPacket(local, anyRemote, _))),
    Stub.role('responses', topicSubscriber(udpPacket(anyRemote, local, _)), {
      onPresence: (_peer, s) => onReady(c, s),
      onMessage: (m, s) => onResponse(c, m, s),
    }),
  );
}

/** Sends (or resends) a query and sets its retry timer. */
const transmit = (c: StubConfig, o: Outstanding): ActionTree => [
  sendMessage(udpPacket(c.plan.stubHandle, c.plan.proxyRemote, o.bytes)),
  sendMessage(setTimer(stubRetry(o.index, o.tries), c.timeoutMs, 'relative')),
];

/** Starts query `index` with a fresh id (one no outstanding query uses). */
function startQuery(c: StubConfig, s: StubState, index: number): T {
  const q = c.queries[index]!;
  let rng = s.rng;
  let id: number;
  do [id, rng] = nextInt(rng, 65536);
  while (s.outstanding.some((o) => o.id === id));
  const bytes = encodeMessage(makeQuery(id, { name: q.name, type: q.type, cls: 'IN' }, true));
  const o: Outstanding = { index, id, bytes, tries: 1 };
  return transition({ ...s, rng, outstanding: [...s.outstanding, o] }, transmit(c, o));
}

/** After query `index` finished: start the next one if it waits for this one; quit when all are done. */
function finishQuery(c: StubConfig, s: StubState, o: Outstanding, outcome: Term): T {
  const q = c.queries[o.index]!;
  let st: StubState = { ...s, outstanding: s.outstanding.filter((x) => x !== o), finished: s.finished + 1 };
  const actions: ActionTree[] = [sendMessage(stubResult(o.index + 1, o.id, q.name, q.type, outcome))];
  const next = c.queries[o.index + 1];
  if (next !== undefined && next.at === null) {
    const t = startQuery(c, st, o.index + 1);
    st = t.state;
    actions.push(t.actions as ActionTree);
  }
  if (st.finished === c.queries.length) actions.push(quit());
  return transition(st, actions);
}

/** The UDP driver is there: set the timers of the timed queries and start the first untimed one. */
function onReady(c: StubConfig, s: StubState): T | undefined {
  if (s.ready) return;
  let st: StubState = { ...s, ready: true };
  const actions: ActionTree[] = c.queries.flatMap((q, i) => (q.at === null ? [] : [sendMessage(setTimer(stubStart(i), q.at, 'absolute'))]));
  if (c.queries[0]?.at === null) {
    const t = startQuery(c, st, 0);
    st = t.state;
    actions.push(t.actions as ActionTree);
  }
  if (c.queries.length === 0) actions.push(quit());
  return transition(st, actions);
}

/** A retry timer: resend the query if it is still unanswered, or give it up after `tries` sends. */
function onRetryTimer(c: StubConfig, m: Term, s: StubState): T | undefined {
  if (!isStruct(m, 'timer-expired', 2) || !isStruct(m.fields[0]!, 'stub-retry', 2)) return;
  const [index, tries] = m.fields[0].fields;
  const o = s.outstanding.find((x) => x.index === index && x.tries === tries);
  if (o === undefined) return;
  if (o.tries >= c.tries) return finishQuery(c, s, o, struct('no-response', o.tries));
  const again = { ...o, tries: o.tries + 1 };
  return transition({ ...s, outstanding: s.outstanding.map((x) => (x === o ? again : x)) }, transmit(c, again));
}

/** Does this response answer query `q`: the same one question, letter case aside? */
function answers(m: DnsMessage, q: StubQuery): boolean {
  const asked = m.questions[0];
  return m.questions.length === 1 && asked !== undefined && canonicalName(asked.name) === q.name && asked.type === q.type && asked.cls === 'IN';
}

/** A datagram from the proxy: the response to an outstanding query finishes it. */
function onResponse(c: StubConfig, m: Term, s: StubState): T | undefined {
  if (!isStruct(m, 'udp-packet', 3) || !isBytes(m.fields[2]!)) return;
  const [source, , bytes] = m.fields;
  if (pretty(source!) !== pretty(c.plan.proxyRemote)) return; // not from the proxy: a forgery
  const d = decodeMessage(bytes);
  if ('error' in d || d.message.kind !== 'response') return;
  const o = s.outstanding.find((x) => x.id === d.message.id);
  if (o === undefined) return; // a late copy of an answer already taken
  if (!answers(d.message, c.queries[o.index]!)) return; // the right id, but another question
  return finishQuery(c, s, o, struct('response', bytes, o.tries));
}
