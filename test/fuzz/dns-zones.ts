/**
 * Deterministic hostile DNS worlds (issue 11): from a seed, the default world's files with one to
 * three mutations of the kinds an edited or hostile world directory has — in a zone file: a token
 * replaced by an out-of-range number (TTL 2³¹, MX preference 70000, SOA serial 2³²), a bad address
 * (1::2::3), a 64-octet label, a 300-octet name, a TXT string over 255 bytes, stray quotes and
 * parentheses; truncation, byte flips, deleted, duplicated and inserted lines; in world.json: a
 * zone file named like an Object.prototype member, a path leaving the directory (../../etc/hostname,
 * /etc/hostname, a symbolic link out), a duplicate server address or name, values of the wrong
 * type, duplicate keys, deep nesting, truncation.
 *
 * The world lives in a small in-memory file system (MemFs): the directory /w holds the files and
 * some symbolic links (evil.zone → /etc/hostname, dirlink → /etc, up.zone → /w2/x.zone,
 * inside.zone → /w/root.zone); outside it are files a reader must never open.
 *
 * Data definition: ZoneMutant = { seed, ops, files (name → text, inside /w) }.
 */
import { DEFAULT_WORLD_FILES } from '../../src/scenarios/dns/worlds/default-world.ts';
import { PROTO_KEYS, Rng } from './mutate.ts';

export interface ZoneMutant {
  readonly seed: number;
  readonly ops: readonly string[];
  readonly files: Readonly<Record<string, string>>;
}

export const WORLD_DIR = '/w';
const VALID_ZONE = '$ORIGIN x.test.\n$TTL 5\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n';

/** Outside the world directory: what a reader must never open. */
const OUTSIDE: Readonly<Record<string, string>> = { '/etc/hostname': 'secret-host\n', '/etc/x.zone': VALID_ZONE, '/w2/x.zone': VALID_ZONE };
const LINKS: Readonly<Record<string, string>> = {
  '/w/evil.zone': '/etc/hostname', '/w/dirlink': '/etc', '/w/up.zone': '/w2/x.zone', '/w/inside.zone': '/w/root.zone',
};

/** A read-only file system of absolute paths with symbolic links (no "." or ".." entries are needed: paths are resolved lexically first). */
export class MemFs {
  /** The real paths of every file read. */
  readonly reads: string[] = [];
  private readonly files: ReadonlyMap<string, string>;

  constructor(inside: Readonly<Record<string, string>>) {
    this.files = new Map([...Object.entries(OUTSIDE), ...Object.entries(inside).map(([k, v]) => [`${WORLD_DIR}/${k}`, v] as const)]);
  }

  /** The path with ".." and "." folded and every link resolved; throws if it leads nowhere. */
  realPath = (path: string): string => {
    let parts: string[] = [];
    const pending = path.split('/');
    for (let hops = 0; pending.length > 0; ) {
      const p = pending.shift()!;
      if (p === '' || p === '.') continue;
      if (p === '..') {
        parts.pop();
        continue;
      }
      const here = `/${[...parts, p].join('/')}`;
      const link = LINKS[here];
      if (link !== undefined) {
        if (++hops > 8) throw new Error(`too many links: ${path}`);
        parts = [];
        pending.unshift(...link.split('/'));
      } else {
        parts.push(p);
      }
    }
    const real = `/${parts.join('/')}`;
    const isDir = [...this.files.keys()].some((f) => f.startsWith(`${real}/`));
    if (!this.files.has(real) && !isDir) throw new Error(`no such file: ${path}`);
    return real;
  };

  readText = (path: string): string => {
    const text = this.peek(path);
    if (text === undefined) throw new Error(`not a file: ${path}`);
    this.reads.push(this.realPath(path));
    return text;
  };

  /** The text at `path` without counting it as read (for the oracle); undefined if none. */
  peek = (path: string): string | undefined => {
    try {
      return this.files.get(this.realPath(path));
    } catch {
      return undefined;
    }
  };
}

const HOSTILE_TOKENS = [
  '2147483648', '4294967296', '70000', '65536', '-1', '10abc', '1e5', '99999999999999999999', '1::2::3', '::', '300.1.1.1',
  '01.2.3.4', 'a'.repeat(64), `${'abcdefghi.'.repeat(30)}`, 'a..b', '\\.', `"${'x'.repeat(256)}"`, '"\\255\\000"', '"', '(', ')', ';',
  '@', '*', '$TTL', 'CH', 'TYPE1', 'SRV', 'é', '"a\\"b"', '\\999', '0', '2001:db8::1', 'IN', 'SOA',
];
const HOSTILE_LINES = [
  '$TTL 2147483648', `big 3600 IN TXT "${'x'.repeat(300)}"`, 'mx IN MX 70000 mail', 'v6 IN AAAA 1::2::3', '@ IN SOA a b 4294967296 1 1 1 1',
  '$INCLUDE /etc/passwd', `$ORIGIN ${'a'.repeat(64)}.`, `long IN A 192.0.2.1\n${'a.'.repeat(130)} IN A 192.0.2.2`, 'x IN A 1.2.3.4 extra',
  '( unclosed', '"unterminated', '\u0000', 'x IN TXT', 'x IN MX 10', 'x IN SOA a b 1 2 3 4', 'x 1h IN A 1.2.3.4', ')', 'x IN A (1.2.3.4',
  'x IN TXT "\\300"', 'sub IN NS ns.sub', '* IN A 192.0.2.9', 'x IN CNAME @',
];
const HOSTILE_PATHS = [
  ...PROTO_KEYS, '../../etc/hostname', '/etc/hostname', 'a/../root.zone', './root.zone', 'C:root.zone', '', 'sub//x', 'x\\y', 'evil.zone',
  'inside.zone', 'dirlink/hostname', 'dirlink/x.zone', 'up.zone', '../w2/x.zone', 'x'.repeat(300),
];

