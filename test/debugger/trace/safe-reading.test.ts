/**
 * The mechanisms that keep a hostile trace file from crashing, hanging or misleading the reader
 * (issue 11): depth-bounded JSON, own-property lookups, linear length-bounded line splitting,
 * ranged header options, and messages that name the line and the field.
 */
import { describe, expect, it } from 'vitest';
import { stepEnds } from '../../../src/debugger/engine/history.ts';
import { recordedFromText } from '../../../src/debugger/engine/recorded.ts';
import { firstDifference } from '../../../src/debugger/replay/diff.ts';
import { recordRun, replayTrace, runConfigFromHeader } from '../../../src/debugger/replay/index.ts';
import { LIMIT_RANGES, MAX_NET_DELAY_MS } from '../../../src/debugger/trace/header.ts';
import {
  LineSplitter, MAX_JSON_DEPTH, TraceParseError, linesOf, parseHeader, parseTraceLines, readRunOptions,
} from '../../../src/debugger/trace/index.ts';
import { excessNesting, parseJsonLine } from '../../../src/debugger/trace/safe-json.ts';
import { emptyModel } from '../../../src/debugger/model.ts';
import { stateTree } from '../../../src/debugger/views/inspector.ts';
import { logRow } from '../../../src/debugger/views/log.ts';
import { MAX_SHOWN_CHARS } from '../../../src/debugger/views/shown.ts';
import { SCENARIOS, findScenario } from '../../../src/scenarios/index.ts';
import type { Scenario } from '../../../src/scenarios/types.ts';

const PING = findScenario('ping-pong')!;
const LINES: readonly string[] = (() => {
  const out: string[] = [];
  recordRun(PING, { scenario: PING.id, seed: PING.seed, maxSteps: 100, untilMs: null, inputs: [] }, (l) => out.push(l));
  return out;
})();
const DELIVER = LINES.findIndex((l) => l.includes('"kind":"deliver"'));
const text = (ls: readonly string[]): string => ls.join('\n') + '\n';

/** The file with line `i` (0-based) replaced. */
const withLine = (i: number, line: string): string => text(LINES.map((l, k) => (k === i ? line : l)));
const withHeader = (edit: (h: Record<string, unknown>) => void): string => {
  const h = JSON.parse(LINES[0]!) as Record<string, unknown>;
  edit(h);
  return withLine(0, JSON.stringify(h));
};

function refusal(f: () => unknown): TraceParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof TraceParseError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const nest = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('JSON nesting is bounded before it is parsed', () => {
  it('a line exactly MAX_JSON_DEPTH deep is parsed; one level more is refused, naming the field', () => {
    expect(parseJsonLine(`{"a":${nest(MAX_JSON_DEPTH - 1)}}`, 3)).toBeTruthy();
    const e = refusal(() => parseJsonLine(`{"a":{"b":[0,${nest(MAX_JSON_DEPTH)}]}}`, 3));
    expect(e.line).toBe(3);
    expect(e.field).toBe('a.b[1][0][0][0]…');
    expect(e.message).toMatch(/^line 3, field a\.b\[1\]\S*: nested deeper than 1024 levels/);
  });

  it('counts brackets outside strings only (escaped quotes included)', () => {
    const s = `{"s":"${'['.repeat(5000)}\\"${'{'.repeat(5000)}"}`;
    expect(excessNesting(s)).toBeUndefined();
    expect(parseJsonLine(s, 1)).toEqual({ s: `${'['.repeat(5000)}"${'{'.repeat(5000)}` });
  });

  it('10⁵ levels in a record: the importer, the parser and replay refuse it with the line, never a RangeError', () => {
    const bad = withLine(DELIVER, LINES[DELIVER]!.replace('"state":', `"state":${nest(100_000)},"was":`));
    for (const read of [() => parseTraceLines(bad), () => recordedFromText(bad)]) {
      const e = refusal(read);
      expect([e.line, e.field]).toEqual([DELIVER + 1, 'state[0][0][0][0][0]…']);
    }
    expect(replayTrace(bad, SCENARIOS)).toMatchObject({ ok: false, reason: 'invalid', line: DELIVER + 1, field: 'state[0][0][0][0][0]…' });
  });
});

