/**
 * The kinds the event log and the timeline sort records into, and the log's filter: plain data with
 * no kernel code, so the UI's main bundle imports them without the kernel.
 */
export type LogKind =
  | 'presence' | 'absence' | 'message' | 'feedback' | 'spawn' | 'quit' | 'crash'
  | 'endpoint' | 'action' | 'round' | 'ground' | 'world' | 'other';

export const LOG_KINDS: readonly LogKind[] = [
  'presence', 'absence', 'message', 'feedback', 'spawn', 'quit', 'crash', 'endpoint', 'action', 'round', 'ground', 'world', 'other',
];

export interface LogFilter {
  /** Kinds to show; empty = all. */
  readonly kinds: ReadonlySet<LogKind>;
  /** Only this process (a ProcKey), or null. */
  readonly proc: string | null;
  /** Only this VM (prettyVmPath form, e.g. "ground/3"), or null. */
  readonly vm: string | null;
  /** Case-insensitive text contained in the row (process name included), or ''. */
  readonly text: string;
}

export const NO_FILTER: LogFilter = { kinds: new Set(), proc: null, vm: null, text: '' };

export type MarkerKind = 'spawn' | 'crash' | 'presence' | 'absence';
export const MARKER_KINDS: readonly MarkerKind[] = ['spawn', 'crash', 'presence', 'absence'];
