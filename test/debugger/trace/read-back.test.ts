/**
 * The reader half of "whatever the kernel accepts, the writer writes and the reader reads back"
 * (issue 11): records holding any term a run may make under the limits a header may set (terms up
 * to LIMIT_RANGES.maxTermDepth deep, any strings — NULs, lone surrogates, prototype member names —
 * any finite number, bytes) and any process state, written by TraceWriter, are read by TraceReader
 * and the importer without a refusal, each line in its canonical form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordedBuilder } from '../../../src/debugger/engine/recorded.ts';
import { recordId } from '../../../src/kernel/ids.ts';
import { LIMIT_RANGES } from '../../../src/debugger/trace/header.ts';
import { TraceReader, TraceWriter, makeHeader } from '../../../src/debugger/trace/index.ts';
import {
  _, atMetaLevel, endpointName, evt, pid, quit, role, sendMessage, struct, topicSubscriber, transition, wild,
  type Term, type TraceRecord,
} from '../../../src/kernel/index.ts';

const KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'bytes', 'struct', 'fields', 'wild', '$map', 'x'];
const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...KEYS, '\u0000', '\ud800', '"\\\n'));
const anyNumber = fc.double({ noNaN: true, noDefaultInfinity: true });

const term: fc.Arbitrary<Term> = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant(null)),
    fc.uint8Array({ maxLength: 8 }),
    fc.constantFrom(_, wild('x'), wild('__proto__')),
    fc.array(tie('term'), { maxLength: 4 }),
    fc.tuple(anyString, fc.array(tie('term'), { maxLength: 3 })).map(([n, fs]) => struct(n, ...fs)),
    fc.tuple(anyString, fc.array(tie('term'), { maxLength: 2 })).map(([n, as]) => evt(n, ...as)),
  ),
})).term;

/** A term `depth` levels deep (the kernel's measure: an atom is 1), nested as structs. */
function deepTerm(depth: number): Term {
  let t: Term = 'leaf';
  for (let d = 1; d < depth; d++) t = struct('s', t);
  return t;
}

const base = (id: number, cause: number | null) => ({ id: recordId(id), cause: cause === null ? null : recordId(cause), vm: [pid(4)], pid: pid(2) });

/** Records of several kinds with `t` in every term position and `state` as a process state. */
function records(t: Term, state: unknown): TraceRecord[] {
  const r = role('ep', topicSubscriber(t), { onMessage: (_m, s) => transition(s) });
  return [
    { ...base(1, null), kind: 'ground-event', event: t, source: 'event x', time: 1 },
    { ...base(2, 1), kind: 'world', time: 2, what: 'note', host: 'h', detail: t },
    {
      ...base(3, 2), kind: 'deliver', endpoint: endpointName('ep'), event: { type: 'message', role: r.role, message: t }, peer: null, outcome: 'ok',
      state, actions: [sendMessage(t), atMetaLevel(r), quit(t)], reason: null,
    },
    { ...base(4, 3), kind: 'action', action: atMetaLevel(r) },
    { ...base(5, 3), kind: 'endpoint', change: 'added', endpoint: endpointName('ep'), role: r.role, meta: true, reason: null },
    { ...base(6, 3), kind: 'quit', reason: t, killedBy: null, dropped: 0, vanished: [] },
  ] as TraceRecord[];
}

/** Writes the records as one step of a trace, reads the file back; returns the lines and the reader's items. */
function writeAndRead(rs: readonly TraceRecord[], body: Term): { lines: string[]; canonical: string[] } {
  const lines: string[] = [];
  const header = makeHeader({ scenario: 'ping-pong', seed: 1, options: {}, inputs: [{ atStep: 0, kind: 'inject', body, orientation: 'publisher' }] });
  const w = new TraceWriter(header, (l) => lines.push(l));
  w.step(rs);
  w.end('quiescent');
  const reader = new TraceReader();
  const importer = new RecordedBuilder();
  const canonical: string[] = [];
  for (const l of lines) {
    const item = reader.line(l);
    importer.push(item);
    if (item.type === 'record') canonical.push(JSON.stringify(item.raw));
  }
  reader.finish();
  importer.finish();
  return { lines, canonical };
}

describe('what the writer writes, the reader reads back', () => {
  it('any term in every term position, any state', () => {
    fc.assert(
      fc.property(term, fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), (t, state) => {
        const { lines, canonical } = writeAndRead(records(t, state), t);
        expect(canonical).toEqual(lines.filter((l) => l.startsWith('{"id":')));
      }),
      { numRuns: 300 },
    );
  });

  it(`a term as deep as a header may allow (maxTermDepth ${LIMIT_RANGES.maxTermDepth[1]}), in its deepest positions`, () => {
    const t = deepTerm(LIMIT_RANGES.maxTermDepth[1]);
    const { lines, canonical } = writeAndRead(records(t, t), t);
    expect(canonical).toHaveLength(6);
    expect(canonical).toEqual(lines.filter((l) => l.startsWith('{"id":')));
  });

  it('a state with keys named like prototype members reads back as data', () => {
    const state = JSON.parse('{"__proto__":{"polluted":1},"constructor":2,"toString":"x"}') as unknown;
    const { canonical } = writeAndRead(records('t', state), 'b');
    expect(canonical[2]).toContain('"state":{"__proto__":{"polluted":1},"constructor":2,"toString":"x"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
