/**
 * What `npm run sim -- dns-proxy` prints about the queries, read from the trace as it streams past
 * (like a debugger would: the processes are not asked anything).
 *
 *   stub-result(index, id, name, type, outcome)   sent by the stub when a query finished: the
 *                                                 response bytes are decoded here, as dig would
 *   answered-question(question(…, context(client-request(id, source), …)), answer(…, stats(c, n)))
 *                                                 sent in the proxy for each client request: whether
 *                                                 it came from the cache, and its upstream packets
 *   bad-dns-packet(…)                             what the error-loggers record
 * For each query, in order: the question, the rcode, the answer and authority sections as
 * master-file lines, whether it was answered from the cache and how many packets the proxy sent
 * upstream for it (retransmissions included; a client retransmission the proxy relayed again adds
 * its cost).
 *
 * dnsReport is the scenario's report hook (Scenario.report): a few lines about the world, the
 * addresses and the queries before the run, and the per-query report after it.
 */
import { isBytes, isStruct, pretty, type Term, type TraceRecord } from '../../kernel/index.ts';
import type { ReportRun, Scenario } from '../types.ts';
import { DNS_PORT, FIRST_SERVER_PORT, type AddressPlan } from './addressing.ts';
import { rrLine, type DnsMessage } from './message.ts';
import { formatQuery, type StubQuery } from './queries.ts';
import { answerOf } from './resolver.ts';
import { decodeMessage } from './wire.ts';
import { allZones, type DnsWorld } from './world.ts';

export interface QueryResult {
  readonly index: number;
  readonly query: StubQuery;
  readonly id: number;
  readonly sentAt: number;
  readonly finishedAt: number;
  readonly tries: number;
  /** The response the stub took, or null if it gave up. */
  readonly response: DnsMessage | null;
  /** Did every proxy answer to this request come from the cache? (null: the proxy never answered) */
  readonly fromCache: boolean | null;
  readonly upstreamPackets: number;
}

export interface BadPacket {
  readonly time: number;
  readonly vm: string;
  readonly text: string;
}

const statKey = (id: Term, name: Term, type: Term): string => `${pretty(id)} ${pretty(name)} ${pretty(type)}`;

/** Follows the trace of a dns-proxy run; `results` fill in as the stub's queries finish. */
export class DnsRunReport {
  time = 0;
  lost = 0;
  readonly results: QueryResult[] = [];
  readonly bad: BadPacket[] = [];
  private readonly stats = new Map<string, { fromCache: boolean; packets: number }[]>();
  private readonly vmNames = new Map<number, string>();
  private readonly finishedAt = new Map<number, number>();

  constructor(readonly queries: readonly StubQuery[]) {}

  add(r: TraceRecord): void {
    if (r.kind === 'ground-event' || r.kind === 'world') this.time = r.time;
    if (r.kind === 'world' && r.what === 'fault-udp-loss') this.lost++;
    if (r.kind === 'boot' && r.vm.length === 0 && r.pid !== null) this.vmNames.set(r.pid, r.name);
    if (r.kind !== 'action' || r.action.type !== 'send-message') return;
    const body = r.action.body;
    if (isStruct(body, 'answered-question', 2)) this.onAnswered(body.fields[0]!, body.fields[1]!);
    else if (isStruct(body, 'stub-result', 5)) this.onStubResult(body.fields);
    else if (isStruct(body, 'bad-dns-packet', 4)) {
      const [, source, , reason] = body.fields;
      const vm = r.vm.length === 0 ? 'ground' : (this.vmNames.get(r.vm[0]!) ?? `vm ${r.vm.join('/')}`);
      this.bad.push({ time: this.time, vm, text: `from ${pretty(source!)}: ${typeof reason === 'string' ? reason : pretty(reason!)}` });
    }
  }

  private onAnswered(q: Term, a: Term): void {
    if (!isStruct(q, 'question', 4) || !isStruct(q.fields[3]!, 'context', 3)) return;
    const requester = q.fields[3].fields[0]!;
    if (!isStruct(requester, 'client-request', 2)) return;
    const answer = answerOf(a);
    if (answer === null) return;
    const key = statKey(requester.fields[0]!, q.fields[0]!, q.fields[1]!);
    this.stats.set(key, [...(this.stats.get(key) ?? []), { fromCache: answer.fromCache, packets: answer.packets }]);
  }

