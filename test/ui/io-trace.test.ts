/**
 * Trace files in the engine (issue 6), without a browser: exports of a session (native with its
 * inputs and cursor, and every other format), streamed import of a file, re-check, and the UI
 * session over the engine opening a trace file as a recorded session and going back to the live one.
 */
import { describe, expect, it } from 'vitest';
import { testSession } from '../helpers/session.ts';
import { modelAt } from '../../src/debugger/engine/history.ts';
import { hasWork } from '../../src/debugger/engine/jobs.ts';
import {
  DEFAULT_ENV, initialState, reduce, type Origin, type PlayerAction, type PlayerEnv, type PlayerState,
} from '../../src/debugger/engine/player.ts';
import { recordedFromText } from '../../src/debugger/engine/recorded.ts';
import { exportHistory, exportToStrings, EXPORT_FORMATS, type ExportFormat } from '../../src/debugger/export/index.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { TraceParseError, encodeInput, inputSchema, parseTraceLines } from '../../src/debugger/trace/index.ts';
import { tcpClientSpec } from '../../src/kernel/ground/line-client.ts';
import type { Input } from '../../src/kernel/ground/inputs.ts';
import { pid, prettyRecord, struct } from '../../src/kernel/index.ts';
import { SCENARIOS, findScenario } from '../../src/scenarios/index.ts';
import { recheckTrace } from '../../src/ui/engine/io/recheck.ts';
import { sliceClock, type SliceClock } from '../../src/ui/engine/io/slices.ts';
import { importTrace } from '../../src/ui/engine/io/trace-import.ts';
import {
  BlobParts, exportFileName, exportRun, exportRunOf, sessionEndStatus, sessionHeader, withUiField,
} from '../../src/ui/engine/io/trace-export.ts';

const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

/** The engine's player state after `actions`, each followed by its job run to the end. */
function played(actions: readonly PlayerAction[], id = 'tcp-echo'): PlayerState {
  let s = initialState(env, findScenario(id)!);
  for (const a of [{ type: 'to-end' } as const, ...actions]) {
    s = reduce(env, s, a);
    for (let i = 0; i < 100_000 && hasWork(s); i++) s = reduce(env, s, { type: 'tick', elapsedMs: 16, units: 64 });
  }
  return s;
}

/** Slices on real timers of `budgetMs` each, so async jobs really pause between slices. */
const timerSlices = (budgetMs: number): SliceClock => sliceClock(() => performance.now(), (f) => void setTimeout(f, 0), budgetMs);

async function exportText(s: PlayerState, format: ExportFormat = 'native'): Promise<string[]> {
  const parts = new BlobParts('text/plain', 1000);
  await exportRun(format, exportRunOf(s), parts.sink, { clock: timerSlices(1) });
  return Promise.all(parts.finish().map((b) => b.text()));
}

const headerOf = (text: string): Record<string, unknown> => JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;

