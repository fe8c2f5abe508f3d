/**
 * The header's inputs: one codec between the kernel's Input and its JSON. Every input round-trips
 * (any client script included), the version 2 connect form still decodes, and a malformed input is
 * refused naming line 1 and the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TraceParseError, encodeInput, inputSchema, makeHeader, parseHeader, serializeHeader,
} from '../../../src/debugger/trace/index.ts';
import type { ClientSpec, ClientStep } from '../../../src/kernel/ground/clients.ts';
import { choiceId } from '../../../src/kernel/ground/choices.ts';
import { tcpClientSpec } from '../../../src/kernel/ground/line-client.ts';
import type { Input } from '../../../src/kernel/ground/inputs.ts';
import { pid, struct } from '../../../src/kernel/index.ts';
import { arbOrientation, arbTerm } from '../../kernel/gen.ts';

const arbMs = fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }));
const arbPort = fc.integer({ min: 0, max: 65535 });
const arbStep: fc.Arbitrary<ClientStep> = fc.oneof(
  arbMs.map((ms) => ({ op: 'at' as const, ms })),
  arbMs.map((ms) => ({ op: 'sleep' as const, ms })),
  fc.record({ op: fc.constant('connect' as const), host: fc.string(), port: arbPort }),
  fc.record({ op: fc.constant('send' as const), text: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 8 })) }),
  fc.constantFrom<ClientStep>({ op: 'expect-line' }, { op: 'expect-eof' }, { op: 'close' }),
  fc.nat().map((n) => ({ op: 'expect-bytes' as const, n })),
  fc.record({ op: fc.constant('udp-send' as const), host: fc.string(), port: arbPort, data: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('udp-expect' as const), timeoutMs: arbMs }, { requiredKeys: ['op'] }),
);
const arbClient: fc.Arbitrary<ClientSpec> = fc.record({ name: fc.string(), host: fc.string(), steps: fc.array(arbStep, { maxLength: 8 }) });
const arbPid = fc.integer({ min: -1, max: 1_000_000 }).map(pid);
const arbInput: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ atStep: fc.nat(), kind: fc.constant('inject' as const), body: arbTerm(), orientation: arbOrientation }),
  fc.record({ atStep: fc.nat(), kind: fc.constant('kill' as const), vm: fc.array(arbPid, { maxLength: 3 }), pid: arbPid, reason: arbTerm() }),
  fc.record({ atStep: fc.nat(), kind: fc.constant('connect' as const), client: arbClient }),
  fc.record({
    atStep: fc.nat(),
    kind: fc.constant('choose' as const),
    event: fc.oneof(fc.constant('round'), fc.tuple(fc.constantFrom('event', 'packet', 'drop', 'duplicate', 'delay'), fc.string({ minLength: 1 })).map(([k, x]) => `${k}:${x}`)).map(choiceId),
  }),
);

/** A header line with these inputs (JSON as a file would hold them). */
const headerWith = (inputs: unknown[], version = 3): string => {
  const h = JSON.parse(serializeHeader(makeHeader({ scenario: 's', seed: 1, options: {} })));
  return JSON.stringify({ ...h, version, inputs });
};

function refusal(line: string): TraceParseError {
  try {
    parseHeader(line);
  } catch (e) {
    if (e instanceof TraceParseError) return e;
    throw e;
  }
  throw new Error('expected a TraceParseError');
}

