/**
 * The player's long jobs, advanced by `tick`: each call does at most `units` run units of growth
 * (and a bounded scan), so the host decides how much work fits in its time slice.
 *
 * Rules:
 *   play     the cursor advances `speed` records per second of `elapsedMs` (at most 250 ms of
 *            catching up per tick); fast play goes as far as the units allow. It ends at the end,
 *            or at the first hit of an enabled breakpoint it would cross (breakpoints.ts).
 *   run-until  grows the run until a breakpoint hits after the cursor (breakpoints.ts).
 *   seek     grows until the target record exists, then lands there (or at the end, saying so).
 *   to-end   grows until the run is over, then lands on its last record.
 *   find     scans every record in order (growing the run as it goes) until the scan finds its
 *            record: the cursor lands just after it, and `found` names the ticket and index.
 *   no job   background growth while `exploring`, up to env.exploreMaxRecords.
 *   watch    after the job, a watch (watch.ts) is fed the records it has not seen yet.
 * Play moves the cursor as 'play' (the stage animates what it crosses); seek, to-end and find land
 * as a jump (player.ts, LastMove).
 */
import { assertNever } from '../../kernel/values.ts';
import { scanRecord } from '../find.ts';
import { canGrow, grow } from './history.ts';
import { movedTo, pastTheEnd, selectNamed, withFound } from './moves.ts';
import type { Job, PlayerEnv, PlayerState } from './player.ts';
import { tickWatch, watchPending } from './watch.ts';
import { nearestHit, stoppedAt, tickRunUntil } from './breakpoints.ts';

/** Play catches up on at most this much time per tick (a stalled host does not make it leap). */
const PLAY_MAX_CATCH_UP_MS = 250;
/** Records a find job scans per tick, at most. */
const FIND_SCAN_PER_TICK = 20_000;

type JobOf<K extends Job['kind']> = Extract<Job, { kind: K }>;

function tickPlay(s: PlayerState, job: JobOf<'play'>, elapsedMs: number, units: number): PlayerState {
  let owed = job.owed;
  let want: number;
  if (job.fast) want = Number.MAX_SAFE_INTEGER - s.cursor;
  else {
    owed += (Math.min(PLAY_MAX_CATCH_UP_MS, Math.max(0, elapsedMs)) * s.speed) / 1000;
    want = Math.floor(owed);
    owed -= want;
  }
  const target = s.cursor + want;
  const history = want > 0 ? grow(s.history, units, target) : s.history;
  const landing = Math.min(target, history.records.length);
  // Play stops at the first breakpoint hit it would cross (breakpoints.ts).
  const stop = nearestHit({ ...s, history }, s.cursor, 'forward');
  if (stop !== null && stop.cursor <= landing) return stoppedAt({ ...s, history }, stop, 'play');
  const moved = movedTo({ ...s, history }, landing, 'play');
  const done = moved.cursor >= history.records.length && !canGrow(history);
  return { ...moved, job: done ? null : { ...job, owed } };
}

function tickSeek(s: PlayerState, job: JobOf<'seek'>, units: number): PlayerState {
  const history = grow(s.history, units, job.target);
  const next = { ...s, history };
  if (history.records.length >= job.target) return { ...movedTo(next, job.target, 'jump'), job: null };
  return canGrow(history) ? next : pastTheEnd({ ...next, job: null }, job.target);
}

function tickToEnd(s: PlayerState, units: number): PlayerState {
  const history = grow(s.history, units);
  const next = { ...s, history };
  return canGrow(history) ? next : { ...movedTo(next, history.records.length, 'jump'), job: null };
}

function tickFind(s: PlayerState, job: JobOf<'find'>, units: number): PlayerState {
  let scan = job.scan;
  let checks = job.checks;
  const records = s.history.records;
  const stop = Math.min(records.length, scan.scanned + FIND_SCAN_PER_TICK);
  while (scan.scanned < stop && scan.found === null) {
    const r = records.get(scan.scanned)!;
    scan = scanRecord(scan, r);
    if (checks.length > 0) checks = checks.map((c) => scanRecord(c, r));
  }
  if (scan.found !== null) {
    const found = job.checks.length === 0
      ? { ticket: job.ticket, index: scan.found }
      : { ticket: job.ticket, index: scan.found, checks: checks.map((c) => c.found) };
    const landed = { ...movedTo(s, scan.found + 1, 'jump'), job: null, found: withFound(s, found) };
    return job.select === null ? landed : selectNamed(landed, job.select);
  }
  const next: PlayerState = { ...s, job: { ...job, scan, checks } };
  if (scan.scanned < records.length) return next;
  if (!canGrow(s.history)) return { ...next, job: null, found: withFound(s, { ticket: job.ticket, index: null }) };
  return { ...next, history: grow(s.history, units, records.length + 1) };
}

function tickExplore(env: PlayerEnv, s: PlayerState, units: number): PlayerState {
  if (!s.exploring) return s;
  const more = (h: PlayerState['history']) => canGrow(h) && h.records.length < env.exploreMaxRecords;
  if (!more(s.history)) return { ...s, exploring: false };
  const history = grow(s.history, units, env.exploreMaxRecords);
  return { ...s, history, exploring: more(history) };
}

export function tick(env: PlayerEnv, s: PlayerState, elapsedMs: number, units: number): PlayerState {
  return tickWatch(tickJob(env, s, elapsedMs, units), units);
}

function tickJob(env: PlayerEnv, s: PlayerState, elapsedMs: number, units: number): PlayerState {
  const job = s.job;
  if (job === null) return tickExplore(env, s, units);
  switch (job.kind) {
    case 'play':
      return tickPlay(s, job, elapsedMs, units);
    case 'seek':
      return tickSeek(s, job, units);
    case 'to-end':
      return tickToEnd(s, units);
    case 'find':
      return tickFind(s, job, units);
    case 'run-until':
      return tickRunUntil(s, job.from, job.fuel, units);
    default:
      return assertNever(job, 'job');
  }
}

/** Does the session have work for `tick` (a job, background growth, or a watch)? */
export function hasWork(s: PlayerState): boolean {
  return s.job !== null || s.exploring || watchPending(s);
}
