/**
 * Deterministic trace mutants: from a seed, a corpus trace and one to three mutations of the kinds
 * a damaged, edited or hostile file has — truncation at a byte, flipped bytes, NULs, deleted,
 * duplicated, swapped and blank lines, a value of another type, keys named like Object.prototype
 * members, values nested 10³–10⁵ deep, lines of megabytes, huge and non-finite numbers — with the
 * header's run options (seed, limits, net, inputs) a favoured target.
 *
 * Data definition: Mutant = { seed, base (corpus name), ops (what was done, for the report), bytes }.
 * Rule: mutant(seed) is a function of the seed and the corpus alone (a seeded PRNG, no clock), so a
 * failing seed can be pinned and replayed.
 */
import { MAX_JSON_DEPTH, MAX_LINE_CHARS } from '../../src/debugger/trace/index.ts';
import { corpus } from './corpus.ts';

export interface Mutant {
  readonly seed: number;
  readonly base: string;
  readonly ops: readonly string[];
  readonly bytes: Uint8Array;
}

/** A small seeded PRNG (mulberry32): the mutants depend on the seed only. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

/** Names that reach Object.prototype's members when looked up with obj[key]. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'] as const;
const HUGE_NUMBERS = [
  '1e308', '-1e308', '1e400', '-1e400', '9007199254740993', '4294967296', '4294967294', '1000000000', '-0', '1e-400',
  '123456789012345678901234567890', '-1', '0.5',
];
const OTHER_TYPES = ['null', 'true', 'false', '0', '-1', '1.5', '""', '"x"', '[]', '{}', '[1,"a"]', '{"a":1}', '{"wild":null}', '{"bytes":"\\u0100"}'];
/** Process states shaped like what views test for (a live VM, an Immutable collection, a term). */
const HOSTILE_STATES = [
  '{"processes":null,"routing":1}', '{"processes":{"size":"x"},"routing":null}', '{"processes":[]}', '{"toJS":1,"size":2}',
  '{"$map":5}', '{"$vm":null}', '{"bytes":"\\u0100"}', '{"struct":"s","fields":{}}', '{"struct":"s","fields":[{"wild":[]}]}',
  '{"constructor":{"name":"x"},"toString":"y","valueOf":null}', '{"__proto__":{"processes":1,"routing":1}}', '[null,{"length":-1}]',
];
const PLACEHOLDER = '@@fuzz-placeholder@@';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Slot {
  readonly parent: Json[] | { [k: string]: Json };
  readonly key: string | number;
}

/** Up to `max` places holding a value inside `root` (breadth first). */
function slots(root: Json, max = 4000): Slot[] {
  const out: Slot[] = [];
  const queue: Json[] = [root];
  for (let i = 0; i < queue.length && out.length < max; i++) {
    const v = queue[i]!;
    const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, k) => [k, x]) : typeof v === 'object' && v !== null ? Object.entries(v) : [];
    for (const [k, x] of entries) {
      out.push({ parent: v as Slot['parent'], key: k });
      queue.push(x);
    }
  }
  return out;
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key]!;

/** The line `i`'s JSON with the value at a random slot replaced by raw JSON text. */
function replaceRaw(line: string, r: Rng, raw: (old: Json) => string, where: (s: Slot) => boolean = () => true): string | null {
  let v: Json;
  try {
    v = JSON.parse(line) as Json;
  } catch {
    return null;
  }
  const candidates = slots(v).filter(where);
  if (candidates.length === 0) return null;
  const s = r.pick(candidates);
  const text = raw(get(s));
  (s.parent as Record<string | number, Json>)[s.key] = PLACEHOLDER;
  return JSON.stringify(v).replace(JSON.stringify(PLACEHOLDER), () => text);
}

/** An object whose key `from` is renamed `to` (an own property even for "__proto__"), order kept. */
function renamed(o: { [k: string]: Json }, from: string, to: string, value?: Json): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  const put = (k: string, x: Json): void => void Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  for (const [k, x] of Object.entries(o)) put(k === from ? to : k, k === from && value !== undefined ? value : x);
  if (!Object.hasOwn(o, from)) put(to, value ?? null);
  return out;
}

