/**
 * A DNS world: the authoritative servers of a simulated hierarchy and the proxy's root hints,
 * loaded from a directory's files given as strings (so it works in the browser, which has no file
 * system, as well as from `--world DIR`).
 *
 *   world.json  {"rootHints": ["198.41.0.4"],
 *                "servers": [{"name": "a.root-servers.net", "address": "198.41.0.4", "zones": ["root.zone"]}, …]}
 *   *.zone      RFC 1035 master files (master.ts), and the files their $INCLUDE lines name
 *
 * Every problem is a WorldError naming the file and the line of the value at fault (world.json is
 * read with its lines: world-json.ts). The files are looked up as own properties only (a zone file
 * named "constructor" is a file like any other), and a zone file's name must stay inside the
 * world directory (zonePathProblem).
 */
import { ipv4Bytes } from './ip.ts';
import { quoted } from './master-rdata.ts';
import { IncludeProblem, parseZone, WorldError, type IncludeReader, type Zone } from './master.ts';
import { canonicalName, isValidName } from './names.ts';
import { JsonSyntaxError, parseJsonWithLines, type JsonNode } from './world-json.ts';

export interface DnsServer {
  readonly name: string;
  readonly address: string;
  readonly zones: readonly Zone[];
}

export interface DnsWorld {
  readonly rootHints: readonly string[];
  readonly servers: readonly DnsServer[];
}

/** The files of a world directory: relative path → text. */
export type WorldFiles = Readonly<Record<string, string>>;

export const WORLD_JSON = 'world.json';

/** The longest zone file name accepted (it is echoed in messages). */
export const MAX_ZONE_PATH_CHARS = 255;

/** The text of file `name`, looked up as an own property (never through Object.prototype). */
const worldFile = (files: WorldFiles, name: string): string | undefined =>
  Object.hasOwn(files, name) ? files[name] : undefined;

/**
 * Why `path` cannot name a zone file, or null: it must be relative to the world directory and stay
 * inside it ("zones/a.zone" is fine; "/etc/hosts", "../x", "a/./b", "a//b" and "C:x" are not), and it
 * must be usable as a key of the JSON object in which a trace header keeps the files (not "__proto__").
 */
export function zonePathProblem(path: string): string | null {
  if (path.length > MAX_ZONE_PATH_CHARS) return `a zone file name longer than ${MAX_ZONE_PATH_CHARS} characters`;
  const shown = JSON.stringify(path);
  if (path === '') return 'an empty zone file name';
  if (/[\\\0]/.test(path)) return `zone file ${shown}: a name with a backslash or a NUL character`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `zone file ${shown} is an absolute path (name it relative to the world directory)`;
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    return `zone file ${shown} must stay inside the world directory (no "..", "." or empty parts)`;
  }
  if (path === '__proto__') return 'a zone file cannot be named "__proto__"';
  return null;
}

type Fail = (line: number, message: string) => never;

const fail: Fail = (line, message) => {
  throw new WorldError({ file: WORLD_JSON, line, message });
};

/** The value of an object's key, if the node is an object with it. */
const member = (node: JsonNode, key: string): JsonNode | undefined =>
  node.kind === 'object' ? node.entries.find((e) => e.key === key)?.value : undefined;

/** Refuses keys other than `allowed`, at their line. */
function onlyKeys(node: JsonNode & { kind: 'object' }, allowed: readonly string[], where: string): void {
  for (const e of node.entries) if (!allowed.includes(e.key)) fail(e.keyLine, `${where}unknown key ${quoted(e.key)}`);
}

const isIPv4 = (s: string): boolean => ipv4Bytes(s) !== null;

/** The items of a non-empty list, or a problem at the node's line (or `line` if it is missing). */
function nonEmptyList(node: JsonNode | undefined, line: number, message: string): readonly JsonNode[] {
  return node?.kind === 'array' && node.items.length > 0 ? node.items : fail(node?.line ?? line, message);
}

/** A string that passes `ok`, or a problem at the node's line (or `line` if it is missing). */
function stringWith(node: JsonNode | undefined, line: number, ok: (s: string) => boolean, message: string): string {
  return node?.kind === 'string' && ok(node.value) ? node.value : fail(node?.line ?? line, message);
}

/** The zone file names world.json lists, as far as it can be read (for the directory reader). */
export function listedZoneFiles(worldJson: string): string[] {
  try {
    const root = parseJsonWithLines(worldJson);
    const servers = member(root, 'servers');
    const out: string[] = [];
    for (const s of servers?.kind === 'array' ? servers.items : []) {
      const zones = member(s, 'zones');
      for (const z of zones?.kind === 'array' ? zones.items : []) if (z.kind === 'string') out.push(z.value);
    }
    return out;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [];
    throw e;
  }
}

interface Loading {
  readonly files: WorldFiles;
  /** Zone files the directory reader found to lead outside the directory. */
  readonly outside: ReadonlySet<string>;
  readonly parsed: Map<string, Zone>;
  readonly servers: { readonly server: DnsServer; readonly index: number; readonly nameLine: number; readonly addressLine: number }[];
}

