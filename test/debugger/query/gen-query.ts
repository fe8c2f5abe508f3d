/**
 * Random queries over a run's own vocabulary (its process names and pid paths, endpoint names,
 * and patterns cut from its topics and messages), from a seeded PRNG: the fuzzer's input.
 */
import { termKind, type StructTerm, type Term, type TraceRecord } from '../../../src/kernel/index.ts';
import type { Duration, Expr, Filter, Head, KindName, ProcSpec, Query, Select } from '../../../src/debugger/query/ast.ts';
import { RECORD_KINDS } from '../../../src/debugger/query/record-kinds.ts';
import { recordTerm } from '../../../src/debugger/query/record-fields.ts';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vocabulary {
  readonly names: string[];
  readonly paths: number[][];
  readonly endpoints: string[];
  readonly terms: Term[];
  readonly length: number;
}

export function vocabulary(records: readonly TraceRecord[]): Vocabulary {
  const names = new Set<string>();
  const paths = new Map<string, number[]>();
  const endpoints = new Set<string>();
  const terms: Term[] = [];
  for (const r of records) {
    if (r.kind === 'boot') names.add(r.name);
    if (r.pid !== null) paths.set(`${r.vm.join('/')}:${r.pid}`, [...r.vm, r.pid]);
    if (r.kind === 'endpoint' || r.kind === 'deliver') endpoints.add(r.endpoint);
    const t = recordTerm(r);
    if (t !== undefined && terms.length < 400 && (terms.length < 40 || r.id % 7 === 0)) terms.push(t);
  }
  return { names: [...names], paths: [...paths.values()], endpoints: [...endpoints], terms, length: records.length };
}

class Gen {
  constructor(readonly rnd: () => number, readonly v: Vocabulary) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** A pattern cut from a term: sub-terms become `_` or a variable; event descriptors always `_`. */
  pattern(t: Term, depth = 0): Term {
    if (this.chance(depth === 0 ? 0.05 : 0.25)) return this.chance(0.5) ? { wild: null } : { wild: this.pick(['x', 'y']) };
    switch (termKind(t)) {
      case 'evt': case 'wild': return { wild: null };
      case 'list': return (t as readonly Term[]).map((x) => this.pattern(x, depth + 1));
      case 'struct': return { struct: (t as StructTerm).struct, fields: (t as StructTerm).fields.map((x) => this.pattern(x, depth + 1)) };
      default: return t;
    }
  }

  proc(): ProcSpec {
    const k = this.int(4);
    if (k === 0 && this.v.paths.length > 0) return { type: 'path', path: this.pick(this.v.paths) };
    if (k === 1) return { type: 'var', name: 'p' };
    return { type: 'name', name: this.v.names.length > 0 ? this.pick(this.v.names) : 'nobody' };
  }

  duration(): Duration {
    return { n: this.int(30), unit: this.pick(['records', 'steps', 'ms'] as const) };
  }

  filter(allowed: readonly Filter['type'][]): Filter {
    const type = this.pick(allowed);
    switch (type) {
      case 'proc': return { type, proc: this.proc() };
      case 'peer': return { type, proc: this.proc() };
      case 'endpoint': return { type, name: this.v.endpoints.length > 0 ? this.pick(this.v.endpoints) : 'none' };
      case 'on': case 'containing': return { type, pattern: this.v.terms.length > 0 ? this.pattern(this.pick(this.v.terms)) : null };
      case 'orientation': return { type, orientation: this.pick(['publisher', 'subscriber'] as const) };
      case 'reason': return { type, reason: this.pick([{ type: 'crash' }, { type: 'normal' }, { type: 'pattern', pattern: { wild: null } }] as const) };
      case 'longer': case 'shorter': return { type, than: this.duration() };
      case 'open': return { type };
      case 'between': {
        const a = this.int(this.v.length + 1);
        return { type, from: a, to: a + this.int(this.v.length) };
      }
    }
  }

  select(): Select {
    if (this.chance(0.4)) {
      const sort = this.pick(['knows', 'alone', 'process', 'endpoint'] as const);
      const allowed: Filter['type'][] = sort === 'process' ? ['proc', 'reason', 'longer', 'shorter', 'open', 'between']
        : ['proc', 'endpoint', 'on', 'orientation', 'longer', 'shorter', 'open', 'between', ...(sort === 'knows' ? ['peer', 'reason'] as const : sort === 'endpoint' ? ['reason'] as const : [])];
      return { type: 'intervals', sort, filters: Array.from({ length: this.int(3) }, () => this.filter(allowed)), column: 1 };
    }
    const all: KindName[] = [...RECORD_KINDS, 'deliver', 'crash', 'any'];
    const kinds = [...new Set(Array.from({ length: 1 + this.int(2) }, () => this.pick(all)))];
    const allowed: Filter['type'][] = ['proc', 'peer', 'endpoint', 'on', 'containing', 'orientation', 'reason', 'between'];
    return { type: 'records', kinds, filters: Array.from({ length: this.int(3) }, () => this.filter(allowed)), column: 1 };
  }

  expr(depth: number): Expr {
    if (depth > 1 || this.chance(0.5)) return this.select();
    const left = this.expr(depth + 1);
    const right = this.select();
    switch (this.int(5)) {
      case 0: return { type: 'before', left, right };
      case 1: return { type: 'after', left, right };
      case 2: return { type: 'within', left, right, d: this.duration(), dir: this.pick(['of', 'before', 'after'] as const) };
      case 3: return { type: 'not-followed', left, right, d: this.chance(0.5) ? this.duration() : null };
      default: return { type: 'never', left, right, until: this.select() };
    }
  }
}

export function randomQuery(rnd: () => number, v: Vocabulary): Query {
  const g = new Gen(rnd, v);
  const head: Head = g.pick(['all', 'all', 'first', 'last', 'count', 'processes'] as const);
  return { head, expr: g.expr(0) };
}
