/**
 * Issue 15's four questions, each one line, answered over the whole history of the shipped
 * scenarios; the expected answers are read off `npm run sim -- ID --pretty`, not from the index.
 * And the grammar's errors, each naming its column.
 */
import { describe, expect, it } from 'vitest';
import { pid, struct, type TraceRecord } from '../../../src/kernel/index.ts';
import { parseQuery } from '../../../src/debugger/query/parser.ts';
import { QueryError } from '../../../src/debugger/query/ast.ts';
import { positionOf } from '../../../src/debugger/query/hits.ts';
import { ask, sourceOf } from './helpers.ts';
import { runScenario } from './runs.ts';

const Q1 = 'first presence to listener on tcp-channel(tcp-address("alice", _), _, _)';
const Q2 = 'alone sub on tcp-channel(_, tcp-listener(5999), _) longer than 3 steps';
const Q3 = 'first absence to question-dispatcher reason crash';
const Q4 = 'processes message on dns-request(_, _, _) containing dns-question("blog.test.", _, _)';

const nameOf = (records: readonly TraceRecord[], vm: readonly number[], p: number) =>
  records.find((r) => r.kind === 'boot' && r.pid === p && r.vm.join('/') === vm.join('/'))?.kind === 'boot'
    ? (records.find((r) => r.kind === 'boot' && r.pid === p && r.vm.join('/') === vm.join('/')) as Extract<TraceRecord, { kind: 'boot' }>).name
    : undefined;

describe("issue 15's questions", () => {
  const echo = runScenario('tcp-echo', undefined, 100_000);
  const echoSrc = sourceOf(echo);

  it('when did the listener first see alice\'s connection? At #56', () => {
    const a = ask(echoSrc, Q1);
    expect(a.hits.map((h) => echo.records[positionOf(h)]!.id)).toEqual([56]);
  });

  it('was any subscriber on tcp-channel(_, 5999, _) ever without a publisher for more than 3 steps? The listener, twice', () => {
    const a = ask(echoSrc, Q2);
    const spans = a.hits.map((h) => (h.kind === 'record' ? null : [echo.records[h.from]!.id, h.to === null ? null : echo.records[h.to]!.id]));
    // #21 its endpoint added … #56 alice's presence; #286 bob's connection gone … the end of the run.
    expect(spans).toEqual([[21, 56], [286, null]]);
    expect(a.hits.every((h) => h.kind === 'alone' && echoSrc.index.processes.entries[echoSrc.index.procs.get(h.from)]?.name === 'listener')).toBe(true);
  });

  const dns = runScenario('dns-proxy', undefined, 100_000);
  const dnsSrc = sourceOf(dns);

  it('the question-dispatcher is never told of an absence with a crash reason in the shipped run', () => {
    expect(ask(dnsSrc, Q3).count).toBe(0);
    // It is told of absences, with reason false.
    expect(ask(dnsSrc, 'absence to question-dispatcher reason normal').count).toBeGreaterThan(0);
  });

  it('…and is, at once, when a question publisher is killed with a crash reason', () => {
    const k = ask(dnsSrc, 'first knows to question-dispatcher from ?p between 600 and 100000').hits[0]!;
    const peer = k.bindings.get('p') as number[];
    const step = dnsSrc.index.steps.get(positionOf(k));
    const reason = struct('exn', 'Error', 'killed by the test');
    const killed = runScenario('dns-proxy', undefined, 100_000, [{ kind: 'kill', atStep: step, vm: peer.slice(0, -1).map(pid), pid: pid(peer.at(-1)!), reason }]);
    const a = ask(sourceOf(killed), Q3);
    expect(a.hits).toHaveLength(1);
    const r = killed.records[positionOf(a.hits[0]!)]!;
    expect(r.kind === 'deliver' && r.event.type === 'absence' && r.event.reason).toEqual(reason);
    expect(nameOf(killed.records, r.vm, r.pid!)).toBe('question-dispatcher');
  });

  it('which processes ever received a dns-request for blog.test?', () => {
    const a = ask(dnsSrc, Q4);
    // From the printed trace: every message delivery of a dns-request whose question names blog.test.
    const expected = new Set<string>();
    for (const r of dns.records) {
      if (r.kind !== 'deliver' || r.event.type !== 'message') continue;
      const text = JSON.stringify(r.event.message);
      if (text.startsWith('{"struct":"dns-request"') && text.includes('"blog.test."')) expected.add([...r.vm, r.pid].join('/'));
    }
    expect(a.processes.map((p) => p.path.join('/')).sort()).toEqual([...expected].sort());
    expect(a.processes.map((p) => p.name)).toEqual(['packet-dispatcher', 'writer (client)', 'respondent', 'respondent']);
  });
});

describe('grammar errors name the column', () => {
  const cases: [string, number, RegExp][] = [
    ['', 1, /empty query/],
    ['presense to listener', 1, /expected a selection .* found "presense"/],
    ['presence to', 12, /expected a process/],
    ['presence longer than 3 steps', 10, /does not apply to a record selection/],
    ['alone sub on tcp-channel(_, 5999', 33, /tcp-channel\(…\) is not closed/],
    ['knows longer than 3 weeks', 21, /expected a unit after 3/],
    ['presence within 3 steps presence', 25, /expected "of", "before" or "after"/],
    ['(presence before quit', 22, /expected "\)" to close the "\(" at column 1/],
    ['presence not by quit', 14, /expected "followed"/],
    ['presence to listener )', 22, /unexpected "\)" after a complete query/],
    ['quit by [1, "x"]', 9, /pid path is a list of whole numbers/],
    ['presence on foo', 13, /bare name "foo"/],
    ['absence never quit', 19, /expected "until"/],
  ];
  for (const [text, column, message] of cases) {
    it(`${JSON.stringify(text)} → column ${column}`, () => {
      let error: unknown;
      try {
        parseQuery(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).column).toBe(column);
      expect((error as QueryError).sentence).toMatch(message);
    });
  }
});
