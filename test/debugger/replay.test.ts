/** Replay: a native trace re-executed from its header proves, step by step, that it reaches the same states. */
import { describe, expect, it } from 'vitest';
import { TestHistory } from '../helpers/history.ts';
import { historyStatus } from '../../src/debugger/engine/history.ts';
import { exportHistory } from '../../src/debugger/export/index.ts';
import {
  RunDriver, Replayer, firstDifference, makeRunHeader, replayTrace, simulationOptions, type ReplayResult,
} from '../../src/debugger/replay/index.ts';
import {
  Fnv64, HASH_SEED, TRACE_VERSION, TraceWriter, linesOf, makeHeader, parseTraceLines, serializeRecord, stepHash,
  writeTraceFromHistory,
} from '../../src/debugger/trace/index.ts';
import type { ClientSpec } from '../../src/kernel/ground/clients.ts';
import { tcpClientSpec } from '../../src/kernel/ground/line-client.ts';
import { runSimulation } from '../../src/kernel/ground/run.ts';
import { bytes, pid } from '../../src/kernel/index.ts';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';
import { chatter, config, poke, trace, traceLines } from './export-fixtures.ts';

const scenarios = [...SCENARIOS, chatter(20)];
const failure = (r: ReplayResult) => {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r;
};

describe('FNV-1a 64 (two 32-bit halves)', () => {
  it('matches the published test vectors, over UTF-8', () => {
    const h = (s: string) => new Fnv64().update(s).hex();
    expect(h('')).toBe('cbf29ce484222325');
    expect(h('a')).toBe('af63dc4c8601ec8c');
    expect(h('foobar')).toBe('85944171f73967e8');
    expect(h('é€😀')).toBe('0a289ca40199fa06'); // 2-, 3- and 4-byte sequences
    expect(h('\ud800')).toBe(h('\ufffd')); // a lone surrogate is U+FFFD, as TextEncoder writes it
  });

  it('chains steps: the previous hash, then "\\n" and each record line', () => {
    expect(stepHash(HASH_SEED, ['x', 'y'])).toBe(new Fnv64().update(`${HASH_SEED}\nx\ny`).hex());
    expect(stepHash(HASH_SEED, [])).toBe(new Fnv64().update(HASH_SEED).hex());
    expect(stepHash('0000000000000001', ['x'])).not.toBe(stepHash(HASH_SEED, ['x']));
  });
});

