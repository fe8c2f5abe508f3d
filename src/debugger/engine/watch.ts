/**
 * A watch: a tour position scanned for in the background, the cursor staying where the learner put
 * it (issue 13: a question is judged when the learner steps onto its answer by hand, so the face
 * must know where that answer is without being taken there).
 *
 * Data definition:
 *   Watch     = { position, ticket, scan }   scan: the find scan (find.ts), fed every record in order
 *   WatchView = { ticket, index }             what a frame says: the record's index once found, else null
 * Rules: `tick` feeds the watch at most WATCH_SCAN_PER_TICK records, and grows the run for it (when no
 * job does, and up to WATCH_MAX_RECORDS) until its record is found or the run is over. A branch (an
 * intervention in the past) starts the scan again; a new run (load, a file) drops the watch.
 */
import { scanRecord, startScan, type Position, type Scan } from '../find.ts';
import { canGrow, grow } from './history.ts';
import type { PlayerState } from './player.ts';

/** Records a watch scans per tick, at most. */
const WATCH_SCAN_PER_TICK = 20_000;
/** A watch grows the run no further than this many records (as background growth). */
export const WATCH_MAX_RECORDS = 250_000;

export interface Watch {
  readonly position: Position;
  readonly ticket: number;
  readonly scan: Scan;
}

export interface WatchView {
  readonly ticket: number;
  readonly index: number | null;
}

export function startWatch(position: Position, ticket: number): Watch {
  return { position, ticket, scan: startScan(position) };
}

export function watchView(w: Watch | null): WatchView | null {
  return w === null ? null : { ticket: w.ticket, index: w.scan.found };
}

/** Has the watch more to do: records to scan, or a run to grow for it? */
export function watchPending(s: PlayerState): boolean {
  const w = s.watch;
  if (w === null || w.scan.found !== null) return false;
  const h = s.history;
  return w.scan.scanned < h.records.length || (s.job === null && canGrow(h) && h.records.length < WATCH_MAX_RECORDS);
}

/** Feeds the watch the records it has not seen, and grows the run by at most `units` for it. */
export function tickWatch(s: PlayerState, units: number): PlayerState {
  const w = s.watch;
  if (w === null || !watchPending(s)) return s;
  let scan = w.scan;
  const records = s.history.records;
  const stop = Math.min(records.length, scan.scanned + WATCH_SCAN_PER_TICK);
  while (scan.scanned < stop && scan.found === null) scan = scanRecord(scan, records.get(scan.scanned)!);
  const next = { ...s, watch: { ...w, scan } };
  if (scan.found !== null || scan.scanned < records.length || s.job !== null) return next;
  return canGrow(s.history) ? { ...next, history: grow(s.history, units, records.length + 1) } : next;
}
