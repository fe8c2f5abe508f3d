/**
 * The source index of one file: where its processes are spawned (and under which names), where
 * its endpoints are declared, where its functions and constants are defined, what it imports and
 * exports, and which scenarios it registers. Found by scanning tokens (scan.ts), without any
 * framework and without running the code: the Code panel (docs/code-panel.md) maps a trace record
 * to lines with it.
 *
 * Data definition:
 *   LineRange  = { from, to }            0-based lines, both included
 *   SpawnSite  = { name, call, nameLine, behaviour }
 *     name       the names the spawn gives (its `name:` option, a NamePattern)
 *     call       the lines of the spawn (or nestedVm) call
 *     behaviour  the first name its boot argument calls or names (`spawn(() => listener(…))`:
 *                listener), whose definition is the process's code; null if there is none
 *   RoleSite   = { name, call }          a role(…) call and the endpoint names its first argument gives
 *   Definition = { name, range }         `function name …` or `const name = …`, at any depth
 *   FileIndex  = { path, spawns, roles, definitions, literals, imports, exports, scenarioIds, boot }
 *     literals     every string token, with its line (a name written somewhere else than in a spawn)
 *     scenarioIds  the values of `id: '…'` properties (a scenario's registration)
 *     boot         the lines of the first `boot: f(…)` property (a scenario's boot), and what it calls
 */
import { callArgs, matching, namePattern, propertyValue, scan, skipGenerics, stringValue, tokText, type NamePattern, type Scan } from './scan.ts';

export interface LineRange {
  readonly from: number;
  readonly to: number;
}

export interface SpawnSite {
  readonly name: NamePattern;
  readonly call: LineRange;
  readonly nameLine: number;
  readonly behaviour: string | null;
}

export interface RoleSite {
  readonly name: NamePattern;
  readonly call: LineRange;
  /** Where the name is written: the call, or the `const name = `…`` its first argument refers to. */
  readonly nameLine: number;
}

export interface Definition {
  readonly name: string;
  readonly range: LineRange;
  /** Not inside any block: a module's own function or constant (a local one may share its name). */
  readonly topLevel: boolean;
}

export interface ImportDecl {
  /** The path as written (relative ones are resolved by the file set). */
  readonly from: string;
  readonly names: readonly string[];
}

export interface FileIndex {
  readonly path: string;
  readonly spawns: readonly SpawnSite[];
  readonly roles: readonly RoleSite[];
  readonly definitions: readonly Definition[];
  readonly literals: readonly { readonly value: string; readonly line: number }[];
  /** The lines each name (identifier) is used on, in order. */
  readonly idents: ReadonlyMap<string, readonly number[]>;
  readonly imports: readonly ImportDecl[];
  readonly exports: readonly string[];
  readonly scenarioIds: readonly string[];
  readonly boot: { readonly range: LineRange; readonly calls: string | null } | null;
}

const SPAWNERS = new Set(['spawn', 'nestedVm']);

const lineOf = (s: Scan, i: number): number => s.tokens[i]?.line ?? 0;
const lineRange = (s: Scan, from: number, to: number): LineRange => ({ from: lineOf(s, from), to: lineOf(s, to) });

/** The `(` of a call of the name at `i` (generics skipped), or -1. */
function callOpen(s: Scan, i: number): number {
  const open = skipGenerics(s, i + 1);
  return tokText(s, open) === '(' ? open : -1;
}

/** The first name an expression calls or names, after any arrow parameters: `() => f(x)` → f. */
function firstName(s: Scan, from: number, to: number): string | null {
  let j = from;
  if (tokText(s, j) === '(') {
    const close = matching(s, j);
    if (tokText(s, close + 1) === '=' && tokText(s, close + 2) === '>') j = close + 3;
  }
  for (; j < to; j++) if (s.tokens[j]!.kind === 'ident') return tokText(s, j);
  return null;
}

function spawnAt(s: Scan, i: number): SpawnSite | null {
  const open = callOpen(s, i);
  if (open < 0) return null;
  const args = callArgs(s, open);
  const opts = args[args.length - 1];
  const boot = args[0];
  if (opts === undefined || boot === undefined || args.length < 2) return null;
  const name = propertyValue(s, opts.from, opts.to, 'name');
  if (name === null) return null;
  return {
    name: namePattern(s, name.from, name.to),
    call: lineRange(s, i, matching(s, open)),
    nameLine: lineOf(s, name.from),
    behaviour: firstName(s, boot.from, boot.to),
  };
}

