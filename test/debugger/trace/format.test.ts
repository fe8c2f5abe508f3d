/** The native trace format: record encoding, the bounded state serializer, and the validating parser. */
import { List, Map as IMap, OrderedMap, OrderedSet } from 'immutable';
import { describe, expect, it } from 'vitest';
import {
  CUT, TRACE_FORMAT, TRACE_VERSION, TraceParseError, TraceWriter, actionToJson, makeHeader, parseRecord, parseTraceLines,
  recordFromJson, recordToJson, serializeHeader, serializeRecord, stateToJson,
} from '../../../src/debugger/trace/index.ts';
import { runSimulation } from '../../../src/kernel/ground/run.ts';
import {
  KERNEL_VERSION, _, atMetaLevel, boot, nestedVm, bytes, endpointName, evt, pid, quit, role, sendMessage, spawn, struct, termEquals,
  termFromJson, topicPublisher, topicSubscriber, transition, wild, yieldThen, type Term, type TraceRecord,
} from '../../../src/kernel/index.ts';
import { canonicalize } from '../../../src/kernel/unify.ts';
import { findScenario, startScenario } from '../../../src/scenarios/index.ts';

const rid = <T extends number>(n: number): T => n as T;

/** A record of every kind, with awkward terms in every term position. */
function sampleRecords(): TraceRecord[] {
  const payload = bytes('caf\u00e9 \u0000\xff\n');
  // Canonical, as the kernel stores and records a role's topic (the vocabulary does not canonicalise).
  const topic = canonicalize(struct('tcp-channel', wild('remote'), struct('tcp-listener', 5999), _));
  const sub = topicSubscriber(topic, { monitor: true });
  const pub = topicPublisher(struct('pong', _));
  const base = (id: number, cause: number | null, p: number | null, vm: number[] = []) => ({
    id: rid(id), cause: cause === null ? null : rid(cause), vm: vm.map(pid), pid: p === null ? null : pid(p),
  });
  const add = role('echoer', sub, { onMessage: (_m, s) => transition(s) });
  return [
    { ...base(1, null, 3), kind: 'ground-event', event: [evt('tcp-read', 2), payload], source: 'event tcp-read', time: 105 },
    { ...base(2, 1, null), kind: 'world', time: 110, what: 'client-recv', host: 'alice', detail: struct('data', 2, payload) },
    { ...base(3, null, null, [4]), kind: 'round', round: 7 },
    { ...base(4, 2, 1), kind: 'action', action: add },
    { ...base(5, 4, 1), kind: 'action', action: atMetaLevel(sendMessage(struct('job', [1, 'two', null, true]))) },
    {
      ...base(6, 5, 2), kind: 'deliver', endpoint: endpointName('echoer'),
      event: { type: 'message', role: pub, message: struct('pong', payload) }, peer: null, outcome: 'ok',
      state: { lines: 3, last: payload }, actions: [yieldThen((s) => transition(s)), quit(struct('bye', 1))], reason: null,
    },
    {
      ...base(7, 6, 2), kind: 'deliver', endpoint: endpointName('echoer'),
      event: { type: 'absence', role: sub, reason: struct('exn', 'Error', 'boom') }, peer: { pid: pid(4), endpoint: endpointName('pub') },
      outcome: 'crashed',
      state: null, actions: [], reason: struct('exn', 'Error', 'boom'),
    },
    {
      ...base(8, 4, 5), kind: 'boot', name: 'worker', parent: pid(1), nested: true, outcome: 'ok', state: 'no-state',
      actions: [spawn(boot(null), { name: 'inner' })], reason: null,
    },
    { ...base(9, 8, 1), kind: 'continuation', of: 'spawn', outcome: 'ok', state: 1, actions: [], reason: null },
    { ...base(10, 4, 1), kind: 'endpoint', change: 'added', endpoint: endpointName('echoer'), role: sub, meta: false, reason: null },
    {
      ...base(11, 9, 5), kind: 'quit', reason: false, killedBy: pid(1), dropped: 2,
      vanished: [{ vm: [pid(5)], pid: pid(0), name: 'inner' }],
    },
    { ...base(12, 3, null), kind: 'gc', pids: [pid(5), pid(6)], vanished: [] },
    { ...base(13, 4, 1), kind: 'no-op', why: 'kill of a pid that does not exist' },
    { ...base(14, 3, 1), kind: 'limit', limit: 'maxQueueLength', sentence: 'too many queued actions' },
    { ...base(15, 7, 2), kind: 'enqueue', actions: [quit(struct('exn', 'Error', 'boom'))], why: 'crash' },
  ] as unknown as TraceRecord[];
}

