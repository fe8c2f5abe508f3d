/**
 * The engine's file jobs, in its worker: opening a trace file, re-checking it, exporting the run.
 * Each runs in bounded slices (timers), so the engine keeps answering the UI meanwhile; progress
 * and results go to the UI as `io` messages, an export's files as a `download`.
 * Rule: a refused file changes nothing and says why (line and field); only a file read to its end
 * becomes the session.
 */
import { plural } from '../../debugger/views/plural.ts';
import type { Engine } from '../../debugger/engine/engine.ts';
import type { ExportFormat } from '../../debugger/export/index.ts';
import { FORMAT_LABELS } from './formats.ts';
import { recheckText, recheckTrace } from './io/recheck.ts';
import { JobStopped, sliceClock, type SliceClock } from './io/slices.ts';
import { importErrorText, importTrace } from './io/trace-import.ts';
import { BlobParts, EXPORT_MIME, exportFileName, exportRun, exportRunOf } from './io/trace-export.ts';
import type { HostClock } from './host.ts';
import type { Recorded } from '../../debugger/engine/recorded.ts';
import { encodeInput } from '../../debugger/trace/inputs.ts';
import type { SharedRun } from '../../playground/share.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { MAX_IMPORT_ERRORS, NO_IO, type FromEngine, type IoView, type ToEngine } from './protocol.ts';

/**
 * The program a trace records (its header's options.program, written by a program's run), as the
 * playground opens a shared run: its text and traps, the run's seed and inputs, and the cursor the
 * file was saved at; null for any other trace.
 */
export function programOfTrace(r: Pick<Recorded, 'header' | 'ui'>): SharedRun | null {
  const p = r.header.options['program'];
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return null;
  const { source, traps } = p as { source?: unknown; traps?: unknown };
  if (typeof source !== 'string') return null;
  return {
    source, seed: r.header.seed, step: r.ui?.cursor ?? 0,
    traps: Array.isArray(traps) ? traps.filter((t): t is string => typeof t === 'string') : [],
    inputs: r.header.inputs.map(encodeInput),
  };
}

type IoMessage = Extract<ToEngine, { type: 'open-file' | 'recheck' | 'export' | 'stop-io' | 'dismiss-import-errors' }>;
type Job = 'import' | 'recheck' | 'export';

export class IoHost {
  private io: IoView = NO_IO;
  /** The file each recorded run was read from (re-check reads it again), by run id. */
  private readonly sources = new Map<number, Blob>();
  private readonly signals: Record<Job, { stopped: boolean } | null> = { import: null, recheck: null, export: null };

  constructor(
    private readonly engine: () => Engine | null,
    private readonly post: (m: FromEngine) => void,
    private readonly clock: HostClock,
    /** The engine's state changed outside a message: pump it. */
    private readonly wake: () => void,
    /** The engine's scenarios: a program's text goes into its trace's header. */
    private readonly scenarios: readonly Scenario[] = [],
  ) {}

  handle(m: IoMessage): void {
    switch (m.type) {
      case 'open-file':
        void this.openFile(m.file, m.name);
        return;
      case 'recheck':
        void this.recheck();
        return;
      case 'export':
        void this.export(m.format);
        return;
      case 'stop-io': {
        const signal = this.signals[m.job];
        if (signal !== null) signal.stopped = true;
        return;
      }
      case 'dismiss-import-errors':
        this.set({ importErrors: [] });
        return;
    }
  }

  private set(patch: Partial<IoView>): void {
    this.io = { ...this.io, ...patch };
    this.post({ type: 'io', io: this.io });
  }

  private slices(): SliceClock {
    return sliceClock(() => this.clock.now(), (f) => this.clock.later(f, 0));
  }

  private begin(job: Job): { stopped: boolean } {
    const old = this.signals[job];
    if (old !== null) old.stopped = true;
    const signal = { stopped: false };
    this.signals[job] = signal;
    return signal;
  }

  private notify(text: string): void {
    this.engine()?.dispatch({ type: 'notify', text });
    this.wake();
  }

