/** What a record points at in the source (the engine's status.current.focus), on real runs. */
import { describe, expect, it } from 'vitest';
import { prettyRecord, type TraceRecord } from '../../../src/kernel/index.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';
import { codeFocus } from '../../../src/debugger/views/code-focus.ts';
import { TestHistory } from '../../helpers/history.ts';

function run(id: string) {
  const h = new TestHistory(startScenario(findScenario(id)!)).growAll();
  const model = h.modelAt(h.length);
  const focusOf = (re: RegExp) => {
    const r = h.records.find((x) => re.test(prettyRecord(x)));
    expect(r, String(re)).toBeDefined();
    const cause = r!.cause === null ? undefined : h.records[h.indexOfId(r!.cause)!];
    return codeFocus(r as TraceRecord, cause, model);
  };
  return focusOf;
}

describe('code focus', () => {
  const echo = run('tcp-echo');

  it("a presence names the handler's endpoint and the peer's (the listener told of alice's connection)", () => {
    expect(echo(/deliver inbound-handler presence pub tcp-channel\(tcp-address\("alice"/)).toEqual({
      actor: { names: ['listener'], endpoint: 'inbound-handler' },
      peer: { names: ['tcp-connection tcp-address("alice", 49152)'], endpoint: 'inbound' },
    });
  });

  it('an action names the endpoint whose handler queued it; a boot names only the process', () => {
    expect(echo(/p5 action send-message tcp-channel\(tcp-listener/).actor).toEqual({ names: ['connection-handler'], endpoint: 'echoer' });
    expect(echo(/p5 boot connection-handler/)).toEqual({ actor: { names: ['connection-handler'], endpoint: null }, peer: null });
    expect(echo(/p5 action add-role echoer/).actor).toEqual({ names: ['connection-handler'], endpoint: 'echoer' });
  });

  it("a ground event names the process it is for; the world's records name none", () => {
    expect(echo(/ground-event \(event tcp-listen\)/).actor).toEqual({ names: ['tcp-listener tcp-listener(5999)'], endpoint: null });
    expect(echo(/ world alice /)).toEqual({ actor: null, peer: null });
  });

  it("a delivery to a VM process's relay endpoint is its child's meta-endpoint (the pool's dispatcher)", () => {
    const pool = run('nested-pool');
    expect(pool(/ground p3 deliver 2\/jobs message job\(3\)/).actor).toEqual({ names: ['pool', 'dispatcher'], endpoint: 'jobs' });
  });
});