/** $INCLUDE's files: named inside the directory, read by the directory reader, not leading outside it. */
const includeFrom = (l: Loading): IncludeReader => (name) => {
  const bad = zonePathProblem(name);
  if (bad !== null) throw new IncludeProblem(`$INCLUDE: ${bad}`);
  if (l.outside.has(name)) throw new IncludeProblem(`$INCLUDE: "${name}" leads outside the world directory (a symbolic link)`);
  return worldFile(l.files, name) ?? ((): never => {
    throw new IncludeProblem(`$INCLUDE: "${name}" is not in the world directory`);
  })();
};

/** The zones of one server: each file named inside the directory, present, parsed once. */
function serverZones(l: Loading, zones: JsonNode | undefined, where: string, line: number): Zone[] {
  const out: Zone[] = [];
  for (const f of nonEmptyList(zones, line, `${where}: "zones" must be a non-empty list of master files`)) {
    const file = stringWith(f, f.line, () => true, `${where}: zone files are named by strings`);
    const bad = zonePathProblem(file);
    if (bad !== null) fail(f.line, `${where}: ${bad}`);
    if (l.outside.has(file)) fail(f.line, `${where}: zone file "${file}" leads outside the world directory (a symbolic link)`);
    const text = worldFile(l.files, file) ?? fail(f.line, `${where}: zone file "${file}" is not in the world directory`);
    const zone = l.parsed.get(file) ?? parseZone(file, text, includeFrom(l));
    l.parsed.set(file, zone);
    if (out.some((z) => z.origin === zone.origin)) fail(f.line, `${where}: two files for the zone ${zone.origin}`);
    out.push(zone);
  }
  return out;
}

/** One entry of "servers", checked against the servers before it. */
function loadServer(l: Loading, s: JsonNode, index: number): void {
  const where = `servers[${index}]`;
  if (s.kind !== 'object') return fail(s.line, `${where} must be an object with "name", "address" and "zones"`);
  onlyKeys(s, ['name', 'address', 'zones'], `${where}: `);
  const nameNode = member(s, 'name');
  const addressNode = member(s, 'address');
  const name = canonicalName(stringWith(nameNode, s.line, (n) => isValidName(canonicalName(n)), `${where}: "name" must be a host name`));
  const address = stringWith(addressNode, s.line, isIPv4, `${where}: "address" must be an IPv4 address`);
  const first = (same: (x: DnsServer) => boolean) => l.servers.find((x) => same(x.server));
  const sameAddress = first((x) => x.address === address);
  if (sameAddress !== undefined) {
    const other = `servers[${sameAddress.index}] (${sameAddress.server.name}, line ${sameAddress.addressLine})`;
    fail(addressNode!.line, `${where}: address ${address} is already the address of ${other}`);
  }
  const sameName = first((x) => x.name === name);
  if (sameName !== undefined) fail(nameNode!.line, `${where}: server name ${name} is already used by servers[${sameName.index}] (line ${sameName.nameLine})`);
  const zones = serverZones(l, member(s, 'zones'), where, s.line);
  l.servers.push({ server: { name, address, zones }, addressLine: addressNode!.line, nameLine: nameNode!.line, index });
}

/** world.json as a tree, or a WorldError at the line where it stops being JSON. */
function worldTree(text: string): JsonNode & { kind: 'object' } {
  let root: JsonNode;
  try {
    root = parseJsonWithLines(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return fail(e.line, `not valid JSON (${e.message})`);
    throw e;
  }
  if (root.kind !== 'object') return fail(root.line, 'must be an object with "rootHints" and "servers"');
  onlyKeys(root, ['rootHints', 'servers', 'description'], '');
  return root;
}

/**
 * Loads and checks a world from its files; `outside` names zone files that the directory reader
 * found to lead outside the world directory. Throws WorldError.
 */
export function loadWorld(files: WorldFiles, outside: ReadonlySet<string> = new Set()): DnsWorld {
  const text = worldFile(files, WORLD_JSON);
  if (text === undefined) throw new WorldError({ file: WORLD_JSON, line: 1, message: 'the world directory has no world.json' });
  const root = worldTree(text);
  const hintNodes = nonEmptyList(member(root, 'rootHints'), root.line, '"rootHints" must be a non-empty list of IPv4 addresses');
  const hints = hintNodes.map((h) => stringWith(h, h.line, isIPv4, `root hint ${h.kind === 'string' ? quoted(h.value) : h.kind} is not an IPv4 address`));
  const servers = nonEmptyList(member(root, 'servers'), root.line, '"servers" must be a non-empty list');
  const l: Loading = { files, outside, parsed: new Map(), servers: [] };
  servers.forEach((s, i) => loadServer(l, s, i));
  hints.forEach((h, i) => {
    if (!l.servers.some((s) => s.server.address === h)) fail(hintNodes[i]!.line, `root hint ${h} is not the address of any server`);
  });
  return { rootHints: hints, servers: l.servers.map((s) => s.server) };
}

/** Every zone of the world once (a zone served by two servers counts once), by origin. */
export function allZones(w: DnsWorld): Zone[] {
  const seen = new Map<string, Zone>();
  for (const s of w.servers) for (const z of s.zones) if (!seen.has(z.origin)) seen.set(z.origin, z);
  return [...seen.values()];
}

export { WorldError };
