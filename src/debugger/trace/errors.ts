/**
 * Why a trace file was refused: a TraceParseError names the line and the field, in words a user
 * understands (docs/trace-format.md, "Reading a file").
 *
 * Data definition: TraceParseError = { line (1-based), field (a path such as
 * `inputs[0].client.steps[2].op`, or null for the whole line), message }.
 * Rule: of a zod failure, the first issue is reported; inside a union, the issue of the branch that
 * matched the value's type (so a malformed `{"bytes": …}` says what is wrong with it, not only that
 * no branch matched).
 */
import type { z } from 'zod';

/** Characters of a field name a message shows at most. */
const MAX_FIELD_CHARS = 120;
/** Characters of a problem's description a message shows at most (it may quote the file). */
const MAX_PROBLEM_CHARS = 400;

/** `text` cut to `max` characters, with "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A trace file that does not parse: `line` is 1-based, `field` the dotted path (or null). */
export class TraceParseError extends Error {
  readonly line: number;
  readonly field: string | null;
  constructor(line: number, field: string | null, problem: string) {
    field = field === null ? null : clip(field, MAX_FIELD_CHARS);
    super(`line ${line}${field === null ? '' : `, field ${field}`}: ${clip(problem, MAX_PROBLEM_CHARS)}`);
    this.name = 'TraceParseError';
    this.line = line;
    this.field = field;
  }
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The value at `path` in `v`, by own properties only (the file chose the keys). */
function valueAt(v: unknown, path: Path): unknown {
  let x = v;
  for (const k of path) {
    if (typeof x !== 'object' || x === null || typeof k === 'symbol' || !Object.hasOwn(x, k)) return undefined;
    x = (x as Record<PropertyKey, unknown>)[k];
  }
  return x;
}

/** A path as a field name: `inputs[0].client.steps[2].op`. */
function fieldName(path: Path): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s === '' ? '(the line)' : s;
}

/** A value for a message: its JSON, at most 40 characters. */
export function describeValue(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : v);
  } catch {
    s = undefined;
  }
  s ??= `a ${typeof v}`;
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Inside a union that no branch matched: the issue of the branch whose type did match, if one did. */
function innermost(issue: Issue, path: Path): { issue: Issue; path: Path } {
  if (issue.code !== 'invalid_union') return { issue, path };
  const branch = issue.errors.find((b) => b[0] !== undefined && !(b[0].code === 'invalid_type' && b[0].path.length === 0));
  const first = branch?.[0];
  return first === undefined ? { issue, path } : innermost(first, [...path, ...first.path]);
}

/**
 * The first zod issue as a TraceParseError. `value` is what was checked; `at` is where it sits in
 * the line (e.g. ['options'] when the header's options are checked on their own).
 */
export function issueError(line: number, value: unknown, issues: readonly Issue[], at: Path = []): TraceParseError {
  const { issue, path } = innermost(issues[0]!, issues[0]!.path);
  const found = valueAt(value, path);
  let problem: string;
  if (found === undefined && path.length > 0) problem = 'missing';
  else if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    problem = `unknown value ${describeValue(found)} (expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')})`;
  } else if (issue.code === 'invalid_union') {
    // No branch took the value's type: name the types the branches expect.
    const expected = issue.errors.flatMap((b) => (b[0]?.code === 'invalid_type' ? [b[0].expected] : []));
    problem = `expected ${expected.join(' or ')} (found ${describeValue(found)})`;
  } else if (issue.code === 'custom') problem = issue.message;
  else problem = `${issue.message} (found ${describeValue(found)})`;
  const full = [...at, ...path];
  return new TraceParseError(line, full.length === 0 ? null : fieldName(full), problem);
}
