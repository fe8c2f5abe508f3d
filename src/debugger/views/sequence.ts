/**
 * The sequence chart: lifelines per process (grouped by VM) and, for a window of records, the
 * arrows and markers between them.
 *
 * Data definition:
 *   SeqEvent = { index, kind, from, to, label }
 *     message / feedback  from the sending process (the action that caused the delivery) to the receiver
 *     presence / absence  from the process whose endpoint changed to the one told about it
 *     spawn               from the parent to the child
 *     quit / crash        a marker on one lifeline (from = to)
 *     ground              from the outside world (from = null) to the subscription's owner
 *   Lifeline = { key, name, vm }
 * Causes are read from the trace, never re-derived.
 */
import { prettyVmPath, type Reason, type TraceRecord } from '../../kernel/index.ts';
import { PLAIN_PRINTER, type Printer } from './printer.ts';
import { procKey, type Model } from '../model.ts';
import { shown } from './shown.ts';

export type SeqKind = 'message' | 'feedback' | 'presence' | 'absence' | 'spawn' | 'quit' | 'crash' | 'ground';

export interface SeqEvent {
  readonly index: number;
  readonly kind: SeqKind;
  readonly from: string | null;
  readonly to: string;
  readonly label: string;
}

export interface Lifeline {
  readonly key: string;
  readonly name: string;
  readonly vm: string;
}

export type RecordById = (id: number) => TraceRecord | undefined;

function causeProc(r: TraceRecord, byId: RecordById): string | null {
  const c = r.cause === null ? undefined : byId(r.cause);
  if (c === undefined || c.pid === null || c.kind === 'ground-event') return null;
  return procKey(c.vm, c.pid);
}

/** Labels are kept whole up to a generous bound; the chart shortens them to fit. */
const short = (text: string): string => shown(text, 400);

/** The chart events of one record, if it is one the chart shows. */
export function seqEvent(r: TraceRecord, index: number, byId: RecordById, print: Printer = PLAIN_PRINTER): SeqEvent | null {
  if (r.pid === null) return null;
  const pretty = print.term;
  const to = procKey(r.vm, r.pid);
  switch (r.kind) {
    case 'deliver': {
      if (r.outcome === 'crashed') return { index, kind: 'crash', from: to, to, label: short(pretty(r.reason as Reason)) };
      if (r.outcome === 'discarded') return null;
      const from = causeProc(r, byId);
      const e = r.event;
      if (e.type === 'message') {
        const kind = e.role.orientation === 'publisher' ? 'message' : 'feedback';
        const viaGround = r.cause !== null && byId(r.cause)?.kind === 'ground-event';
        return { index, kind: viaGround ? 'ground' : kind, from: viaGround ? null : from, to, label: short(pretty(e.message)) };
      }
      return { index, kind: e.type, from, to, label: short(`${r.endpoint}: ${pretty(e.role.topic)}`) };
    }
    case 'boot':
      return { index, kind: r.outcome === 'crashed' ? 'crash' : 'spawn', from: r.parent === null ? null : procKey(r.vm, r.parent), to, label: r.name };
    case 'quit':
      return { index, kind: 'quit', from: to, to, label: short(`quit ${pretty(r.reason)}`) };
    default:
      return null;
  }
}

export interface SequenceWindow {
  readonly lifelines: readonly Lifeline[];
  readonly events: readonly SeqEvent[];
}

/**
 * The chart for records [from, to): lifelines of every process that takes part, ordered by VM
 * then first appearance, and the events. `names` is a model that knows every process (the frontier).
 * `only`, when given, keeps just those record indices (one conversation: see conversationOf).
 */
export function sequenceWindow(
  records: readonly TraceRecord[],
  from: number,
  to: number,
  byId: RecordById,
  names: Model,
  only: ReadonlySet<number> | null = null,
  print: Printer = PLAIN_PRINTER,
): SequenceWindow {
  const events: SeqEvent[] = [];
  const seen = new Map<string, Lifeline>();
  const note = (key: string | null) => {
    if (key === null || seen.has(key)) return;
    const p = names.procs.get(key);
    seen.set(key, { key, name: p?.name ?? key, vm: p === undefined ? '' : prettyVmPath(p.vm) });
  };
  for (let i = Math.max(0, from); i < Math.min(to, records.length); i++) {
    if (only !== null && !only.has(i)) continue;
    const e = seqEvent(records[i]!, i, byId, print);
    if (e === null) continue;
    events.push(e);
    note(e.from);
    note(e.to);
  }
  const lifelines = [...seen.values()].sort((a, b) => (a.vm === b.vm ? 0 : a.vm < b.vm ? -1 : 1));
  return { lifelines, events };
}
