/**
 * Exports of a native trace (issue 6), each a pure, streaming function of the trace's lines:
 *   native    the native trace itself, validated and re-serialized (canonical JSON per line)
 *   perfetto  Chrome / Perfetto trace-event JSON (perfetto.ts)
 *   shiviz    a ShiViz log with vector clocks derived from causes (shiviz.ts)
 *   mermaid   Mermaid sequenceDiagram(s), split to stay within Mermaid's limits (sequence.ts):
 *             part N is a separate document
 *   plantuml  PlantUML sequence diagram(s), split the same way, all in one document (PlantUML
 *             reads several @startuml … @enduml blocks from one file)
 *
 * For the UI: `exportTrace(format, source, sink)` with source = the file's text or an iterable of
 * its lines, sink = (chunk, part) => …; or `createExporter(format, sink)` and push TraceItems from a
 * TraceReader as they come (a browser stream). Nothing is built as one big string unless the caller
 * joins the chunks (`exportToStrings`, for small traces and tests).
 */
import type { TraceRecord } from '../../kernel/index.ts';
import {
  TraceReader, readTrace, serializeEnd, serializeHeader, serializeStep, writeTraceFromHistory, type TraceHeader, type TraceItem,
} from '../trace/index.ts';
import { PerfettoExporter } from './perfetto.ts';
import { SequenceExporter, MERMAID_LIMITS, type DiagramLimits } from './sequence.ts';
import { ShivizExporter } from './shiviz.ts';
import type { ExportSink, Exporter } from './types.ts';
import type { ExportFormat } from './formats.ts';

export type { ExportSink, Exporter } from './types.ts';
export { SHIVIZ_REGEX } from './shiviz.ts';
export { MERMAID_LIMITS, mermaidText, plantumlText, type DiagramLimits } from './sequence.ts';

export { EXPORT_EXTENSIONS, EXPORT_FORMATS, type ExportFormat } from './formats.ts';

export interface ExportOptions {
  /** Limits for mermaid and plantuml parts (default: Mermaid's, MERMAID_LIMITS). */
  readonly diagram?: DiagramLimits;
}

/** The native trace again, one canonical line per item. */
class NativeExporter implements Exporter {
  private buffer: string[] = [];
  constructor(private readonly sink: ExportSink) {}
  push(item: TraceItem): void {
    switch (item.type) {
      case 'header':
        this.buffer.push(serializeHeader(item.header));
        break;
      case 'record':
        this.buffer.push(JSON.stringify(item.raw));
        break;
      case 'step':
        this.buffer.push(serializeStep(item.step));
        break;
      case 'end':
        this.buffer.push(serializeEnd(item.end));
        break;
    }
    if (this.buffer.length >= 256) this.flush();
  }
  finish(): void {
    this.flush();
  }
  private flush(): void {
    if (this.buffer.length > 0) this.sink(this.buffer.join('\n') + '\n', 1);
    this.buffer = [];
  }
}

export function createExporter(format: ExportFormat, sink: ExportSink, options: ExportOptions = {}): Exporter {
  switch (format) {
    case 'native':
      return new NativeExporter(sink);
    case 'perfetto':
      return new PerfettoExporter(sink);
    case 'shiviz':
      return new ShivizExporter(sink);
    case 'mermaid':
    case 'plantuml':
      return new SequenceExporter(format, sink, options.diagram ?? MERMAID_LIMITS);
  }
}

/**
 * Exports a native trace given as text or as lines (validated as they are read: a bad file throws
 * TraceParseError naming the line and field, after the chunks of the lines before it).
 */
export function exportTrace(format: ExportFormat, source: string | Iterable<string>, sink: ExportSink, options: ExportOptions = {}): void {
  const ex = createExporter(format, sink, options);
  for (const item of readTrace(source)) ex.push(item);
  ex.finish();
}

/**
 * Exports a run held in memory (the UI's RunHistory: records, stepEnds, status) with `header`
 * (makeHeader({scenario, seed, options: simulationOptions(sim, maxSteps, untilMs), inputs})): the
 * native lines are made one at a time and go straight through the exporter.
 */
export function exportHistory(
  format: ExportFormat,
  header: TraceHeader,
  history: { readonly records: readonly TraceRecord[]; readonly stepEnds: readonly number[]; readonly status: string },
  sink: ExportSink,
  options: ExportOptions = {},
): void {
  const ex = createExporter(format, sink, options);
  const reader = new TraceReader();
  writeTraceFromHistory(header, history.records, history.stepEnds, history.status, (line) => ex.push(reader.line(line)));
  reader.finish();
  ex.finish();
}

/** The whole export in memory, one string per part (small traces, tests). */
export function exportToStrings(format: ExportFormat, source: string | Iterable<string>, options: ExportOptions = {}): string[] {
  const parts: string[][] = [];
  exportTrace(format, source, (chunk, part) => (parts[part - 1] ??= []).push(chunk), options);
  return parts.map((p) => p.join(''));
}

/** The file name of part `part` of an export to `file`: run.mmd, run.2.mmd, run.3.mmd, … */
export function partFileName(file: string, part: number): string {
  if (part <= 1) return file;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash + 1 ? `${file.slice(0, dot)}.${part}${file.slice(dot)}` : `${file}.${part}`;
}
