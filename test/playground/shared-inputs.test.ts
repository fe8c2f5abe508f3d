/**
 * A shared run carries its interventions (issue 14, item 4): the inputs of a program's session, as
 * the engine's status lists them (their header JSON), through a share link and back, start a new
 * session whose exported native trace is byte for byte the first one's.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/debugger/engine/engine.ts';
import { FULL_VIEW } from '../../src/debugger/engine/frame.ts';
import { hasWork } from '../../src/debugger/engine/jobs.ts';
import { DEFAULT_ENV, initialState, reduce, type PlayerAction, type PlayerEnv, type PlayerState } from '../../src/debugger/engine/player.ts';
import { decodeInputs } from '../../src/debugger/trace/index.ts';
import { tcpClientSpec } from '../../src/kernel/ground/index.ts';
import { struct } from '../../src/kernel/index.ts';
import { loadProgram } from '../../src/playground/program.ts';
import { decodeShare, encodeShare } from '../../src/playground/share.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { sliceClock } from '../../src/ui/engine/io/slices.ts';
import { BlobParts, exportRun, exportRunOf } from '../../src/ui/engine/io/trace-export.ts';
import { EngineHost } from '../../src/ui/engine/host.ts';
import type { FromEngine } from '../../src/ui/engine/protocol.ts';
import { templateSource } from './run-program.ts';

const source = templateSource('chat-room.ts');
const loaded = loadProgram(source);
if (!loaded.ok) throw new Error(loaded.problem.message);
const program = loaded.scenario;
const scenarios = [program, ...SCENARIOS];
const env: PlayerEnv = { ...DEFAULT_ENV, scenarios, explore: false };

function settle(s: PlayerState): PlayerState {
  for (let i = 0; i < 100_000 && hasWork(s); i++) s = reduce(env, s, { type: 'tick', elapsedMs: 16, units: 64 });
  return s;
}

function play(s: PlayerState, actions: readonly PlayerAction[]): PlayerState {
  for (const a of actions) s = settle(reduce(env, s, a));
  return s;
}

async function nativeText(s: PlayerState): Promise<string> {
  const parts = new BlobParts('application/x-ndjson');
  await exportRun('native', exportRunOf(s, scenarios), parts.sink, { clock: sliceClock(() => 0, (f) => f()) });
  return parts.finish()[0]!.text();
}

/** A session with an inject, a kill made in the past (a branch) and an added client. */
function intervened(): PlayerState {
  let s = play(initialState(env, program, 5), [{ type: 'jump', to: 120 }]);
  s = play(s, [{ type: 'intervene', at: s.cursor, intervention: { kind: 'inject', body: struct('chat', 'eve', 'psst'), orientation: 'publisher' } }]);
  s = play(s, [{ type: 'to-end' }]);
  const member = s.history.records.slice().find((r) => r.kind === 'boot' && r.name === 'member')!;
  s = play(s, [{ type: 'intervene', at: s.cursor - 40, intervention: { kind: 'kill', vm: member.vm, pid: member.pid!, reason: struct('kicked') } }]);
  const carol = tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 6667, send: ['carol', 'hello room'] });
  s = play(s, [{ type: 'to-end' }]);
  return play(s, [{ type: 'intervene', at: s.cursor, intervention: { kind: 'connect', client: carol } }, { type: 'to-end' }]);
}

describe('a shared program run with interventions', () => {
  const first = intervened();

  it('the status lists each input with its header JSON', () => {
    const frame = new Engine(env, first, FULL_VIEW).pump(() => 0, 10, true).frame!;
    expect(frame.status.inputs.map((i) => (i.json as { kind: string }).kind)).toEqual(['inject', 'kill', 'connect']);
    expect(frame.status.inputs.every((i) => i.state === 'applied')).toBe(true);
  });

  it('the link’s inputs start a session whose native trace is byte for byte the first one’s', async () => {
    const frame = new Engine(env, first, FULL_VIEW).pump(() => 0, 10, true).frame!;
    const json = structuredClone(frame.status.inputs.map((i) => i.json));
    const e = encodeShare({ source, seed: 5, step: first.cursor, traps: [], inputs: json });
    if (!e.ok) throw new Error(e.problem.message);
    const shared = decodeShare(e.text);
    if (typeof shared === 'string') throw new Error(shared);
    const inputs = decodeInputs(shared.inputs);
    if (typeof inputs === 'string') throw new Error(inputs);
    const second = play(initialState(env, program, shared.seed!, undefined, undefined, inputs), [{ type: 'to-end' }]);
    expect(second.history.applied.length).toBe(3);
    const [a, b] = [await nativeText(first), await nativeText(second)];
    expect(b.split('\n')[0]).toContain('"kind":"kill"');
    expect(b).toBe(a);
  });

  it('inputs that cannot be read start the run without them, and say so', () => {
    const bad = [{ kind: 'kill', atStep: -1 }];
    expect(decodeInputs(bad)).toMatch(/^input 0/);
    const sent: FromEngine[] = [];
    const later: (() => void)[] = [];
    const host = new EngineHost((m) => sent.push(m), { now: () => 0, later: (f) => later.push(f), cancel: () => {} }, scenarios);
    host.receive({ type: 'start', scenario: 'program', seed: null, step: 0, view: FULL_VIEW, explore: false, inputs: bad });
    for (let i = 0; i < 5 && later.length > 0; i++) later.shift()!();
    const frame = sent.find((m): m is Extract<FromEngine, { type: 'frame' }> => m.type === 'frame');
    expect(frame?.frame.status.notices.map((n) => n.text).join(' ')).toMatch(/interventions could not be read/);
    expect(frame?.frame.status.inputs).toEqual([]);
  });
});
