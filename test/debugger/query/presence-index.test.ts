/** The presence index against the brute-force computation, on every shipped scenario. */
import { describe, expect, it } from 'vitest';
import { pretty } from '../../../src/kernel/index.ts';
import { SCENARIOS } from '../../../src/scenarios/index.ts';
import { END_KINDS, type PresenceIndex } from '../../../src/debugger/query/presence-index.ts';
import { OPEN, type IntervalStore } from '../../../src/debugger/query/intervals.ts';
import { processKey } from '../../../src/debugger/query/tables.ts';
import { endpointKey } from './helpers.ts';
import { naiveIntervals, type NaiveInterval } from './naive-intervals.ts';
import { indexOf, runScenario } from './runs.ts';

const toOf = (s: IntervalStore, k: number) => (s.tos.get(k) === OPEN ? null : s.tos.get(k));

function fromIndex(index: PresenceIndex): Record<'knows' | 'alone' | 'endpoints' | 'processes', NaiveInterval[]> {
  const knows: NaiveInterval[] = [];
  for (let k = 0; k < index.knows.length; k++) {
    const reason = index.knowsReason.get(k);
    knows.push({
      what: `${endpointKey(index, index.observer.get(k))}>${endpointKey(index, index.peer.get(k))}`,
      from: index.knows.froms.get(k), to: toOf(index.knows, k), end: END_KINDS[index.knowsEnd.get(k)]!,
      reason: reason === undefined ? null : pretty(reason),
    });
  }
  const alone: NaiveInterval[] = [];
  for (let k = 0; k < index.alone.length; k++) {
    const to = toOf(index.alone, k);
    if (to === index.alone.froms.get(k)) continue;
    alone.push({ what: endpointKey(index, index.aloneOf.get(k)), from: index.alone.froms.get(k), to, end: to === null ? 'open' : 'closed', reason: null });
  }
  const endpoints = index.endpoints.entries.map((_e, k) => {
    const to = toOf(index.endpoints.lives, k);
    return { what: endpointKey(index, k), from: index.endpoints.lives.froms.get(k), to, end: to === null ? 'open' : 'closed', reason: null };
  });
  const processes = index.processes.entries.map((p, k) => {
    const to = toOf(index.processes.lives, k);
    return { what: `${processKey(p.vm, p.pid)}@${index.processes.lives.froms.get(k)}`, from: index.processes.lives.froms.get(k), to, end: to === null ? 'open' : 'closed', reason: null };
  });
  return { knows, alone, endpoints, processes };
}

const order = (xs: readonly NaiveInterval[]) => [...xs].sort((a, b) => a.from - b.from || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));

describe('the presence index equals the brute-force intervals', () => {
  for (const s of SCENARIOS) {
    for (const seed of [s.seed, 7]) {
      it(`${s.id}, seed ${seed}`, () => {
        const run = runScenario(s.id, seed, 300);
        const mine = fromIndex(indexOf(run));
        const naive = naiveIntervals(run.records);
        expect(order(mine.knows)).toEqual(order(naive.knows));
        expect(order(mine.alone)).toEqual(order(naive.alone));
        expect(order(mine.endpoints)).toEqual(order(naive.endpoints));
        expect(order(mine.processes)).toEqual(order(naive.processes));
      });
    }
  }
});
