/**
 * From a process and an endpoint of a run to the lines of source that made them, over the file
 * indexes of source-index.ts. Pure and framework-free (the Code panel calls it on the main thread:
 * it reads text, it runs nothing).
 *
 * Data definition:
 *   SourceSet    = path → FileIndex            every file the panel can show
 *   CodePlace    = { file, range }
 *   ProcessPlace = { file, spawn, nameLine, body }
 *     spawn      the lines of the spawn call that names the process (or the scenario's `boot:`)
 *     nameLine   the line where its name is written
 *     body       the definition of what it runs (`spawn(manager(s), …)`: manager), when found
 *   EndpointPlace = { file, range, nameLine }   the role(…) call declaring the endpoint (its
 *                 handlers), and the line where its name is written when that is elsewhere
 * Rules:
 *   - A scenario's files: the one registering its id, then what it imports, transitively (a name
 *     imported through an index that is not in the set comes from the file exporting it).
 *   - A process name is matched against every spawn's name pattern; an exact name beats a
 *     template, which beats a computed name; then a spawn reachable from the enclosing VM's code
 *     (its body and the definitions it names, two levels deep) beats one that is not; then more
 *     fixed characters beat fewer. A computed name is placed by the longest string written in the
 *     files that it contains (member('reader', …) for "reader (1)"). The ground's boot process is the scenario's `boot:`; a nested VM's boot
 *     process ("<vm>-boot") is its VM's code.
 *   - An endpoint is matched the same way against role(…) calls, preferring those reachable from
 *     its process's code; a role whose name is computed is placed by the string equal to the
 *     endpoint's name, when one is written.
 */
import type { NamePattern } from './scan.ts';
import { indexFile, type Definition, type FileIndex, type LineRange } from './source-index.ts';

export type SourceSet = ReadonlyMap<string, FileIndex>;

/** Indexes every file (path → text; paths as "src/…", so that relative imports resolve). */
export function indexSources(texts: ReadonlyMap<string, string>): SourceSet {
  return new Map([...texts].map(([path, text]) => [path, indexFile(path, text)]));
}

export interface CodePlace {
  readonly file: string;
  readonly range: LineRange;
}

export interface ProcessPlace {
  readonly file: string;
  readonly spawn: LineRange;
  readonly nameLine: number;
  readonly body: CodePlace | null;
}

export interface EndpointPlace {
  readonly file: string;
  readonly range: LineRange;
  readonly nameLine: number | null;
}

/** A match's score: its pattern's kind first, then whether it is reachable, then its fixed characters. */
const KIND_SCORE: Readonly<Record<NamePattern['kind'], number>> = { exact: 3e7, template: 2e7, computed: 1e7 };
const REACHABLE_BONUS = 1_000_000;
/** The debugger model's name for a VM's pid -1 (src/debugger/model.ts). */
const PRIMORDIAL = 'primordial';
/** How many levels of named definitions "reachable from" follows. */
const REACH_DEPTH = 2;

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function resolveImport(from: string, spec: string): string {
  return normalize(`${from.slice(0, from.lastIndexOf('/'))}/${spec}`);
}

function exporterOf(set: SourceSet, name: string): string | null {
  for (const [path, ix] of set) if (ix.exports.includes(name) && !ix.imports.some((d) => d.names.includes(name))) return path;
  return null;
}

