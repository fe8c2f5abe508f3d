/**
 * Terms as JSON (for traces and imports) and validation of untrusted values.
 *
 * Encoding: atoms, lists, structs, wildcards and event descriptors are already JSON-shaped;
 * bytes become {"bytes": "<one char per byte, code 0–255>"} so ASCII payloads stay readable.
 * Non-finite numbers are not terms.
 */
import { termKind, type EvtTerm, type StructTerm, type Term } from './term.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export function termToJson(t: Term): JsonValue {
  switch (termKind(t)) {
    case 'atom':
      return t as string | number | boolean | null;
    case 'bytes': {
      let s = '';
      for (const b of t as Uint8Array) s += String.fromCharCode(b);
      return { bytes: s };
    }
    case 'list':
      return (t as readonly Term[]).map(termToJson);
    case 'struct':
      return { struct: (t as StructTerm).struct, fields: (t as StructTerm).fields.map(termToJson) };
    case 'wild':
      return { wild: (t as { wild: string | number | null }).wild };
    case 'evt':
      return { evt: (t as EvtTerm).evt, args: (t as EvtTerm).args.map(termToJson) };
  }
}

/** Decodes a JSON value into a term, or returns an error sentence naming the offending path. */
export function termFromJson(v: unknown, path = '$'): Term | { error: string } {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: `${path}: number ${v} is not finite` };
  if (Array.isArray(v)) {
    const out: Term[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = termFromJson(v[i], `${path}[${i}]`);
      if (isError(r)) return r;
      out.push(r);
    }
    return out;
  }
  if (typeof v !== 'object') return { error: `${path}: ${typeof v} is not a term` };
  const o = v as Record<string, unknown>;
  if (typeof o.bytes === 'string') return decodeBytes(o.bytes, path);
  if (typeof o.struct === 'string' && Array.isArray(o.fields)) {
    const fields = termFromJson(o.fields, `${path}.fields`);
    return isError(fields) ? fields : { struct: o.struct, fields: fields as Term[] };
  }
  if (typeof o.evt === 'string' && Array.isArray(o.args)) {
    const args = termFromJson(o.args, `${path}.args`);
    return isError(args) ? args : { evt: o.evt, args: args as Term[] };
  }
  if ('wild' in o && (o.wild === null || typeof o.wild === 'string' || typeof o.wild === 'number')) {
    return { wild: o.wild };
  }
  return { error: `${path}: object with keys [${Object.keys(o).join(', ')}] is not a term` };
}

function decodeBytes(s: string, path: string): Uint8Array | { error: string } {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return { error: `${path}.bytes: character ${i} is not a byte (code ${c})` };
    out[i] = c;
  }
  return out;
}

function isError(r: unknown): r is { error: string } {
  return typeof r === 'object' && r !== null && !Array.isArray(r) && 'error' in r && !(r instanceof Uint8Array);
}

export function isJsonError(r: Term | { error: string }): r is { error: string } {
  return isError(r);
}