type Edit = (text: string, r: Rng) => [string, string];

const lines = (t: string): string[] => t.split('\n');

const ZONE_EDITS: readonly Edit[] = [
  (t, r) => {
    const toks = [...t.matchAll(/\S+/g)];
    if (toks.length === 0) return [t, 'no token to replace'];
    const m = r.pick(toks);
    const by = r.pick(HOSTILE_TOKENS);
    return [t.slice(0, m.index) + by + t.slice(m.index + m[0].length), `token ${JSON.stringify(m[0])} → ${JSON.stringify(by.slice(0, 40))}`];
  },
  (t, r) => {
    const n = r.int(t.length + 1);
    return [t.slice(0, n), `truncated at ${n}`];
  },
  (t, r) => {
    const c = [...t];
    const k = 1 + r.int(6);
    for (let i = 0; i < k && c.length > 0; i++) c[r.int(c.length)] = String.fromCharCode(r.pick([0, 9, 10, 13, 34, 40, 41, 59, 92, 0xe9, 32 + r.int(95)]));
    return [c.join(''), `${k} characters changed`];
  },
  (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    const kind = r.int(3);
    const added = kind === 2 ? r.pick(HOSTILE_LINES) : (ls[i] ?? '');
    if (kind === 0) ls.splice(i, 1);
    else ls.splice(i, 0, added);
    return [ls.join('\n'), `line ${i + 1} ${['deleted', 'duplicated', `preceded by ${JSON.stringify(added.slice(0, 40))}`][kind]}`];
  },
];

const WORLD_EDITS: readonly Edit[] = [
  (t, r) => {
    const names = [...t.matchAll(/"[^"]*\.zone"/g)];
    if (names.length === 0) return [t, 'no zone file name to replace'];
    const m = r.pick(names);
    const by = r.pick(HOSTILE_PATHS);
    return [t.slice(0, m.index) + JSON.stringify(by) + t.slice(m.index + m[0].length), `zone file ${m[0]} → ${JSON.stringify(by.slice(0, 40))}`];
  },
  (t, r) => {
    const addrs = [...t.matchAll(/"address": "([^"]+)"/g)].map((m) => m[1]!);
    if (addrs.length === 0) return [t, 'no address to copy'];
    const [a, b] = [r.pick(addrs), r.pick(addrs)];
    return [t.replace(`"address": "${b}"`, `"address": "${a}"`), `address ${b} → ${a}`];
  },
  (t, r) => {
    const values = [...t.matchAll(/: ("[^"]*"|\[[^\]]*\])/g)];
    if (values.length === 0) return [t, 'no value to replace'];
    const m = r.pick(values);
    const by = r.pick(['1', 'null', '[]', '{}', '""', '"x"', '[1]', '1e400', '-0', '{"a":1}', '[[[[[[]]]]]]', 'true']);
    return [t.slice(0, m.index) + ': ' + by + t.slice(m.index + m[0].length), `value ${m[1]!.slice(0, 30)} → ${by}`];
  },
  (t, r) => {
    const kind = r.int(4);
    if (kind === 0) return [t.replace('{', '{"servers": [], '), 'a duplicate key'];
    if (kind === 1) {
      const d = r.pick([40, 1_000, 100_000]);
      return [t.replace('"rootHints"', `"deep": ${'['.repeat(d)}${']'.repeat(d)}, "rootHints"`), `nested ${d} deep`];
    }
    if (kind === 2) return [t.replace('"servers": [', `"servers": [{"name": "${r.pick(PROTO_KEYS)}", "address": "192.0.2.99", "zones": ["${r.pick(PROTO_KEYS)}"]}, `), 'a server with prototype-named zones'];
    const n = r.int(t.length + 1);
    return [t.slice(0, n), `truncated at ${n}`];
  },
];

/** Hostile world `seed`: the default world's files, and copies of a zone under prototype names. */
export function zoneMutant(seed: number): ZoneMutant {
  const r = new Rng(seed * 2246822519);
  const files: Record<string, string> = { ...DEFAULT_WORLD_FILES, constructor: VALID_ZONE, toString: VALID_ZONE };
  const ops: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const zones = Object.keys(files).filter((f) => f !== 'world.json');
    const file = r.chance(0.35) ? 'world.json' : r.pick(zones);
    const [text, what] = r.pick(file === 'world.json' ? WORLD_EDITS : ZONE_EDITS)(files[file]!, r);
    files[file] = text;
    ops.push(`${file}: ${what}`);
  }
  return { seed, ops, files };
}
