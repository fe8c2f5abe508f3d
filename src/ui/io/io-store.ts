/**
 * The file side of a session (issue 6): opening trace files, re-checking an imported trace, and
 * exporting the run or a diagram. One store per session (ioStoreFor), beside the session store; it
 * drives the session only through its actions (openTrace, notify).
 *
 * Data definition:
 *   importing  the file being read: name, bytes read of total, records so far (null: none)
 *   exporting  the export being made: what, records written of total (null: none)
 *   recheck    the last re-check of an imported trace: running (steps so far) | identical | differs
 *              (the first differing step) | failed (the file cannot be replayed) | stopped; `of` is
 *              the ImportedHistory it is about (a result for another history is not shown)
 * Rules: every job runs in bounded slices (slices.ts) with a Stop; a refused file leaves the session
 * untouched and says why in a notice naming the line and field; only a file read to its end
 * becomes the session (as a new, imported session: the live one is kept for "Back").
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { EXPORT_FORMATS, type ExportFormat } from '../../debugger/export/index.ts';
import { isLiveHistory } from '../../debugger/history-api.ts';
import type { ImportedHistory } from '../../debugger/imported-history.ts';
import { browserScheduler, type FrameScheduler } from '../frame-scheduler.ts';
import type { SessionStore } from '../session-store.ts';
import { downloadBlob, type Download } from './download.ts';
import { recheckText, recheckTrace } from './recheck.ts';
import { JobStopped, sliceClock } from './slices.ts';
import { panelPicture, pictureToPng, type PicturePanel } from './svg-export.ts';
import { importErrorText, importTrace } from './trace-import.ts';
import { BlobParts, EXPORT_MIME, exportFileName, exportRun, exportRunOf } from './trace-export.ts';

export const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  native: 'Native trace (.jsonl)',
  perfetto: 'Perfetto / Chrome trace (.json)',
  shiviz: 'ShiViz log (.log)',
  mermaid: 'Mermaid sequence diagram (.mmd)',
  plantuml: 'PlantUML sequence diagram (.puml)',
};

export { EXPORT_FORMATS };

export type PictureKind = 'svg' | 'png';

export interface RecheckState {
  readonly of: ImportedHistory;
  readonly state: 'running' | 'identical' | 'differs' | 'failed' | 'stopped';
  readonly steps: number;
  /** Steps in the file (the history's step count). */
  readonly total: number;
  readonly text: string;
  /** The first step that differs (differs only). */
  readonly step: number | null;
}

export interface IoState {
  readonly importing: { readonly name: string; readonly bytes: number; readonly total: number; readonly records: number } | null;
  readonly exporting: { readonly label: string; readonly records: number; readonly total: number } | null;
  readonly recheck: RecheckState | null;

  /** Reads `file` and, if it is a valid trace, opens it as the session. Resolves to whether it did. */
  openFile(file: Blob, name: string): Promise<boolean>;
  stopImport(): void;
  /** Re-executes the open imported trace and compares every step's hash. */
  startRecheck(): Promise<void>;
  stopRecheck(): void;
  /** Downloads the run in `format` (mermaid may make several files). */
  exportTrace(format: ExportFormat): Promise<void>;
  /** Downloads a picture of a diagram panel. */
  exportPicture(panel: PicturePanel, kind: PictureKind): Promise<void>;
  stopExport(): void;
}

export type IoStore = StoreApi<IoState>;

export interface IoOptions {
  readonly scheduler?: FrameScheduler;
  readonly download?: Download;
  /** Titles of the panels, for pictures. */
  readonly titles?: Readonly<Record<PicturePanel, string>>;
}

const PICTURE_TITLES: Readonly<Record<PicturePanel, string>> = {
  'vm-tree': 'VM tree',
  'presence-graph': 'Presence graph',
  'sequence-chart': 'Sequence chart',
};