describe('round trip: record → parse → replay, every scenario', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s replays with identical hashes at every step', (_id, s) => {
    const lines = traceLines(s);
    const parsed = parseTraceLines(lines.join('\n'));
    expect(parsed.header).toMatchObject({ version: TRACE_VERSION, scenario: s.id, seed: s.seed, inputs: [] });
    expect(parsed.steps.map((x) => x.step)).toEqual(parsed.steps.map((_x, i) => i));
    const r = replayTrace(lines, SCENARIOS);
    expect(r).toMatchObject({ ok: true, scenario: s.id, steps: parsed.steps.length, records: parsed.records.length, status: parsed.end!.status });
    if (r.ok) expect(r.hash).toBe(parsed.steps.at(-1)!.hash);
  });

  it('the driver steps exactly as runSimulation does (same records, steps and status)', () => {
    for (const s of SCENARIOS) {
      const c = config(s);
      const d = new RunDriver(s, c);
      const mine: string[] = [];
      for (let st = d.next(); st !== null; st = d.next()) mine.push(...st.records.map((r) => `${r.id} ${r.kind}`));
      const theirs: string[] = [];
      const start = new RunDriver(s, { ...c, maxSteps: 0 });
      const first = start.next()!;
      theirs.push(...first.records.map((r) => `${r.id} ${r.kind}`));
      const end = runSimulation(start.simulation, { maxSteps: c.maxSteps }, (rs) => theirs.push(...rs.map((r) => `${r.id} ${r.kind}`)));
      expect(mine).toEqual(theirs);
      expect([d.simulation.steps, d.simulation.status]).toEqual([end.steps, end.status]);
    }
  });

  it('a bounded run (--max-steps, --until-ms) replays, and its end status is checked', () => {
    const s = findScenario('tcp-echo')!;
    expect(replayTrace(trace(s, { maxSteps: 10 }), SCENARIOS)).toMatchObject({ ok: true, steps: 11, status: 'limit' });
    expect(replayTrace(trace(s, { untilMs: 12 }), SCENARIOS)).toMatchObject({ ok: true, status: 'limit' });
  });

  it('replays from lines that arrive one by one (streaming), and asynchronously', async () => {
    const text = trace(findScenario('ping-pong')!);
    function* oneByOne(): Generator<string> {
      yield* linesOf(text);
    }
    expect(replayTrace(oneByOne(), SCENARIOS).ok).toBe(true);
    const { replayTraceAsync } = await import('../../src/debugger/replay/index.ts');
    async function* slow(): AsyncGenerator<string> {
      for (const l of linesOf(text)) yield l;
    }
    expect((await replayTraceAsync(slow(), SCENARIOS)).ok).toBe(true);
  });

  it('a trace written from the debugger\'s history replays too', () => {
    const s = findScenario('bank-teller')!;
    const c = config(s);
    const d = new RunDriver(s, c);
    const history = new TestHistory({ sim: d.simulation, records: d.next()!.records }, {}, [], { maxSteps: c.maxSteps, untilMs: null });
    history.growAll();
    const lines: string[] = [];
    const status = historyStatus(history.h);
    writeTraceFromHistory(makeRunHeader(d, c), history.records, history.stepEnds, status, (l) => lines.push(l));
    expect(replayTrace(lines, SCENARIOS)).toMatchObject({ ok: true, records: history.length });
    expect(lines).toEqual(traceLines(s));
    const native: string[] = [];
    exportHistory('native', makeRunHeader(d, c), { records: history.records, stepEnds: history.stepEnds, status }, (chunk) => native.push(chunk));
    expect(native.join('')).toBe(lines.join('\n') + '\n');
  });
});

