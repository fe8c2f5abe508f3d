/**
 * One worker of the DNS part of the campaign (dns.ts): it takes a job — a batch of hostile
 * datagrams (each through the wire oracle, then all together through one scenario run) or a batch
 * of hostile worlds — says when it starts, and reports the counts and problems.
 */
import { parentPort } from 'node:worker_threads';
import { runProblems, wireProblems, type DnsProblem } from './dns-checks.ts';
import { packetMutant } from './dns-packets.ts';
import { zoneProblems } from './dns-zone-checks.ts';
import { zoneMutant } from './dns-zones.ts';

export interface DnsJob {
  readonly kind: 'packets' | 'zones';
  readonly from: number;
  readonly count: number;
}

export interface DnsCounts {
  /** Datagrams decoded / refused by the decoder; datagrams the DNS VMs sent; replies to the fuzzer. */
  decoded: number;
  undecodable: number;
  runs: number;
  datagrams: number;
  replies: number;
  /** Worlds loaded / refused with file and line. */
  loaded: number;
  refused: number;
}

export const NO_COUNTS: DnsCounts = { decoded: 0, undecodable: 0, runs: 0, datagrams: 0, replies: 0, loaded: 0, refused: 0 };

export type DnsWorkerReport =
  | { readonly type: 'start'; readonly job: DnsJob }
  | { readonly type: 'done'; readonly job: DnsJob; readonly counts: DnsCounts; readonly problems: readonly DnsProblem[] };

/** Runs one job in this thread (the quick test calls it directly). */
export function runDnsJob(job: DnsJob): { counts: DnsCounts; problems: DnsProblem[] } {
  const counts = { ...NO_COUNTS };
  const problems: DnsProblem[] = [];
  const seeds = Array.from({ length: job.count }, (_, i) => job.from + i);
  if (job.kind === 'zones') {
    for (const seed of seeds) {
      const v = zoneProblems(zoneMutant(seed));
      counts[v.outcome]++;
      problems.push(...v.problems);
    }
    return { counts, problems };
  }
  const mutants = seeds.map(packetMutant);
  for (const m of mutants) {
    const v = wireProblems(m);
    counts[v.decoded ? 'decoded' : 'undecodable']++;
    problems.push(...v.problems);
  }
  const run = runProblems(mutants);
  counts.runs++;
  counts.datagrams += run.datagrams;
  counts.replies += run.replies;
  problems.push(...run.problems);
  return { counts, problems };
}

const port = parentPort;
port?.on('message', (job: DnsJob) => {
  port.postMessage({ type: 'start', job } satisfies DnsWorkerReport);
  const r = runDnsJob(job);
  port.postMessage({ type: 'done', job, counts: r.counts, problems: r.problems } satisfies DnsWorkerReport);
});
