/** Importing native traces: damaged files are refused with the line and field; good ones decode back to records. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRecords, emptyModel } from '../../src/debugger/model.ts';
import { RunDriver } from '../../src/debugger/replay/index.ts';
import { TraceParseError, parseTraceLines, readTrace, recordFromJson, serializeRecord } from '../../src/debugger/trace/index.ts';
import { prettyRecord, type TraceRecord } from '../../src/kernel/index.ts';
import { findScenario } from '../../src/scenarios/index.ts';
import { chatter, config, poke, trace } from './export-fixtures.ts';

const GOOD = trace(findScenario('ping-pong')!);
const LINES = GOOD.split('\n').slice(0, -1);
const MESSAGE = /^line \d+(, field [^:]+)?: \S.*$/;

/** Parses, returning the TraceParseError (or null); anything else thrown fails the test. */
function attempt(text: string): TraceParseError | null {
  try {
    parseTraceLines(text);
    return null;
  } catch (e) {
    if (e instanceof TraceParseError) return e;
    throw e;
  }
}

describe('truncated files', () => {
  it('cut at any line boundary before the end line: refused, naming the line after the last', () => {
    for (let n = 1; n < LINES.length; n++) {
      const e = attempt(LINES.slice(0, n).join('\n') + '\n');
      expect(e, `cut after line ${n}`).not.toBeNull();
      expect(e!.message).toBe(`line ${n + 1}: the file ends without its end line (truncated?)`);
    }
    expect(attempt(GOOD)).toBeNull();
  });

  it('cut inside any line: refused as truncated JSON on that line', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: LINES.length - 1 }), fc.nat(), (i, at) => {
      const line = LINES[i]!;
      const cut = 1 + (at % (line.length - 1));
      const e = attempt([...LINES.slice(0, i), line.slice(0, cut)].join('\n'));
      expect(e).not.toBeNull();
      expect(e!.line).toBe(i + 1);
      expect(e!.message).toMatch(i === 0 && cut === 0 ? /empty trace/ : /not valid JSON \(truncated\?\)|^line \d+/);
    }), { numRuns: 200 });
  });
});

describe('fields removed or damaged', () => {
  it('every required key of every line, removed: that line and that field are named', () => {
    for (let i = 0; i < LINES.length; i++) {
      const v = JSON.parse(LINES[i]!) as Record<string, unknown>;
      for (const key of Object.keys(v)) {
        if (i > 0 && key === 'kind') continue; // without a kind, a record line is no longer a record: checked below
        const { [key]: _gone, ...rest } = v;
        const e = attempt([...LINES.slice(0, i), JSON.stringify(rest), ...LINES.slice(i + 1)].join('\n'));
        if (e === null) continue; // an optional key (none today)
        expect(e.line, `${key} on line ${i + 1}`).toBe(i + 1);
        expect(e.message, `${key} on line ${i + 1}`).toMatch(MESSAGE);
        if (!(i === 0 && key === 'format')) expect(e.field ?? '', e.message).toContain(key);
      }
    }
    const rec = JSON.parse(LINES[5]!);
    delete rec.kind;
    expect(attempt([...LINES.slice(0, 5), JSON.stringify(rec), ...LINES.slice(6)].join('\n'))!.message).toBe('line 6, field kind: missing');
  });

  it('fuzzed values: refused with a clear error, or accepted only when still valid; never another exception', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: LINES.length - 1 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom('set', 'delete', 'swap', 'duplicate', 'drop', 'garbage'),
        (i, k, value, how) => {
          const lines = [...LINES];
          const v = JSON.parse(lines[i]!) as Record<string, unknown>;
          const keys = Object.keys(v);
          const key = keys[k % keys.length]!;
          switch (how) {
            case 'set':
              v[key] = value;
              lines[i] = JSON.stringify(v);
              break;
            case 'delete':
              delete v[key];
              lines[i] = JSON.stringify(v);
              break;
            case 'swap': {
              const j = k % lines.length;
              [lines[i], lines[j]] = [lines[j]!, lines[i]!];
              break;
            }
            case 'duplicate':
              lines.splice(i, 0, lines[i]!);
              break;
            case 'drop':
              lines.splice(i, 1);
              break;
            case 'garbage':
              lines[i] = JSON.stringify(value);
              break;
          }
          const e = attempt(lines.join('\n') + '\n');
          if (e !== null) {
            expect(e.message).toMatch(MESSAGE);
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lines.length + 1);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random bytes are refused on line 1', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 200 }), (s) => {
      const e = attempt(s);
      if (e !== null) expect(e.message).toMatch(MESSAGE);
      else throw new Error(`accepted ${JSON.stringify(s)}`);
    }), { numRuns: 200 });
  });

  it('terms are data: nothing in a file is evaluated', () => {
    const i = LINES.findIndex((l) => l.includes('"kind":"deliver"') && l.includes('"type":"message"'));
    const rec = JSON.parse(LINES[i]!);
    rec.event.message = { struct: 'x', fields: [{ $function: 'process.exit(3)' }] };
    const e = attempt([...LINES.slice(0, i), JSON.stringify(rec), ...LINES.slice(i + 1)].join('\n'));
    expect([e?.line, e?.field]).toEqual([i + 1, 'event.message']);
  });
});

describe('decoding records for the debugger (recordFromJson)', () => {
  it.each(['ping-pong', 'tcp-echo', 'supervisor', 'bank-teller'])('%s: imported records print and fold like the live ones', (id) => {
    const s = findScenario(id)!;
    const d = new RunDriver(s, config(s));
    const live: TraceRecord[] = [];
    for (let st = d.next(); st !== null; st = d.next()) live.push(...st.records);
    const imported = [...readTrace(live.length > 0 ? trace(s) : '')].flatMap((x) => (x.type === 'record' ? [recordFromJson(x.record)] : []));
    expect(imported.map((r) => prettyRecord(r))).toEqual(live.map((r) => prettyRecord(r)));
    expect(imported.map(serializeRecord)).toEqual(live.map(serializeRecord));
    const a = applyRecords(emptyModel, live);
    const b = applyRecords(emptyModel, imported);
    expect([...b.procs.keys()]).toEqual([...a.procs.keys()]);
    for (const [k, p] of a.procs) {
      const q = b.procs.get(k)!;
      expect([q.name, q.alive, q.isVm, [...q.endpoints.keys()], q.queue.size]).toEqual([p.name, p.alive, p.isVm, [...p.endpoints.keys()], p.queue.size]);
    }
    expect(b.time).toBe(a.time);
  });

  it('imported actions carry their data; their functions refuse to run', () => {
    const text = trace(chatter(2), { inputs: [poke(3)] });
    const boot = parseTraceLines(text).records.find((r) => r.kind === 'boot' && r.actions.some((a) => a.type === 'add-role'))!;
    const r = recordFromJson(boot) as Extract<TraceRecord, { kind: 'boot' }>;
    const add = r.actions.find((a) => a.type === 'add-role')!;
    expect(add.type === 'add-role' && add.role.orientation).toBeTruthy();
    expect(() => (add as unknown as { handler: () => void }).handler()).toThrow(/imported trace/);
  });
});
