/**
 * The Variants panel's view-model of a comparison (compare.ts): both runs side by side, aligned
 * (diff.ts), the identical stretches folded, the differences paired line by line, and one line
 * that says what the knob changed.
 *
 * Data definition:
 *   DiffLine    = { kind: 'same', a, b, text }          a record both runs have (near a difference)
 *               | { kind: 'change', a: Cell | null, b: Cell | null }   records of one run only,
 *                 paired with the other run's at the same place when it has some there
 *               | { kind: 'gap', count }                that many identical records, folded
 *   FateChange  = { name, a, b }   a process that ends differently (or exists in one run only)
 *   VariantView = { request, seed, state, records, summary, fates, onlyA, onlyB, exact, lines, truncated }
 */
import { shown } from '../views/shown.ts';
import type { Comparison, VariantRequest } from './compare.ts';
import { align, differing, type Row } from './diff.ts';
import { ALIVE, type Side } from './run.ts';

export interface Cell {
  readonly index: number;
  readonly text: string;
}

export type DiffLine =
  | { readonly kind: 'same'; readonly a: number; readonly b: number; readonly text: string }
  | { readonly kind: 'change'; readonly a: Cell | null; readonly b: Cell | null }
  | { readonly kind: 'gap'; readonly count: number };

export interface FateChange {
  readonly name: string;
  readonly a: string;
  readonly b: string;
}

export interface VariantView {
  readonly request: VariantRequest;
  readonly seed: number;
  readonly state: 'running' | 'done' | 'failed';
  /** Records read so far, per run. */
  readonly records: readonly [number, number];
  readonly summary: string;
  readonly fates: readonly FateChange[];
  readonly onlyA: number;
  readonly onlyB: number;
  /** The alignment is a shortest one (false: the runs differ too much to search it all). */
  readonly exact: boolean;
  readonly lines: readonly DiffLine[];
  /** Lines beyond MAX_DIFF_LINES were left out. */
  readonly truncated: boolean;
}

/** Identical records shown around each difference. */
export const DIFF_CONTEXT = 2;
/** Lines a view carries at most. */
export const MAX_DIFF_LINES = 3_000;
/** A record's text in the summary line, at most. */
const SUMMARY_TEXT_CHARS = 140;
/** Fate changes the summary line names (the panel lists them all). */
const SUMMARY_FATES = 2;

const NEVER = 'never exists';

/** Processes whose ending differs between the runs, by name, in order of birth (a's first). */
export function fateChanges(a: Side, b: Side): FateChange[] {
  const fa = new Map([...a.fates.values()].map((f) => [f.name, f.fate]));
  const fb = new Map([...b.fates.values()].map((f) => [f.name, f.fate]));
  const names = [...new Set([...fa.keys(), ...fb.keys()])];
  return names
    .map((name) => ({ name, a: fa.get(name) ?? NEVER, b: fb.get(name) ?? NEVER }))
    .filter((f) => f.a !== f.b);
}

/** Rows as lines: each stretch of one-run-only records paired a-with-b, the rest 'same'. */
function pair(rows: readonly Row[], text: (side: 'a' | 'b', i: number) => string): DiffLine[] {
  const out: DiffLine[] = [];
  let as: number[] = [];
  let bs: number[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(as.length, bs.length); i++) {
      const a = as[i];
      const b = bs[i];
      out.push({ kind: 'change', a: a === undefined ? null : { index: a, text: text('a', a) }, b: b === undefined ? null : { index: b, text: text('b', b) } });
    }
    as = [];
    bs = [];
  };
  for (const r of rows) {
    if (r.kind === 'only-a') as.push(r.a);
    else if (r.kind === 'only-b') bs.push(r.b);
    else {
      flush();
      out.push({ kind: 'same', a: r.a, b: r.b, text: text('a', r.a) });
    }
  }
  flush();
  return out;
}