/**
 * The nearest `const name = <string or template>` (or `const name = (…) => <string or template>`)
 * before token `before`: the value's token index, or -1.
 */
function constValue(s: Scan, name: string, before: number): number {
  for (let j = before - 3; j >= 0; j--) {
    if (tokText(s, j) !== 'const' || tokText(s, j + 1) !== name || tokText(s, j + 2) !== '=') continue;
    let v = j + 3;
    if (tokText(s, v) === '(' && tokText(s, matching(s, v) + 1) === '=' && tokText(s, matching(s, v) + 2) === '>') v = matching(s, v) + 3;
    const k = s.tokens[v]?.kind;
    return (k === 'string' || k === 'template') && [';', ','].includes(tokText(s, v + 1)) ? v : -1;
  }
  return -1;
}

/** A first argument that is a constant's name, or a call of a constant arrow: `name`, `probeName(chan)`. */
function namedBy(s: Scan, arg: { from: number; to: number }, before: number): number {
  if (s.tokens[arg.from]?.kind !== 'ident') return -1;
  const whole = arg.to === arg.from + 1 || (tokText(s, arg.from + 1) === '(' && matching(s, arg.from + 1) === arg.to - 1);
  return whole ? constValue(s, tokText(s, arg.from), before) : -1;
}

function roleAt(s: Scan, i: number): RoleSite | null {
  const open = callOpen(s, i);
  if (open < 0) return null;
  const first = callArgs(s, open)[0];
  if (first === undefined) return null;
  const call = lineRange(s, i, matching(s, open));
  // role(name, …) after `const name = `write-${seq}``: the name is the constant's.
  const named = namedBy(s, first, i);
  if (named >= 0) return { name: namePattern(s, named, named + 1), call, nameLine: lineOf(s, named) };
  return { name: namePattern(s, first.from, first.to), call, nameLine: lineOf(s, first.from) };
}

/** A function's body: the first `{` after its parameters that does not begin a type. */
function functionEnd(s: Scan, params: number): number {
  const close = matching(s, params);
  for (let j = close + 1; j < s.tokens.length; j++) {
    const c = tokText(s, j);
    if (c === '{') {
      const before = tokText(s, j - 1);
      if (before === ':' || before === '|' || before === '&' || before === '<' || before === ',') j = matching(s, j);
      else return matching(s, j);
    } else if (c === '(' || c === '[') j = matching(s, j);
    else if (c === ';') return j;
  }
  return s.tokens.length - 1;
}

/** A `const x = …` initializer's last token: the `;` at its depth, or the bracket that closes its block. */
function constEnd(s: Scan, from: number): number {
  for (let j = from; j < s.tokens.length; j++) {
    const c = tokText(s, j);
    if (s.tokens[j]!.kind !== 'punct') continue;
    if (c === '(' || c === '[' || c === '{') j = matching(s, j);
    else if (c === ';') return j;
    else if (c === ')' || c === ']' || c === '}') return j - 1;
  }
  return s.tokens.length - 1;
}

function definitionAt(s: Scan, i: number, depth: number): Definition | null {
  const kw = tokText(s, i);
  const name = tokText(s, i + 1);
  if (s.tokens[i + 1]?.kind !== 'ident') return null;
  const start = ['export', 'async'].includes(tokText(s, i - 1)) ? (tokText(s, i - 2) === 'export' ? i - 2 : i - 1) : i;
  if (kw === 'function') {
    const params = skipGenerics(s, i + 2);
    if (tokText(s, params) !== '(') return null;
    return { name, range: lineRange(s, start, functionEnd(s, params)), topLevel: depth === 0 };
  }
  if (kw === 'const' || kw === 'let') {
    let eq = i + 2;
    if (tokText(s, eq) === ':') while (eq < s.tokens.length && tokText(s, eq) !== '=') eq++;
    if (tokText(s, eq) !== '=') return null;
    return { name, range: lineRange(s, start, constEnd(s, eq + 1)), topLevel: depth === 0 };
  }
  return null;
}

