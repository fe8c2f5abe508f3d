/**
 * The DNS fuzzers, quick run (issue 11; `npm run fuzz -- --dns N` runs the long campaign, dns.ts):
 * hostile datagrams through the wire codec and the dns-proxy scenario, hostile worlds through the
 * world loaders (the oracles are in dns-checks.ts and dns-zone-checks.ts), with the seeds that
 * found a problem in the code before issue 11 pinned as regression cases.
 */
import { describe, expect, it } from 'vitest';
import { runProblems, wireProblems } from './dns-checks.ts';
import { PACKETS_PER_RUN } from './dns.ts';
import { packetMutant } from './dns-packets.ts';
import { zoneProblems } from './dns-zone-checks.ts';
import { zoneMutant } from './dns-zones.ts';
import { runDnsJob } from './dns-worker.ts';

/** Datagrams 1 … QUICK_PACKETS and worlds 1 … QUICK_ZONES run here (seconds); the campaign runs 10,000 of each. */
const QUICK_PACKETS = 400;
const QUICK_ZONES = 400;

/** Datagram seeds that found a problem before issue 11 (each is checked alone: wire, then a scenario run). */
const PINNED_PACKETS: readonly { readonly seed: number; readonly found: string }[] = [
  { seed: 5, found: 'a mixed-case query: the proxy\'s reply lowercased the question (RFC 4343)' },
  { seed: 173, found: 'labels holding dots ("mail...shop.test"): the proxy sent malformed queries upstream and never answered' },
  { seed: 290, found: 'a 255-byte name with a byte 0x80 in a label: the proxy sent malformed datagrams (bad label)' },
  { seed: 46, found: 'a label holding a dot, to an authoritative server: it sent a malformed reply' },
  { seed: 21, found: 'a 255-byte name: the reply\'s question was not the one asked' },
  { seed: 23, found: 'an unknown type and class: the reply named them UNKNOWN_65280 / UNKNOWN_0, not the codes asked' },
  { seed: 1292, found: 'decode → encode → decode changed the question\'s type' },
];

/** World seeds that found a problem before issue 11. */
const PINNED_ZONES: readonly { readonly seed: number; readonly found: string }[] = [
  { seed: 11, found: 'zone files named like Object.prototype members: an uncaught TypeError' },
  { seed: 53, found: '"../../etc/hostname" was read' },
  { seed: 46, found: '"../w2/x.zone" was read (outside the directory)' },
  { seed: 89, found: '"dirlink/x.zone" was read through a symbolic link out of the directory' },
  { seed: 134, found: 'MX preference 70000 loaded, and could not be sent later' },
  { seed: 1199, found: 'a refusal echoed a whole line of the file (over 2,000 characters)' },
];

describe('DNS fuzzers (quick run)', () => {
  it.each(PINNED_PACKETS)('pinned datagram $seed ($found)', ({ seed }) => {
    const m = packetMutant(seed);
    expect([...wireProblems(m).problems, ...runProblems([m]).problems]).toEqual([]);
  }, 60_000);

  it.each(PINNED_ZONES)('pinned world $seed ($found)', ({ seed }) => {
    expect(zoneProblems(zoneMutant(seed)).problems).toEqual([]);
  });

  it(`datagrams 1 … ${QUICK_PACKETS}: decoded or refused, never thrown; the scenario answers what was asked and sends only well-formed datagrams`, () => {
    const problems = [];
    let decoded = 0;
    let replies = 0;
    for (let from = 1; from <= QUICK_PACKETS; from += PACKETS_PER_RUN) {
      const r = runDnsJob({ kind: 'packets', from, count: PACKETS_PER_RUN });
      problems.push(...r.problems);
      decoded += r.counts.decoded;
      replies += r.counts.replies;
    }
    expect(problems).toEqual([]);
    // Both sides are exercised: datagrams that decode (and are answered), and refusals.
    expect(decoded).toBeGreaterThan(QUICK_PACKETS / 5);
    expect(decoded).toBeLessThan(QUICK_PACKETS);
    expect(replies).toBeGreaterThan(QUICK_PACKETS / 10);
  }, 300_000);

  it(`worlds 1 … ${QUICK_ZONES}: loaded, or refused with a file and a line; nothing read outside the directory`, () => {
    const r = runDnsJob({ kind: 'zones', from: 1, count: QUICK_ZONES });
    expect(r.problems).toEqual([]);
    expect(r.counts.loaded).toBeGreaterThan(QUICK_ZONES / 20);
    expect(r.counts.refused).toBeGreaterThan(QUICK_ZONES / 2);
  }, 300_000);
});
