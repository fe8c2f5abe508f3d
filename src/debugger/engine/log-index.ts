/**
 * The event log's filtered index over a whole run, kept up to date as the run grows: the positions
 * of the records that pass the filter, extended in bounded slices, cut back when a branch replaced
 * records, rebuilt when the filter changes.
 */
import type { Printer } from '../views/printer.ts';
import type { TraceRecord } from '../../kernel/index.ts';
import { logRow, matchesFilter, type LogFilter } from '../views/log.ts';
import { AppendLog, commonPrefix } from './append-log.ts';
import type { LogView } from './frame.ts';
import type { History } from './history.ts';

/** Records the filter is applied to per frame, at most (the rest in the next frames). */
export const LOG_SCAN_PER_FRAME = 50_000;

const showsAll = (f: LogFilter): boolean => f.kinds.size === 0 && f.proc === null && f.vm === null && f.text === '';

function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class LogIndex {
  constructor(private readonly print: Printer) {}

  private records: AppendLog<TraceRecord> = AppendLog.empty();
  private filter: LogFilter | null = null;
  private scanned = 0;
  private indices: number[] = [];
  /** The cursor the rows last followed: scrolling by hand is left alone until the cursor moves. */
  private followed = -1;

  private update(h: History, filter: LogFilter): void {
    if (filter !== this.filter) {
      this.filter = filter;
      this.scanned = 0;
      this.indices = [];
    }
    const p = commonPrefix(this.records, h.records, this.scanned);
    if (p < this.scanned) {
      this.scanned = p;
      this.indices.length = lowerBound(this.indices, p);
    }
    this.records = h.records;
    if (showsAll(filter)) {
      this.scanned = h.records.length;
      return;
    }
    const stop = Math.min(h.records.length, this.scanned + LOG_SCAN_PER_FRAME);
    for (let i = this.scanned; i < stop; i++) {
      if (matchesFilter(logRow(h.records.get(i)!, i, h.frontier, this.print), filter)) this.indices.push(i);
    }
    this.scanned = stop;
  }

  /**
   * The log's view for the cursor and the visible rows; `key` changes whenever the view does. With
   * `hideFuture` only the records before the cursor are shown.
   */
  view(h: History, filter: LogFilter, cursor: number, win: { first: number; count: number; follow: boolean }, hideFuture = false): { key: readonly unknown[]; view: LogView } {
    this.update(h, filter);
    const all = showsAll(filter);
    const length = hideFuture ? Math.min(cursor, h.records.length) : h.records.length;
    const matching = all ? length : lowerBound(this.indices, length);
    const at = (pos: number): number => (all ? pos : this.indices[pos]!);
    const cursorPos = all ? Math.max(0, cursor - 1) : lowerBound(this.indices, cursor - 1);
    let first = Math.max(0, Math.min(win.first, Math.max(0, matching - win.count)));
    const outside = cursorPos < first || cursorPos >= first + win.count;
    if (win.follow && cursor !== this.followed && cursor > 0 && cursorPos < matching && outside) {
      first = Math.max(0, cursorPos - Math.floor(win.count / 2));
    }
    this.followed = cursor;
    const last = Math.min(matching, first + win.count);
    const complete = this.scanned >= h.records.length;
    const hidden = h.records.length - length;
    const key = [h.records.get(h.records.length - 1), h.records.length, filter, matching, cursorPos, first, last, complete, hidden];
    const rows = [];
    for (let pos = first; pos < last; pos++) rows.push(logRow(h.records.get(at(pos))!, at(pos), h.frontier, this.print));
    return { key, view: { matching, length, hidden, complete, cursorPos, first, rows } };
  }
}
