/**
 * The presence intervals by brute force, for tests: after every record, the whole relation "who
 * knows of whom", the live endpoints and processes as sets of strings, and intervals read off by
 * comparing each record's sets with the previous record's. No incremental bookkeeping is shared
 * with src/debugger/query/presence-index.ts: peers of relayed deliveries are found by following
 * cause links through the records themselves.
 */
import { pretty, type Role, type TraceRecord } from '../../../src/kernel/index.ts';

export interface NaiveInterval {
  /** The interval's subject: an endpoint incarnation, a pair "observer>peer", or a process incarnation. */
  readonly what: string;
  readonly from: number;
  readonly to: number | null;
  readonly end: string;
  readonly reason: string | null;
}

type Deliver = Extract<TraceRecord, { kind: 'deliver' }>;

interface State {
  /** "vm:pid" → process incarnation key, while the process is alive. */
  procs: Map<string, string>;
  /** Every "vm:pid" seen (pids are never reused: a process seen after its quit is not born again). */
  seen: Set<string>;
  /** "proc|meta|name" → endpoint incarnation key, while it exists. */
  endpoints: Map<string, string>;
  /** "proc|meta|name" → its latest incarnation, removed or not (an absence names a removed peer). */
  latest: Map<string, string>;
  /** "observer>peer" (endpoint incarnation keys) */
  knows: Set<string>;
  /** Each endpoint incarnation's role (as added; a placeholder for one never added) and each pair's presence role. */
  roles: Map<string, Role>;
}

/** The role the index gives an endpoint it was never told of. */
export const UNSEEN_ROLE: Role = { orientation: 'publisher', topic: null, interest: 'participant' };

const procKey = (vm: readonly number[], pid: number) => `${vm.join('/')}:${pid}`;

/** The peer of a delivery: its own, or (relayed inward) that of the relay record that caused it, recursively. */
function peerOf(r: Deliver, byId: Map<number, TraceRecord>): { vm: readonly number[]; pid: number; endpoint: string } | null {
  if (r.peer !== null) return { vm: r.vm, pid: r.peer.pid, endpoint: r.peer.endpoint };
  const c = r.cause === null ? undefined : byId.get(r.cause);
  return c?.kind === 'deliver' && c.outcome === 'relayed' ? peerOf(c, byId) : null;
}

function isMetaDelivery(r: Deliver, byId: Map<number, TraceRecord>): boolean {
  const c = r.cause === null ? undefined : byId.get(r.cause);
  return c?.kind === 'deliver' && c.outcome === 'relayed';
}

function endpointIn(s: State, vm: readonly number[], pid: number, meta: boolean, name: string, at: number): string {
  const pk = procKey(vm, pid);
  const key = `${pk}|${meta}|${name}`;
  let inc = s.latest.get(key);
  if (inc === undefined) {
    inc = `${key}@${at}`;
    s.endpoints.set(key, inc);
    s.latest.set(key, inc);
    s.roles.set(inc, UNSEEN_ROLE);
  }
  return inc;
}

function dropEndpoint(s: State, key: string): void {
  const inc = s.endpoints.get(key);
  if (inc === undefined) return;
  s.endpoints.delete(key);
  for (const k of [...s.knows]) if (k.startsWith(inc + '>')) s.knows.delete(k);
}

function step(s: State, r: TraceRecord, at: number, byId: Map<number, TraceRecord>): void {
  if (r.pid !== null && !s.seen.has(procKey(r.vm, r.pid))) {
    s.seen.add(procKey(r.vm, r.pid));
    s.procs.set(procKey(r.vm, r.pid), `${procKey(r.vm, r.pid)}@${at}`);
  }
  const gone = r.kind === 'quit' || r.kind === 'gc' ? r.vanished : [];
  if (r.kind === 'quit') s.procs.delete(procKey(r.vm, r.pid!));
  for (const v of gone) {
    s.procs.delete(procKey(v.vm, v.pid));
    for (const key of [...s.endpoints.keys()]) if (key.startsWith(procKey(v.vm, v.pid) + '|')) dropEndpoint(s, key);
  }
  if (r.kind === 'endpoint' && r.change === 'added') {
    const key = `${procKey(r.vm, r.pid!)}|${r.meta}|${r.endpoint}`;
    s.endpoints.set(key, `${key}@${at}`);
    s.latest.set(key, `${key}@${at}`);
    s.roles.set(`${key}@${at}`, r.role);
  }
  if (r.kind === 'endpoint' && r.change === 'removed') dropEndpoint(s, `${procKey(r.vm, r.pid!)}|${r.meta}|${r.endpoint}`);
  if (r.kind === 'deliver' && r.event.type !== 'message') {
    const p = peerOf(r, byId);
    if (p === null) return;
    const observer = endpointIn(s, r.vm, r.pid!, isMetaDelivery(r, byId), r.endpoint, at);
    const peer = endpointIn(s, p.vm, p.pid, false, p.endpoint, at);
    if (r.event.type === 'presence' && !s.knows.has(`${observer}>${peer}`)) {
      s.knows.add(`${observer}>${peer}`);
      s.roles.set(`${observer}>${peer}@${at}`, r.event.role);
    }
    else s.knows.delete(`${observer}>${peer}`);
  }
}

/** How record `at` ended what it ended, as the index names it. */
function endOf(r: TraceRecord): { end: string; reason: string | null } {
  if (r.kind === 'deliver' && r.event.type === 'absence') return { end: 'absence', reason: pretty(r.event.reason) };
  if (r.kind === 'endpoint') return { end: 'removed', reason: r.reason === null ? null : pretty(r.reason) };
  return { end: 'vanished', reason: null };
}

export interface NaiveIndex {
  readonly knows: NaiveInterval[];
  readonly alone: NaiveInterval[];
  readonly endpoints: NaiveInterval[];
  readonly processes: NaiveInterval[];
  /** Roles of endpoint incarnations, and of pairs at their presence ("observer>peer@from"). */
  readonly roles: ReadonlyMap<string, Role>;
}

/** Every interval of the records, by brute force. */
export function naiveIntervals(records: readonly TraceRecord[]): NaiveIndex {
  const byId = new Map(records.map((r) => [r.id as number, r]));
  const s: State = { procs: new Map(), seen: new Set(), endpoints: new Map(), latest: new Map(), knows: new Set(), roles: new Map() };
  const out: NaiveIndex = { knows: [], alone: [], endpoints: [], processes: [], roles: s.roles };
  const started = { knows: new Map<string, number>(), alone: new Map<string, number>(), endpoints: new Map<string, number>(), processes: new Map<string, number>() };
  records.forEach((r, at) => {
    step(s, r, at, byId);
    const now = {
      knows: new Set(s.knows),
      endpoints: new Set(s.endpoints.values()),
      alone: new Set([...s.endpoints.values()].filter((e) => ![...s.knows].some((k) => k.startsWith(e + '>')))),
      processes: new Set(s.procs.values()),
    };
    for (const which of ['knows', 'alone', 'endpoints', 'processes'] as const) {
      for (const [what, from] of started[which]) {
        if (now[which].has(what)) continue;
        const { end, reason } = which === 'knows' ? endOf(r) : { end: 'closed', reason: null };
        out[which].push({ what, from, to: at, end, reason });
        started[which].delete(what);
      }
      for (const what of now[which]) if (!started[which].has(what)) started[which].set(what, at);
    }
  });
  for (const which of ['knows', 'alone', 'endpoints', 'processes'] as const) {
    for (const [what, from] of started[which]) out[which].push({ what, from, to: null, end: 'open', reason: null });
  }
  return out;
}
