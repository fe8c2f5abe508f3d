/** The shape every exporter shares (src/debugger/export/index.ts picks one by format). */
import type { TraceItem } from '../trace/index.ts';

/**
 * Where an exporter's text goes, a chunk at a time. `part` is 1 for the first file; formats that
 * split their output (mermaid) number further files 2, 3, …, each a complete document. Chunks of a
 * part arrive in order, and a part is finished when a chunk of the next part (or `finish`) comes.
 */
export type ExportSink = (chunk: string, part: number) => void;

/** A streaming exporter: fed the items of a native trace in order (TraceReader), then finish(). */
export interface Exporter {
  push(item: TraceItem): void;
  finish(): void;
}