function decode(v: unknown): Term {
  const t = termFromJson(v);
  if (typeof t === 'object' && t !== null && 'error' in t) throw new Error(String(t.error));
  return t;
}

const header = () => makeHeader({ scenario: 'test', seed: 7, options: { routing: 'trie', net: { latencyMs: 5 } } });
/** A file: the header, the records as one step, the step line and the end line. */
const file = (records: readonly TraceRecord[]) => {
  const lines: string[] = [];
  const w = new TraceWriter(header(), (l) => lines.push(l));
  w.step(records);
  w.end('quiescent');
  return lines.join('\n') + '\n';
};

describe('record encoding', () => {
  it('writes the common fields first, then the kind fields, and parses back', () => {
    const parsed = parseTraceLines(file(sampleRecords()));
    expect(parsed.header).toMatchObject({ format: TRACE_FORMAT, version: TRACE_VERSION, kernel: KERNEL_VERSION, seed: 7 });
    expect(parsed.records.map((r) => r.kind)).toEqual([
      'ground-event', 'world', 'round', 'action', 'action', 'deliver', 'deliver', 'boot', 'continuation', 'endpoint',
      'quit', 'gc', 'no-op', 'limit', 'enqueue',
    ]);
    for (const line of file(sampleRecords()).split('\n').slice(1, -3)) {
      expect(Object.keys(JSON.parse(line)).slice(0, 5)).toEqual(['id', 'cause', 'vm', 'pid', 'kind']);
    }
  });

  it('round-trips the terms inside records (bytes, structs, wildcards, descriptors, lists)', () => {
    const rs = sampleRecords();
    const back = parseTraceLines(file(rs)).records;
    const ge = rs[0] as Extract<TraceRecord, { kind: 'ground-event' }>;
    expect(termEquals(decode((back[0] as { event: unknown }).event), ge.event)).toBe(true);
    const w = rs[1] as Extract<TraceRecord, { kind: 'world' }>;
    expect(termEquals(decode((back[1] as { detail: unknown }).detail), w.detail)).toBe(true);
    const d = back[5] as Extract<(typeof back)[number], { kind: 'deliver' }>;
    expect(d.event.type).toBe('message');
    expect(termEquals(decode((d.event as { message: unknown }).message), struct('pong', bytes('caf\u00e9 \u0000\xff\n')))).toBe(true);
    const ep = back[9] as Extract<(typeof back)[number], { kind: 'endpoint' }>;
    expect(ep.role).toEqual({
      orientation: 'subscriber', interest: 'observer',
      topic: { struct: 'tcp-channel', fields: [{ wild: 0 }, { struct: 'tcp-listener', fields: [5999] }, { wild: 1 }] }, // canonical: wildcards numbered
    });
    const crashed = back[6] as Extract<(typeof back)[number], { kind: 'deliver' }>;
    expect(termEquals(decode(crashed.reason), struct('exn', 'Error', 'boom'))).toBe(true);
  });

  it('encodes actions with their data and without functions', () => {
    const rs = sampleRecords();
    expect(JSON.parse(serializeRecord(rs[3]!)).action).toEqual({
      type: 'add-role', name: 'echoer',
      role: { orientation: 'subscriber', interest: 'observer', topic: expect.anything() },
    });
    expect(JSON.parse(serializeRecord(rs[4]!)).action).toEqual({
      type: 'at-meta-level',
      preaction: { type: 'send-message', orientation: 'publisher', body: { struct: 'job', fields: [[1, 'two', null, true]] } },
    });
    expect(JSON.parse(serializeRecord(rs[5]!)).actions).toEqual([
      { type: 'yield' }, { type: 'quit', pid: null, reason: { struct: 'bye', fields: [1] } },
    ]);
    expect(actionToJson(spawn(() => transition(0), { name: 'w', k: (_p, s) => transition(s) }))).toEqual({
      type: 'spawn', name: 'w', nested: false,
    });
    expect(serializeRecord(rs[7]!)).not.toContain('function');
  });

  it("writes a deliver's peer right after its event and reads it back; a line without one reads as null", () => {
    const [message, absence] = [sampleRecords()[5]!, sampleRecords()[6]!];
    expect(Object.keys(recordToJson(absence))).toEqual([
      'id', 'cause', 'vm', 'pid', 'kind', 'endpoint', 'event', 'peer', 'outcome', 'state', 'actions', 'reason',
    ]);
    expect(recordToJson(absence).peer).toEqual({ pid: 4, endpoint: 'pub' });
    expect(recordToJson(message).peer).toBeNull();
    const back = parseTraceLines(file([message, absence])).records.map(recordFromJson);
    expect(back.map((r) => (r.kind === 'deliver' ? r.peer : 'not a deliver'))).toEqual([null, { pid: 4, endpoint: 'pub' }]);
    // A version 3 line written before deliver records had a peer.
    const { peer: _dropped, ...older } = recordToJson(absence);
    const read = recordFromJson(parseRecord(JSON.stringify(older), 1));
    expect(read.kind === 'deliver' && read.peer).toBeNull();
  });

  it('reads and writes a relayed delivery (version 4): a VM process handing an event inward', () => {
    const relayed = {
      id: rid(1), cause: null, vm: [], pid: pid(2), kind: 'deliver', endpoint: endpointName('1/up'),
      event: { type: 'presence', role: topicPublisher(struct('svc', _)) }, peer: { pid: pid(1), endpoint: endpointName('o') },
      outcome: 'relayed', state: null, actions: [], reason: null,
    } as unknown as TraceRecord;
    expect(JSON.parse(serializeRecord(relayed))).toMatchObject({ outcome: 'relayed', state: null, peer: { pid: 1, endpoint: 'o' } });
    const [back] = parseTraceLines(file([relayed])).records.map(recordFromJson);
    expect(back).toMatchObject({ kind: 'deliver', outcome: 'relayed', peer: { pid: 1, endpoint: 'o' } });
  });

  it('is deterministic: the same records give byte-identical lines', () => {
    expect(file(sampleRecords())).toBe(file(sampleRecords()));
  });

  it('a real ping-pong run serializes identically twice and every line validates', () => {
    const run = (): string => {
      const s = findScenario('ping-pong')!;
      const st = startScenario(s, { seed: 3 });
      const lines: string[] = [];
      const w = new TraceWriter(makeHeader({ scenario: s.id, seed: 3, options: { net: st.sim.world.config } }), (l) => lines.push(l));
      w.step(st.records);
      const end = runSimulation(st.sim, {}, (rs) => rs.length > 0 && w.step(rs));
      w.end(end.status);
      return lines.join('\n') + '\n';
    };
    const a = run();
    expect(a).toBe(run());
    const parsed = parseTraceLines(a);
    expect(parsed.records.length + parsed.steps.length).toBe(a.split('\n').length - 3);
    expect(parsed.end).toMatchObject({ status: 'quiescent', records: parsed.records.length });
    expect(parsed.records.filter((r) => r.kind === 'boot').map((r) => (r as { name: string }).name)).toEqual([
      'boot', 'client', 'server',
    ]);
  });
});

