/**
 * Messages and topics (spec §1.1, decision D10).
 *
 * Data definition:
 *   Term = Atom                         string | number | boolean | null   (symbols are strings)
 *        | Bytes                        Uint8Array, never mutated once it is in a term
 *        | readonly Term[]              a list; a Racket pair (a . b) is written [a, b]
 *        | { struct, fields }           a named record, e.g. tcp-channel(src, dst, data)
 *        | { wild }                     a wildcard: null = anonymous (every occurrence independent),
 *                                       a string or number = a named variable (same name, same value)
 *        | { evt, args }                a virtual ground-event descriptor (spec §4.5)
 * A message is a term without wildcards; a topic may contain them and denotes the set of messages it
 * matches. Terms are plain JSON-like data so that traces can hold them verbatim.
 */

export type Atom = string | number | boolean | null;
export interface StructTerm {
  readonly struct: string;
  readonly fields: readonly Term[];
}
export interface Wild {
  readonly wild: string | number | null;
}
export interface EvtTerm {
  readonly evt: string;
  readonly args: readonly Term[];
}
export type Term = Atom | Uint8Array | readonly Term[] | StructTerm | Wild | EvtTerm;

export type TermKind = 'atom' | 'bytes' | 'list' | 'struct' | 'wild' | 'evt';

export function termKind(t: Term): TermKind {
  if (t === null || typeof t !== 'object') return 'atom';
  if (Array.isArray(t)) return 'list';
  if (t instanceof Uint8Array) return 'bytes';
  if ('struct' in t) return 'struct';
  if ('wild' in t) return 'wild';
  return 'evt';
}

// ---- constructors (the talk's vocabulary) --------------------------------------------------------

/** `struct('tcp-channel', a, b, c)` is the talk's `(tcp-channel a b c)`. */
export function struct(name: string, ...fields: Term[]): StructTerm {
  return { struct: name, fields };
}

/** The anonymous wildcard `?`: every occurrence matches independently. */
export const _: Wild = Object.freeze({ wild: null });

/** `wild()` is `?`; `wild('x')` is a named variable: two `wild('x')` in one topic must be equal. */
export function wild(name: string | null = null): Wild {
  return name === null ? _ : { wild: name };
}

export function evt(kind: string, ...args: Term[]): EvtTerm {
  return { evt: kind, args };
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Bytes from a UTF-8 string (the talk's `#"..."` literals). */
export function bytes(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function bytesToText(b: Uint8Array): string {
  return textDecoder.decode(b);
}

export function isStruct(t: Term, name?: string, arity?: number): t is StructTerm {
  if (termKind(t) !== 'struct') return false;
  const s = t as StructTerm;
  return (name === undefined || s.struct === name) && (arity === undefined || s.fields.length === arity);
}

export const isWild = (t: Term): t is Wild => termKind(t) === 'wild';
export const isEvt = (t: Term): t is EvtTerm => termKind(t) === 'evt';
export const isBytes = (t: Term): t is Uint8Array => t instanceof Uint8Array;
export const isList = (t: Term): t is readonly Term[] => Array.isArray(t);

// ---- structural queries ------------------------------------------------------------------------

/** Structural equality; wildcards are equal when they have the same name (anonymous ones never are). */
export function termEquals(a: Term, b: Term): boolean {
  if (a === b) return a === null || typeof a !== 'object' || termKind(a) !== 'wild' || (a as Wild).wild !== null;
  const ka = termKind(a);
  if (ka !== termKind(b)) return false;
  switch (ka) {
    case 'atom':
      return false;
    case 'bytes':
      return bytesEqual(a as Uint8Array, b as Uint8Array);
    case 'list':
      return listEquals(a as readonly Term[], b as readonly Term[]);
    case 'struct':
      return (a as StructTerm).struct === (b as StructTerm).struct &&
        listEquals((a as StructTerm).fields, (b as StructTerm).fields);
    case 'wild':
      return (a as Wild).wild !== null && (a as Wild).wild === (b as Wild).wild;
    case 'evt':
      return (a as EvtTerm).evt === (b as EvtTerm).evt && listEquals((a as EvtTerm).args, (b as EvtTerm).args);
  }
}

function listEquals(a: readonly Term[], b: readonly Term[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!termEquals(a[i]!, b[i]!)) return false;
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The immediate sub-terms of a compound term (empty for atoms, bytes and wildcards). */
export function children(t: Term): readonly Term[] {
  switch (termKind(t)) {
    case 'list':
      return t as readonly Term[];
    case 'struct':
      return (t as StructTerm).fields;
    case 'evt':
      return (t as EvtTerm).args;
    default:
      return [];
  }
}

/**
 * No variable occurs twice (every `?` is a fresh one): then structure alone decides whether a
 * ground message matches, and the routing index's answer needs no check by unification.
 */
export function isLinear(t: Term, seen: Set<string | number> = new Set()): boolean {
  const k = termKind(t);
  if (k === 'atom' || k === 'bytes') return true;
  if (k === 'wild') {
    const name = (t as Wild).wild;
    if (name === null) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  }
  for (const c of children(t)) if (!isLinear(c, seen)) return false;
  return true;
}

export function isGround(t: Term): boolean {
  const k = termKind(t);
  if (k === 'wild') return false;
  if (k === 'atom' || k === 'bytes') return true;
  for (const c of children(t)) if (!isGround(c)) return false;
  return true;
}
