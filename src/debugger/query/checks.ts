/**
 * Ready-made checks for os2 idioms (docs/queries.md, "Ready-made checks"), over a query source.
 *
 * Data definition: Finding = { check, at, records, sentence } — `at` the position that shows it
 * (a record index), `records` every position involved, `sentence` what a user reads.
 * Rules:
 *   orphaned-interest       a subscriber endpoint alone (knowing no publisher) for longer than N
 *                           steps: the query `alone sub longer than N steps`
 *   flapping                for one observer endpoint (process and name) and one peer (process and
 *                           endpoint name), presence lost and regained — an absence, then a
 *                           presence again within W steps — more than K times: the glitch of the
 *                           talk (each flap past K is a finding)
 *   dropped-responsibility  an absence of a publisher after which its subscriber knows no one (an
 *                           `alone` interval opens at it and no presence ends it within N steps),
 *                           from a peer whose process is still alive N steps later: the provider
 *                           withdrew and nobody took over
 *   lost-message            a send-message action (message or feedback) that no delivery record
 *                           names as its cause: os2 does not buffer, so nobody got it
 */
import { parseQuery } from './parser.ts';
import { answer } from './evaluate.ts';
import { OPEN } from './intervals.ts';
import { KIND_MASK, kindNumber } from './record-kinds.ts';
import type { IntColumn } from './columns.ts';
import type { QuerySource } from './views.ts';

export const CHECKS = ['orphaned-interest', 'flapping', 'dropped-responsibility', 'lost-message'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Finding {
  readonly check: CheckName;
  readonly at: number;
  readonly records: readonly number[];
  readonly sentence: string;
}

export interface CheckLimits {
  /** orphaned-interest: steps a subscriber may wait alone. */
  readonly orphanedSteps: number;
  /** flapping: how many flaps (lost and regained) are tolerated, and within how many steps a return is one. */
  readonly flaps: number;
  readonly flapWindowSteps: number;
  /** dropped-responsibility: steps within which the withdrawing peer should quit. */
  readonly handoffSteps: number;
}

export const DEFAULT_CHECK_LIMITS: CheckLimits = Object.freeze({ orphanedSteps: 20, flaps: 0, flapWindowSteps: 5, handoffSteps: 5 });

function procName(src: QuerySource, p: number): string {
  const e = src.index.processes.entries[p];
  return e === undefined ? 'nobody' : `${e.name ?? '?'} (${e.path.join('/')})`;
}

export function orphanedInterest(src: QuerySource, steps = DEFAULT_CHECK_LIMITS.orphanedSteps): Finding[] {
  const a = answer(src, parseQuery(`alone sub longer than ${steps} steps`));
  return a.hits.map((h) => {
    const from = h.kind === 'record' ? h.at : h.from;
    const to = h.kind === 'record' ? h.at : h.to;
    const who = procName(src, src.index.procs.get(from));
    return {
      check: 'orphaned-interest', at: from, records: to === null ? [from] : [from, to],
      sentence: `${who} subscribed with no publisher for more than ${steps} steps${to === null ? ' (still, at the end)' : ''}`,
    };
  });
}

/** The positions of two kinds' records, merged in order. */
function mergeColumns(a: IntColumn, b: IntColumn): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a.get(i) < b.get(j)) ? a.get(i++) : b.get(j++));
  return out;
}

export function flapping(src: QuerySource, flaps = DEFAULT_CHECK_LIMITS.flaps, windowSteps = DEFAULT_CHECK_LIMITS.flapWindowSteps): Finding[] {
  const { index } = src;
  const lastAbsence = new Map<string, number>();
  const count = new Map<string, number>();
  const out: Finding[] = [];
  for (const at of mergeColumns(index.byKind[kindNumber('presence')]!, index.byKind[kindNumber('absence')]!)) {
    const r = src.record(at);
    if (r.kind !== 'deliver') continue;
    const key = `${index.procs.get(at)}|${r.endpoint}|${index.froms.get(at)}|${r.peer?.endpoint ?? ''}`;
    if (r.event.type === 'absence') {
      lastAbsence.set(key, at);
      continue;
    }
    const gone = lastAbsence.get(key);
    lastAbsence.delete(key);
    if (gone === undefined || index.steps.get(at) - index.steps.get(gone) > windowSteps) continue;
    const n = (count.get(key) ?? 0) + 1;
    count.set(key, n);
    if (n <= flaps) continue;
    out.push({
      check: 'flapping', at, records: [gone, at],
      sentence: `${procName(src, index.procs.get(at))} at ${r.endpoint} lost ${procName(src, index.froms.get(at))} and saw it again ${index.steps.get(at) - index.steps.get(gone)} steps later`,
    });
  }
  return out;
}

export function droppedResponsibility(src: QuerySource, steps = DEFAULT_CHECK_LIMITS.handoffSteps): Finding[] {
  const { index } = src;
  const absences = index.byKind[kindNumber('absence')]!;
  const out: Finding[] = [];
  for (let i = 0; i < absences.length; i++) {
    const at = absences.get(i);
    const peer = index.froms.get(at);
    const r = src.record(at);
    if (peer < 0 || r.kind !== 'deliver' || r.event.role.orientation !== 'publisher') continue;
    // Left alone by this absence (an orphaned stretch begins at it) and not found again soon.
    const a = index.alone.froms.firstAtLeast(at);
    if (a >= index.alone.length || index.alone.froms.get(a) !== at) continue;
    const back = index.alone.tos.get(a);
    if (back !== OPEN && (index.codes.get(back) & KIND_MASK) === kindNumber('presence') && index.steps.get(back) - index.steps.get(at) <= steps) continue;
    const end = index.processes.lives.tos.get(peer);
    const quitSteps = end === OPEN ? Infinity : index.steps.get(end) - index.steps.get(at);
    if (quitSteps <= steps) continue;
    out.push({
      check: 'dropped-responsibility', at, records: end === OPEN ? [at] : [at, end],
      sentence: `${procName(src, index.procs.get(at))} was left with no publisher at ${r.endpoint} when ${procName(src, peer)} withdrew, and ${procName(src, peer)} did not quit within ${steps} steps`,
    });
  }
  return out;
}

export function lostMessages(src: QuerySource): Finding[] {
  const { index } = src;
  const delivered = new Set<number>();
  for (const col of [index.byKind[kindNumber('message')]!, index.byKind[kindNumber('feedback')]!]) {
    for (let i = 0; i < col.length; i++) {
      const cause = src.record(col.get(i)).cause;
      if (cause !== null) delivered.add(cause);
    }
  }
  const sends = index.byKind[kindNumber('send')]!;
  const out: Finding[] = [];
  for (let i = 0; i < sends.length; i++) {
    const at = sends.get(i);
    if (delivered.has(index.ids.get(at))) continue;
    out.push({ check: 'lost-message', at, records: [at], sentence: `${procName(src, index.procs.get(at))} sent a message nobody received` });
  }
  return out;
}

/** Every check with its limits, findings in order of position. */
export function runChecks(src: QuerySource, limits: CheckLimits = DEFAULT_CHECK_LIMITS): Finding[] {
  return [
    ...orphanedInterest(src, limits.orphanedSteps),
    ...flapping(src, limits.flaps, limits.flapWindowSteps),
    ...droppedResponsibility(src, limits.handoffSteps),
    ...lostMessages(src),
  ].sort((a, b) => a.at - b.at);
}