describe('stateToJson', () => {
  it('keeps plain data as is (insertion order) and terms as termToJson', () => {
    expect(stateToJson({ b: 1, a: [true, null, 'x'] })).toEqual({ b: 1, a: [true, null, 'x'] });
    expect(JSON.stringify(stateToJson({ z: 1, y: 2 }))).toBe('{"z":1,"y":2}');
    expect(stateToJson(struct('conn', bytes('hi'), _))).toEqual({ struct: 'conn', fields: [{ bytes: 'hi' }, { wild: null }] });
    expect(stateToJson(undefined)).toBeNull();
    expect(stateToJson({ u: undefined })).toEqual({ u: null });
  });

  it('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a, 1];
    expect(stateToJson(a)).toEqual({ name: 'a', self: CUT, list: [CUT, 1] });
  });

  it('repeats shared (acyclic) values rather than cutting them', () => {
    const shared = { n: 1 };
    expect(stateToJson({ x: shared, y: shared })).toEqual({ x: { n: 1 }, y: { n: 1 } });
  });

  it('cuts containers nested deeper than 32 levels', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const out = JSON.stringify(stateToJson(deep));
    expect(out).toContain(`"d":"${CUT}"`);
    expect(out).not.toContain('bottom');
    expect((out.match(/\{/g) ?? []).length).toBe(33);
    let shallow: unknown = 'bottom';
    for (let i = 0; i < 30; i++) shallow = [shallow];
    expect(JSON.stringify(stateToJson(shallow))).toContain('bottom');
  });

  it('bounds the number of values written', () => {
    const big = Array.from({ length: 50_000 }, (_v, i) => i);
    const out = stateToJson(big) as unknown[];
    expect(out.length).toBeLessThan(10_002);
    expect(out[out.length - 1]).toBe(CUT);
    expect(stateToJson(big, { maxNodes: 5 })).toEqual([0, 1, 2, 3, CUT]);
  });

  it('encodes Maps, Sets, Immutable collections, functions and odd values', () => {
    expect(stateToJson(new Map<unknown, unknown>([['k', 1], [2, { v: true }]]))).toEqual({ $map: [['k', 1], [2, { v: true }]] });
    expect(stateToJson(new Set(['a', 'b']))).toEqual({ $set: ['a', 'b'] });
    expect(stateToJson(OrderedMap([['x', List([1, 2])]]))).toEqual({ $map: [['x', [1, 2]]] });
    expect(stateToJson(IMap([['only', 1]]))).toEqual({ $map: [['only', 1]] });
    expect(stateToJson(OrderedSet([3, 1]))).toEqual({ $set: [3, 1] });
    expect(stateToJson({ f: () => 1, g: function named() {} })).toEqual({ f: '<function>', g: '<function>' });
    expect(stateToJson([NaN, Infinity, 10n, -0])).toEqual([{ $number: 'NaN' }, { $number: 'Infinity' }, { $bigint: '10' }, 0]);
    expect(stateToJson(new Error('boom'))).toEqual({ $error: { name: 'Error', message: 'boom' } });
    expect(stateToJson(new Uint8Array([104, 105, 0]))).toEqual({ bytes: 'hi\u0000' });
    const trap = { ok: 1, get bad(): number { throw new Error('no'); } };
    expect(stateToJson(trap)).toEqual({ ok: 1, bad: '<unreadable>' });
  });

  it('summarises a nested VM state by its pids', () => {
    const vm = { processes: OrderedMap([[pid(0), { name: 'a' }], [pid(3), { name: 'b' }]]), nextPid: 4, routing: {} };
    expect(stateToJson(vm)).toEqual({ $vm: { processes: [0, 3] } });
  });

  it('serializes a real nested VM process state as a $vm summary', () => {
    const inner = boot(0, atMetaLevel(role('up', topicSubscriber(struct('job', _)))));
    const s = startScenario({
      id: 'nested', title: '', description: '', seed: 1,
      boot: boot(null, nestedVm(boot(null, spawn(inner, { name: 'inner' })), { name: 'workers' })),
    });
    const lines: string[] = [];
    runSimulation(s.sim, { maxSteps: 50 }, (rs) => rs.forEach((r) => lines.push(serializeRecord(r))));
    const vmStates = lines.map((l) => JSON.parse(l)).filter((r) => r.state?.$vm !== undefined);
    expect(vmStates.length).toBeGreaterThan(0);
    expect(vmStates[0].state.$vm.processes).toEqual([-1]); // the boot record: only the inner primordial yet
  });
});

