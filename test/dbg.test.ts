import { it } from 'vitest';
import { prettyRecord } from '../src/kernel/index.ts';
import { runScenario } from './debugger/query/runs.ts';
import { ask, sourceOf } from './debugger/query/helpers.ts';
const Q: Record<string, string[]> = {
  'tcp-echo': [
    'first presence to listener on tcp-channel(tcp-address("alice", _), _, _)',
    'alone sub on tcp-channel(_, tcp-listener(5999), _) longer than 3 steps',
    'knows to listener from ?p',
    'processes message containing #"hello"',
    'quit by ?p after absence to ?p',
    'count message on tcp-channel(tcp-address(?host, _), _, _) to connection-handler',
    'lifetime process to connection-handler longer than 100 ms',
    'spawn to connection-handler within 2 steps after presence to listener',
  ],
  glitching: ['knows to careless-watcher shorter than 2 steps', 'absence to ?w reason normal not followed by quit by ?w within 10 records', 'alone sub to careful-watcher'],
  handoff: ['crash', 'absence reason crash', 'presence to "customer (blip)" never absence to "customer (blip)" until quit', 'alone sub at need longer than 10 ms'],
  rendezvous: ['send not followed by message or feedback within 1 records', 'spawn'],
  'dns-proxy': ['processes message on dns-request(_, _, _) containing dns-question("blog.test.", _, _)', 'first absence to question-dispatcher reason crash', 'count knows to question-dispatcher'],
};
it('x', () => {
  for (const [id, qs] of Object.entries(Q)) {
    const run = runScenario(id, undefined, 100000);
    const src = sourceOf(run);
    for (const q of qs) {
      const a = ask(src, q);
      console.log(id, '|', q, '|', a.count, JSON.stringify(a.hits.slice(0, 4).map((h) => h.kind === 'record' ? prettyRecord(run.records[h.at]!).slice(0, 160) : `${h.kind} ${run.records[h.from]!.id}-${h.to === null ? 'open' : run.records[h.to]!.id}`)), JSON.stringify(a.processes.map((p) => p.name)));
    }
  }
});
