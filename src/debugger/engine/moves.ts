/**
 * The player's cursor moves: step, step back, step over, jump, to the end, play, find, stop.
 *
 * Rules: a move by hand ends the running job (a find reports "not found" to its ticket) and clears
 * the selected record. Stepping forward past the frontier grows the run by what one record needs;
 * longer growth is a job, advanced by `tick` (jobs.ts).
 */
import { plural } from '../views/plural.ts';
import type { TraceRecord, VmPath } from '../../kernel/index.ts';
import { resolveProcess, startScan, type Position, type ProcessRef } from '../find.ts';
import { canGrow, grow, modelAt } from './history.ts';
import { nearestHit, stoppedAt } from './breakpoints.ts';
import type { Found, LastMove, MoveKind, PlayerEnv, PlayerState } from './player.ts';

/** A step forward never grows the run by more units than this looking for its next record. */
const STEP_MAX_UNITS = 10_000;
/** Step over never scans further than this many records for the end of a round. */
export const STEP_OVER_MAX_RECORDS = 100_000;

export function notify(s: PlayerState, text: string): PlayerState {
  return { ...s, notices: [...s.notices, { id: s.nextNotice, text }], nextNotice: s.nextNotice + 1 };
}

/** Find outcomes a state keeps: enough for every find that can end between two frames. */
const FOUND_KEPT = 8;

/** The recent find outcomes with `f` added (the oldest dropped past FOUND_KEPT). */
export function withFound(s: PlayerState, f: Found): PlayerState['found'] {
  return [...s.found, f].slice(-FOUND_KEPT);
}

/** A find job that is replaced reports "not found" to whoever waits for its ticket. */
export function endFind(s: PlayerState): PlayerState['found'] {
  return s.job?.kind === 'find' ? withFound(s, { ticket: s.job.ticket, index: null }) : s.found;
}

function endJob(s: PlayerState): PlayerState {
  return s.job === null ? s : { ...s, job: null, found: endFind(s) };
}

/** The last move after a jump (a new run, a seek, a find…). */
export function jumped(s: PlayerState): LastMove {
  return { kind: 'jump', jumps: s.lastMove.jumps + 1 };
}

/**
 * `s` with the cursor at `cursor`, moved the way `kind` says, and no selected record. A move that
 * leaves the cursor where it is changes neither.
 */
export function movedTo(s: PlayerState, cursor: number, kind: MoveKind): PlayerState {
  if (cursor === s.cursor) return s;
  const lastMove = kind === 'jump' ? jumped(s) : { kind, jumps: s.lastMove.jumps };
  return { ...s, cursor, lastMove, selection: { ...s.selection, record: null } };
}

/** The cursor at `cursor` (clamped to the records there are), with no job and no selected record. */
export function moveTo(s: PlayerState, cursor: number, kind: MoveKind): PlayerState {
  const c = Math.max(0, Math.min(Math.floor(cursor), s.history.records.length));
  const ended = endJob(s);
  return movedTo({ ...ended, selection: { ...ended.selection, record: null } }, c, kind);
}

/** Grows the run until it has `target` records (or cannot grow), bounded by STEP_MAX_UNITS units. */
function growTo(s: PlayerState, target: number): PlayerState {
  if (s.history.records.length >= target) return s;
  return { ...s, history: grow(s.history, STEP_MAX_UNITS, target) };
}

export function stepForward(s: PlayerState): PlayerState {
  return stepBy(s, 1);
}

export function stepBack(s: PlayerState): PlayerState {
  return stepBy(s, -1);
}

/** `by` records forward (growing the run as a step does) or back: a step by hand, however long. */
export function stepBy(s: PlayerState, by: number): PlayerState {
  const n = Math.trunc(by);
  if (!Number.isFinite(n) || n === 0) return s;
  const grown = n > 0 ? growTo(s, s.cursor + n) : s;
  return moveTo(grown, s.cursor + n, n > 0 ? 'step' : 'step-back');
}

