/**
 * One side of a variant comparison: a run of a scenario configured with one value of a knob,
 * read into the keys the alignment compares (keys.ts) and the fate of each process. Pure: each
 * step returns a new value (the logs are AppendLogs, shared and never changed).
 *
 * Data definition:
 *   Side  = { value, run, keys, gists, book, fates, named, over }
 *     keys   one per record, in order
 *     gists  one per record: what happened to a process, in a few words (keys.ts gistOf), or null
 *     marks  one per record: its actor, for aligning by identity (divergence.ts)
 *     book   the names of the processes seen so far (a new Map when one is born)
 *     fates  per process, in order of birth: its name (the nth of that name gets " (n)") and how
 *            it ended — "alive at the end" until a quit record says otherwise
 *     named  how many processes of each name were born
 *     over   the run ended (its status), or it reached MAX_VARIANT_RECORDS
 */
import { pretty, type TraceRecord } from '../../kernel/index.ts';
import { makeRun, advance, DEFAULT_MAX_STEPS, type Run } from '../../kernel/ground/index.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { startScenario } from '../../scenarios/types.ts';
import { AppendLog } from '../engine/append-log.ts';
import { gistOf, keyOf, type NameBook } from './keys.ts';
import type { Mark } from './divergence.ts';

/** A side stops reading here: a knob's contrast is a small run, not a million records. */
export const MAX_VARIANT_RECORDS = 50_000;

export interface Fate {
  readonly name: string;
  readonly fate: string;
}

export interface Side {
  readonly value: string;
  readonly run: Run;
  readonly keys: AppendLog<string>;
  readonly gists: AppendLog<string | null>;
  readonly marks: AppendLog<Mark>;
  readonly book: NameBook;
  /** By "vm/…/pid". */
  readonly fates: ReadonlyMap<string, Fate>;
  readonly named: ReadonlyMap<string, number>;
  readonly over: boolean;
}

export const ALIVE = 'alive at the end';

export function startSide(scenario: Scenario, seed: number, value: string): Side {
  const start = startScenario(scenario, { seed });
  const run = makeRun(start, [], { maxSteps: scenario.maxSteps ?? DEFAULT_MAX_STEPS, untilMs: null });
  const side: Side = { value, run, keys: AppendLog.empty(), gists: AppendLog.empty(), marks: AppendLog.empty(), book: new Map(), fates: new Map(), named: new Map(), over: false };
  return read(side, start.records);
}

/** How a quit reason reads in a fate. */
function ending(reason: unknown): string {
  if (reason === false) return 'leaves (normal exit)';
  const text = pretty(reason as never);
  return text.startsWith('exn(') ? `crashes: ${text}` : `quits: ${text}`;
}

function read(side: Side, records: readonly TraceRecord[]): Side {
  let { book, fates, named } = side;
  const keys: string[] = [];
  const gists: (string | null)[] = [];
  const marks: Mark[] = [];
  for (const r of records) {
    const id = r.pid === null ? '' : [...r.vm, r.pid].join('/');
    if (r.kind === 'boot' && r.pid !== null) {
      book = new Map(book);
      const count = (named.get(r.name) ?? 0) + 1;
      named = new Map(named).set(r.name, count);
      fates = new Map(fates).set(id, { name: count === 1 ? r.name : `${r.name} (${count})`, fate: ALIVE });
    } else if (r.kind === 'quit' && fates.has(id)) {
      fates = new Map(fates).set(id, { name: fates.get(id)!.name, fate: ending(r.reason) });
    }
    keys.push(keyOf(r, book));
    gists.push(gistOf(r, book));
    marks.push({ vm: r.vm, pid: r.pid, born: r.kind === 'boot' && r.pid !== null ? r.name : null });
  }
  const all = side.keys.push(...keys);
  return { ...side, keys: all, gists: side.gists.push(...gists), marks: side.marks.push(...marks), book, fates, named, over: side.over || all.length >= MAX_VARIANT_RECORDS };
}

/** Advances the side by at most `units` run units. */
export function stepSide(side: Side, units: number): Side {
  let s = side;
  for (let i = 0; i < units && !s.over; i++) {
    const a = advance(s.run);
    if (a.unit === null) return { ...s, run: a.run, over: true };
    s = read({ ...s, run: a.run }, a.unit.records);
  }
  return s;
}
