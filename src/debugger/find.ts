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
 * A scan learns process names from boot records as it goes, so it must see every record of a run
 * in order, from the first. It is a plain value (the player keeps one in its find job).
 */
import { Map as IMap } from 'immutable';
import { prettyRecord, type TraceRecord } from '../kernel/index.ts';
import type { Model, ProcKey, ProcView } from './model.ts';
import type { Position, ProcessRef, RecordMatch } from './positions.ts';

export type { Position, ProcessRef, RecordMatch } from './positions.ts';
export { describePosition } from './positions.ts';

/** The event log's text of a record: its printed form without `#id<-cause `. */
export function recordText(r: TraceRecord): string {
  return prettyRecord(r).replace(/^#\d+(<-\d+)? /, '');
}

function key(r: { readonly vm: readonly number[]; readonly pid: number | null }): string {
  return `${r.vm.join('/')}:${r.pid ?? ''}`;
}

/** Process names by VM path and pid, learnt from boot records (what the model would call them). */
export type NameBook = IMap<string, string>;

function learn(names: NameBook, r: TraceRecord): NameBook {
  return r.kind === 'boot' && r.pid !== null ? names.set(key(r), r.name) : names;
}

function nameOf(names: NameBook, r: TraceRecord): string | null {
  return r.pid === null ? null : (names.get(key(r)) ?? null);
}

function matches(m: RecordMatch, r: TraceRecord, names: NameBook): boolean {
  if (m.kind !== undefined && (typeof m.kind === 'string' ? r.kind !== m.kind : !m.kind.includes(r.kind))) return false;
  if (m.proc !== undefined && nameOf(names, r) !== m.proc) return false;
  if (m.text !== undefined) {
    const text = recordText(r);
    const wanted = typeof m.text === 'string' ? [m.text] : m.text;
    if (!wanted.every((w) => text.includes(w))) return false;
  }
  return true;
}

/**
 * A search for `pos` as a plain value: feed it every record of a run in order with scanRecord.
 * `found` is the index of the record (once found); `scanned` how many records it has seen.
 */
export interface Scan {
  readonly pos: Position;
  readonly names: NameBook;
  readonly armed: boolean;
  readonly seen: number;
  readonly scanned: number;
  readonly found: number | null;
}

export function startScan(pos: Position): Scan {
  return { pos, names: IMap(), armed: pos.after === undefined, seen: 0, scanned: 0, found: null };
}

export function scanRecord(s: Scan, r: TraceRecord): Scan {
  const names = learn(s.names, r);
  const index = s.scanned;
  const next = { ...s, names, scanned: index + 1 };
  if (s.found !== null) return next;
  if (!s.armed) return matches(s.pos.after!, r, names) ? { ...next, armed: true } : next;
  if (!matches(s.pos.match, r, names)) return next;
  const seen = s.seen + 1;
  return { ...next, seen, found: seen >= (s.pos.nth ?? 1) ? index : null };
}

/** A fresh predicate for `pos`: call it on every record of a run, in order; it is true exactly once. */
export function scanner(pos: Position): (r: TraceRecord, index: number) => boolean {
  let scan = startScan(pos);
  return (r) => {
    const wasFound = scan.found !== null;
    scan = scanRecord(scan, r);
    return !wasFound && scan.found !== null;
  };
}

/** The index of the record `pos` designates in `records`, or null. */
export function locate(records: readonly TraceRecord[], pos: Position): number | null {
  const test = scanner(pos);
  for (let i = 0; i < records.length; i++) if (test(records[i]!, i)) return i;
  return null;
}

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The process `ref` names at `model`: alive ones first, then the latest born. With `inVm`, only
 * processes directly inside a VM process of that name.
 */
export function resolveProcess(model: Model, ref: ProcessRef | string): ProcKey | null {
  const r = typeof ref === 'string' ? { name: ref } : ref;
  let vms: ProcView[] | null = null;
  if (r.inVm !== undefined) vms = [...model.procs.values()].filter((p) => p.isVm && p.name === r.inVm);
  let best: ProcView | null = null;
  for (const p of model.procs.values()) {
    if (p.name !== r.name) continue;
    if (vms !== null && !vms.some((v) => samePath(p.vm, [...v.vm, v.pid]))) continue;
    if (best === null || (p.alive && !best.alive) || (p.alive === best.alive && (p.bornAt ?? 0) > (best.bornAt ?? 0))) best = p;
  }
  return best?.key ?? null;
}