function within(path: VmPath, vm: VmPath): boolean {
  return path.length >= vm.length && vm.every((p, i) => path[i] === p);
}

/** Does record `r` end (or begin after) the current round of VM `vm`? */
function endsRoundOf(r: TraceRecord, vm: VmPath): boolean {
  if (r.kind === 'round') return within(r.vm, vm) ? r.vm.length === vm.length : true;
  if (!within(r.vm, vm)) return true;
  return vm.length === 0 && (r.kind === 'ground-event' || r.kind === 'world');
}

/** To the next `round` record of the current record's VM, or the first record after that round. */
export function stepOver(s: PlayerState): PlayerState {
  const cur = s.history.records.get(s.cursor - 1) ?? null;
  const limit = s.cursor + STEP_OVER_MAX_RECORDS;
  let state = s;
  let to = -1;
  for (let j = s.cursor; j < limit && to < 0; j++) {
    state = growTo(state, j + 1);
    const r = state.history.records.get(j);
    if (r === undefined) break;
    if (cur === null ? r.kind === 'round' : endsRoundOf(r, cur.vm)) to = j + 1;
  }
  if (to < 0) to = Math.min(limit, state.history.records.length);
  // It stops at a breakpoint hit on the way (breakpoints.ts).
  const stop = nearestHit(state, s.cursor, 'forward');
  if (stop !== null && stop.cursor <= to) return stoppedAt(moveTo(state, s.cursor, 'step'), stop, 'step');
  return moveTo(state, to, 'step');
}

/** Past the end of a run that cannot grow: the last record, and a notice saying so. */
export function pastTheEnd(s: PlayerState, target: number): PlayerState {
  const length = s.history.records.length;
  const at = moveTo(s, length, 'jump');
  return notify(at, `Step ${target} is past the end of this run (${plural(length, 'record')}); showing the last record.`);
}

export function jumpTo(_env: PlayerEnv, s: PlayerState, to: number): PlayerState {
  const target = Math.max(0, Math.floor(to));
  if (target <= s.history.records.length) return moveTo(s, target, 'jump');
  if (!canGrow(s.history)) return pastTheEnd(s, target);
  return { ...endJob(s), job: { kind: 'seek', target }, selection: { ...s.selection, record: null } };
}

export function toEnd(s: PlayerState): PlayerState {
  if (!canGrow(s.history)) return moveTo(s, s.history.records.length, 'jump');
  return { ...endJob(s), job: { kind: 'to-end' } };
}

/** Is the cursor at the last record of a run that cannot grow? */
export function atEnd(s: PlayerState): boolean {
  return s.cursor >= s.history.records.length && !canGrow(s.history);
}

export function play(s: PlayerState, fast: boolean): PlayerState {
  // Play from the end starts again from the start: a jump there first.
  const from = !fast && atEnd(s) ? movedTo(s, 0, 'jump') : s;
  return { ...endJob(from), job: { kind: 'play', fast, owed: 0 } };
}

export function startFind(
  s: PlayerState,
  f: { readonly position: Position; readonly label: string; readonly ticket: number; readonly checks?: readonly Position[] },
  select: ProcessRef | null,
): PlayerState {
  const checks = (f.checks ?? []).map(startScan);
  return { ...endJob(s), job: { kind: 'find', label: f.label, ticket: f.ticket, scan: startScan(f.position), select, checks } };
}

export function selectNamed(s: PlayerState, ref: ProcessRef): PlayerState {
  return { ...s, selection: { ...s.selection, process: resolveProcess(modelAt(s.history, s.cursor), ref) } };
}

/** Ends the job where it got to, and background growth too. */
export function stopJob(s: PlayerState): PlayerState {
  const length = s.history.records.length;
  const job = s.job;
  let cursor = s.cursor;
  if (job?.kind === 'seek') cursor = Math.min(job.target, length);
  else if (job?.kind === 'to-end') cursor = length;
  const ended = endJob(s);
  return { ...ended, cursor, lastMove: cursor === s.cursor ? s.lastMove : jumped(s), exploring: false };
}
