/**
 * Messages about files (issue 19), without a browser: our own exports are recognised by their
 * start (and a native trace is not); refused files pile up as one list the UI folds, emptied by a
 * file that opens or by Dismiss; an export of several files waits for the user, who saves the files
 * as they are, one Markdown bundle, or nothing.
 */
import { describe, expect, it } from 'vitest';
import { testSession } from '../helpers/session.ts';
import { exportToStrings, EXPORT_FORMATS } from '../../src/debugger/export/index.ts';
import { ForeignFileError, recogniseExport } from '../../src/debugger/export/recognise.ts';
import { MAX_IMPORT_ERRORS, type FromEngine, type ToEngine } from '../../src/ui/engine/protocol.ts';
import type { EngineLink } from '../../src/ui/engine/link.ts';
import { createSession } from '../../src/ui/session-store.ts';
import { bundleName } from '../../src/ui/io/bundle.ts';
import { importTrace } from '../../src/ui/engine/io/trace-import.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

/** tcp-echo at record 40, exported natively (the engine's own export). */
async function nativeAt40() {
  const t = testSession('tcp-echo');
  t.a().jumpTo(40);
  t.settle();
  t.a().exportTrace('native');
  await t.until(() => t.downloads.length === 1);
  return { ...t, text: await t.downloads[0]!.blob.text() };
}

describe('recognising our exports', () => {
  it('names every export format but the native one, by what our exporters write first', async () => {
    const { text } = await nativeAt40();
    expect(recogniseExport(bytes(text))).toBeNull();
    const seen = new Map<string, string>();
    for (const f of EXPORT_FORMATS.filter((x) => x !== 'native')) {
      const first = exportToStrings(f, text)[0]!;
      const foreign = recogniseExport(bytes(first.slice(0, 4096)));
      expect(foreign, f).not.toBeNull();
      seen.set(f, foreign!.what);
    }
    expect(Object.fromEntries(seen)).toEqual({
      perfetto: 'a Perfetto / Chrome trace (trace events JSON)',
      shiviz: 'a ShiViz log',
      mermaid: 'a Mermaid sequence diagram',
      plantuml: 'a PlantUML sequence diagram',
    });
  });

  it('knows the pictures and a Markdown bundle, and leaves other files to the trace reader', () => {
    expect(recogniseExport(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))?.what).toBe('a PNG picture');
    expect(recogniseExport(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'))?.what).toBe('an SVG picture');
    expect(recogniseExport(bytes('# Mermaid: 2 parts\n\n```mermaid\nsequenceDiagram\n'))?.what).toMatch(/Markdown/);
    expect(recogniseExport(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))).toBeNull();
    expect(recogniseExport(bytes('{"format":"os2-lab-trace","version":4}\n'))).toBeNull();
    expect(recogniseExport(bytes('hello'))).toBeNull();
  });

  it('importing one refuses it with what it is and where it opens', async () => {
    const { text } = await nativeAt40();
    const perfetto = exportToStrings('perfetto', text).join('');
    const e = await importTrace(new Blob([perfetto]), { name: 'x.json' }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ForeignFileError);
    expect((e as Error).message).toBe(
      'it is a Perfetto / Chrome trace (trace events JSON); open it at ui.perfetto.dev (or chrome://tracing). os2 Lab opens its native traces (.jsonl)',
    );
  });
});

describe('refused files in the session', () => {
  it('accumulate (oldest first, a bounded number), and are cleared by a file that opens or by Dismiss', async () => {
    const { s, a, until, text } = await nativeAt40();
    for (let i = 1; i <= 3; i++) {
      a().openFile(new Blob([`not a trace ${i}\n`]), `bad${i}.jsonl`);
      await until(() => s().io.importErrors.length === i && s().io.importing === null);
    }
    expect(s().io.importErrors.map((t) => /“(\w+)\.jsonl”/.exec(t)?.[1])).toEqual(['bad1', 'bad2', 'bad3']);
    a().openFile(new Blob([text]), 'good.jsonl');
    await until(() => s().frame?.status.origin.kind === 'recorded' && s().io.importing === null);
    expect(s().io.importErrors).toEqual([]);

    for (let i = 1; i <= MAX_IMPORT_ERRORS + 2; i++) {
      a().openFile(new Blob(['x\n']), `b${i}.jsonl`);
      await until(() => s().io.importing === null && s().io.importErrors.at(-1)?.includes(`b${i}.jsonl`) === true);
    }
    expect(s().io.importErrors).toHaveLength(MAX_IMPORT_ERRORS);
    expect(s().io.importErrors[0]).toContain('“b3.jsonl”');
    a().dismissImportErrors();
    await until(() => s().io.importErrors.length === 0);
    expect(s().io.importErrors).toEqual([]);
  });
});

/** A session over a fake engine that answers every export with `files`. */
function sessionExporting(files: readonly { name: string; text: string }[]) {
  let listener: (m: FromEngine) => void = () => {};
  const link: EngineLink = {
    send(m: ToEngine) {
      if (m.type !== 'export') return;
      listener({ type: 'download', format: m.format, label: 'Mermaid sequence diagram (.mmd)', files: files.map((f) => ({ name: f.name, blob: new Blob([f.text]) })) });
    },
    listen: (f) => (listener = f),
    close: () => {},
  };
  const saved: { name: string; blob: Blob }[] = [];
  const store = createSession(link, { scenario: 'x', seed: null, step: 0 }, { download: (blob, name) => saved.push({ blob, name }) });
  return { store, a: () => store.getState().actions, saved };
}

describe('an export of several files', () => {
  const parts = [
    { name: 'run.mermaid.mmd', text: 'sequenceDiagram\n  A->>B: one\n' },
    { name: 'run.mermaid.2.mmd', text: 'sequenceDiagram\n  A->>B: two' },
  ];

  it('waits for the user; Cancel saves nothing', () => {
    const { store, a, saved } = sessionExporting(parts);
    a().exportTrace('mermaid');
    expect(store.getState().pendingExport?.files.map((f) => f.name)).toEqual(['run.mermaid.mmd', 'run.mermaid.2.mmd']);
    expect(saved).toEqual([]);
    a().savePendingExport('cancel');
    expect(store.getState().pendingExport).toBeNull();
    expect(saved).toEqual([]);
  });

  it('saves every file as it is', () => {
    const { a, saved } = sessionExporting(parts);
    a().exportTrace('mermaid');
    a().savePendingExport('files');
    expect(saved.map((f) => f.name)).toEqual(['run.mermaid.mmd', 'run.mermaid.2.mmd']);
  });

  it('or one Markdown file with a mermaid block per part', async () => {
    const { a, saved } = sessionExporting(parts);
    a().exportTrace('mermaid');
    a().savePendingExport('bundle');
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]!.name).toBe('run.mermaid.md');
    expect(await saved[0]!.blob.text()).toBe(
      '# Mermaid sequence diagram (.mmd): 2 parts\n' +
        '\n## Part 1: run.mermaid.mmd\n\n```mermaid\nsequenceDiagram\n  A->>B: one\n```\n' +
        '\n## Part 2: run.mermaid.2.mmd\n\n```mermaid\nsequenceDiagram\n  A->>B: two\n```\n',
    );
    expect(bundleName('x')).toBe('x.md');
  });

  it('a single file is saved at once', () => {
    const { store, a, saved } = sessionExporting(parts.slice(0, 1));
    a().exportTrace('mermaid');
    expect(store.getState().pendingExport).toBeNull();
    expect(saved.map((f) => f.name)).toEqual(['run.mermaid.mmd']);
  });
});