/** Folds the identical lines further than DIFF_CONTEXT from any change into gaps. */
function fold(lines: readonly DiffLine[]): DiffLine[] {
  const near = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.kind !== 'change') return;
    for (let j = Math.max(0, i - DIFF_CONTEXT); j <= Math.min(lines.length - 1, i + DIFF_CONTEXT); j++) near[j] = true;
  });
  const out: DiffLine[] = [];
  lines.forEach((l, i) => {
    if (near[i]) out.push(l);
    else {
      const last = out[out.length - 1];
      if (last?.kind === 'gap') out[out.length - 1] = { kind: 'gap', count: last.count + 1 };
      else out.push({ kind: 'gap', count: 1 });
    }
  });
  return out;
}

const cut = (s: string) => (s.length > SUMMARY_TEXT_CHARS ? `${s.slice(0, SUMMARY_TEXT_CHARS - 1)}…` : s);

/**
 * What happened in one run only: the first record without a partner in the other run (not the
 * same record with another detail) that happens to a process, in words.
 */
function firstHappening(c: Comparison, lines: readonly DiffLine[]): string | null {
  const [va, vb] = c.request.values;
  for (const l of lines) {
    if (l.kind !== 'change' || (l.a !== null && l.b !== null)) continue;
    const gist = l.a !== null ? c.a.gists.get(l.a.index) : c.b.gists.get(l.b!.index);
    if (gist != null) return `${gist} only with ${l.a !== null ? va : vb}`;
  }
  return null;
}

/** The one line: what the knob changed (the processes whose fate differs, else what happens in one run only) and how much. */
export function summaryLine(
  request: VariantRequest, fates: readonly FateChange[], lines: readonly DiffLine[], onlyA: number, onlyB: number, happening: string | null = null,
): string {
  const [va, vb] = request.values;
  const opening = request.flag === '' ? `With ${vb} instead of ${va}` : `With ${request.flag} ${vb} instead of ${va}`;
  const n = onlyA + onlyB;
  if (n === 0) return `${opening}: the two runs are the same, record for record.`;
  const told = fates.slice(0, SUMMARY_FATES).map((f) => `${f.name} ${f.b === ALIVE ? 'is alive at the end' : f.b} (with ${va}: ${f.a})`);
  const more = fates.length - SUMMARY_FATES;
  if (more > 0) told.push(`${more} more process${more === 1 ? ' ends' : 'es end'} differently`);
  const first = lines.find((l): l is Extract<DiffLine, { kind: 'change' }> => l.kind === 'change');
  const what = told.length > 0 ? told.join('; ') : happening !== null ? happening : first?.b != null ? `first only with ${vb}: ${cut(first.b.text)}` : `first only with ${va}: ${cut(first?.a?.text ?? '')}`;
  return `${opening}: ${what}; ${n} record${n === 1 ? '' : 's'} differ (${onlyA} only with ${va}, ${onlyB} only with ${vb}).`;
}

export function variantView(c: Comparison, done: boolean): VariantView {
  const base = { request: c.request, seed: c.seed, records: [c.a.keys.length, c.b.keys.length] as const };
  if (!done) return { ...base, state: 'running', summary: 'Running both variants…', fates: [], onlyA: 0, onlyB: 0, exact: true, lines: [], truncated: false };
  const { rows, exact } = align(c.a.keys.slice(), c.b.keys.slice());
  const { onlyA, onlyB } = differing(rows);
  const all = fold(pair(rows, (side, i) => shown((side === 'a' ? c.a : c.b).keys.get(i) ?? '')));
  const fates = fateChanges(c.a, c.b);
  return {
    ...base, state: 'done', summary: summaryLine(c.request, fates, all, onlyA, onlyB, firstHappening(c, all)), fates, onlyA, onlyB, exact,
    lines: all.slice(0, MAX_DIFF_LINES), truncated: all.length > MAX_DIFF_LINES,
  };
}

export function failedView(request: VariantRequest, message: string): VariantView {
  return { request, seed: request.seed ?? 0, state: 'failed', records: [0, 0], summary: message, fates: [], onlyA: 0, onlyB: 0, exact: true, lines: [], truncated: false };
}