function protoKey(line: string, r: Rng): string | null {
  let v: Json;
  try {
    v = JSON.parse(line) as Json;
  } catch {
    return null;
  }
  const objects = [{ parent: null, key: null, obj: v }, ...slots(v).map((s) => ({ parent: s.parent, key: s.key, obj: get(s) }))].filter(
    (x) => typeof x.obj === 'object' && x.obj !== null && !Array.isArray(x.obj),
  );
  if (objects.length === 0) return null;
  const t = r.pick(objects);
  const obj = t.obj as { [k: string]: Json };
  const keys = Object.keys(obj);
  const to = r.pick(PROTO_KEYS);
  const from = r.chance(0.6) && keys.length > 0 ? r.pick(keys) : to; // rename a key, or add one
  const value = r.chance(0.5) ? undefined : r.pick<Json>([{ polluted: true, kind: 'round', wild: null }, 'x', 1, null, [], { step: 0 }]);
  const next = renamed(obj, from, to, value);
  if (t.parent === null) return JSON.stringify(next);
  (t.parent as Record<string | number, Json>)[t.key!] = next;
  return JSON.stringify(v);
}

function deepText(r: Rng): string {
  const n = r.pick([MAX_JSON_DEPTH - 40, MAX_JSON_DEPTH + 1, 10_000, 100_000]);
  switch (r.int(3)) {
    case 0:
      return '['.repeat(n) + ']'.repeat(n);
    case 1:
      return '{"a":'.repeat(n) + '0' + '}'.repeat(n);
    default:
      return '{"struct":"s","fields":['.repeat(n >> 1) + '1' + ']}'.repeat(n >> 1);
  }
}

/** A long string's length: mostly around a megabyte, often 20 MB, sometimes over MAX_LINE_CHARS. */
function longLength(r: Rng): number {
  const x = r.next();
  return x < 0.05 ? MAX_LINE_CHARS + 1 : x < 0.3 ? 20_000_000 : (1 << 18) + r.int(1 << 21);
}

// ---- the mutations -------------------------------------------------------------------------------

/** One mutation: the new bytes and what was done, or null when it does not apply (another is drawn). */
type Op = (b: Uint8Array, r: Rng) => { bytes: Uint8Array; what: string } | null;

const linesOf = (b: Uint8Array): string[] => dec.decode(b).split('\n');
const fromLines = (ls: readonly string[]): Uint8Array => enc.encode(ls.join('\n'));
/** Lines with content (the last element after a final newline is '') . */
const lineCount = (ls: readonly string[]): number => (ls.at(-1) === '' ? ls.length - 1 : ls.length);

/** A JSON edit of one line: the header (line 1) half the time when `header` is set. */
function jsonOp(name: string, edit: (line: string, r: Rng, isHeader: boolean) => string | null, header = false): Op {
  return (b, r) => {
    const ls = linesOf(b);
    const n = lineCount(ls);
    if (n === 0) return null;
    const i = header && r.chance(0.5) ? 0 : r.int(n);
    const next = edit(ls[i]!, r, i === 0);
    if (next === null) return null;
    ls[i] = next;
    return { bytes: fromLines(ls), what: `${name} line ${i + 1}` };
  };
}

/** In the header, the run options and inputs are what the mutation aims at. */
const RUN_OPTION = (s: Slot): boolean => typeof s.key === 'string' && ['seed', 'limits', 'net', 'maxSteps', 'untilMs', 'inputs', 'atStep', 'partitions', 'latencyMs', 'maxTermDepth', 'maxVmDepth', 'cursor', 'scenario'].includes(s.key) || typeof s.key === 'number';

function lineOp(name: string, edit: (ls: string[], n: number, r: Rng) => string): Op {
  return (b, r) => {
    const ls = linesOf(b);
    const n = lineCount(ls);
    if (n < 2) return null;
    const what = edit(ls, n, r);
    return { bytes: fromLines(ls), what: `${name} ${what}` };
  };
}

function splice(b: Uint8Array, at: number, insert: Uint8Array, remove = 0): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