  private async openFile(file: Blob, name: string): Promise<void> {
    const signal = this.begin('import');
    this.set({ importing: { name, bytes: 0, total: file.size, records: 0 } });
    try {
      const recorded = await importTrace(file, {
        name, clock: this.slices(), signal,
        onProgress: (p) => {
          if (this.signals.import === signal) this.set({ importing: { name, bytes: p.bytes, total: p.total, records: p.records } });
        },
      });
      const engine = this.engine();
      if (engine !== null) {
        engine.dispatch({ type: 'open-recorded', recorded, name });
        this.sources.set(engine.state.runId, file);
        const run = programOfTrace(recorded);
        if (run !== null) this.post({ type: 'program-trace', name, run });
      }
      // The refusals before are about other files: this one opened.
      this.set({ importErrors: [] });
      this.wake();
    } catch (e) {
      if (!(e instanceof JobStopped)) this.set({ importErrors: [...this.io.importErrors, importErrorText(name, e)].slice(-MAX_IMPORT_ERRORS) });
      else if (this.signals.import === signal) this.notify(`Opening “${name}” was stopped. Your session is unchanged.`);
    } finally {
      if (this.signals.import === signal) {
        this.signals.import = null;
        this.set({ importing: null });
      }
    }
  }

  private async recheck(): Promise<void> {
    const s = this.engine()?.state;
    if (s === undefined || s.recorded === null) return;
    const file = this.sources.get(s.runId);
    if (file === undefined) return this.notify('This trace cannot be re-checked: its file is no longer available.');
    const signal = this.begin('recheck');
    const base = { runId: s.runId, total: s.history.boundaries.last()!.steps + 1, step: null } as const;
    this.set({ recheck: { ...base, state: 'running', steps: 0, text: 'Re-executing…' } });
    try {
      const r = await recheckTrace(file, {
        clock: this.slices(), signal,
        onProgress: (p) => {
          // Leaving the trace (Back, another file) ends its re-check.
          if (this.engine()?.state.runId !== base.runId) signal.stopped = true;
          else this.set({ recheck: { ...base, state: 'running', steps: p.steps, text: 'Re-executing…' } });
        },
      });
      const text = recheckText(r);
      if (r.ok) this.set({ recheck: { ...base, state: 'identical', steps: r.steps, text } });
      else if (r.reason === 'diverged') this.set({ recheck: { ...base, state: 'differs', steps: r.step, step: r.step, text } });
      else this.set({ recheck: { ...base, state: 'failed', steps: r.step ?? 0, text } });
    } catch (e) {
      const steps = this.io.recheck?.steps ?? 0;
      if (e instanceof JobStopped) this.set({ recheck: { ...base, state: 'stopped', steps, text: `Stopped after ${plural(steps, 'step')}.` } });
      else this.set({ recheck: { ...base, state: 'failed', steps, text: `Could not re-check: ${e instanceof Error ? e.message : String(e)}` } });
    } finally {
      if (this.signals.recheck === signal) this.signals.recheck = null;
    }
  }

  private async export(format: ExportFormat): Promise<void> {
    const s = this.engine()?.state;
    if (s === undefined) return;
    const signal = this.begin('export');
    const label = FORMAT_LABELS[format];
    const run = exportRunOf(s, this.scenarios);
    const total = run.stepEnds.at(-1) ?? 0;
    this.set({ exporting: { label, records: 0, total } });
    const parts = new BlobParts(EXPORT_MIME[format]);
    try {
      await exportRun(format, run, parts.sink, {
        clock: this.slices(), signal,
        onProgress: (records) => {
          if (this.signals.export === signal) this.set({ exporting: { label, records, total } });
        },
      });
      const name = { scenario: s.origin.scenario, seed: s.origin.seed, cursor: s.cursor };
      const files = parts.finish().map((blob, i) => ({ blob, name: exportFileName(name, format, i + 1) }));
      this.post({ type: 'download', format, label, files });
    } catch (e) {
      if (!(e instanceof JobStopped)) this.notify(`Could not export ${label}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (this.signals.export === signal) {
        this.signals.export = null;
        this.set({ exporting: null });
      }
    }
  }
}