describe('replay finds the first step that differs', () => {
  const s = findScenario('supervisor')!;
  const lines = traceLines(s);
  const deliverLine = lines.findIndex((l, i) => i > 30 && l.includes('"kind":"deliver"') && l.includes('"outcome":"ok"'));
  const stepOf = (lineIndex: number) => JSON.parse(lines.slice(lineIndex).find((l) => l.startsWith('{"step":'))!).step as number;

  it('a record whose state was changed: the step, the record, the line and the field', () => {
    const t = [...lines];
    const rec = JSON.parse(t[deliverLine]!);
    rec.state = { forged: 1 };
    t[deliverLine] = JSON.stringify(rec);
    const f = failure(replayTrace(t, SCENARIOS));
    expect(f).toMatchObject({ reason: 'diverged', step: stepOf(deliverLine), line: deliverLine + 1, recordId: rec.id });
    expect(f.message).toMatch(new RegExp(`^step ${stepOf(deliverLine)}: the file's records do not match the step's recorded hash`));
    expect(f.message).toContain(`record #${rec.id} (line ${deliverLine + 1}, deliver)`);
    expect(f.expected).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a consistent forgery (hashes recomputed) still differs from the replay', () => {
    const t = [...lines];
    const rec = JSON.parse(t[deliverLine]!);
    rec.state = { forged: 1 };
    t[deliverLine] = JSON.stringify(rec);
    // Recompute every step line after the change, as a forger would.
    let prev = HASH_SEED;
    let step: string[] = [];
    for (let i = 1; i < t.length; i++) {
      const v = JSON.parse(t[i]!);
      if ('step' in v) {
        prev = stepHash(prev, step);
        t[i] = JSON.stringify({ ...v, hash: prev });
        step = [];
      } else if ('kind' in v) step.push(t[i]!);
    }
    const f = failure(replayTrace(t, SCENARIOS));
    expect(f).toMatchObject({ reason: 'diverged', step: stepOf(deliverLine), recordId: rec.id, field: expect.stringMatching(/^state/) });
    expect(f.message).toMatch(/differs from the replay: record #\d+ \(line \d+, deliver\), field state/);
    expect(f.expected).not.toBe(f.actual);
  });

  it('a different option in the header (latency) diverges at the first step it changes', () => {
    const echo = traceLines(findScenario('tcp-echo')!);
    const h = JSON.parse(echo[0]!);
    h.options.net.latencyMs = 6;
    const f = failure(replayTrace([JSON.stringify(h), ...echo.slice(1)], SCENARIOS));
    expect(f.reason).toBe('diverged');
    expect(f.step).toBeGreaterThan(0);
  });

  it('a file whose run ends differently: the end status is compared', () => {
    const pp = traceLines(findScenario('ping-pong')!);
    const t = [...pp.slice(0, -1), pp.at(-1)!.replace('"quiescent"', '"blocked"')];
    const f = failure(replayTrace(t, SCENARIOS));
    expect(f.message).toMatch(/ends after step 7 with status blocked, but the replay ends with status quiescent/);
    // A file cut on purpose while the run was going (status running) is fine.
    const partial = traceLines(findScenario('ping-pong')!, { maxSteps: 3 });
    const running = [...partial.slice(0, -1), partial.at(-1)!.replace('"limit"', '"running"')];
    expect(replayTrace(running, SCENARIOS)).toMatchObject({ ok: true, steps: 4, status: 'running' });
  });

  it('version 1 files (no hashes) are compared record by record, grouped by the replay\'s steps', () => {
    const v1 = [lines[0]!.replace(`"version":${TRACE_VERSION}`, '"version":1'), ...lines.slice(1).filter((l) => !l.startsWith('{"step"') && !l.startsWith('{"end"'))];
    expect(replayTrace(v1, SCENARIOS)).toMatchObject({ ok: true, version: 1, steps: parseTraceLines(lines.join('\n')).steps.length });
    const idx = v1.findIndex((l) => l === lines[deliverLine]);
    const t = [...v1];
    t[idx] = t[idx]!.replace('"outcome":"ok"', '"outcome":"crashed"');
    const f = failure(replayTrace(t, SCENARIOS));
    expect(f).toMatchObject({ reason: 'diverged', step: stepOf(deliverLine), field: 'outcome' });
    expect(failure(replayTrace(v1.slice(0, idx), SCENARIOS)).message).toMatch(/^the file ends in the middle of step \d+/);
  });
});

describe('invalid files: exit code 2 material, naming line and field', () => {
  const lines = traceLines(findScenario('ping-pong')!);
  it('truncated: in a line, or at a line boundary (no end line)', () => {
    const mid = failure(replayTrace([...lines.slice(0, 20), lines[20]!.slice(0, 25)], SCENARIOS));
    expect(mid).toMatchObject({ reason: 'invalid', line: 21 });
    expect(mid.message).toMatch(/^line 21: not valid JSON \(truncated\?\)/);
    const cut = failure(replayTrace(lines.slice(0, -1), SCENARIOS));
    expect(cut).toMatchObject({ reason: 'invalid', line: lines.length });
    expect(cut.message).toBe(`line ${lines.length}: the file ends without its end line (truncated?)`);
  });

  it('an unknown scenario or bad options in the header', () => {
    const h = JSON.parse(lines[0]!);
    expect(failure(replayTrace([JSON.stringify({ ...h, scenario: 'nope' }), ...lines.slice(1)], SCENARIOS)).message)
      .toMatch(/^line 1, field scenario: unknown scenario "nope" \(known: .*ping-pong/);
    const bad = { ...h, options: { ...h.options, net: { ...h.options.net, latencyMs: 'fast' } } };
    const f = failure(replayTrace([JSON.stringify(bad), ...lines.slice(1)], SCENARIOS));
    expect([f.line, f.field]).toEqual([1, 'options.net.latencyMs']);
  });

  it('a step line that does not count the records, or skips a step', () => {
    const i = lines.findIndex((l) => l.startsWith('{"step":3'));
    const t = [...lines];
    t[i] = t[i]!.replace(/"records":\d+/, '"records":1');
    expect(failure(replayTrace(t, SCENARIOS)).message).toMatch(new RegExp(`^line ${i + 1}, field records: 1 does not match the \\d+ records so far`));
    const u = [...lines];
    u[i] = u[i]!.replace('"step":3', '"step":4');
    expect(failure(replayTrace(u, SCENARIOS)).message).toBe(`line ${i + 1}, field step: 4 is not the next step (expected 3)`);
  });
});

describe('inputs', () => {
  const s = chatter(5);
  it('an injected message is applied after its step, and replay applies it at the same step', () => {
    const lines = traceLines(s, { inputs: [poke(3)] });
    const parsed = parseTraceLines(lines.join('\n'));
    expect(parsed.header.inputs).toEqual([poke(3)]);
    const injected = parsed.records.find((r) => r.kind === 'ground-event')!;
    expect(injected).toMatchObject({ source: 'user inject', cause: null });
    const step3 = parsed.steps[3]!;
    expect(injected.id).toBeLessThanOrEqual(step3.records);
    expect(injected.id).toBeGreaterThan(parsed.steps[2]!.records);
    expect(parsed.records.some((r) => r.kind === 'deliver' && r.endpoint === 'pokes')).toBe(true);
    expect(replayTrace(lines, [s])).toMatchObject({ ok: true });
    // The same file without the input in its header: the replay does not inject, step 3 differs.
    const h = JSON.parse(lines[0]!);
    const f = failure(replayTrace([JSON.stringify({ ...h, inputs: [] }), ...lines.slice(1)], [s]));
    expect(f).toMatchObject({ reason: 'diverged', step: 3 });
  });

  it('an input after a quiescent end wakes the run again', () => {
    const plain = parseTraceLines(trace(s));
    const last = plain.steps.length - 1;
    const lines = traceLines(s, { inputs: [poke(last)] });
    const parsed = parseTraceLines(lines.join('\n'));
    expect(parsed.steps.length).toBeGreaterThan(plain.steps.length);
    expect(replayTrace(lines, [s]).ok).toBe(true);
  });

  it('the debugger\'s history applies an input as replay does: the same records as the driver\'s', () => {
    const withInput = parseTraceLines(trace(s, { inputs: [poke(3)] })).records.map((r) => JSON.stringify(r));
    const d = new RunDriver(s, config(s));
    const h = new TestHistory({ sim: d.simulation, records: d.next()!.records }, {}, [poke(3)], { maxSteps: config(s).maxSteps, untilMs: null });
    h.growAll();
    expect(h.records.map(serializeRecord)).toEqual(withInput);
    expect(h.h.applied.get(0)!.input.atStep).toBe(3);
  });

  it('kill and connect inputs replay exactly; an unknown kind is refused', () => {
    const killed = traceLines(s, { inputs: [{ atStep: 2, kind: 'kill', vm: [], pid: pid(1), reason: 'stop' }] });
    expect(killed.some((l) => l.includes('"kind":"quit"') && l.includes('"stop"'))).toBe(true);
    expect(replayTrace(killed, [s])).toMatchObject({ ok: true });
    const echo = SCENARIOS.find((x) => x.id === 'tcp-echo')!;
    const client = tcpClientSpec({ client: 'carol', host: 'carol-host', to: 'server', port: 5999, send: ['hi'] });
    const connected = traceLines(echo, { inputs: [{ atStep: 5, kind: 'connect', client }] });
    expect(connected.some((l) => l.includes('You said: hi'))).toBe(true);
    expect(replayTrace(connected, [echo])).toMatchObject({ ok: true });
    const lines = traceLines(s);
    const h = JSON.parse(lines[0]!);
    h.inputs = [{ atStep: 2, kind: 'teleport' }];
    const f = failure(replayTrace([JSON.stringify(h), ...lines.slice(1)], [s]));
    expect([f.reason, f.line, f.field]).toEqual(['invalid', 1, 'inputs[0].kind']);
  });
});

describe('connect inputs: any client script, and the version 2 form', () => {
  const echo = findScenario('tcp-echo')!;
  /** Not a line client: it waits, sends bytes, reads a counted reply, sleeps, sends UDP nobody answers. */
  const binary: ClientSpec = {
    name: 'dora',
    host: 'dora-host',
    steps: [
      { op: 'at', ms: 40 }, { op: 'connect', host: 'server', port: 5999 }, { op: 'send', text: bytes('bin\n') },
      { op: 'expect-bytes', n: 'You said: bin\n'.length }, { op: 'sleep', ms: 3 }, { op: 'send', text: 'two\n' },
      { op: 'expect-line' }, { op: 'close' }, { op: 'expect-eof' },
      { op: 'udp-send', host: 'server', port: 9, data: new Uint8Array([0, 255, 10]) }, { op: 'udp-expect', timeoutMs: 7 },
    ],
  };

  it('an exported run with a client that is not a line client replays identically', () => {
    const h = new TestHistory(startScenario(echo), {}, [{ atStep: 12, kind: 'connect', client: binary }], { maxSteps: echo.maxSteps! + 12, untilMs: null });
    h.growAll();
    const text = h.records.map(serializeRecord).join('\n');
    expect(text).toContain('You said: bin');
    expect(text).toContain('You said: two');
    expect(text).toContain('"client-udp-send"');
    expect(text).toContain('"client-timeout"');
    const header = makeHeader({
      scenario: echo.id, seed: echo.seed, options: simulationOptions(h.h.run!.sim, echo.maxSteps! + 12, null), inputs: h.h.applied.slice().map((a) => a.input),
    });
    const chunks: string[] = [];
    exportHistory('native', header, { records: h.records, stepEnds: h.stepEnds, status: historyStatus(h.h) }, (c) => chunks.push(c));
    const file = chunks.join('');
    expect(parseTraceLines(file).header.inputs).toEqual([{ atStep: 12, kind: 'connect', client: binary }]);
    expect(replayTrace(file, SCENARIOS)).toMatchObject({ ok: true, records: h.length });
  });

  it('a version 2 file with a connect input as line-client fields still opens and replays', () => {
    const client = tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 5999, send: ['a', 'b'] });
    const lines = traceLines(echo, { inputs: [{ atStep: 30, kind: 'connect', client }] });
    const h = JSON.parse(lines[0]!);
    expect(h.inputs).toEqual([{ atStep: 30, kind: 'connect', client: { name: 'carol', host: 'carol', steps: [
      { op: 'connect', host: 'server', port: 5999 }, { op: 'send', text: 'a\n' }, { op: 'expect-line' }, { op: 'send', text: 'b\n' },
      { op: 'expect-line' }, { op: 'close' },
    ] } }]);
    // What version 2 wrote for the same input (the step hashes do not cover the header).
    const v2 = { ...h, version: 2, inputs: [{ atStep: 30, kind: 'connect', client: 'carol', host: 'carol', to: 'server', port: 5999, send: ['a', 'b'] }] };
    const old = [JSON.stringify(v2), ...lines.slice(1)];
    expect(parseTraceLines(old.join('\n')).header.inputs).toEqual([{ atStep: 30, kind: 'connect', client }]);
    expect(replayTrace(old, SCENARIOS)).toMatchObject({ ok: true, version: 2 });
  });
});

describe('helpers', () => {
  it('firstDifference names the first differing path', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 3 }] })).toEqual({ path: 'b[1].c', a: 2, b: 3 });
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeNull();
    expect(firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 })?.path).toBe('(key order)');
    expect(firstDifference([1], [1, 2])).toEqual({ path: '[1]', a: undefined, b: 2 });
  });

  it('the Replayer ignores lines after its first failure', () => {
    const r = new Replayer(scenarios);
    expect(r.line('{"format":"nope"}')).toMatchObject({ reason: 'invalid', line: 1, field: 'format' });
    expect(r.line('anything')).toBe(r.failed);
    expect(r.finish()).toBe(r.failed);
  });

  it('a TraceWriter numbers steps and counts records', () => {
    const out: string[] = [];
    const w = new TraceWriter(makeRunHeader(new RunDriver(chatter(1), config(chatter(1))), config(chatter(1))), (l) => out.push(l));
    w.step([]);
    w.end('quiescent');
    expect(out.slice(1)).toEqual([
      JSON.stringify({ step: 0, records: 0, hash: stepHash(HASH_SEED, []) }),
      '{"end":true,"status":"quiescent","steps":0,"records":0}',
    ]);
  });
});
