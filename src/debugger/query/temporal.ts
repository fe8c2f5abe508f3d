/**
 * The temporal operators over the index (docs/queries.md): the left side's hits kept by where the
 * right side's hits lie. A variable bound on both sides must have equal values, so the right hits
 * are grouped by the values of the shared variables and each left hit searches its group's
 * positions by bisection; a distance in steps or ms grows with position, so the nearest right
 * hit on each side decides "within".
 */
import { assertNever, pretty } from '../../kernel/index.ts';
import type { Duration, Expr, Filter, Temporal } from './ast.ts';
import { positionOf, type Hit } from './hits.ts';
import type { Bindings } from './match.ts';
import type { PresenceIndex } from './presence-index.ts';
import { distance } from './views.ts';

/** The variables a filter binds: its pattern's named wildcards and its process variable. */
function filterVars(f: Filter, out: Set<string>): void {
  const walk = (t: unknown): void => {
    if (t === null || typeof t !== 'object') return;
    if (Array.isArray(t)) return t.forEach(walk);
    if ('wild' in t) {
      const w = (t as { wild: string | number | null }).wild;
      if (w !== null) out.add(String(w));
    } else if ('fields' in t) (t as { fields: unknown[] }).fields.forEach(walk);
    else if ('args' in t) (t as { args: unknown[] }).args.forEach(walk);
  };
  if ((f.type === 'proc' || f.type === 'peer') && f.proc.type === 'var') out.add(f.proc.name);
  if (f.type === 'on' || f.type === 'containing') walk(f.pattern);
  if (f.type === 'reason' && f.reason.type === 'pattern') walk(f.reason.pattern);
}

/** The variables an expression's hits carry: a selection's own; a temporal's left side's. */
export function hitVars(e: Expr): Set<string> {
  if (e.type === 'records' || e.type === 'intervals') {
    const out = new Set<string>();
    for (const f of e.filters) filterVars(f, out);
    return out;
  }
  return hitVars(e.left);
}

const keyOf = (b: Bindings, vars: readonly string[]): string => vars.map((v) => { const t = b.get(v); return t === undefined ? '' : pretty(t); }).join('\u0000');

/** Right hits' positions (ascending) by the values of the shared variables. */
class Groups {
  private readonly byKey = new Map<string, number[]>();
  constructor(hits: readonly Hit[], private readonly vars: readonly string[]) {
    for (const h of hits) {
      const k = keyOf(h.bindings, vars);
      let list = this.byKey.get(k);
      if (list === undefined) this.byKey.set(k, (list = []));
      list.push(positionOf(h));
    }
    for (const list of this.byKey.values()) list.sort((a, b) => a - b);
  }

  of(b: Bindings): readonly number[] {
    return this.byKey.get(keyOf(b, this.vars)) ?? [];
  }
}

function sharedVars(left: Expr, right: Expr): string[] {
  const l = hitVars(left);
  return [...hitVars(right)].filter((v) => l.has(v)).sort();
}

/** The first position > p (or undefined). */
function firstAfter(ps: readonly number[], p: number): number | undefined {
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid]! <= p) lo = mid + 1;
    else hi = mid;
  }
  return ps[lo];
}

/** The last position < p (or undefined). */
function lastBefore(ps: readonly number[], p: number): number | undefined {
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : ps[lo - 1];
}

type Keep = (p: number, b: Bindings) => boolean;

function within(index: PresenceIndex, d: Duration, a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && distance(index, d.unit, a, b) <= d.n;
}

/** The test a temporal operator applies to each left hit, given the right side's hits. */
export function keeper(index: PresenceIndex, e: Temporal, right: readonly Hit[], until: readonly Hit[] | null): Keep {
  const g = new Groups(right, sharedVars(e.left, e.right));
  switch (e.type) {
    case 'before': return (p, b) => firstAfter(g.of(b), p) !== undefined;
    case 'after': return (p, b) => lastBefore(g.of(b), p) !== undefined;
    case 'within': return (p, b) => {
      const ps = g.of(b);
      const next = firstAfter(ps, p - 1);
      const prev = lastBefore(ps, p + 1);
      if (e.dir === 'before') return within(index, e.d, p, firstAfter(ps, p));
      if (e.dir === 'after') return within(index, e.d, lastBefore(ps, p), p);
      return within(index, e.d, p, next) || within(index, e.d, prev, p);
    };
    case 'not-followed': return (p, b) => {
      const next = firstAfter(g.of(b), p);
      return next === undefined || (e.d !== null && !within(index, e.d, p, next));
    };
    case 'never': {
      const u = new Groups(until!, sharedVars(e.left, e.until));
      return (p, b) => {
        const next = firstAfter(g.of(b), p);
        const stop = firstAfter(u.of(b), p);
        return next === undefined || (stop !== undefined && next >= stop);
      };
    }
    default: return assertNever(e, 'temporal operator');
  }
}