describe('parseTraceLines errors', () => {
  const good = file(sampleRecords());
  const lines = good.split('\n');
  const withLine = (i: number, text: string) => [...lines.slice(0, i), text, ...lines.slice(i + 1)].join('\n');
  const error = (text: string): TraceParseError => {
    try {
      parseTraceLines(text);
    } catch (e) {
      if (e instanceof TraceParseError) return e;
      throw e;
    }
    throw new Error('expected a TraceParseError');
  };

  it('names the line of a truncated record', () => {
    const e = error(withLine(4, lines[4]!.slice(0, 30)));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/^line 5: not valid JSON \(truncated\?\)/);
  });

  it('names the version field of a header with a wrong version', () => {
    const e = error(withLine(0, lines[0]!.replace(`"version":${TRACE_VERSION}`, '"version":5')));
    expect([e.line, e.field]).toEqual([1, 'version']);
    expect(e.message).toBe('line 1, field version: unsupported version 5 (this reader reads versions 1, 2, 3 and 4)');
  });

  it('still reads version 1 files (no step lines, no end line)', () => {
    const v1 = [lines[0]!.replace(`"version":${TRACE_VERSION}`, '"version":1'), ...lines.slice(1, -3)].join('\n') + '\n';
    const parsed = parseTraceLines(v1);
    expect(parsed.header.version).toBe(1);
    expect(parsed.records).toHaveLength(15);
    expect([parsed.steps, parsed.end]).toEqual([[], null]);
  });

  it('rejects a file that is not an os2 Lab trace', () => {
    expect(error('{"hello":1}\n').field).toBe('format');
    expect(error('').message).toMatch(/^line 1: empty trace/);
  });

  it('names a missing field', () => {
    const rec = JSON.parse(lines[6]!);
    delete rec.endpoint;
    const e = error(withLine(6, JSON.stringify(rec)));
    expect([e.line, e.field]).toEqual([7, 'endpoint']);
    expect(e.message).toBe('line 7, field endpoint: missing');
    const hdr = JSON.parse(lines[0]!);
    delete hdr.seed;
    expect(error(withLine(0, JSON.stringify(hdr))).message).toBe('line 1, field seed: missing');
  });

  it('names nested fields: a bad term, a bad enum, an unknown kind', () => {
    const rec = JSON.parse(lines[6]!);
    rec.event.message = { struct: 'pong', fields: [{ nope: 1 }] };
    const e = error(withLine(6, JSON.stringify(rec)));
    expect(e.field).toBe('event.message');
    expect(e.message).toContain('not a term');
    const rec2 = JSON.parse(lines[10]!);
    rec2.role.orientation = 'sideways';
    expect(error(withLine(10, JSON.stringify(rec2))).field).toBe('role.orientation');
    const rec3 = JSON.parse(lines[3]!);
    rec3.kind = 'teleport';
    const e3 = error(withLine(3, JSON.stringify(rec3)));
    expect([e3.line, e3.field]).toEqual([4, 'kind']);
    expect(e3.message).toContain('unknown value "teleport"');
  });

  it('requires ids to increase and forbids blank lines', () => {
    expect(error(withLine(3, lines[2]!)).message).toBe('line 4, field id: 2 does not follow the previous id 2 (ids must increase)');
    expect(error(withLine(3, '')).message).toBe('line 4: empty line');
  });

  it('ignores unknown fields (forward compatible within a version)', () => {
    const rec = JSON.parse(lines[3]!);
    rec.future = { anything: true };
    expect(parseRecord(JSON.stringify(rec), 4)).toMatchObject({ kind: 'round', future: { anything: true } });
  });

  it('a file (from version 2 on) must end with its end line', () => {
    const cut = lines.slice(0, -2).join('\n') + '\n';
    expect(error(cut).message).toBe(`line ${lines.length - 1}: the file ends without its end line (truncated?)`);
  });

  it('accepts CRLF line ends and a file without a final newline', () => {
    expect(parseTraceLines(good.trimEnd().split('\n').join('\r\n')).records).toHaveLength(15);
  });

  it('makes headers JSON-safe and keeps the documented key order', () => {
    const h = makeHeader({ scenario: 's', seed: 1, options: { f: () => 1, n: undefined } });
    expect(Object.keys(JSON.parse(serializeHeader(h)))).toEqual(['format', 'version', 'kernel', 'scenario', 'seed', 'options', 'inputs']);
    expect(h.options).toEqual({ f: '<function>', n: null });
    expect(recordToJson(sampleRecords()[2]!)).toEqual({ id: 3, cause: null, vm: [4], pid: null, kind: 'round', round: 7 });
  });
});
