/**
 * A hit as one JSON object, for `npm run sim -- … --where` and a face's results table:
 *   record    {hit: "record", index, id, step, time, text, bindings?}
 *   interval  {hit: sort, from, to, fromId, toId, open, records, steps, ms, process, endpoint?, peer?,
 *              reason?, bindings?}    (to/toId null while open; durations to the end of the history)
 * Processes are written "name (path)", e.g. "listener (2)", "respondent (4/4)".
 */
import { pretty, termToJson, type JsonValue } from '../../kernel/index.ts';
import { recordText } from '../find.ts';
import type { Answer } from './evaluate.ts';
import type { Hit } from './hits.ts';
import type { Bindings, ProcRef } from './match.ts';
import { distance, intervalView, Refs, type QuerySource } from './views.ts';

const procText = (p: ProcRef | null): string | null => (p === null ? null : `${p.name ?? '?'} (${p.path.join('/')})`);

function bindingsJson(b: Bindings): { bindings?: { [k: string]: JsonValue } } {
  if (b.size === 0) return {};
  return { bindings: Object.fromEntries([...b].map(([k, v]) => [k, termToJson(v)])) };
}

export function hitJson(src: QuerySource, refs: Refs, h: Hit): { [k: string]: JsonValue } {
  const { index } = src;
  if (h.kind === 'record') {
    return {
      hit: 'record', index: h.at, id: index.ids.get(h.at), step: index.steps.get(h.at), time: index.times.get(h.at),
      text: recordText(src.record(h.at)), ...bindingsJson(h.bindings),
    };
  }
  const v = intervalView(index, refs, h.kind, h.k);
  const end = h.to ?? index.length;
  return {
    hit: h.kind, from: h.from, to: h.to, fromId: index.ids.get(h.from), toId: h.to === null ? null : index.ids.get(h.to), open: h.to === null,
    records: end - h.from, steps: distance(index, 'steps', h.from, end), ms: distance(index, 'ms', h.from, end),
    process: procText(v.proc),
    ...(v.endpoint === null ? {} : { endpoint: v.endpoint }),
    ...(h.kind === 'knows' ? { peer: procText(v.peer) } : {}),
    ...(v.reason === undefined ? {} : { reason: pretty(v.reason) }),
    ...bindingsJson(h.bindings),
  };
}

/** The answer as JSON lines' objects: one per hit, or the count, or one per process. */
export function answerJson(src: QuerySource, a: Answer): { [k: string]: JsonValue }[] {
  if (a.head === 'count') return [{ count: a.count }];
  if (a.head === 'processes') {
    return a.processes.map((p) => ({ process: p.name, path: [...p.path], first: p.first, firstId: src.index.ids.get(p.first) }));
  }
  const refs = new Refs(src.index);
  return a.hits.map((h) => hitJson(src, refs, h));
}
