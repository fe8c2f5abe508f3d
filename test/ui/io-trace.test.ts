/**
 * The browser side of trace files (issue 6), without a browser: exports of a session (native with
 * its inputs and cursor, and every other format), streamed import of a file, re-check, and the
 * session opening an imported trace as a new session and going back to the live one.
 */
import { describe, expect, it } from 'vitest';
import { exportHistory, exportToStrings, EXPORT_FORMATS, type ExportFormat } from '../../src/debugger/export/index.ts';
import { isLiveHistory } from '../../src/debugger/history-api.ts';
import { ImportedHistory } from '../../src/debugger/imported-history.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { TraceParseError, encodeInput, inputSchema, parseTraceLines } from '../../src/debugger/trace/index.ts';
import { tcpClientSpec } from '../../src/kernel/ground/clients.ts';
import type { Input } from '../../src/kernel/ground/inputs.ts';
import { struct, pid } from '../../src/kernel/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { manualScheduler, type FrameScheduler } from '../../src/ui/frame-scheduler.ts';
import { createIoStore } from '../../src/ui/io/io-store.ts';
import { recheckTrace } from '../../src/ui/io/recheck.ts';
import { sliceClock } from '../../src/ui/io/slices.ts';
import { importTrace } from '../../src/ui/io/trace-import.ts';
import {
  BlobParts, exportFileName, exportRun, exportRunOf, sessionHeader, withUiField,
} from '../../src/ui/io/trace-export.ts';
import { createSession, modelAtCursor, type SessionStore } from '../../src/ui/session-store.ts';

function liveSession(id = 'tcp-echo'): { store: SessionStore; s: () => ReturnType<SessionStore['getState']> } {
  const sched = manualScheduler();
  const store = createSession(id, undefined, { scheduler: sched, explore: false });
  const s = () => store.getState();
  s().toEnd();
  for (let i = 0; i < 10_000 && sched.pending; i++) sched.pump(16);
  return { store, s };
}

/** Frames on timers, so async jobs really slice (and tests need no pumping). */
const timerScheduler: FrameScheduler = {
  now: () => performance.now(),
  frame: (cb) => setTimeout(cb, 0) as unknown as number,
  cancel: (h) => clearTimeout(h),
};

async function exportText(store: SessionStore, format: ExportFormat = 'native'): Promise<string[]> {
  const parts = new BlobParts('text/plain', 1000);
  await exportRun(format, exportRunOf(store.getState()), parts.sink, { clock: sliceClock(timerScheduler, 1) });
  return Promise.all(parts.finish().map((b) => b.text()));
}