  private onStubResult(fields: readonly Term[]): void {
    const [index, id, name, type, outcome] = fields as [number, number, string, string, Term];
    const query = this.queries[index - 1];
    if (query === undefined || !isStruct(outcome)) return;
    const key = statKey(id, name, type);
    const seen = this.stats.get(key) ?? [];
    this.stats.delete(key);
    const prev = index >= 2 ? this.finishedAt.get(index - 1) ?? 0 : 0;
    const sentAt = query.at ?? prev;
    this.finishedAt.set(index, this.time);
    const bytes = outcome.fields[0];
    const decoded = outcome.struct === 'response' && bytes !== undefined && isBytes(bytes) ? decodeMessage(bytes) : null;
    const response = decoded !== null && 'message' in decoded ? decoded.message : null;
    const tries = Number(outcome.fields[outcome.fields.length - 1]);
    this.results.push({
      index, query, id, sentAt, finishedAt: this.time, tries, response,
      fromCache: seen.length === 0 ? null : seen.every((x) => x.fromCache),
      upstreamPackets: seen.reduce((n, x) => n + x.packets, 0),
    });
  }

  /** The report of every finished query, in query order. */
  lines(): string[] {
    const out: string[] = [];
    for (const r of [...this.results].sort((a, b) => a.index - b.index)) out.push(...resultLines(r), '');
    const missing = this.queries.length - this.results.length;
    if (missing > 0) out.push(`;; ${missing} quer${missing === 1 ? 'y' : 'ies'} did not finish before the run stopped`, '');
    out.push(`;; error-loggers: ${this.bad.length === 0 ? 'nothing recorded' : `${this.bad.length} bad packet${this.bad.length === 1 ? '' : 's'}`}`);
    for (const b of this.bad) out.push(`;;   [${String(b.time).padStart(6)} ms] ${b.vm}: bad-dns-packet ${b.text}`);
    if (this.lost > 0) out.push(`;; network: ${this.lost} datagram${this.lost === 1 ? '' : 's'} lost`);
    return out;
  }
}

export function resultLines(r: QueryResult): string[] {
  const q = r.query;
  const head = `;; query ${r.index}: ${q.name} IN ${q.type}  (sent at ${r.sentAt} ms${q.at === null ? '' : `, as asked: ${formatQuery(q)}`})`;
  const cache = r.fromCache === null ? 'no proxy answer seen' : `from cache: ${r.fromCache ? 'yes' : 'no'}`;
  const cost = `upstream packets: ${r.upstreamPackets}`;
  const tries = `${r.tries} ${r.tries === 1 ? 'try' : 'tries'}`;
  if (r.response === null) {
    return [head, `;; no answer: the stub gave up at ${r.finishedAt} ms after ${tries}; ${cache}; ${cost}`];
  }
  const m = r.response;
  const section = (title: string, rrs: DnsMessage['answers']): string[] =>
    [`;; ${title} SECTION:`, ...(rrs.length === 0 ? [';; (empty)'] : rrs.map(rrLine))];
  return [
    head,
    `;; status: ${m.rcode}, answered at ${r.finishedAt} ms after ${tries}; ${cache}; ${cost}`,
    ...section('ANSWER', m.answers),
    ...section('AUTHORITY', m.authorities),
  ];
}

/** What the report hook knows of the configured scenario. */
export interface DnsReportSetup {
  readonly world: DnsWorld;
  /** The world's directory, or a description of the default world. */
  readonly worldName: string;
  readonly plan: AddressPlan;
  readonly queries: readonly StubQuery[];
}

/** Lines for the top of the output: the world, the addresses, the queries. */
export function setupLines(s: DnsReportSetup, run: ReportRun): string[] {
  const servers = s.world.servers.map((x) => `${x.name.replace(/\.$/, '')} ${x.address}`);
  const ports = s.plan.mode === 'ports'
    ? `each server listens on ${s.plan.vmHost}:${FIRST_SERVER_PORT}… in world.json order, the proxy on ${s.plan.vmHost}:${DNS_PORT}`
    : `each server listens on its own address, port ${DNS_PORT}`;
  return [
    `;; world: ${s.worldName}: ${s.world.servers.length} servers, ${allZones(s.world).length} zones; root hints ${s.world.rootHints.join(', ')}`,
    ...allZones(s.world).flatMap((z) => z.warnings.map((w) => `;; warning: ${w.file}:${w.line}: ${w.message}`)),
    `;; servers: ${servers.join(', ')}`,
    `;; addresses: ${ports}`,
    `;; ${s.queries.length} queries; seed ${run.seed}; udp loss ${run.net.udpLoss}`,
  ];
}

/** The dns-proxy scenario's report hook: the setup, then (once the run is over) every query's report. */
export function dnsReport(s: DnsReportSetup): NonNullable<Scenario['report']> {
  return function* report(records: Iterable<TraceRecord>, run: ReportRun): Generator<string> {
    yield* setupLines(s, run);
    const r = new DnsRunReport(s.queries);
    for (const record of records) r.add(record);
    yield '';
    yield* r.lines();
  };
}