describe('exports of a session', () => {
  const s = played([{ type: 'jump', to: 57 }]);
  const length = s.history.records.length;

  it('native: the run, with the cursor in a ui field; it parses, replays identical and re-opens at the cursor', async () => {
    expect(s.cursor).toBe(57);
    const [text] = await exportText(s);
    expect(headerOf(text!)).toMatchObject({ format: 'os2-lab-trace', scenario: 'tcp-echo', seed: 1, inputs: [], ui: { cursor: 57 } });
    const parsed = parseTraceLines(text!);
    expect(parsed.records).toHaveLength(length);
    expect(parsed.end?.status).toBe('blocked');
    expect(replayTrace(text!, SCENARIOS)).toMatchObject({ ok: true, records: length });
    const back = recordedFromText(text!);
    expect(back.ui).toEqual({ cursor: 57 });
    const opened = reduce(env, s, { type: 'open-recorded', recorded: back, name: 'echo.jsonl' });
    expect(opened.cursor).toBe(57);
    expect(opened.origin).toEqual({ kind: 'recorded', name: 'echo.jsonl', scenario: 'tcp-echo', seed: 1 });
  });

  it('every other format is what exportHistory makes of the same run', async () => {
    const header = sessionHeader(s);
    const history = { records: s.history.records.slice(), stepEnds: exportRunOf(s).stepEnds, status: sessionEndStatus(s) };
    for (const format of EXPORT_FORMATS.filter((f) => f !== 'native')) {
      const mine = await exportText(s, format);
      const ref: string[][] = [];
      exportHistory(format, header, history, (c, p) => (ref[p - 1] ??= []).push(c));
      expect(mine, format).toEqual(ref.map((p) => p.join('')));
      expect(mine.length, format).toBeGreaterThan(0);
    }
    // And the native text converts like a file does.
    const [native] = await exportText(s);
    expect((await exportText(s, 'perfetto'))[0]).toBe(exportToStrings('perfetto', native!)[0]);
  });

  it('names files by scenario, seed and cursor; mermaid parts are numbered', () => {
    expect(exportFileName({ scenario: 'tcp-echo', seed: 1, cursor: 57 }, 'native')).toBe('tcp-echo-seed1-at57.jsonl');
    expect(exportFileName({ scenario: 'tcp-echo', seed: 1, cursor: 57 }, 'mermaid', 2)).toBe('tcp-echo-seed1-at57.mermaid.2.mmd');
    expect(withUiField('{"a":1}', { cursor: 3 })).toBe('{"a":1,"ui":{"cursor":3}}');
    expect(withUiField('{"a":1}', { cursor: 3, breakpoints: [] })).toBe('{"a":1,"ui":{"cursor":3}}');
    expect(withUiField('{"a":1}', { cursor: 3, breakpoints: [{ text: 'quit', enabled: true }] }))
      .toBe('{"a":1,"ui":{"cursor":3,"breakpoints":[{"text":"quit","enabled":true}]}}');
  });

  it('the header records the session\'s interventions, and the trace replays with them', async () => {
    const before = played([]);
    const poked = played([{ type: 'intervene', at: before.cursor, intervention: { kind: 'inject', body: struct('poke', 'hi'), orientation: 'publisher' } }, { type: 'to-end' }]);
    expect(poked.history.applied.length).toBe(1);
    const [text] = await exportText(poked);
    expect(headerOf(text!).inputs).toEqual([{ atStep: before.history.run!.sim.steps, kind: 'inject', body: { struct: 'poke', fields: ['hi'] }, orientation: 'publisher' }]);
    expect(replayTrace(text!, SCENARIOS)).toMatchObject({ ok: true, records: poked.history.records.length });
  });

  it('inputs convert to the header form and back', () => {
    const inputs: Input[] = [
      { atStep: 2, kind: 'inject', body: struct('x', 1), orientation: 'subscriber' },
      { atStep: 3, kind: 'kill', vm: [pid(1)], pid: pid(4), reason: struct('bye') },
      { atStep: 4, kind: 'connect', client: tcpClientSpec({ client: 'carol', host: 'carol', to: 'server', port: 7, send: ['a', 'b'] }) },
    ];
    for (const i of inputs) expect(inputSchema.decode(JSON.parse(JSON.stringify(encodeInput(i))))).toEqual(i);
  });
});

