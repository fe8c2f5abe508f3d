/**
 * Tour positions as predicates over trace records: "just after the first record where the
 * connection handler adds its echoer endpoint", found by scanning the run in order — never a record
 * number, so a stop survives any change to the kernel or the scenario that keeps the story true.
 *
 * Data definition:
 *   RecordMatch  = { kind?, proc?, text? }   a record matches when every given field does:
 *     kind       the record's kind (or one of several)
 *     proc       the name its process was booted with (boot records name them), exactly
 *     text       the record's printed form (the event log's text: prettyRecord without the id)
 *                contains this string (or every one of these strings)
 *   Position     = { match, nth?, after? }  the nth record (1-based, default 1) that matches `match`,
 *                  counting only records after the first one that matches `after` (if given). The
 *                  cursor goes just after that record, so it is the "current record".
 * A scanner is stateful (it learns process names from boot records as it goes) and must see every
 * record of a run in order, from the first.
 */
import { prettyRecord, type TraceKind, type TraceRecord } from '../kernel/index.ts';

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

/** The event log's text of a record: its printed form without `#id<-cause `. */
export function recordText(r: TraceRecord): string {
  return prettyRecord(r).replace(/^#\d+(<-\d+)? /, '');
}

function key(r: { readonly vm: readonly number[]; readonly pid: number | null }): string {
  return `${r.vm.join('/')}:${r.pid ?? ''}`;
}

/** Process names by VM path and pid, learnt from boot records (what the model would call them). */
export class NameBook {
  private readonly names = new Map<string, string>();
  learn(r: TraceRecord): void {
    if (r.kind === 'boot' && r.pid !== null) this.names.set(key(r), r.name);
  }
  nameOf(r: TraceRecord): string | null {
    return r.pid === null ? null : (this.names.get(key(r)) ?? null);
  }
}

function matches(m: RecordMatch, r: TraceRecord, names: NameBook): boolean {
  if (m.kind !== undefined && (typeof m.kind === 'string' ? r.kind !== m.kind : !m.kind.includes(r.kind))) return false;
  if (m.proc !== undefined && names.nameOf(r) !== m.proc) return false;
  if (m.text !== undefined) {
    const text = recordText(r);
    const wanted = typeof m.text === 'string' ? [m.text] : m.text;
    if (!wanted.every((w) => text.includes(w))) return false;
  }
  return true;
}

/** A fresh predicate for `pos`: call it on every record of a run, in order; it is true exactly once. */
export function scanner(pos: Position): (r: TraceRecord, index: number) => boolean {
  const names = new NameBook();
  const nth = pos.nth ?? 1;
  let armed = pos.after === undefined;
  let seen = 0;
  let done = false;
  return (r) => {
    names.learn(r);
    if (done) return false;
    if (!armed) {
      if (matches(pos.after!, r, names)) armed = true;
      return false;
    }
    if (!matches(pos.match, r, names)) return false;
    seen++;
    if (seen < nth) return false;
    done = true;
    return true;
  };
}

/** The index of the record `pos` designates in `records`, or null. */
export function locate(records: readonly TraceRecord[], pos: Position): number | null {
  const test = scanner(pos);
  for (let i = 0; i < records.length; i++) if (test(records[i]!, i)) return i;
  return null;
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