describe('exports of a session', () => {
  const { store, s } = liveSession();

  it('native: the run, with the cursor in a ui field; it parses, replays identical and re-opens at the cursor', async () => {
    s().jumpTo(57);
    const [text] = await exportText(store);
    const header = JSON.parse(text!.slice(0, text!.indexOf('\n')));
    expect(header).toMatchObject({ format: 'os2-lab-trace', scenario: 'tcp-echo', inputs: [], ui: { cursor: 57 } });
    const parsed = parseTraceLines(text!);
    expect(parsed.records).toHaveLength(s().length);
    expect(replayTrace(text!, SCENARIOS)).toMatchObject({ ok: true, records: s().length });
    const back = ImportedHistory.fromText(text!);
    expect(back.ui).toEqual({ cursor: 57 });
  });

  it('every other format is what exportHistory makes of the same run', async () => {
    const st = s();
    const header = sessionHeader(st);
    for (const format of EXPORT_FORMATS.filter((f) => f !== 'native')) {
      const mine = await exportText(store, format);
      const ref: string[][] = [];
      exportHistory(format, header, { records: st.history.records, stepEnds: st.history.stepEnds, status: st.simStatus }, (c, p) => (ref[p - 1] ??= []).push(c));
      expect(mine, format).toEqual(ref.map((p) => p.join('')));
    }
    // And the native text converts like a file does.
    const [native] = await exportText(store);
    expect((await exportText(store, 'perfetto'))[0]).toBe(exportToStrings('perfetto', native!)[0]);
  });

  it('names files by scenario, seed and cursor; mermaid parts are numbered', () => {
    expect(exportFileName({ scenario: 'tcp-echo', seed: 1, cursor: 57 }, 'native')).toBe('tcp-echo-seed1-at57.jsonl');
    expect(exportFileName({ scenario: 'tcp-echo', seed: 1, cursor: 57 }, 'mermaid', 2)).toBe('tcp-echo-seed1-at57.mermaid.2.mmd');
    expect(withUiField('{"a":1}', { cursor: 3 })).toBe('{"a":1,"ui":{"cursor":3}}');
  });

  it('the header records the session\'s interventions, and the trace replays with them', async () => {
    const live = liveSession('tcp-echo');
    live.s().jumpTo(live.s().length);
    expect(live.s().intervene({ kind: 'inject', body: struct('poke', 'hi'), orientation: 'publisher' }).kind).toBe('applied');
    live.s().toEnd();
    const [text] = await exportText(live.store);
    const header = JSON.parse(text!.slice(0, text!.indexOf('\n')));
    expect(header.inputs).toEqual([{ atStep: expect.any(Number), kind: 'inject', body: { struct: 'poke', fields: ['hi'] }, orientation: 'publisher' }]);
    expect(replayTrace(text!, SCENARIOS)).toMatchObject({ ok: true });
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
  const { store, s } = liveSession();
  const textOf = async () => (await exportText(store))[0]!;

  it('streams a file into an ImportedHistory in slices, with progress', async () => {
    const text = await textOf();
    const seen: number[] = [];
    const h = await importTrace(new Blob([text]), { name: 'echo.jsonl', clock: sliceClock(timerScheduler, 0.01), onProgress: (p) => seen.push(p.records) });
    expect(h.length).toBe(s().length);
    expect(h.name).toBe('echo.jsonl');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(s().length);
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
    expect(await recheckTrace(new Blob([text]), { clock: sliceClock(timerScheduler, 1) })).toMatchObject({ ok: true, records: s().length });
    const lines = text.split('\n');
    const i = lines.findIndex((l, k) => k > 40 && l.includes('"kind":"deliver"') && l.includes('"outcome":"ok"'));
    const rec = JSON.parse(lines[i]!);
    rec.state = { forged: true };
    lines[i] = JSON.stringify(rec);
    const r = await recheckTrace(new Blob([lines.join('\n')]));
    expect(r).toMatchObject({ ok: false, reason: 'diverged', line: i + 1, recordId: rec.id });
  });
});

describe('the session opens an imported trace as a new session', () => {
  it('keeps the live session, steps and scrubs the import, refuses interventions, and goes back', async () => {
    const { store, s } = liveSession();
    s().jumpTo(40);
    s().selectProcess('1');
    const liveHistory = s().history;
    const [text] = await exportText(store);
    const imported = ImportedHistory.fromText(text!, { name: 't.jsonl' });
    s().openTrace(imported);
    expect(s().history).toBe(imported);
    expect(s().cursor).toBe(40); // the ui field
    expect(s().simStatus).toBe('imported');
    expect(s().previous?.history).toBe(liveHistory);
    expect(modelAtCursor(s())).toEqual(imported.modelAt(40));
    s().stepForward();
    expect(s().cursor).toBe(41);
    s().toEnd();
    expect(s().cursor).toBe(imported.length);
    s().jumpTo(imported.length + 100);
    expect(s().cursor).toBe(imported.length);
    expect(s().intervene({ kind: 'inject', body: struct('x'), orientation: 'publisher' })).toEqual({ kind: 'refused' });
    expect(s().notices.at(-1)?.text).toMatch(/read-only/);
    // A second trace keeps the same live session to go back to.
    s().openTrace(ImportedHistory.fromText(text!), 3);
    expect(s().cursor).toBe(3);
    expect(s().previous?.history).toBe(liveHistory);
    s().backToLive();
    expect(s().history).toBe(liveHistory);
    expect(isLiveHistory(s().history)).toBe(true);
    expect(s().cursor).toBe(40);
    expect(s().selectedProcess).toBe('1');
    expect(s().previous).toBeNull();
    expect(s().simStatus).not.toBe('imported');
  });

  it('the io store opens a good file as the session; a bad one leaves the session untouched with a notice', async () => {
    const { store, s } = liveSession();
    s().jumpTo(25);
    const [text] = await exportText(store);
    const downloads: { name: string; blob: Blob }[] = [];
    const io = createIoStore(store, { scheduler: timerScheduler, download: (blob, name) => downloads.push({ name, blob }) });
    const before = s().history;

    expect(await io.getState().openFile(new Blob([text!.slice(0, 2000)]), 'cut.jsonl')).toBe(false);
    expect(s().history).toBe(before);
    expect(s().cursor).toBe(25);
    expect(s().notices.at(-1)?.text).toMatch(/^Could not open “cut\.jsonl”: line \d+(, field \S+)?: .*Your session is unchanged\.$/);
    expect(io.getState().importing).toBeNull();

    expect(await io.getState().openFile(new Blob([text!]), 'good.jsonl')).toBe(true);
    expect(isLiveHistory(s().history)).toBe(false);
    expect(s().cursor).toBe(25);

    await io.getState().startRecheck();
    expect(io.getState().recheck).toMatchObject({ state: 'identical', of: s().history });
    expect(io.getState().recheck?.text).toMatch(/^Identical/);

    await io.getState().exportTrace('native');
    await io.getState().exportTrace('mermaid');
    expect(downloads.map((d) => d.name)).toEqual(['tcp-echo-seed1-at25.jsonl', 'tcp-echo-seed1-at25.mermaid.mmd']);
    // The imported session exports the same trace it was opened from.
    expect(await downloads[0]!.blob.text()).toBe(text);

    s().backToLive();
    expect(s().history).toBe(before);
  });
});