export function createIoStore(session: SessionStore, o: IoOptions = {}): IoStore {
  const sched = o.scheduler ?? browserScheduler;
  const download = o.download ?? downloadBlob;
  const titles = o.titles ?? PICTURE_TITLES;
  /** The file each imported history was read from (re-check reads it again). */
  const sources = new WeakMap<ImportedHistory, Blob>();
  let importSignal: { stopped: boolean } | null = null;
  let recheckSignal: { stopped: boolean } | null = null;
  let exportSignal: { stopped: boolean } | null = null;

  const notify = (text: string): void => session.getState().notify(text);

  const store = createStore<IoState>()((set, get) => ({
    importing: null,
    exporting: null,
    recheck: null,

    async openFile(file, name) {
      if (importSignal !== null) importSignal.stopped = true;
      const signal = { stopped: false };
      importSignal = signal;
      set({ importing: { name, bytes: 0, total: file.size, records: 0 } });
      try {
        const history = await importTrace(file, {
          name,
          clock: sliceClock(sched),
          signal,
          onProgress: (p) => {
            if (importSignal === signal) set({ importing: { name, bytes: p.bytes, total: p.total, records: p.records } });
          },
        });
        sources.set(history, file);
        session.getState().openTrace(history);
        return true;
      } catch (e) {
        if (e instanceof JobStopped) {
          if (importSignal === signal) notify(`Opening “${name}” was stopped. Your session is unchanged.`);
        } else notify(importErrorText(name, e));
        return false;
      } finally {
        if (importSignal === signal) {
          importSignal = null;
          set({ importing: null });
        }
      }
    },

    stopImport() {
      if (importSignal !== null) importSignal.stopped = true;
    },

    async startRecheck() {
      const history = session.getState().history;
      if (isLiveHistory(history)) return;
      const file = sources.get(history);
      if (file === undefined) {
        notify('This trace cannot be re-checked: its file is no longer available.');
        return;
      }
      if (recheckSignal !== null) recheckSignal.stopped = true;
      const signal = { stopped: false };
      recheckSignal = signal;
      const total = history.stepEnds.length;
      const base = { of: history, total, step: null } as const;
      set({ recheck: { ...base, state: 'running', steps: 0, text: 'Re-executing…' } });
      try {
        const r = await recheckTrace(file, {
          clock: sliceClock(sched),
          signal,
          onProgress: (p) => {
            if (recheckSignal === signal) set({ recheck: { ...base, state: 'running', steps: p.steps, text: 'Re-executing…' } });
          },
        });
        const text = recheckText(r);
        if (r.ok) set({ recheck: { ...base, state: 'identical', steps: r.steps, text } });
        else if (r.reason === 'diverged') set({ recheck: { ...base, state: 'differs', steps: r.step, step: r.step, text } });
        else set({ recheck: { ...base, state: 'failed', steps: r.step ?? 0, text } });
      } catch (e) {
        const steps = get().recheck?.steps ?? 0;
        if (e instanceof JobStopped) set({ recheck: { ...base, state: 'stopped', steps, text: `Stopped after ${steps.toLocaleString('en')} steps.` } });
        else set({ recheck: { ...base, state: 'failed', steps, text: `Could not re-check: ${e instanceof Error ? e.message : String(e)}` } });
      } finally {
        if (recheckSignal === signal) recheckSignal = null;
      }
    },

    stopRecheck() {
      if (recheckSignal !== null) recheckSignal.stopped = true;
    },

    async exportTrace(format) {
      const s = session.getState();
      if (exportSignal !== null) exportSignal.stopped = true;
      const signal = { stopped: false };
      exportSignal = signal;
      const label = FORMAT_LABELS[format];
      let run;
      try {
        run = exportRunOf(s);
      } catch (e) {
        exportSignal = null;
        notify(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      const total = run.stepEnds.at(-1) ?? 0;
      set({ exporting: { label, records: 0, total } });
      const parts = new BlobParts(EXPORT_MIME[format]);
      try {
        await exportRun(format, run, parts.sink, {
          clock: sliceClock(sched),
          signal,
          onProgress: (records) => {
            if (exportSignal === signal) set({ exporting: { label, records, total } });
          },
        });
        const name = { scenario: s.scenario.id, seed: s.seed, cursor: s.cursor };
        parts.finish().forEach((blob, i) => download(blob, exportFileName(name, format, i + 1)));
      } catch (e) {
        if (!(e instanceof JobStopped)) notify(`Could not export ${label}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        if (exportSignal === signal) {
          exportSignal = null;
          set({ exporting: null });
        }
      }
    },

    async exportPicture(panel, kind) {
      const s = session.getState();
      const base = `${s.scenario.id}-seed${s.seed}-at${s.cursor}-${panel}`;
      try {
        const picture = panelPicture(panel, `${titles[panel]}: ${s.scenario.title}, seed ${s.seed}, record ${s.cursor}`);
        if (kind === 'svg') download(new Blob([picture.svg], { type: 'image/svg+xml' }), `${base}.svg`);
        else download(await pictureToPng(picture, 2), `${base}.png`);
      } catch (e) {
        notify(`Could not make the ${titles[panel]} picture: ${e instanceof Error ? e.message : String(e)}`);
      }
    },

    stopExport() {
      if (exportSignal !== null) exportSignal.stopped = true;
    },
  }));

  // A re-check is about one imported trace: leaving it (Back, another file, another run) stops it.
  session.subscribe((s, prev) => {
    if (s.history !== prev.history && recheckSignal !== null) recheckSignal.stopped = true;
  });
  return store;
}

const stores = new WeakMap<SessionStore, IoStore>();

/** The io store of a session (made on first use). */
export function ioStoreFor(session: SessionStore): IoStore {
  let io = stores.get(session);
  if (io === undefined) {
    io = createIoStore(session);
    stores.set(session, io);
  }
  return io;
}
