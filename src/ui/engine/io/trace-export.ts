/**
 * Exporting the session's run from the browser (issue 6): the native trace (with the session's
 * inputs in its header and, in a `ui` field, where the cursor stood) and every other format of
 * src/debugger/export, each made step by step in bounded slices and streamed into Blobs, never into
 * one giant string.
 *
 * Data definition:
 *   the header   live run: makeHeader(scenario, seed, simulationOptions(frontier, its budget),
 *                inputs = every input of the run); imported trace: its own header, written in
 *                this format version
 *   the status   live: the session's status (running while it can still grow, limit at the step
 *                budget); imported: the file's end status
 *   ui field     native only: {"cursor": n, "breakpoints"?: [{"text", "enabled"}]} appended to the header line (readers ignore fields they
 *                do not know; this app re-opens the trace at that cursor)
 */
import {
  EXPORT_EXTENSIONS, createExporter, partFileName, type ExportFormat,
} from '../../../debugger/export/index.ts';
import { historyStatus, runInputs, stepEnds } from '../../../debugger/engine/history.ts';
import type { PlayerState } from '../../../debugger/engine/player.ts';
import type { TraceUiState } from '../../../debugger/engine/recorded.ts';
import { simulationOptions } from '../../../debugger/replay/index.ts';
import { programOption } from '../../../debugger/replay/driver.ts';
import type { Scenario } from '../../../scenarios/types.ts';
import {
  TRACE_VERSION, TraceReader, TraceWriter, makeHeader, type TraceHeader,
} from '../../../debugger/trace/index.ts';
import type { TraceRecord } from '../../../kernel/index.ts';
import { JobStopped, unslicedClock, type SliceClock, type StopSignal } from './slices.ts';

/** The header of the session's run. */
export function sessionHeader(s: PlayerState, scenarios: readonly Scenario[] = []): TraceHeader {
  const h = s.history;
  if (h.run === null || s.recorded !== null) {
    // The writer writes this format version (its inputs, step and end lines), whatever the file's was.
    const { format, kernel, scenario, seed, options, inputs } = s.recorded!.header;
    return { format, version: TRACE_VERSION, kernel, scenario, seed, options, inputs };
  }
  return makeHeader({
    scenario: s.origin.scenario,
    seed: s.origin.seed,
    options: {
      ...simulationOptions(h.run.sim, h.run.budget.maxSteps, h.run.budget.untilMs),
      // A run made with a knob replays configured the same way.
      ...(s.origin.kind === 'scenario' && s.origin.knob !== undefined ? { scenario: s.origin.knob.config } : {}),
      // A program's run carries the program (options.program), so that the trace re-executes it.
      ...programOption(scenarios.find((x) => x.id === s.origin.scenario)),
    },
    inputs: runInputs(h),
  });
}

/** The status the end line records. */
export function sessionEndStatus(s: PlayerState): string {
  if (s.recorded !== null) return s.recorded.endStatus ?? 'running';
  return historyStatus(s.history);
}

/** The header line with a `ui` field added (the line is a JSON object written by serializeHeader). */
export function withUiField(headerLine: string, ui: TraceUiState): string {
  const bps = ui.breakpoints ?? [];
  const field = bps.length === 0 ? { cursor: ui.cursor } : { cursor: ui.cursor, breakpoints: bps.map((b) => ({ text: b.text, enabled: b.enabled })) };
  return `${headerLine.slice(0, -1)},"ui":${JSON.stringify(field)}}`;
}

/** Where an export's text goes: part 1, 2, … (mermaid splits), a chunk at a time. */
export type PartSink = (chunk: string, part: number) => void;

export interface ExportRun {
  readonly header: TraceHeader;
  readonly records: readonly TraceRecord[];
  readonly stepEnds: readonly number[];
  readonly status: string;
  /** Native only: where the cursor stood, written into the header. */
  readonly ui?: TraceUiState;
}

export function exportRunOf(s: PlayerState, scenarios: readonly Scenario[] = []): ExportRun {
  // The history is a value: the run may grow on while the export runs in slices; this one stays.
  return {
    header: sessionHeader(s, scenarios),
    records: s.history.records.slice(),
    stepEnds: stepEnds(s.history),
    status: sessionEndStatus(s),
    ui: { cursor: s.cursor, breakpoints: s.queries.breakpoints.map((b) => ({ text: b.text, enabled: b.enabled })) },
  };
}