describe('the input codec', () => {
  it('decode(encode(x)) is x for every input, any client script included', () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        expect(inputSchema.decode(encodeInput(x))).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('the header line is a fixed point: written, read and written again, it is the same text', () => {
    fc.assert(
      fc.property(fc.array(arbInput, { maxLength: 4 }), (inputs) => {
        const line = serializeHeader(makeHeader({ scenario: 's', seed: 1, options: {}, inputs }));
        expect(serializeHeader(parseHeader(line))).toBe(line);
      }),
      { numRuns: 200 },
    );
  });

  it('writes each kind in the documented form (keys in order, bytes as {"bytes": …}, the whole client)', () => {
    const client: ClientSpec = {
      name: 'c', host: 'h',
      steps: [{ op: 'send', text: new Uint8Array([255, 10]) }, { op: 'udp-send', host: 'server', port: 53, data: new Uint8Array([0, 1]) }, { op: 'udp-expect' }],
    };
    const lines = [
      { atStep: 1, kind: 'inject', body: struct('x'), orientation: 'subscriber' },
      { atStep: 2, kind: 'kill', vm: [pid(4)], pid: pid(0), reason: false },
      { atStep: 3, kind: 'connect', client },
    ].map((i) => JSON.stringify(encodeInput(i as Input)));
    expect(lines).toEqual([
      '{"atStep":1,"kind":"inject","body":{"struct":"x","fields":[]},"orientation":"subscriber"}',
      '{"atStep":2,"kind":"kill","vm":[4],"pid":0,"reason":false}',
      '{"atStep":3,"kind":"connect","client":{"name":"c","host":"h","steps":[{"op":"send","text":{"bytes":"\u00ff\\n"}},' +
        '{"op":"udp-send","host":"server","port":53,"data":{"bytes":"\\u0000\\u0001"}},{"op":"udp-expect"}]}}',
    ]);
  });

  it('reads an inject without orientation as a publisher inject (versions 1 and 2 left it out)', () => {
    const h = parseHeader(headerWith([{ atStep: 0, kind: 'inject', body: 'hi' }], 2));
    expect(h.inputs).toEqual([{ atStep: 0, kind: 'inject', body: 'hi', orientation: 'publisher' }]);
  });

  it('reads the version 2 connect form as the script tcpClientSpec makes', () => {
    const old = { atStep: 5, kind: 'connect', client: 'carol', host: 'carol-host', to: 'server', port: 5999, send: ['a', 'b'] };
    const h = parseHeader(headerWith([old], 2));
    const client = tcpClientSpec({ client: 'carol', host: 'carol-host', to: 'server', port: 5999, send: ['a', 'b'] });
    expect(h.inputs).toEqual([{ atStep: 5, kind: 'connect', client }]);
    expect(client.steps.map((s) => s.op)).toEqual(['connect', 'send', 'expect-line', 'send', 'expect-line', 'close']);
  });
});

describe('malformed inputs are refused naming line 1 and the field', () => {
  const step = (s: unknown, at = 2) => {
    const steps: unknown[] = [{ op: 'connect', host: 'server', port: 7 }, { op: 'send', text: 'x\n' }, { op: 'close' }];
    steps[at] = s;
    return [{ atStep: 0, kind: 'connect', client: { name: 'c', host: 'h', steps } }];
  };
  it.each([
    ['an unknown client step', step({ op: 'teleport' }), 'inputs[0].client.steps[2].op', 'unknown value "teleport"'],
    ['a step without op', step({ host: 'x' }), 'inputs[0].client.steps[2].op', 'missing'],
    ['a port out of range', step({ op: 'connect', host: 'server', port: 70_000 }, 0), 'inputs[0].client.steps[0].port', '70000'],
    ['bytes that are not bytes', step({ op: 'send', text: { bytes: '\u0100' } }, 1), 'inputs[0].client.steps[1].text.bytes', 'not a byte'],
    ['send text of the wrong type', step({ op: 'send', text: 3 }, 1), 'inputs[0].client.steps[1].text', 'expected string or object (found 3)'],
    ['udp data that is not bytes', step({ op: 'udp-send', host: 's', port: 1, data: 'x' }, 1), 'inputs[0].client.steps[1].data', 'expected object'],
    ['an unknown kind', [{ atStep: 0, kind: 'teleport' }], 'inputs[0].kind', 'unknown value "teleport"'],
    ['a body that is not a term', [{ atStep: 0, kind: 'inject', body: { nope: 1 } }], 'inputs[0].body', 'not a term'],
    ['a negative step', [{ atStep: -1, kind: 'kill', vm: [], pid: 1, reason: false }], 'inputs[0].atStep', '-1'],
    ['a pid that is not an integer', [{ atStep: 0, kind: 'kill', vm: [1.5], pid: 1, reason: false }], 'inputs[0].vm[0]', '1.5'],
    ['a version 2 connect with a bad port', [{ atStep: 0, kind: 'connect', client: 'c', host: 'h', to: 's', port: 'x', send: [] }], 'inputs[0].port', 'expected number'],
  ])('%s', (_what, inputs, field, problem) => {
    const e = refusal(headerWith(inputs as unknown[]));
    expect([e.line, e.field]).toEqual([1, field]);
    expect(e.message).toContain(problem);
  });
});
