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
  return printTerm(t, null, null);
}

/**
 * How a printer may show a bytes term other than as escaped bytes (a decoded DNS datagram, an SSH
 * packet): given the bytes and the name of the struct or event that holds them (`udp-packet`,
 * `tcp-channel`, …, null at the top), the text to print instead, or null to print them as bytes.
 */
export type BytesPrinter = (bytes: Uint8Array, carrier: string | null) => string | null;

/** A term printer like `pretty` that shows bytes through `bytes` where it has a decoding. */
export function prettyWith(bytes: BytesPrinter): (t: Term) => string {
  return (t) => printTerm(t, bytes, null);
}

function printTerm(t: Term, hook: BytesPrinter | null, carrier: string | null): string {
  switch (termKind(t)) {
    case 'atom':
      return typeof t === 'string' ? JSON.stringify(t) : String(t);
    case 'bytes':
      return (hook === null ? null : hook(t as Uint8Array, carrier)) ?? prettyBytes(t as Uint8Array);
    case 'list':
      return '[' + (t as readonly Term[]).map((x) => printTerm(x, hook, carrier)).join(', ') + ']';
    case 'struct': {
      const s = t as StructTerm;
      return `${s.struct}(${s.fields.map((x) => printTerm(x, hook, s.struct)).join(', ')})`;
    }
    case 'wild': {
      const w = (t as Wild).wild;
      return w === null ? '?' : `?${w}`;
    }
    case 'evt': {
      const e = t as EvtTerm;
      return `#<evt ${[e.evt, ...e.args.map((x) => printTerm(x, hook, e.evt))].join(' ')}>`;
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
