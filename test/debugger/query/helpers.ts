/** Asking a query of a scenario's run in tests. */
import { parseQuery } from '../../../src/debugger/query/parser.ts';
import { answer, type Answer } from '../../../src/debugger/query/evaluate.ts';
import type { QuerySource } from '../../../src/debugger/query/views.ts';
import type { Hit } from '../../../src/debugger/query/hits.ts';
import type { PresenceIndex } from '../../../src/debugger/query/presence-index.ts';
import { processKey } from '../../../src/debugger/query/tables.ts';
import { indexOf, type StepRun } from './runs.ts';

export function sourceOf(run: StepRun): QuerySource {
  return { index: indexOf(run), record: (at) => run.records[at]! };
}

export function ask(src: QuerySource, text: string): Answer {
  return answer(src, parseQuery(text));
}

/** An endpoint incarnation as naive-intervals.ts names it. */
export function endpointKey(index: PresenceIndex, e: number): string {
  const ep = index.endpoints.entries[e]!;
  const p = index.processes.entries[ep.proc]!;
  return `${processKey(p.vm, p.pid)}|${ep.meta}|${ep.name}@${index.endpoints.lives.froms.get(e)}`;
}

/** A hit of the index's evaluator as the naive evaluator keys it. */
export function hitKey(index: PresenceIndex, h: Hit): string {
  switch (h.kind) {
    case 'record': return `record ${h.at}`;
    case 'knows': return `knows ${h.from}-${h.to} ${endpointKey(index, index.observer.get(h.k))}>${endpointKey(index, index.peer.get(h.k))}`;
    case 'alone': return `alone ${h.from}-${h.to} ${endpointKey(index, index.aloneOf.get(h.k))}`;
    case 'endpoint': return `endpoint ${h.from}-${h.to} ${endpointKey(index, h.k)}`;
    case 'process': {
      const p = index.processes.entries[h.k]!;
      return `process ${h.from}-${h.to} ${processKey(p.vm, p.pid)}@${h.from}`;
    }
  }
}
