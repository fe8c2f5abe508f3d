/**
 * Payload decoders: how the debugger reads the bytes a protocol puts on the simulated wire (a DNS
 * datagram, an SSH packet) instead of showing them as escaped bytes. A decoder is pure and total:
 * bytes it does not recognise (or that do not decode whole) give null, never an exception, so a
 * trace from a file or a playground program cannot break a view.
 */

/** A protocol's reading of one bytes value. */
export interface DecodedPayload {
  /** The protocol's name: `dns`, `ssh`. */
  readonly protocol: string;
  /** One line: what the event log, the sequence chart and tooltips show in place of the bytes. */
  readonly summary: string;
  /** The whole decoding, line by line (dig's form for DNS): for the inspector and details. */
  readonly lines: readonly string[];
}

/**
 * Decodes `bytes` carried by `carrier` (the name of the struct or ground event holding them:
 * `udp-packet`, `tcp-channel`, `udp-send`, …; null at the top of a term), or gives null when the
 * bytes are not this protocol's.
 */
export type PayloadDecoder = (bytes: Uint8Array, carrier: string | null) => DecodedPayload | null;

/** Bytes a decoder looks at, at most: beyond it, bytes print as bytes (a view stays cheap). */
export const MAX_DECODED_BYTES = 65_535;
