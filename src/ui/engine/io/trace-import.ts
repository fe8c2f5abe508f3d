/**
 * Opening a native trace file in the browser (issue 6): the file is streamed (readBlobLines), every
 * line validated by TraceReader (zod schemas; nothing is ever evaluated), the header checked against
 * the known scenarios and options (runConfigFromHeader), and the records folded into an
 * recorded History (src/debugger/engine/recorded.ts), in bounded slices. Any problem throws a TraceParseError naming the line and field;
 * the caller's session is untouched until the whole file has been read. One of our other exports
 * (Perfetto, ShiViz, Mermaid, …) is recognised by its start and refused with a ForeignFileError that
 * says what it is and where it opens.
 */
import { RecordedBuilder, type Recorded } from '../../../debugger/engine/recorded.ts';
import { ForeignFileError, HEAD_BYTES, recogniseExport } from '../../../debugger/export/recognise.ts';
import { runConfigFromHeader } from '../../../debugger/replay/index.ts';
import { TraceParseError, TraceReader, readRunOptions, type TraceHeader } from '../../../debugger/trace/index.ts';
import { SCENARIOS, type Scenario } from '../../../scenarios/index.ts';
import { PROGRAM_ID } from '../../../scenarios/types.ts';
import { readBlobLines, type LineProgress } from './read-lines.ts';
import { JobStopped, unslicedClock, type SliceClock, type StopSignal } from './slices.ts';

export interface ImportOptions {
  /** The file's name, shown in the UI. */
  readonly name: string;
  readonly clock?: SliceClock;
  readonly signal?: StopSignal;
  readonly onProgress?: (p: LineProgress & { readonly records: number }) => void;
  readonly scenarios?: readonly Scenario[];
}

/** Is this the header of a playground program's run (scenario "program", with its text)? */
function isProgramRun(h: TraceHeader): boolean {
  const p = h.options['program'];
  return h.scenario === PROGRAM_ID && typeof p === 'object' && p !== null && typeof (p as { source?: unknown }).source === 'string';
}

/** Reads and validates a trace file. Throws TraceParseError (bad file) or JobStopped (Stop). */
export async function importTrace(file: Blob, o: ImportOptions): Promise<Recorded> {
  const clock = o.clock ?? unslicedClock;
  const scenarios = o.scenarios ?? SCENARIOS;
  const foreign = recogniseExport(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
  if (foreign !== null) throw new ForeignFileError(foreign);
  const reader = new TraceReader();
  const builder = new RecordedBuilder();
  await readBlobLines(file, async (lines, progress) => {
    for (const line of lines) {
      if (o.signal?.stopped === true) throw new JobStopped();
      const item = reader.line(line);
      // The run the header describes must be one this app can show and re-check; a program's run
      // (options.program) is shown, and runs again only in its own worker, from the playground.
      if (item.type === 'header' && !isProgramRun(item.header)) runConfigFromHeader(item.header, scenarios, item.line);
      else if (item.type === 'header') readRunOptions(item.header, item.line);
      builder.push(item);
      if (clock.due()) {
        o.onProgress?.({ ...progress, records: builder.recordCount });
        await clock.pause();
      }
    }
    o.onProgress?.({ ...progress, records: builder.recordCount });
  });
  if (o.signal?.stopped === true) throw new JobStopped();
  reader.finish();
  return builder.finish();
}

/** A sentence for a refused file: what, where (line and field), and that nothing was lost. */
export function importErrorText(name: string, e: unknown): string {
  const why = e instanceof TraceParseError ? e.message : e instanceof Error ? e.message : String(e);
  return `Could not open “${name}”: ${why}. Your session is unchanged.`;
}
