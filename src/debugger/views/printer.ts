/**
 * How the views print terms and records: the kernel's pretty form, with the bytes a protocol
 * decoder reads shown as `#<dns …>` / `#<ssh …>` (the kernel's notation for an opaque value) instead
 * of escaped bytes. The event log, its search, the current record, the "why" chain, the sequence
 * chart and the inspector all print through one Printer, so what a search finds is what is shown.
 * The CLI's `--pretty` and golden traces keep the kernel's plain form (PLAIN_PRINTER).
 */
import {
  pretty, prettyRecord, prettyWith, termKind, type Term, type TermPrinter, type TraceRecord,
} from '../../kernel/index.ts';
import type { DecodedPayload, PayloadDecoder } from '../../scenarios/payloads/index.ts';

export interface Printer {
  readonly term: TermPrinter;
  readonly record: (r: TraceRecord) => string;
  /** Every decodable payload inside a term, in print order (for details: the inspector). */
  readonly payloads: (t: Term) => readonly DecodedPayload[];
}

export const PLAIN_PRINTER: Printer = {
  term: pretty,
  record: (r) => prettyRecord(r),
  payloads: () => [],
};

function decodeFirst(decoders: readonly PayloadDecoder[], bytes: Uint8Array, carrier: string | null): DecodedPayload | null {
  for (const d of decoders) {
    const out = d(bytes, carrier);
    if (out !== null) return out;
  }
  return null;
}

function collect(t: Term, carrier: string | null, decoders: readonly PayloadDecoder[], out: DecodedPayload[]): void {
  switch (termKind(t)) {
    case 'bytes': {
      const d = decodeFirst(decoders, t as Uint8Array, carrier);
      if (d !== null) out.push(d);
      return;
    }
    case 'list':
      for (const x of t as readonly Term[]) collect(x, carrier, decoders, out);
      return;
    case 'struct': {
      const s = t as { struct: string; fields: readonly Term[] };
      for (const x of s.fields) collect(x, s.struct, decoders, out);
      return;
    }
    case 'evt': {
      const e = t as { evt: string; args: readonly Term[] };
      for (const x of e.args) collect(x, e.evt, decoders, out);
      return;
    }
    default:
      return;
  }
}

/** A printer that shows what `decoders` read in place of bytes. */
export function payloadPrinter(decoders: readonly PayloadDecoder[]): Printer {
  const term = prettyWith((bytes, carrier) => {
    const d = decodeFirst(decoders, bytes, carrier);
    return d === null ? null : `#<${d.summary}>`;
  });
  return {
    term,
    record: (r) => prettyRecord(r, term),
    payloads: (t) => {
      const out: DecodedPayload[] = [];
      collect(t, null, decoders, out);
      return out;
    },
  };
}
