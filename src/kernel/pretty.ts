/**
 * The one canonical printer for terms and roles. Tests, traces and the UI all print through it,
 * so what a test asserts is what a user sees.
 *
 *   "text"            a string (symbols are strings)        42, true, null   other atoms
 *   #"hello\n"        bytes (Racket's notation)             [a, b]           a list
 *   tcp-channel(a, b) a struct                              ?  ?x  ?0        wildcards
 *   #<evt timer 5>    a ground-event descriptor
 */
import { termKind, type EvtTerm, type StructTerm, type Term, type Wild } from './term.ts';

export function pretty(t: Term): string {
  switch (termKind(t)) {
    case 'atom':
      return typeof t === 'string' ? JSON.stringify(t) : String(t);
    case 'bytes':
      return prettyBytes(t as Uint8Array);
    case 'list':
      return '[' + (t as readonly Term[]).map(pretty).join(', ') + ']';
    case 'struct': {
      const s = t as StructTerm;
      return `${s.struct}(${s.fields.map(pretty).join(', ')})`;
    }
    case 'wild': {
      const w = (t as Wild).wild;
      return w === null ? '?' : `?${w}`;
    }
    case 'evt': {
      const e = t as EvtTerm;
      return `#<evt ${[e.evt, ...e.args.map(pretty)].join(' ')}>`;
    }
  }
}

const ESCAPES: Readonly<Record<number, string>> = { 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };

export function prettyBytes(b: Uint8Array): string {
  let out = '#"';
  for (const byte of b) {
    const esc = ESCAPES[byte];
    if (esc !== undefined) out += esc;
    else if (byte >= 32 && byte < 127) out += String.fromCharCode(byte);
    else out += '\\x' + byte.toString(16).padStart(2, '0');
  }
  return out + '"';
}