describe('keys a file chooses are own properties, never inherited members', () => {
  it('a record with keys named toString, constructor, valueOf, __proto__: replay names the field', () => {
    for (const key of ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty']) {
      const line = LINES[DELIVER]!.replace(/}$/, `,${JSON.stringify(key)}:{"polluted":1}}`);
      const r = replayTrace(withLine(DELIVER, line), SCENARIOS);
      expect(r, key).toMatchObject({ ok: false, reason: 'diverged', line: DELIVER + 1, field: key });
      expect(r.ok ? '' : r.message, key).toContain(`field ${key}: the file has {"polluted":1}, the replay has no such field`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('firstDifference compares own fields only', () => {
    expect(firstDifference({ a: 1 }, JSON.parse('{"a":1,"toString":2}'))).toEqual({ path: 'toString', a: undefined, b: 2 });
    expect(firstDifference(JSON.parse('{"constructor":{"name":"Object"}}'), {})).toMatchObject({ path: 'constructor', b: undefined });
  });

  it('a header or record whose required fields sit under "__proto__" is refused as missing them', () => {
    const h = JSON.parse(LINES[0]!) as Record<string, unknown>;
    const { format, ...rest } = h;
    const hidden = JSON.stringify(rest).replace(/^\{/, `{"__proto__":{"format":${JSON.stringify(format)}},`);
    expect(refusal(() => parseHeader(hidden)).message).toBe('line 1, field format: missing: this is not an os2 Lab trace header');
    const rec = LINES[DELIVER]!.replace('"kind":"deliver",', '"__proto__":{"kind":"deliver"},');
    expect(refusal(() => parseTraceLines(withLine(DELIVER, rec))).message).toBe(`line ${DELIVER + 1}, field kind: missing`);
  });

  it('a record whose cause is not an earlier record is refused (a forged cause could loop)', () => {
    const rec = JSON.parse(LINES[DELIVER]!) as { id: number; cause: number };
    for (const cause of [rec.id, rec.id + 5]) {
      const e = refusal(() => parseTraceLines(withLine(DELIVER, JSON.stringify({ ...rec, cause }))));
      expect([e.line, e.field]).toEqual([DELIVER + 1, 'cause']);
    }
  });

  it('the inspector shows a state read from a file as data, whatever its shape', () => {
    const shapes = ['{"processes":null,"routing":1}', '{"processes":{"size":"x"},"routing":null}', '{"toJS":1,"size":2}', '{"__proto__":{"processes":1,"routing":1}}'];
    for (const s of shapes) {
      const tree = stateTree(JSON.parse(s));
      expect(tree.preview, s).toMatch(/^\{\d\}$/);
      expect(tree.children.map((c) => c.label), s).toEqual(Object.keys(JSON.parse(s)));
    }
  });
});

describe('lines are cut in linear time and bounded in length', () => {
  it('LineSplitter joins a line that spans chunks, keeps empty lines, and numbers a line too long', () => {
    const out: string[] = [];
    const s = new LineSplitter(10);
    s.push('ab', (l) => out.push(l));
    s.push('c\n\nd', (l) => out.push(l));
    s.push('ef\r\n', (l) => out.push(l));
    s.finish((l) => out.push(l));
    expect(out).toEqual(['abc', '', 'def\r']);
    const long = new LineSplitter(10);
    long.push('0123456789\n01234', () => {});
    const e = refusal(() => long.push('567890', () => {}));
    expect(e.message).toBe('line 2: longer than 10 characters (MAX_LINE_CHARS): not a trace line (a binary or damaged file?)');
  });

  it('linesOf cuts a whole text the same way, with the same bound', () => {
    expect([...linesOf('a\n\nb\n')]).toEqual(['a', '', 'b']);
    expect([...linesOf('a\nb')]).toEqual(['a', 'b']);
    expect([...linesOf('')]).toEqual([]);
    expect(refusal(() => [...linesOf('ok\n12345\n', 4)]).line).toBe(2);
  });

  it('a line of n characters in 64 KiB chunks costs time linear in n (8× the text, under 24× the time)', () => {
    const chunk = 'x'.repeat(1 << 16);
    // This process's CPU time, best of five: other work on a shared machine inflates the wall clock,
    // not this. Quadratic joining would cost about 64× for 8× the text.
    const cpuMs = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const time = (chunks: number): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 5; k++) {
        const s = new LineSplitter();
        const t0 = cpuMs();
        for (let i = 0; i < chunks; i++) s.push(chunk, () => {});
        s.push('\n', () => {});
        best = Math.min(best, cpuMs() - t0);
      }
      return best;
    };
    const small = time(64); // 4 MiB
    const large = time(512); // 32 MiB
    expect(large / Math.max(small, 0.5)).toBeLessThan(24);
  });

  it('replay of lines whose source refuses one (too long): an invalid file, naming the line', () => {
    const r = replayTrace(linesOf(text(LINES), 200), SCENARIOS);
    const line = LINES.findIndex((l) => l.length > 200) + 1;
    expect(r).toMatchObject({ ok: false, reason: 'invalid', line });
  });
});

describe('the header\'s run options are checked against their ranges', () => {
  const options = (o: Record<string, unknown>) => withHeader((h) => Object.assign(h.options as object, o));
  const cases: [string, string, string][] = [
    [withHeader((h) => (h.seed = 2 ** 32)), 'seed', 'Too big'],
    [withHeader((h) => (h.seed = -1)), 'seed', 'Too small'],
    [options({ limits: { maxTermDepth: LIMIT_RANGES.maxTermDepth[1] + 1 } }), 'options.limits.maxTermDepth', 'Too big'],
    [options({ limits: { maxRoundActions: 0 } }), 'options.limits.maxRoundActions', 'Too small'],
    [options({ limits: { maxQueueLength: 1.5 } }), 'options.limits.maxQueueLength', 'expected int'],
    [options({ limits: { maxVmDepth: 65 } }), 'options.limits.maxVmDepth', 'Too big'],
    [options({ net: { udpLoss: 2 } }), 'options.net.udpLoss', 'Too big'],
    [options({ net: { latencyMs: MAX_NET_DELAY_MS + 1 } }), 'options.net.latencyMs', 'Too big'],
    [options({ net: { partitions: [{ a: 'x', b: 'y', fromMs: -1, toMs: 5 }] } }), 'options.net.partitions[0].fromMs', 'Too small'],
    [options({ maxSteps: -1 }), 'options.maxSteps', 'Too small'],
  ];
  it.each(cases.map(([file, field, problem], i) => ({ i, file, field, problem })))('$field: $problem', ({ file, field, problem }) => {
    const r = replayTrace(file, SCENARIOS);
    expect(r).toMatchObject({ ok: false, reason: 'invalid', line: 1, field });
    expect(r.ok ? '' : r.message).toContain(problem);
  });

  it('keys a run does not know are not passed on to the kernel', () => {
    const h = parseHeader(JSON.parse(JSON.stringify(LINES[0])) as string);
    const edited = { ...h, options: { ...h.options, limits: { maxVmDepth: 3, toString: 5 }, net: { latencyMs: 7, constructor: 1 } } };
    const o = readRunOptions(edited);
    expect(o.limits).toEqual({ maxVmDepth: 3 });
    expect(o.net).toEqual({ latencyMs: 7 });
  });

  it('an input whose step the file never reaches names the header line and the input', () => {
    const file = withHeader((h) => (h.inputs = [{ atStep: 5000, kind: 'inject', body: 1 }]));
    expect(replayTrace(file, SCENARIOS)).toMatchObject({
      ok: false, reason: 'invalid', line: 1, field: 'inputs[0].atStep',
      message: 'line 1, field inputs[0].atStep: input after step 5000 was never applied: the file ends after step 7',
    });
  });

  it('options a scenario cannot use, whatever it throws, refuse the file naming options.scenario', () => {
    const fragile: Scenario = { ...PING, options: { flags: [], configure: () => { throw new TypeError('x is undefined'); } } };
    const h = parseHeader(withHeader((x) => ((x.options as Record<string, unknown>).scenario = { a: 1 })).split('\n')[0]!);
    const e = refusal(() => runConfigFromHeader(h, [fragile]));
    expect(e.message).toBe('line 1, field options.scenario: the scenario ping-pong cannot use these options: x is undefined');
  });
});

describe('a version 1 file does not choose how many steps the app makes', () => {
  it('an input "after step 4294967294" in a version 1 header: one step, stepEnds of length 1', () => {
    const h = JSON.parse(LINES[0]!) as Record<string, unknown>;
    const v1 = [
      JSON.stringify({ ...h, version: 1, inputs: [{ atStep: 4_294_967_294, kind: 'inject', body: 1, orientation: 'publisher' }] }),
      ...LINES.slice(1).filter((l) => l.startsWith('{"id":')),
    ];
    const recorded = recordedFromText(text(v1));
    expect(stepEnds(recorded.history)).toEqual([v1.length - 1]);
    expect(recorded.history.applied.slice().map((a) => a.input.atStep)).toEqual([4_294_967_294]);
  });
});

describe('views carry a bounded text of a huge value', () => {
  it('a megabyte string in a state or a record: MAX_SHOWN_CHARS in the inspector and the log', () => {
    const huge = 'x'.repeat(1_000_000);
    expect(stateTree(huge).preview).toHaveLength(MAX_SHOWN_CHARS);
    expect(stateTree({ a: huge }).children[0]!.preview).toBe(`"${'x'.repeat(MAX_SHOWN_CHARS - 2)}…`);
    const quit = LINES.find((l) => l.includes('"kind":"quit"'))!;
    const recorded = recordedFromText(withLine(LINES.indexOf(quit), quit.replace(/"reason":false/, `"reason":"${huge}"`)));
    const r = recorded.history.records.slice().find((x) => x.kind === 'quit')!;
    expect(logRow(r, 0, emptyModel).text).toHaveLength(MAX_SHOWN_CHARS);
  });
});

describe('messages stay short whatever the file holds', () => {
  it('a field error quoting a huge value or key list is cut', () => {
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, i]));
    const line = LINES[DELIVER]!.replace(/"event":\{"type":"(\w+)","role":\{/, `"event":{"type":"$1","role":{"topic":${JSON.stringify(keys)},"x":{`);
    const e = refusal(() => parseTraceLines(withLine(DELIVER, line)));
    expect(e.line).toBe(DELIVER + 1);
    expect(e.message.length).toBeLessThan(600);
  });
});