/** The files of a scenario: the one registering `id` first, then its imports breadth-first. */
export function scenarioFiles(set: SourceSet, id: string): string[] {
  const entry = [...set.values()].find((ix) => ix.scenarioIds.includes(id));
  if (entry === undefined) return [];
  const out = [entry.path];
  for (let i = 0; i < out.length; i++) {
    const ix = set.get(out[i]!)!;
    for (const d of ix.imports) {
      const direct = d.from.startsWith('.') ? resolveImport(ix.path, d.from) : d.from;
      const targets = set.has(direct) ? [direct] : d.names.map((n) => exporterOf(set, n));
      for (const t of targets) if (t !== null && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

const inside = (r: LineRange, line: number) => line >= r.from && line <= r.to;

/** The definition a name refers to from `file`: its own (a module-level one first), else the exporter's. */
export function resolveName(set: SourceSet, files: readonly string[], file: string, name: string): CodePlace | null {
  const own = set.get(file)?.definitions.filter((d) => d.name === name) ?? [];
  const pick = (ds: readonly Definition[]) => ds.find((d) => d.topLevel) ?? ds[0];
  const mine = pick(own);
  if (mine !== undefined) return { file, range: mine.range };
  for (const f of files) {
    const ix = set.get(f)!;
    if (!ix.exports.includes(name)) continue;
    const d = pick(ix.definitions.filter((x) => x.name === name));
    if (d !== undefined) return { file: f, range: d.range };
  }
  return null;
}

/** A place and the definitions it names, REACH_DEPTH levels deep. */
export function reachable(set: SourceSet, files: readonly string[], from: CodePlace): CodePlace[] {
  const out: CodePlace[] = [from];
  let frontier: CodePlace[] = [from];
  for (let level = 0; level < REACH_DEPTH; level++) {
    const next: CodePlace[] = [];
    for (const p of frontier) {
      for (const [name, lines] of set.get(p.file)!.idents) {
        if (!lines.some((l) => inside(p.range, l))) continue;
        const d = resolveName(set, files, p.file, name);
        if (d === null || out.some((o) => o.file === d.file && o.range.from === d.range.from)) continue;
        out.push(d);
        next.push(d);
      }
    }
    frontier = next;
  }
  return out;
}

const within = (places: readonly CodePlace[], file: string, line: number) =>
  places.some((p) => p.file === file && inside(p.range, line));

interface Candidate<T> {
  readonly file: string;
  readonly site: T;
  readonly score: number;
}

function best<T>(cands: readonly Candidate<T>[]): Candidate<T> | null {
  let top: Candidate<T> | null = null;
  for (const c of cands) if (top === null || c.score > top.score) top = c;
  return top;
}

/**
 * The longest string written in the files that makes up at least half of the name (a computed
 * name's fixed part: 'reader' for "reader (1)"); shorter strings are coincidences ('.' in a host name).
 */
function writtenIn(set: SourceSet, files: readonly string[], name: string, near: readonly CodePlace[]): CodePlace | null {
  let found: { place: CodePlace; score: number } | null = null;
  for (const f of files) {
    for (const l of set.get(f)!.literals) {
      if (l.value.length * 2 < name.length || !name.includes(l.value)) continue;
      const score = l.value.length + (within(near, f, l.line) ? REACHABLE_BONUS : 0);
      if (found === null || score > found.score) found = { place: { file: f, range: { from: l.line, to: l.line } }, score };
    }
  }
  return found?.place ?? null;
}

function bootPlace(set: SourceSet, files: readonly string[]): ProcessPlace | null {
  const entry = files[0] === undefined ? undefined : set.get(files[0]);
  if (entry?.boot == null) return null;
  const calls = entry.boot.calls;
  const body = calls === null || calls === 'boot' ? null : resolveName(set, files, entry.path, calls);
  return { file: entry.path, spawn: entry.boot.range, nameLine: entry.boot.range.from, body };
}

/**
 * Where the process `names` (the names of its enclosing VM processes, outermost first, then its
 * own) is spawned and what it runs, in the scenario's files.
 */
export function locateProcess(set: SourceSet, files: readonly string[], names: readonly string[]): ProcessPlace | null {
  const name = names[names.length - 1];
  if (name === undefined) return null;
  const vm = names.slice(0, -1);
  // A VM's first process (the debugger's "primordial", pid -1) spawns its boot process; the
  // ground's boot is the scenario's `boot:`, a nested VM's boot ("<vm>-boot") is its VM's code.
  if (vm.length === 0 && (name === 'boot' || name === PRIMORDIAL)) return bootPlace(set, files);
  if (vm.length > 0 && (name === `${vm[vm.length - 1]}-boot` || name === PRIMORDIAL)) return locateProcess(set, files, vm);
  const parent = vm.length === 0 ? null : locateProcess(set, files, vm);
  const near = parent === null ? [] : reachable(set, files, parent.body ?? { file: parent.file, range: parent.spawn });
  const cands = files.flatMap((f) =>
    set.get(f)!.spawns
      .filter((s) => s.name.regex.test(name))
      .map((site) => ({
        file: f, site,
        score: KIND_SCORE[site.name.kind] + (within(near, f, site.call.from) ? REACHABLE_BONUS : 0) + site.name.literal,
      })),
  );
  const top = best(cands);
  if (top === null) return null;
  const { site, file } = top;
  const body = site.behaviour === null ? null : resolveName(set, files, file, site.behaviour);
  const written = site.name.kind !== 'computed' ? null : writtenIn(set, files, name, near.length > 0 ? near : [{ file, range: site.call }]);
  return { file, spawn: site.call, nameLine: written?.range.from ?? site.nameLine, body };
}

/** Where the endpoint `endpoint` of a process placed at `proc` is declared (null `proc`: anywhere in the files). */
export function locateEndpoint(set: SourceSet, files: readonly string[], proc: ProcessPlace | null, endpoint: string): EndpointPlace | null {
  const near = proc === null ? [] : reachable(set, files, proc.body ?? { file: proc.file, range: proc.spawn });
  const cands = files.flatMap((f) =>
    set.get(f)!.roles
      .filter((r) => r.name.regex.test(endpoint))
      .map((site) => ({
        file: f, site,
        score: KIND_SCORE[site.name.kind] + (within(near, f, site.call.from) ? REACHABLE_BONUS : 0) + site.name.literal,
      })),
  );
  const top = best(cands);
  const computed = top === null || top.site.name.kind === 'computed';
  const written = computed ? writtenIn(set, files, endpoint, near) : null;
  if (top === null) return written === null ? null : { file: written.file, range: written.range, nameLine: written.range.from };
  const nameLine = written !== null && written.file === top.file ? written.range.from : top.site.nameLine;
  return { file: top.file, range: top.site.call, nameLine: nameLine === top.site.call.from ? null : nameLine };
}