describe('import and re-check', () => {
  const s = played([]);
  const length = s.history.records.length;
  const textOf = async () => (await exportText(s))[0]!;

  it('streams a file into a recorded history in slices, with progress', async () => {
    const text = await textOf();
    const seen: number[] = [];
    const r = await importTrace(new Blob([text]), { name: 'echo.jsonl', clock: timerSlices(0.01), onProgress: (p) => seen.push(p.records) });
    expect(r.history.records.length).toBe(length);
    expect(r.history.run).toBeNull();
    expect(r.header.scenario).toBe('tcp-echo');
    expect(r.endStatus).toBe('blocked');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(length);
    expect(r.history.records.slice().map((r) => prettyRecord(r))).toEqual(s.history.records.slice().map((r) => prettyRecord(r)));
  });

  it('refuses truncated, garbage and unknown-scenario files naming the line and field', async () => {
    const text = await textOf();
    const lines = text.split('\n');
    const refuse = async (t: string | Uint8Array) => {
      try {
        await importTrace(new Blob([t as BlobPart]), { name: 'x' });
      } catch (e) {
        expect(e).toBeInstanceOf(TraceParseError);
        return e as TraceParseError;
      }
      throw new Error('accepted');
    };
    expect((await refuse(lines.slice(0, 30).join('\n') + '\n')).message).toBe('line 31: the file ends without its end line (truncated?)');
    expect((await refuse(text.slice(0, text.length - 40))).line).toBe(lines.length - 1);
    expect((await refuse(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 10, 3]))).line).toBe(1);
    expect((await refuse('')).message).toMatch(/^line 1: empty trace/);
    const rec = JSON.parse(lines[4]!);
    rec.cause = 'yesterday';
    expect((await refuse([...lines.slice(0, 4), JSON.stringify(rec), ...lines.slice(5)].join('\n'))).message).toMatch(/^line 5, field cause: /);
    const hdr = JSON.parse(lines[0]!);
    expect((await refuse([JSON.stringify({ ...hdr, scenario: 'nope' }), ...lines.slice(1)].join('\n'))).field).toBe('scenario');
    expect((await refuse([JSON.stringify({ ...hdr, ui: { cursor: 'x' } }), ...lines.slice(1)].join('\n'))).field).toBe('ui.cursor');
  });

  it('re-check: identical for the file as exported, the first differing step for a forged one', async () => {
    const text = await textOf();
    expect(await recheckTrace(new Blob([text]), { clock: timerSlices(1) })).toMatchObject({ ok: true, records: length });
    const lines = text.split('\n');
    const i = lines.findIndex((l, k) => k > 40 && l.includes('"kind":"deliver"') && l.includes('"outcome":"ok"'));
    const rec = JSON.parse(lines[i]!);
    rec.state = { forged: true };
    lines[i] = JSON.stringify(rec);
    const r = await recheckTrace(new Blob([lines.join('\n')]));
    expect(r).toMatchObject({ ok: false, reason: 'diverged', line: i + 1, recordId: rec.id });
  });
});

