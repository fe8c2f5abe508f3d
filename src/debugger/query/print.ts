/**
 * A query's text from its tree, in the form parseQuery reads (parse(print(q)) = q, tested): for
 * the URL, the trace header, the fuzzer and the breakpoint list. A temporal operand is always
 * parenthesised: "A not followed by B within 2 ms after C" would read the duration as B's.
 */
import { assertNever, pretty } from '../../kernel/index.ts';
import type { Duration, Expr, Filter, ProcSpec, Query } from './ast.ts';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-.:/#]*$/;
/** Words that begin a filter or an operator: a process or endpoint named so is quoted. */
const RESERVED = new Set(['to', 'by', 'from', 'at', 'on', 'containing', 'pub', 'sub', 'reason', 'longer', 'shorter', 'open', 'between',
  'before', 'after', 'within', 'not', 'never', 'until', 'or', 'and', 'of']);

function name(n: string): string {
  return NAME.test(n) && !RESERVED.has(n) && !/^[0-9]/.test(n) ? n : JSON.stringify(n);
}

function proc(p: ProcSpec): string {
  switch (p.type) {
    case 'name': return name(p.name);
    case 'path': return `[${p.path.join(', ')}]`;
    case 'var': return `?${p.name}`;
    default: return assertNever(p, 'process');
  }
}

const duration = (d: Duration): string => `${d.n} ${d.unit}`;

function filter(f: Filter): string {
  switch (f.type) {
    case 'proc': return `to ${proc(f.proc)}`;
    case 'peer': return `from ${proc(f.proc)}`;
    case 'endpoint': return `at ${name(f.name)}`;
    case 'on': return `on ${pretty(f.pattern)}`;
    case 'containing': return `containing ${pretty(f.pattern)}`;
    case 'orientation': return f.orientation === 'publisher' ? 'pub' : 'sub';
    case 'reason': return `reason ${f.reason.type === 'pattern' ? pretty(f.reason.pattern) : f.reason.type}`;
    case 'longer': case 'shorter': return `${f.type} than ${duration(f.than)}`;
    case 'open': return 'open';
    case 'between': return `between ${f.from} and ${f.to}`;
    default: return assertNever(f, 'filter');
  }
}

function expr(e: Expr, nested: boolean): string {
  const wrap = (s: string): string => (nested ? `(${s})` : s);
  switch (e.type) {
    case 'records': return [e.kinds.join(' or '), ...e.filters.map(filter)].join(' ');
    case 'intervals': return [e.sort === 'process' || e.sort === 'endpoint' ? `lifetime ${e.sort}` : e.sort, ...e.filters.map(filter)].join(' ');
    case 'before': case 'after': return wrap(`${expr(e.left, true)} ${e.type} ${expr(e.right, true)}`);
    case 'within': return wrap(`${expr(e.left, true)} within ${duration(e.d)} ${e.dir} ${expr(e.right, true)}`);
    case 'not-followed': return wrap(`${expr(e.left, true)} not followed by ${expr(e.right, true)}${e.d === null ? '' : ` within ${duration(e.d)}`}`);
    case 'never': return wrap(`${expr(e.left, true)} never ${expr(e.right, true)} until ${expr(e.until, true)}`);
    default: return assertNever(e, 'expression');
  }
}

export function printQuery(q: Query): string {
  return (q.head === 'all' ? '' : `${q.head} `) + expr(q.expr, false);
}
