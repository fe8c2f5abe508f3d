/**
 * A DNS world: the authoritative servers of a simulated hierarchy and the proxy's root hints,
 * loaded from a directory's files given as strings (so it works in the browser, which has no file
 * system, as well as from `--world DIR`).
 *
 *   world.json  {"rootHints": ["198.41.0.4"],
 *                "servers": [{"name": "a.root-servers.net", "address": "198.41.0.4", "zones": ["root.zone"]}, …]}
 *   *.zone      RFC 1035 master files (master.ts)
 *
 * Every problem is a WorldError naming the file and line.
 */
import { parseZone, WorldError, type Zone } from './master.ts';
import { canonicalName, isIPv4, isValidName } from './names.ts';

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

/** The line of the first occurrence of `needle` in `text` (1 if absent). */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/**
 * Where JSON.parse gave up: engines word (and locate) syntax errors differently, so this finds the
 * offset of the first syntax error itself with a small recursive-descent scan (JSON.parse has
 * already said that there is one).
 */
export function jsonErrorOffset(text: string): number {
  const scan = new JsonScan(text);
  try {
    scan.value();
    scan.ws();
    if (scan.i < text.length) scan.fail();
  } catch (at) {
    if (at instanceof JsonSyntaxAt) return at.offset;
    throw at;
  }
  return text.length;
}

/** Thrown by the scan at the first syntax error. */
class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}

/** The JSON grammar (RFC 8259) as a scan that only advances `i` and stops at the first error. */
class JsonScan {
  i = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new JsonSyntaxAt(this.i);
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else this.number();
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      this.string();
      this.ws();
      this.literal(':');
      this.value();
      if (this.endOfList('}')) return;
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') return void this.i++;
    for (;;) {
      this.value();
      if (this.endOfList(']')) return;
    }
  }

  /** After a member or element: a comma (more follow) or the closing bracket (the list ends). */
  private endOfList(close: string): boolean {
    this.ws();
    const c = this.text[this.i];
    if (c !== ',' && c !== close) this.fail();
    this.i++;
    return c === close;
  }

  private string(): void {
    if (this.text[this.i] !== '"') this.fail();
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === '\\') this.i++;
      else if (this.text.charCodeAt(this.i) < 0x20) this.fail();
      this.i++;
    }
    if (this.i >= this.text.length) this.fail();
    this.i++;
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.i)) this.i += word.length;
    else this.fail();
  }

  private number(): void {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i));
    if (m === null) this.fail();
    this.i += m[0].length;
  }
}

function jsonSyntaxLine(text: string): number {
  return text.slice(0, jsonErrorOffset(text)).split('\n').length;
}

/** Loads and checks a world from its files. Throws WorldError. */
export function loadWorld(files: WorldFiles): DnsWorld {
  const text = files[WORLD_JSON];
  if (text === undefined) throw new WorldError({ file: WORLD_JSON, line: 1, message: 'the world directory has no world.json' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new WorldError({ file: WORLD_JSON, line: jsonSyntaxLine(text), message: `not valid JSON (${m})` });
  }
  const fail = (message: string, near?: unknown): never => {
    throw new WorldError({ file: WORLD_JSON, line: near === undefined ? 1 : lineOf(text, JSON.stringify(near)), message });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('must be an object with "rootHints" and "servers"');
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'rootHints' && k !== 'servers' && k !== 'description') fail(`unknown key "${k}"`, k);
  const hints = o.rootHints;
  if (!Array.isArray(hints) || hints.length === 0) fail('"rootHints" must be a non-empty list of IPv4 addresses', 'rootHints');
  for (const h of hints as unknown[]) if (typeof h !== 'string' || !isIPv4(h)) fail(`root hint ${JSON.stringify(h)} is not an IPv4 address`, h);
  const servers = o.servers;
  if (!Array.isArray(servers) || servers.length === 0) fail('"servers" must be a non-empty list', 'servers');
  const out: DnsServer[] = [];
  const parsed = new Map<string, Zone>();
  (servers as unknown[]).forEach((s, i) => {
    const where = `servers[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) fail(`${where} must be an object with "name", "address" and "zones"`, 'servers');
    const so = s as Record<string, unknown>;
    for (const k of Object.keys(so)) if (k !== 'name' && k !== 'address' && k !== 'zones') fail(`${where}: unknown key "${k}"`, k);
    if (typeof so.name !== 'string' || !isValidName(canonicalName(so.name))) fail(`${where}: "name" must be a host name`, so.name ?? 'servers');
    if (typeof so.address !== 'string' || !isIPv4(so.address)) fail(`${where}: "address" must be an IPv4 address`, so.address ?? so.name);
    const name = canonicalName(so.name as string);
    const address = so.address as string;
    if (out.some((x) => x.address === address)) fail(`${where}: address ${address} is used by two servers`, address);
    if (out.some((x) => x.name === name)) fail(`${where}: server name ${name} is used twice`, so.name);
    if (!Array.isArray(so.zones) || so.zones.length === 0) fail(`${where}: "zones" must be a non-empty list of master files`, so.name);
    const zones: Zone[] = [];
    for (const f of so.zones as unknown[]) {
      if (typeof f !== 'string') fail(`${where}: zone files are named by strings`, so.name);
      const file = f as string;
      const zoneText = files[file];
      if (zoneText === undefined) fail(`${where}: zone file "${file}" is not in the world directory`, file);
      const zone = parsed.get(file) ?? parseZone(file, zoneText!);
      parsed.set(file, zone);
      if (zones.some((z) => z.origin === zone.origin)) fail(`${where}: two files for the zone ${zone.origin}`, file);
      zones.push(zone);
    }
    out.push({ name, address, zones });
  });
  for (const h of hints as string[]) {
    if (!out.some((s) => s.address === h)) fail(`root hint ${h} is not the address of any server`, h);
  }
  return { rootHints: hints as string[], servers: out };
}

/** Every zone of the world once (a zone served by two servers counts once), by origin. */
export function allZones(w: DnsWorld): Zone[] {
  const seen = new Map<string, Zone>();
  for (const s of w.servers) for (const z of s.zones) if (!seen.has(z.origin)) seen.set(z.origin, z);
  return [...seen.values()];
}

export { WorldError };
