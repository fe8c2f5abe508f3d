/**
 * Positions in a run, as data (find.ts scans for them): "the nth record matching this, after the
 * first matching that", and a process by name. No kernel code here, so the UI can describe a tour
 * stop's position without loading the kernel.
 */
import type { TraceKind } from '../kernel/index.ts';

export interface RecordMatch {
  readonly kind?: TraceKind | readonly TraceKind[];
  readonly proc?: string;
  readonly text?: string | readonly string[];
}

export interface Position {
  readonly match: RecordMatch;
  readonly nth?: number;
  readonly after?: RecordMatch;
}

const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

function describeMatch(m: RecordMatch): string {
  const kinds = m.kind === undefined ? 'record' : typeof m.kind === 'string' ? `${m.kind} record` : `${m.kind.join(' or ')} record`;
  const parts = [kinds];
  if (m.proc !== undefined) parts.push(`of ${m.proc}`);
  if (m.text !== undefined) {
    const texts = typeof m.text === 'string' ? [m.text] : m.text;
    parts.push(`containing ${texts.map((t) => `“${t}”`).join(' and ')}`);
  }
  return parts.join(' ');
}

/** A sentence for the position, e.g. "just after the first endpoint record of … containing “echoer”". */
export function describePosition(pos: Position): string {
  const nth = pos.nth ?? 1;
  const ord = ORDINALS[nth] ?? `${nth}th`;
  const after = pos.after === undefined ? '' : `, after the first ${describeMatch(pos.after)}`;
  return `just after the ${ord} ${describeMatch(pos.match)}${after}`;
}

/** A process by name, and the name of its VM process when names repeat across VMs. */
export interface ProcessRef {
  readonly name: string;
  readonly inVm?: string;
}