export const OPS: Readonly<Record<string, Op>> = {
  truncate: (b, r) => {
    const at = r.int(b.length);
    return { bytes: b.slice(0, at), what: `truncate at byte ${at}` };
  },
  'flip-bytes': (b, r) => {
    const out = b.slice();
    const k = 1 + r.int(8);
    for (let i = 0; i < k; i++) {
      const at = r.int(out.length);
      out[at] = out[at]! ^ (1 + r.int(255));
    }
    return { bytes: out, what: `flip ${k} bytes` };
  },
  nul: (b, r) => {
    const run = r.chance(0.2) ? 4096 : 1 + r.int(8);
    const at = r.int(b.length + 1);
    return { bytes: splice(b, at, new Uint8Array(run)), what: `${run} NULs at byte ${at}` };
  },
  'delete-line': lineOp('delete line', (ls, n, r) => {
    const i = r.int(n);
    ls.splice(i, 1);
    return String(i + 1);
  }),
  'duplicate-line': lineOp('duplicate line', (ls, n, r) => {
    const i = r.int(n);
    ls.splice(i, 0, ls[i]!);
    return String(i + 1);
  }),
  'swap-lines': lineOp('swap lines', (ls, n, r) => {
    const i = r.int(n);
    const j = r.int(n);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return `${i + 1} and ${j + 1}`;
  }),
  'insert-line': lineOp('insert line', (ls, n, r) => {
    const i = r.int(n + 1);
    ls.splice(i, 0, r.pick(['', ' ', '{}', '[]', 'null', '{"kind":"round"}', '{"step":0}', '{"end":true}', '\uFEFF{}', '\r']));
    return String(i + 1);
  }),
  'change-type': jsonOp('change type', (l, r, h) => replaceRaw(l, r, (old) => {
    const others = OTHER_TYPES.filter((t) => typeof JSON.parse(t) !== typeof old || Array.isArray(JSON.parse(t)) !== Array.isArray(old));
    return r.pick(others);
  }, h ? RUN_OPTION : undefined), true),
  'huge-number': jsonOp('huge number', (l, r, h) => replaceRaw(l, r, () => r.pick(HUGE_NUMBERS), h ? RUN_OPTION : undefined), true),
  'proto-key': jsonOp('prototype-named key', protoKey),
  'proto-string': jsonOp('prototype-named string', (l, r) => replaceRaw(l, r, () => JSON.stringify(r.pick(PROTO_KEYS)), (s) => typeof get(s) === 'string'), true),
  'hostile-state': (b, r) => {
    // Half the time in the last record with a state, so that it is the state at the end cursor.
    const ls = linesOf(b);
    const last = ls.findLastIndex((l) => l.includes('"state":'));
    const i = last >= 0 && r.chance(0.5) ? last : r.int(lineCount(ls));
    const next = ls[i] === undefined ? null : replaceRaw(ls[i], r, () => r.pick(HOSTILE_STATES), (s) => s.key === 'state');
    if (next === null) return null;
    ls[i] = next;
    return { bytes: fromLines(ls), what: `hostile state line ${i + 1}` };
  },
  'deep-nesting': jsonOp('deep nesting', (l, r) => replaceRaw(l, r, () => deepText(r))),
  'long-line': (b, r) => {
    const n = longLength(r);
    if (r.chance(0.3)) {
      // a line of NULs or of letters, with no newline (what /dev/zero or a binary file gives)
      const at = r.int(b.length + 1);
      return { bytes: splice(b, at, new Uint8Array(n).fill(r.chance(0.5) ? 0 : 0x78)), what: `${n}-byte run at byte ${at}` };
    }
    const op = jsonOp(`${n}-character string`, (l, r2) => replaceRaw(l, r2, () => `"${'x'.repeat(n)}"`));
    return op(b, r);
  },
};

const NAMES = Object.keys(OPS);

/** Mutant `seed`: a corpus trace and one to three mutations, all drawn from the seed. */
export function mutant(seed: number): Mutant {
  const r = new Rng(seed);
  const traces = corpus();
  const base = r.pick(traces);
  let bytes: Uint8Array = enc.encode(base.text);
  const ops: string[] = [];
  const count = r.chance(0.6) ? 1 : r.chance(0.75) ? 2 : 3;
  for (let tries = 0; ops.length < count && tries < 20; tries++) {
    const name = r.pick(NAMES);
    // The heavy mutations are drawn less often (they cost seconds, not milliseconds).
    if ((name === 'long-line' || name === 'deep-nesting') && !r.chance(0.3)) continue;
    let done: ReturnType<Op>;
    try {
      done = OPS[name]!(bytes, r);
    } catch {
      done = null; // e.g. JSON.stringify of a line an earlier mutation nested 10⁵ deep: draw another
    }
    if (done === null) continue;
    bytes = done.bytes;
    ops.push(done.what);
  }
  return { seed, base: base.name, ops, bytes };
}
