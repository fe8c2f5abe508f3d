/**
 * Telling our own exports apart from a native trace by their first bytes, so that opening one says
 * what it is and where it opens ("a Perfetto / Chrome trace: open it at ui.perfetto.dev") instead
 * of "line 1: not valid JSON".
 *
 * Data definition: a Foreign is what a file is and where to open it, or null for anything else (a
 * native trace, or a file this does not know, which the trace reader then refuses line by line).
 * Rule: only a file's start is read (HEAD_BYTES); each format is known by how our exporter starts it.
 */
import { SHIVIZ_REGEX } from './shiviz.ts';

/** How much of a file is read to recognise it. */
export const HEAD_BYTES = 4096;

export interface Foreign {
  /** What the file is: "a Perfetto / Chrome trace". */
  readonly what: string;
  /** Where it opens: "open it at ui.perfetto.dev …". */
  readonly where: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PICTURE_WHERE = 'open it in a browser or an image viewer';

/** The kind of `head` (a file's first bytes), if it is one of our exports other than the native trace. */
export function recogniseExport(head: Uint8Array): Foreign | null {
  if (PNG.every((b, i) => head[i] === b)) return { what: 'a PNG picture', where: PICTURE_WHERE };
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  const first = text.split('\n', 1)[0] ?? '';
  if (/^\{/.test(text) && /"traceEvents"\s*:/.test(first)) {
    return { what: 'a Perfetto / Chrome trace (trace events JSON)', where: 'open it at ui.perfetto.dev (or chrome://tracing)' };
  }
  if (first.trimEnd() === SHIVIZ_REGEX) {
    return { what: 'a ShiViz log', where: 'paste it into ShiViz (bestchai.bitbucket.io/shiviz)' };
  }
  if (/^sequenceDiagram\b/.test(first)) {
    return { what: 'a Mermaid sequence diagram', where: 'paste it into mermaid.live, or a Markdown ```mermaid block' };
  }
  if (/^@startuml\b/.test(first)) {
    return { what: 'a PlantUML sequence diagram', where: 'open it with PlantUML (plantuml.com, or an editor’s PlantUML plugin)' };
  }
  if (/^```mermaid$/m.test(text)) {
    return { what: 'Mermaid sequence diagrams in Markdown', where: 'view it where Markdown draws Mermaid (GitHub, GitLab, mermaid.live)' };
  }
  if (/^(<\?xml[^>]*>\s*)?<svg\b/.test(text)) return { what: 'an SVG picture', where: PICTURE_WHERE };
  return null;
}

/** A file that is one of our other exports, opened where a native trace was expected. */
export class ForeignFileError extends Error {
  constructor(readonly foreign: Foreign) {
    super(`it is ${foreign.what}; ${foreign.where}. os2 Lab opens its native traces (.jsonl)`);
    this.name = 'ForeignFileError';
  }
}
