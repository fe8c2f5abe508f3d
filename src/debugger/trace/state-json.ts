/**
 * Process states in a trace: any JS value as JSON, safely, deterministically and within bounds
 * (docs/trace-format.md, "Process states").
 *
 * Data definition (what `stateToJson` writes):
 *   terms          as termToJson (bytes become {"bytes": "<one char per byte>"})
 *   plain objects  their own enumerable keys in insertion order; arrays stay arrays
 *   Map / Set      {"$map": [[k, v], …]} / {"$set": […]}; Immutable keyed → $map, sets → $set,
 *                  lists → arrays, records → objects
 *   other values   functions "<function>", undefined null, non-finite numbers {"$number": "NaN"},
 *                  bigints {"$bigint": "…"}, errors {"$error": {name, message}}, a nested VM's
 *                  state (an object with an Immutable `processes` map) {"$vm": {"processes": [pid, …]}}
 * Rule: never throws. Cycles, containers deeper than maxDepth and everything past maxNodes values
 * become CUT; so does the text past maxChars characters (strings and keys together): a longer
 * string keeps its first characters and ends in CUT, and no further field is written (a state's
 * line stays short however much text the state holds). A getter that throws gives "<unreadable>". Every own key is written, "__proto__"
 * included (as a key, never as the output's prototype).
 */
import { isImmutable, isIndexed, isKeyed, isRecord, isSet as isImmutableSet } from 'immutable';
import { termToJson, type JsonValue } from '../../kernel/index.ts';

export type { JsonValue } from '../../kernel/index.ts';
export type JsonObject = { [k: string]: JsonValue };

/** What a cut-off part of a state is replaced by (a cycle, too deep, or over the node budget). */
export const CUT = '<…>';
const UNREADABLE = '<unreadable>';

export interface StateJsonOptions {
  /** Containers nested deeper than this are cut (the root is depth 0). */
  readonly maxDepth?: number;
  /** At most this many values are written; the rest of the container is cut. */
  readonly maxNodes?: number;
  /** At most this many characters of strings and keys are written; the rest is cut. */
  readonly maxChars?: number;
}

const STATE_MAX_DEPTH = 32;
export const STATE_MAX_NODES = 10_000;
/** Characters of text (strings and keys) one state is written with: 64 Ki. */
export const STATE_MAX_CHARS = 65_536;

/** Any JS value as JSON, never throwing (see the data definition above). */
export function stateToJson(value: unknown, o: StateJsonOptions = {}): JsonValue {
  return new StateEncoder(o.maxDepth ?? STATE_MAX_DEPTH, o.maxNodes ?? STATE_MAX_NODES, o.maxChars ?? STATE_MAX_CHARS).value(value, 0);
}

/** A value that is not a container as JSON; undefined for objects (containers). */
function atomToJson(x: unknown): JsonValue | undefined {
  if (x === undefined || x === null) return null;
  switch (typeof x) {
    case 'boolean':
      return x;
    case 'number':
      return Number.isFinite(x) ? (x === 0 ? 0 : x) : { $number: String(x) };
    case 'function':
      return '<function>';
    default:
      return undefined;
  }
}

/** out[k] = v as an own property, even for k = "__proto__" (an assignment would set the prototype). */
export function setField(out: JsonObject, k: string, v: JsonValue): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/** One encoding: counts the values written (the node budget) and tracks the containers open (cycles). */
class StateEncoder {
  private nodes = 0;
  private readonly ancestors = new Set<object>();

  private chars = 0;

  constructor(private readonly maxDepth: number, private readonly maxNodes: number, private readonly maxChars: number) {}

  /** A string within what is left of the text budget. */
  private text(s: string): string {
    const left = this.maxChars - this.chars;
    this.chars += Math.min(s.length, Math.max(0, left));
    return s.length <= left ? s : s.slice(0, Math.max(0, left)) + CUT;
  }

  private full(): boolean {
    return this.nodes >= this.maxNodes || this.chars >= this.maxChars;
  }

  value(x: unknown, depth: number): JsonValue {
    this.nodes++;
    if (typeof x === 'string') return this.text(x);
    if (typeof x === 'symbol') return this.text(`<symbol ${x.description ?? ''}>`);
    if (typeof x === 'bigint') return { $bigint: this.text(x.toString()) };
    const atom = atomToJson(x);
    if (atom !== undefined) return atom;
    const obj = x as object;
    if (depth > this.maxDepth || this.ancestors.has(obj)) return CUT;
    this.ancestors.add(obj);
    try {
      return this.container(obj, depth);
    } catch {
      return UNREADABLE;
    } finally {
      this.ancestors.delete(obj);
    }
  }

  private container(x: object, depth: number): JsonValue {
    if (x instanceof Uint8Array) {
      // A byte string is written whole or not at all (CUT): it is one character per byte.
      if (x.length > this.maxChars - this.chars) return CUT;
      this.chars += x.length;
      return termToJson(x);
    }
    if (ArrayBuffer.isView(x)) {
      const name = x.constructor?.name ?? 'ArrayBufferView';
      const values = 'length' in x ? this.items(Array.from(x as unknown as ArrayLike<number | bigint>), depth) : [];
      return { $typed: name, values };
    }
    if (Array.isArray(x)) return this.items(x, depth);
    if (x instanceof Map) return { $map: this.entries(x, depth) };
    if (x instanceof Set) return { $set: this.items(x, depth) };
    if (isRecord(x)) {
      const seq = x.toSeq();
      return this.fields(seq.keySeq() as Iterable<string>, (k) => seq.get(k), depth);
    }
    if (isImmutable(x)) return this.collection(x, depth);
    if (x instanceof Error) return { $error: { name: this.text(String(x.name)), message: this.text(String(x.message)) } };
    const procs = (x as { processes?: unknown }).processes;
    if (isImmutable(procs) && isKeyed(procs)) {
      return { $vm: { processes: this.items(procs.keySeq(), depth + 1) } };
    }
    return this.fields(Object.keys(x), (k) => (x as Record<string, unknown>)[k], depth);
  }

  /** An Immutable.js collection (not a record). */
  private collection(x: object, depth: number): JsonValue {
    if (isKeyed(x)) return { $map: this.entries(x.entries(), depth) };
    if (isImmutableSet(x)) return { $set: this.items(x.values(), depth) };
    if (isIndexed(x)) return this.items(x.values(), depth);
    return this.items((x as { values(): Iterable<unknown> }).values(), depth);
  }

  /** The items of an iterable, stopping with CUT when the node budget runs out. */
  private items(it: Iterable<unknown>, depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    for (const v of it) {
      if (this.full()) {
        out.push(CUT);
        break;
      }
      out.push(this.value(v, depth + 1));
    }
    return out;
  }

  private entries(it: Iterable<readonly [unknown, unknown]>, depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    for (const [k, v] of it) {
      if (this.full()) {
        out.push(CUT);
        break;
      }
      out.push([this.value(k, depth + 2), this.value(v, depth + 2)]);
    }
    return out;
  }

  private fields(keys: Iterable<string>, get: (k: string) => unknown, depth: number): JsonObject {
    const out: JsonObject = {};
    for (const k of keys) {
      if (this.full()) {
        out['…'] = CUT;
        break;
      }
      let v: unknown;
      try {
        v = get(k);
      } catch {
        v = UNREADABLE;
      }
      setField(out, this.text(k), this.value(v, depth + 1));
    }
    return out;
  }
}