/** Lines the native exporter groups into one chunk. */
const NATIVE_CHUNK_LINES = 256;

/**
 * Writes `run` in `format` to `sink`, one simulation step at a time, pausing when the slice is due.
 * The lines pass through TraceReader (the exporters' input) exactly as exportHistory does. Returns
 * the number of parts written. Throws JobStopped when `signal` is set.
 */
export async function exportRun(
  format: ExportFormat,
  run: ExportRun,
  sink: PartSink,
  o: { readonly clock?: SliceClock; readonly signal?: StopSignal; readonly onProgress?: (records: number) => void } = {},
): Promise<number> {
  const clock = o.clock ?? unslicedClock;
  let parts = 0;
  const counted: PartSink = (chunk, part) => {
    parts = Math.max(parts, part);
    sink(chunk, part);
  };
  let push: (line: string) => void;
  let finish: () => void;
  if (format === 'native') {
    // The native exporter re-serializes the header from its known fields; the ui field is added here.
    let buffer: string[] = [];
    const flush = (): void => {
      if (buffer.length > 0) counted(buffer.join('\n') + '\n', 1);
      buffer = [];
    };
    const reader = new TraceReader();
    push = (line) => {
      reader.line(line); // validated like every export
      buffer.push(reader.lines === 1 && run.ui !== undefined ? withUiField(line, run.ui) : line);
      if (buffer.length >= NATIVE_CHUNK_LINES) flush();
    };
    finish = () => {
      reader.finish();
      flush();
    };
  } else {
    const ex = createExporter(format, counted);
    const reader = new TraceReader();
    push = (line) => ex.push(reader.line(line));
    finish = () => {
      reader.finish();
      ex.finish();
    };
  }
  const w = new TraceWriter(run.header, push);
  let from = 0;
  for (let i = 0; i < run.stepEnds.length; i++) {
    const end = run.stepEnds[i]!;
    // A history's status-only entry (equal to the one before) is not a step.
    if (i > 0 && end === run.stepEnds[i - 1]) continue;
    w.step(run.records.slice(from, end));
    from = end;
    if (o.signal?.stopped === true) throw new JobStopped();
    if (clock.due()) {
      o.onProgress?.(from);
      await clock.pause();
    }
  }
  w.end(run.status);
  finish();
  o.onProgress?.(from);
  return parts;
}

/** The file name of an export: scenario, seed and cursor, then the format's extension (and part). */
export function exportFileName(
  s: { readonly scenario: string; readonly seed: number; readonly cursor: number },
  format: ExportFormat,
  part = 1,
): string {
  const base = `${s.scenario}-seed${s.seed}-at${s.cursor}${format === 'native' ? '' : `.${format}`}`;
  return partFileName(`${base}${EXPORT_EXTENSIONS[format]}`, part);
}

/** MIME types of the downloads. */
export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  native: 'application/x-ndjson',
  perfetto: 'application/json',
  shiviz: 'text/plain',
  mermaid: 'text/plain',
  plantuml: 'text/plain',
};

/**
 * Collects an export's chunks into one Blob per part. Strings are folded into a Blob every few
 * megabytes, so the text leaves the JS heap as it is made.
 */
export class BlobParts {
  private readonly parts: { blobs: Blob[]; pending: string[]; chars: number }[] = [];
  constructor(private readonly type: string, private readonly foldChars = 4 * 1024 * 1024) {}

  readonly sink: PartSink = (chunk, part) => {
    const p = (this.parts[part - 1] ??= { blobs: [], pending: [], chars: 0 });
    p.pending.push(chunk);
    p.chars += chunk.length;
    if (p.chars >= this.foldChars) this.fold(p);
  };

  private fold(p: { blobs: Blob[]; pending: string[]; chars: number }): void {
    if (p.pending.length > 0) p.blobs.push(new Blob(p.pending, { type: this.type }));
    p.pending = [];
    p.chars = 0;
  }

  /** One Blob per part, in order. */
  finish(): Blob[] {
    return this.parts.map((p) => {
      this.fold(p);
      return new Blob(p.blobs, { type: this.type });
    });
  }
}