function importAt(s: Scan, i: number): ImportDecl | null {
  const names: string[] = [];
  let j = i + 1;
  for (; j < s.tokens.length && tokText(s, j) !== 'from' && tokText(s, j) !== ';'; j++) {
    const t = s.tokens[j]!;
    const prev = tokText(s, j - 1);
    if (t.kind === 'ident' && prev !== 'as' && tokText(s, j + 1) !== 'as') names.push(tokText(s, j));
    else if (t.kind === 'ident' && prev === 'as') names.push(tokText(s, j));
  }
  if (tokText(s, j) !== 'from' || s.tokens[j + 1]?.kind !== 'string') return null;
  return { from: stringValue(tokText(s, j + 1)), names };
}

/** `export { a, b } from '…'`: a re-export is an import too (the file set follows it). */
function reExportAt(s: Scan, i: number): ImportDecl | null {
  const next = tokText(s, i + 1);
  return next === '{' || next === '*' ? importAt(s, i) : null;
}

function exportedName(s: Scan, i: number): string | null {
  const kw = tokText(s, i + 1);
  if (!['function', 'const', 'let', 'class'].includes(kw)) return null;
  return s.tokens[i + 2]?.kind === 'ident' ? tokText(s, i + 2) : null;
}

/** `boot: f(…)` in an object: its lines and the name it calls. */
function bootAt(s: Scan, i: number): FileIndex['boot'] {
  if (tokText(s, i + 1) !== ':' || tokText(s, i - 1) === '.' || s.tokens[i + 2]?.kind !== 'ident' || tokText(s, i + 3) !== '(') return null;
  const end = constEnd(s, i + 2);
  let to = i + 2;
  for (; to <= end; to++) {
    const c = tokText(s, to);
    if (c === '(' || c === '[' || c === '{') to = matching(s, to);
    else if (c === ',') break;
  }
  return { range: lineRange(s, i, to - 1), calls: firstName(s, i + 2, to) };
}

export function indexFile(path: string, text: string): FileIndex {
  const s = scan(text);
  const out = {
    spawns: [] as SpawnSite[], roles: [] as RoleSite[], definitions: [] as Definition[], imports: [] as ImportDecl[],
    exports: [] as string[], scenarioIds: [] as string[], literals: [] as { value: string; line: number }[],
  };
  let boot: FileIndex['boot'] = null;
  let depth = 0;
  const idents = new Map<string, number[]>();
  s.tokens.forEach((t, i) => {
    const x = tokText(s, i);
    if (t.kind === 'punct' && (x === '{' || x === '(' || x === '[')) depth++;
    else if (t.kind === 'punct' && (x === '}' || x === ')' || x === ']')) depth--;
    if (t.kind === 'string') out.literals.push({ value: stringValue(x), line: t.line });
    if (t.kind === 'ident') {
      const lines = idents.get(x);
      if (lines === undefined) idents.set(x, [t.line]);
      else lines.push(t.line);
    }
    if (t.kind !== 'ident' && t.kind !== 'keyword') return;
    const push = <T>(list: T[], v: T | null) => v !== null && list.push(v);
    if (SPAWNERS.has(x)) push(out.spawns, spawnAt(s, i));
    else if (x === 'role') push(out.roles, roleAt(s, i));
    else if (x === 'function' || x === 'const' || x === 'let') push(out.definitions, definitionAt(s, i, depth));
    else if (x === 'import' && !['.', '('].includes(tokText(s, i + 1))) push(out.imports, importAt(s, i));
    else if (x === 'export') {
      push(out.exports, exportedName(s, i));
      const re = reExportAt(s, i);
      if (re !== null) {
        out.imports.push(re);
        out.exports.push(...re.names);
      }
    }
    else if (x === 'id' && tokText(s, i + 1) === ':' && s.tokens[i + 2]?.kind === 'string') out.scenarioIds.push(stringValue(tokText(s, i + 2)));
    // A scenario's boot: the first `boot: f(…)` (a type `boot: BootSpec` or a parameter is no call).
    else if (x === 'boot' && boot === null) boot = bootAt(s, i);
  });
  return { path, ...out, idents, boot };
}
