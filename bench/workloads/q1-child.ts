/**
 * Q1 queries over the whole history (issue 15), one size in a fresh process (run by q1.ts):
 *   node --expose-gc --max-old-space-size=8192 --import tsx q1-child.ts <records>
 *
 * 1. Record: W6's tcp-echo load (echo-load.ts) recorded with the engine's History to `records`
 *    records, timed (record_ms).
 * 2. Index: a QueryIndex synced with the whole history, timed (index_ms); its cost as a fraction of
 *    recording (index_over_record); retained heap with gc() twice before and after, per record
 *    (index_bytes_per_record), and the typed columns' own bytes (columns_bytes_per_record).
 * 3. Query: each query of QUERIES once to warm up, then 5 timed answers: median and max ms, and
 *    its hit count (checked against a second answer). `breakpoint_all_hits` is every hit of a
 *    breakpoint ("presence to listener") as spans for the timeline.
 * Prints one JSON object on stdout; progress on stderr.
 */
import { createSimulation, makeRun } from '../../src/kernel/ground/index.ts';
import { grow, historyStatus, startHistory, type History } from '../../src/debugger/engine/history.ts';
import { QueryIndex } from '../../src/debugger/query/query-index.ts';
import { fullGc } from '../harness.ts';
import { echoBoot, echoLoadClients, w6Load } from './echo-load.ts';

const target = Number(process.argv[2]);
const RUNS = 5;
const UNBOUNDED = { maxSteps: Number.MAX_SAFE_INTEGER, untilMs: null } as const;
const QUERIES: Readonly<Record<string, string>> = {
  first_presence: 'first presence to listener on tcp-channel(tcp-address(_, _), _, _)',
  breakpoint_all_hits: 'presence to listener',
  knows_interval: 'knows to listener longer than 3 steps',
  orphaned: 'alone sub longer than 3 steps',
  message_pattern: 'count message on tcp-channel(_, tcp-listener(5999), _)',
  temporal: 'count quit by ?p after absence to ?p',
  range: 'count knows between 1000 and 2000',
};

const say = (msg: string): void => void process.stderr.write(`  Q1 ${target}: ${msg}\n`);
const heap = (): number => {
  fullGc();
  return process.memoryUsage().heapUsed;
};
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const r2 = (x: number): number => Math.round(x * 100) / 100;

const load = w6Load(target);
const start = createSimulation(echoBoot(), { seed: 1, clients: echoLoadClients(load) });
const errors: string[] = [];
const t0 = performance.now();
let history: History = startHistory(makeRun(start, [], UNBOUNDED), start.records);
while (history.records.length < target && historyStatus(history) === 'running') {
  history = grow(history, Number.MAX_SAFE_INTEGER, Math.min(target, history.records.length + 50_000));
}
const recordMs = performance.now() - t0;
const records = history.records.length;
say(`${records} records in ${(recordMs / 1000).toFixed(1)} s`);
if (records < target) errors.push(`the run ended after ${records} records, before ${target}`);

const before = heap();
const queries = new QueryIndex();
const t1 = performance.now();
const index = queries.sync(history);
const indexMs = performance.now() - t1;
const retained = heap() - before;
const columns = [index.codes, index.procs, index.froms, index.steps, index.times, index.ids, ...index.byKind].reduce((n, c) => n + c.bytes(), 0)
  + index.knows.bytes() + index.alone.bytes();
say(`indexed in ${(indexMs / 1000).toFixed(2)} s`);

const figures: Record<string, { median_ms: number; max_ms: number; hits: number }> = {};
for (const [name, text] of Object.entries(QUERIES)) {
  const warm = queries.ask(history, text);
  if (!warm.ok) {
    errors.push(`${name}: ${warm.error}`);
    continue;
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const a = queries.ask(history, text);
    times.push(performance.now() - t);
    if (!a.ok || a.answer.count !== warm.answer.count) errors.push(`${name}: answers differ between runs`);
  }
  figures[name] = { median_ms: r2(median(times)), max_ms: r2(Math.max(...times)), hits: warm.answer.count };
  say(`${name}: ${r2(median(times))} ms, ${warm.answer.count} hits`);
}

process.stdout.write(JSON.stringify({
  records, record_ms: Math.round(recordMs), index_ms: Math.round(indexMs), index_over_record: r2(indexMs / recordMs),
  index_bytes_per_record: r2(retained / records), columns_bytes_per_record: r2(columns / records), queries: figures, errors,
}) + '\n');