describe('the session over the engine opens a trace file as a recorded session', () => {
  /** A live tcp-echo session run to its end, at record 40 with process 1 selected, and its export there. */
  async function atForty() {
    const t = testSession('tcp-echo');
    t.settle();
    t.a().toEnd();
    t.settle();
    t.a().jumpTo(40);
    t.a().selectProcess('1');
    t.settle();
    t.a().exportTrace('native');
    await t.until(() => t.downloads.length === 1);
    const text = await t.downloads[0]!.blob.text();
    return { ...t, text, live: t.s().frame! };
  }

  it('steps and scrubs the trace, refuses interventions, re-checks, exports, and goes back to the live run as it was', async () => {
    const { s, a, settle, until, downloads, text, live } = await atForty();
    expect(downloads[0]!.name).toBe('tcp-echo-seed1-at40.jsonl');
    const length = live.status.length;
    /** Has the file `name` been read and opened? */
    const opened = (name: string) => (): boolean => {
      const o: Origin | undefined = s().frame?.status.origin;
      return o?.kind === 'recorded' && o.name === name && s().io.importing === null;
    };
    a().openFile(new Blob([text]), 't.jsonl');
    await until(opened('t.jsonl'));
    let st = s().frame!.status;
    expect(st.origin).toEqual({ kind: 'recorded', name: 't.jsonl', scenario: 'tcp-echo', seed: 1 });
    expect(st.previous).toEqual(live.status.origin);
    expect(st.status).toBe('recorded');
    expect(st.canGrow).toBe(false);
    expect(st.endStatus).toBe('blocked');
    expect([st.length, st.steps]).toEqual([length, live.status.steps]);
    // At the cursor of the ui field, the world the live run showed there.
    expect(s().cursor).toBe(40);
    expect([st.current, st.time]).toEqual([live.status.current, live.status.time]);
    expect(s().frame!.tree).toEqual(live.tree);
    expect(s().frame!.graph?.graph).toEqual(live.graph?.graph);
    const file = recordedFromText(text);
    expect(st.current?.text).toBe(prettyRecord(file.history.records.get(39)!));
    expect(modelAt(file.history, 40).applied).toBe(40);

    // It exports the very trace it was opened from (the cursor has not moved).
    a().exportTrace('native');
    await until(() => downloads.length === 2);
    expect(downloads[1]!.name).toBe('tcp-echo-seed1-at40.jsonl');
    expect(await downloads[1]!.blob.text()).toBe(text);

    a().stepForward();
    settle();
    expect(s().cursor).toBe(41);
    a().toEnd();
    settle();
    expect(s().cursor).toBe(length);
    a().jumpTo(length + 100);
    settle();
    expect(s().cursor).toBe(length);
    a().jumpTo(25);
    settle();
    expect(s().cursor).toBe(25);
    a().intervene({ kind: 'inject', body: struct('x'), orientation: 'publisher' });
    settle();
    st = s().frame!.status;
    expect(st.notices.at(-1)?.text).toMatch(/read-only/);
    expect([st.origin.kind, st.length, st.inputs.length]).toEqual(['recorded', length, 0]);

    a().recheck();
    await until(() => s().io.recheck !== null && s().io.recheck!.state !== 'running');
    expect(s().io.recheck).toMatchObject({ state: 'identical', runId: st.runId, steps: st.steps, total: st.steps });
    expect(s().io.recheck?.text).toMatch(/^Identical/);

    a().exportTrace('mermaid');
    await until(() => downloads.length === 3);
    expect(downloads[2]!.name).toBe('tcp-echo-seed1-at25.mermaid.mmd');
    expect(await downloads[2]!.blob.text()).toMatch(/^sequenceDiagram/m);

    // A second file keeps the same live session to go back to.
    a().openFile(new Blob([text.replace('"ui":{"cursor":40}', '"ui":{"cursor":3}')]), 'u.jsonl');
    await until(opened('u.jsonl'));
    expect(s().cursor).toBe(3);
    expect(s().frame!.status.previous).toEqual(live.status.origin);

    a().backToLive();
    settle();
    st = s().frame!.status;
    expect(st.origin).toEqual(live.status.origin);
    expect(st.previous).toBeNull();
    expect(st.status).not.toBe('recorded');
    expect(s().cursor).toBe(40);
    expect(st.selection.process).toBe('1');
    expect([st.length, st.current, st.runId === live.status.runId]).toEqual([length, live.status.current, false]);
    expect(s().frame!.tree).toEqual(live.tree);
  });

  it('a bad file, or one whose reading is stopped, leaves the session untouched, saying why (the line) or that it stopped', async () => {
    const { s, a, until, text, live } = await atForty();
    const untouched = (notices: number): void => {
      const st = s().frame!.status;
      expect(st.notices).toHaveLength(notices);
      expect(st.origin).toEqual(live.status.origin);
      expect(st.previous).toBeNull();
      expect([s().cursor, st.length, st.runId]).toEqual([40, live.status.length, live.status.runId]);
      expect(s().io.importing).toBeNull();
    };
    const notices = live.status.notices.length;
    // A refused file is an import problem (the UI shows the latest and folds the earlier ones).
    a().openFile(new Blob([text.slice(0, 2000)]), 'cut.jsonl');
    await until(() => s().io.importErrors.length === 1 && s().io.importing === null);
    untouched(notices);
    expect(s().io.importErrors[0]).toMatch(/^Could not open “cut\.jsonl”: line \d+(, field \S+)?: .*Your session is unchanged\.$/);
    a().openFile(new Blob([text]), 'slow.jsonl');
    a().stopIo('import');
    await until(() => (s().frame?.status.notices.length ?? 0) > notices && s().io.importing === null);
    untouched(notices + 1);
    expect(s().frame!.status.notices.at(-1)?.text).toBe('Opening “slow.jsonl” was stopped. Your session is unchanged.');
    expect(s().io.importErrors).toHaveLength(1);
  });
});
