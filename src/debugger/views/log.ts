/**
 * Event-log rows: every trace record classified by what a user looks for, with the filters the
 * event log offers (kind, process, VM, text).
 *
 * Data definition:
 *   LogKind = presence | absence | message | feedback | spawn | quit | crash | endpoint | action |
 *             round | ground | world | other
 *   LogRow  = { index, id, kind, vm, procKey, procName, time, text }
 */
import { prettyVmPath, type TraceRecord } from '../../kernel/index.ts';
import { PLAIN_PRINTER, type Printer } from './printer.ts';
import { shown } from './shown.ts';
import { procKey, type Model } from '../model.ts';
import type { LogFilter, LogKind } from './kinds.ts';

export { LOG_KINDS, NO_FILTER, type LogFilter, type LogKind } from './kinds.ts';

export function logKind(r: TraceRecord): LogKind {
  switch (r.kind) {
    case 'deliver':
      if (r.outcome === 'crashed') return 'crash';
      if (r.event.type === 'message') return r.event.role.orientation === 'publisher' ? 'message' : 'feedback';
      return r.event.type;
    case 'boot':
      return r.outcome === 'crashed' ? 'crash' : 'spawn';
    case 'continuation':
      return r.outcome === 'crashed' ? 'crash' : 'action';
    case 'quit':
    case 'gc':
      return 'quit';
    case 'endpoint':
      return 'endpoint';
    case 'action':
    case 'enqueue':
      return 'action';
    case 'round':
      return 'round';
    case 'ground-event':
      return 'ground';
    case 'world':
      return 'world';
    case 'limit':
      return 'crash';
    case 'no-op':
      return 'other';
  }
}

export interface LogRow {
  readonly index: number;
  readonly id: number;
  readonly kind: LogKind;
  readonly vm: string;
  readonly procKey: string | null;
  readonly procName: string;
  readonly text: string;
}

/** A process's name from a model that has seen it (the frontier model knows every process ever). */
export function procName(model: Model, key: string | null): string {
  if (key === null) return '';
  return model.procs.get(key)?.name ?? key;
}

/** A record's row; its text is printed by `print` (payloads decoded, in the engine). */
export function logRow(r: TraceRecord, index: number, names: Model, print: Printer = PLAIN_PRINTER): LogRow {
  const key = r.pid === null ? null : procKey(r.vm, r.pid);
  return {
    index, id: r.id, kind: logKind(r), vm: prettyVmPath(r.vm), procKey: key, procName: procName(names, key),
    text: shown(print.record(r).replace(/^#\d+(<-\d+)? /, '')),
  };
}

export function matchesFilter(row: LogRow, f: LogFilter): boolean {
  if (f.kinds.size > 0 && !f.kinds.has(row.kind)) return false;
  if (f.proc !== null && row.procKey !== f.proc) return false;
  if (f.vm !== null && row.vm !== f.vm) return false;
  if (f.text !== '') {
    const needle = f.text.toLowerCase();
    if (!row.text.toLowerCase().includes(needle) && !row.procName.toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** Indices of the records (up to `upTo`) that pass the filter, for a virtualised list. */
export function filterIndices(records: readonly TraceRecord[], upTo: number, f: LogFilter, names: Model, print: Printer = PLAIN_PRINTER): number[] {
  const out: number[] = [];
  const all = f.kinds.size === 0 && f.proc === null && f.vm === null && f.text === '';
  for (let i = 0; i < upTo && i < records.length; i++) {
    if (all || matchesFilter(logRow(records[i]!, i, names, print), f)) out.push(i);
  }
  return out;
}
